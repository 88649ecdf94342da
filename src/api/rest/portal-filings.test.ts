// Online filing, 备案记录, change and cancel through the portal API, and the agency's review, on one platform.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  application,
  LAOZHANG_CERTNO,
  LIUYANG,
  PDF,
  PNG,
  type PortalWorld,
  STAFF,
  startPortalWorld,
  WANGFANG,
} from '../../../test/support/portal-world.ts';
import { RegionStore } from '../../store/region-store.ts';

let world: PortalWorld;
let wang: string;
let liu: string;
let reviewer: string;

const DAY_MS = 86_400_000;

beforeAll(async () => {
  world = await startPortalWorld();
  wang = await world.login(WANGFANG.certno);
  liu = await world.login(LIUYANG.certno);
  reviewer = await world.staffLogin(STAFF.hebei.username);
});
afterAll(async () => {
  await world?.close();
});

const filingCount = async () =>
  Number(
    (await world.platform.db.query<{ n: number }>('SELECT count(*)::int AS n FROM node_130000.filings'))[0]!
      .n,
  );

/** Cancels every standing filing of a person through the console, so that a test starts from none. */
async function clearFilings(token: string) {
  const records = (await world.call('GET', '/api/portal/filings', token)).body as {
    trt_dcla_detl_sn: string;
    status: string;
  }[];
  for (const f of records.filter((r) => r.status === 'approved' || r.status === 'submitted'))
    await world.call('POST', `/api/console/filings/${f.trt_dcla_detl_sn}/cancel`, reviewer, {
      reason: '测试清理',
    });
}

describe('logging in', () => {
  it('answers who is logged in, and 401 without a session', async () => {
    const me = await world.call('GET', '/api/portal/me', wang);
    expect(me.body.person).toMatchObject({
      psn_no: WANGFANG.psn_no,
      psn_name: '王芳',
      insuplc_admdvs: '130100',
    });
    const anonymous = await world.call('GET', '/api/portal/me');
    expect(anonymous.status).toBe(401);
    expect(anonymous.body.detail).toContain('请先登录');
  });

  it('refuses a wrong one-time code, and a code once used', async () => {
    const code = await world.call('POST', '/api/portal/login-code', undefined, { certno: LIUYANG.certno });
    const wrong = code.body.demo_code === '000000' ? '111111' : '000000';
    expect(
      (await world.call('POST', '/api/portal/login', undefined, { certno: LIUYANG.certno, code: wrong }))
        .status,
    ).toBe(401);
    const ok = await world.call('POST', '/api/portal/login', undefined, {
      certno: LIUYANG.certno,
      code: code.body.demo_code,
    });
    expect(ok.status).toBe(200);
    const again = await world.call('POST', '/api/portal/login', undefined, {
      certno: LIUYANG.certno,
      code: code.body.demo_code,
    });
    expect(again.status).toBe(401);
  });

  it('names the field of a malformed login and changes nothing', async () => {
    const bad = await world.call('POST', '/api/portal/login', undefined, { certno: '12345', code: '123456' });
    expect(bad.status).toBe(400);
    expect(bad.body.field).toBe('body.certno');
  });
});

describe('applying for a filing', () => {
  it('approves a long-term filing with a personal commitment at once, and the treatment node sees it within a second', async () => {
    const filed = await world.call('POST', '/api/portal/filings', wang, application());
    expect(filed.status).toBe(201);
    expect(filed.body).toMatchObject({
      psn_no: WANGFANG.psn_no,
      dcla_type: '13',
      dcla_type_name: '常驻异地工作',
      mdtrtarea_name: '海南省',
      enddate: null,
      status: 'approved',
      dcla_souc: 'app',
      notice_version: 'GJ-2024-01',
      proof: { kind: 'commitment', signed_name: '王芳', text_version: 'GJ-CN-2024-01' },
    });
    expect(filed.body.history.map((h: { status: string }) => h.status)).toEqual(['submitted', 'approved']);
    const sn = filed.body.trt_dcla_detl_sn;
    expect(sn).toMatch(/^F13010020260512\d{6}$/);

    const hebei = world.platform.nodes.get('460000')!;
    const copy = await world.eventually(async () =>
      (await hebei.offsiteFilings.filingsOf(WANGFANG.psn_no)).find((f) => f.trt_dcla_detl_sn === sn),
    );
    expect(copy.value).toMatchObject({
      status: 'approved',
      insuplc_admdvs: '130100',
      mdtrtarea_admdvs: '460000',
    });
    expect(copy.ms).toBeLessThan(1_000);
    const indexed = await world.platform.hub.store.filingsOf(WANGFANG.psn_no);
    expect(indexed.find((f) => f.trt_dcla_detl_sn === sn)).toMatchObject({ status: 'approved' });

    // 1101 at a 海口 hospital lists it.
    const info = await world.his.ok('1101', {
      data: { mdtrt_cert_type: '02', mdtrt_cert_no: WANGFANG.certno },
    });
    expect(info.dclainfo.map((d: { trt_dcla_detl_sn: string }) => d.trt_dcla_detl_sn)).toContain(sn);
  });

  it('refuses a second filing for an overlapping place and period, naming the one that stands', async () => {
    const before = await filingCount();
    const again = await world.call(
      'POST',
      '/api/portal/filings',
      wang,
      application({ mdtrtarea_admdvs: '460100' }),
    );
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('filing-duplicate');
    expect(again.body.detail).toContain('已有备案信息，无需重复备案');
    expect(again.body.detail).toMatch(/备案流水号F13010020260512\d{6}/);
    expect(await filingCount()).toBe(before);
  });

  it('lets a temporary filing run six months when no end is named, and waits for review', async () => {
    const filed = await world.call(
      'POST',
      '/api/portal/filings',
      wang,
      application({ dcla_type: '23', mdtrtarea_admdvs: '110000', begndate: '2026-05-20', proof: null }),
    );
    expect(filed.status).toBe(201);
    expect(filed.body).toMatchObject({
      enddate: '2026-11-19',
      status: 'submitted',
      long_term: false,
      mdtrtarea_name: '北京市',
    });
  });

  it('takes a shorter temporary filing when the person asks, unless the region forbids it', async () => {
    const shorter = await world.call(
      'POST',
      '/api/portal/filings',
      liu,
      application({
        dcla_type: '23',
        mdtrtarea_admdvs: '310000',
        begndate: '2026-05-20',
        enddate: '2026-06-30',
        proof: null,
        contact: { name: '刘洋', tel: '13900000000', addr: null },
      }),
    );
    expect(shorter.status).toBe(201);
    expect(shorter.body.enddate).toBe('2026-06-30');

    const regions = new RegionStore(world.platform.db, '130000');
    await regions.upsertFilingSettings('130100', { temporary_shorter_allowed: false });
    try {
      const refused = await world.call(
        'POST',
        '/api/portal/filings',
        liu,
        application({
          dcla_type: '23',
          mdtrtarea_admdvs: '320000',
          begndate: '2026-05-20',
          enddate: '2026-06-30',
          proof: null,
        }),
      );
      expect(refused.status).toBe(422);
      expect(refused.body.field).toBe('enddate');
      expect(refused.body.detail).toContain('不少于6个月，结束日期最早为2026-11-19');
    } finally {
      await regions.upsertFilingSettings('130100', {});
    }
  });

  it('refuses an end date on a long-term filing', async () => {
    const refused = await world.call(
      'POST',
      '/api/portal/filings',
      liu,
      application({ enddate: '2027-01-01', mdtrtarea_admdvs: '440000' }),
    );
    expect(refused.status).toBe(422);
    expect(refused.body).toMatchObject({ code: 'filing-period', field: 'enddate' });
  });

  it('needs proof for a long-term filing and the referral proof for a referral', async () => {
    const noProof = await world.call(
      'POST',
      '/api/portal/filings',
      liu,
      application({ proof: null, mdtrtarea_admdvs: '440000' }),
    );
    expect(noProof.status).toBe(422);
    expect(noProof.body.detail).toContain('须上传居住、工作或安置证明材料，或签署个人承诺书');
    const referral = await world.call(
      'POST',
      '/api/portal/filings',
      liu,
      application({ dcla_type: '21', mdtrtarea_admdvs: '440000' }),
    );
    expect(referral.body).toMatchObject({ status: 422, field: 'proof.kind' });
  });

  it('needs the current notice confirmed and the commitment signed in the person’s own name', async () => {
    const notice = await world.call('GET', '/api/portal/filing-notice', liu);
    expect(notice.body.notice).toContain('跨省异地就医备案告知书');
    expect(notice.body.rules.change_wait_months).toBe(6);
    const oldNotice = await world.call(
      'POST',
      '/api/portal/filings',
      liu,
      application({ notice_version: 'GJ-2019-01', mdtrtarea_admdvs: '440000' }),
    );
    expect(oldNotice.body).toMatchObject({ status: 422, field: 'notice_version' });
    const wrongName = await world.call(
      'POST',
      '/api/portal/filings',
      liu,
      application({ mdtrtarea_admdvs: '440000' }),
    );
    expect(wrongName.body).toMatchObject({ status: 422, field: 'proof.signed_name' });
  });

  it('takes a province or a prefecture of another province as the treatment place, nothing else', async () => {
    const same = await world.call(
      'POST',
      '/api/portal/filings',
      liu,
      application({ mdtrtarea_admdvs: '130200' }),
    );
    expect(same.body).toMatchObject({ status: 422, field: 'mdtrtarea_admdvs' });
    expect(same.body.detail).toContain('与参保地同省');
    const county = await world.call(
      'POST',
      '/api/portal/filings',
      liu,
      application({ mdtrtarea_admdvs: '460108' }),
    );
    expect(county.body.detail).toContain('不是省或地市');
  });

  it('refuses an unknown field by name, and a filing begun too long ago for 补办', async () => {
    const before = await filingCount();
    const extra = await world.call('POST', '/api/portal/filings', liu, { ...application(), surprise: 1 });
    expect(extra.status).toBe(400);
    expect(extra.body.field).toBe('body.surprise');
    const old = await world.call(
      'POST',
      '/api/portal/filings',
      liu,
      application({ begndate: '2025-10-01', mdtrtarea_admdvs: '440000' }),
    );
    expect(old.body).toMatchObject({ status: 422, field: 'begndate' });
    expect(await filingCount()).toBe(before);
  });

  it('waits for review of a long-term commitment where the region does not approve at once', async () => {
    const regions = new RegionStore(world.platform.db, '130000');
    await regions.upsertFilingSettings('130100', { auto_approve_commitment: false });
    try {
      const filed = await world.call(
        'POST',
        '/api/portal/filings',
        liu,
        application({
          mdtrtarea_admdvs: '440300',
          proof: { kind: 'commitment', text_version: 'GJ-CN-2024-01', signed_name: '刘洋' },
        }),
      );
      expect(filed.body.status).toBe('submitted');
    } finally {
      await regions.upsertFilingSettings('130100', {});
    }
  });
});

describe('materials', () => {
  it('stores a PDF, and refuses a file whose bytes are not what it claims', async () => {
    const pdf = await world.upload(liu, '居住证.pdf', 'application/pdf', PDF);
    expect(pdf.status).toBe(201);
    expect(pdf.body).toMatchObject({
      filename: '居住证.pdf',
      content_type: 'application/pdf',
      size_bytes: PDF.length,
    });
    const disguised = await world.upload(liu, 'photo.pdf', 'application/pdf', PNG);
    expect(disguised.status).toBe(415);
    expect(disguised.body.detail).toContain('image/png');
    const html = await world.upload(liu, 'x.png', 'image/png', Buffer.from('<html>'));
    expect(html.status).toBe(415);
    const text = await world.app.inject({
      method: 'POST',
      url: '/api/portal/materials?filename=a.txt',
      headers: { authorization: `Bearer ${liu}`, 'content-type': 'text/plain' },
      payload: 'hello',
    });
    expect(text.statusCode).toBe(415);
  });

  it('refuses a file name with a path in it', async () => {
    const answer = await world.upload(liu, '../../etc/passwd.pdf', 'application/pdf', PDF);
    expect(answer.status).toBe(400);
    expect(answer.body.field).toBe('querystring.filename');
  });

  it('refuses a file over 5 MiB', async () => {
    const big = Buffer.concat([PDF, Buffer.alloc(5 * 1024 * 1024)]);
    const answer = await world.upload(liu, 'big.pdf', 'application/pdf', big);
    expect(answer.status).toBe(413);
  });

  it('files with materials for review; the reviewer reads them; another person’s material is refused', async () => {
    const png = await world.upload(liu, '工作证明.png', 'image/png', PNG);
    const wangs = await world.upload(wang, '王芳的材料.pdf', 'application/pdf', PDF);
    const foreign = await world.call(
      'POST',
      '/api/portal/filings',
      liu,
      application({
        mdtrtarea_admdvs: '500000',
        contact: { name: '刘洋', tel: '13900000000', addr: null },
        proof: { kind: 'materials', material_ids: [png.body.material_id, wangs.body.material_id] },
      }),
    );
    expect(foreign.body).toMatchObject({ status: 422, field: 'proof.material_ids[1]' });

    const filed = await world.call(
      'POST',
      '/api/portal/filings',
      liu,
      application({
        mdtrtarea_admdvs: '500000',
        contact: { name: '刘洋', tel: '13900000000', addr: null },
        proof: { kind: 'materials', material_ids: [png.body.material_id] },
      }),
    );
    expect(filed.body.status).toBe('submitted');
    expect(filed.body.proof.materials.map((m: { filename: string }) => m.filename)).toEqual(['工作证明.png']);
    const sn = filed.body.trt_dcla_detl_sn;
    const seen = await world.app.inject({
      url: `/api/console/filings/${sn}/materials/${png.body.material_id}`,
      headers: { authorization: `Bearer ${reviewer}` },
    });
    expect(seen.statusCode).toBe(200);
    expect(seen.headers['content-type']).toBe('image/png');
    expect(Buffer.from(seen.rawPayload).equals(PNG)).toBe(true);
  });
});

describe('the agency reviews', () => {
  it('lists the queue oldest first, approves with the reviewer recorded, and the index hears of it', async () => {
    const queue = await world.call('GET', '/api/console/filings/queue', reviewer);
    expect(queue.status).toBe(200);
    expect(queue.body.total).toBeGreaterThan(0);
    const first = queue.body.items[0];
    expect(first.status).toBe('submitted');
    const approved = await world.call(
      'POST',
      `/api/console/filings/${first.trt_dcla_detl_sn}/review`,
      reviewer,
      { decision: 'approve' },
    );
    expect(approved.body).toMatchObject({ status: 'approved', reviewer: STAFF.hebei.username });
    expect(approved.body.history.map((h: { status: string }) => h.status)).toEqual(['submitted', 'approved']);
    await world.eventually(async () =>
      (await world.platform.hub.store.filingsOf(first.psn_no)).find(
        (f) => f.trt_dcla_detl_sn === first.trt_dcla_detl_sn && f.status === 'approved',
      ),
    );
    const twice = await world.call(
      'POST',
      `/api/console/filings/${first.trt_dcla_detl_sn}/review`,
      reviewer,
      { decision: 'approve' },
    );
    expect(twice.status).toBe(409);
  });

  it('rejects only with a reason, and the person sees it in 备案记录', async () => {
    const [pending] = (await world.call('GET', '/api/console/filings/queue', reviewer)).body.items;
    const noReason = await world.call(
      'POST',
      `/api/console/filings/${pending.trt_dcla_detl_sn}/review`,
      reviewer,
      { decision: 'reject' },
    );
    expect(noReason.body).toMatchObject({ status: 409, field: 'reason' });
    const rejected = await world.call(
      'POST',
      `/api/console/filings/${pending.trt_dcla_detl_sn}/review`,
      reviewer,
      {
        decision: 'reject',
        reason: '材料不清晰，请重新上传',
      },
    );
    expect(rejected.body).toMatchObject({
      status: 'rejected',
      status_name: '未通过',
      reason: '材料不清晰，请重新上传',
    });
    const owner = pending.psn_no === WANGFANG.psn_no ? wang : liu;
    const records = (await world.call('GET', '/api/portal/filings', owner)).body;
    expect(
      records.find((r: { trt_dcla_detl_sn: string }) => r.trt_dcla_detl_sn === pending.trt_dcla_detl_sn),
    ).toMatchObject({
      status: 'rejected',
      reason: '材料不清晰，请重新上传',
    });
  });

  it('lets a clerk of one province not review another province’s filing, nor one outside a pooling-region scope', async () => {
    const filed = await world.call(
      'POST',
      '/api/portal/filings',
      liu,
      application({ dcla_type: '23', mdtrtarea_admdvs: '350000', proof: null }),
    );
    const sn = filed.body.trt_dcla_detl_sn;
    const hainan = await world.staffLogin(STAFF.hainan.username);
    const foreign = await world.call('POST', `/api/console/filings/${sn}/review`, hainan, {
      decision: 'approve',
    });
    expect(foreign.status).toBe(403);
    const tangshan = await world.staffLogin(STAFF.tangshan.username);
    const outside = await world.call('POST', `/api/console/filings/${sn}/review`, tangshan, {
      decision: 'approve',
    });
    expect(outside.status).toBe(403);
    expect(outside.body.detail).toContain('不在本账号经办范围130200内');
    expect((await world.call('GET', '/api/console/filings?status=submitted', tangshan)).body.total).toBe(0);
    expect((await world.call('GET', `/api/portal/filings/${sn}`, liu)).body.status).toBe('submitted');
  });

  it('files at the counter on a person’s behalf, approved at once', async () => {
    await clearFilings(liu);
    const filed = await world.call('POST', '/api/console/filings', reviewer, {
      ...application({
        dcla_type: '11',
        mdtrtarea_admdvs: '530100',
        proof: null,
        contact: { name: '刘洋', tel: '13900000000', addr: '昆明' },
      }),
      certno: LIUYANG.certno,
    });
    expect(filed.status).toBe(201);
    expect(filed.body).toMatchObject({
      psn_no: LIUYANG.psn_no,
      status: 'approved',
      dcla_souc: 'counter',
      mdtrtarea_name: '云南省昆明市',
    });
    const found = await world.call(
      'GET',
      `/api/console/filings?certno=${LIUYANG.certno}&status=approved`,
      reviewer,
    );
    expect(found.body.items.map((f: { trt_dcla_detl_sn: string }) => f.trt_dcla_detl_sn)).toContain(
      filed.body.trt_dcla_detl_sn,
    );
  });
});

describe('one’s own filings only', () => {
  it('does not show a person another person’s filing, nor let them cancel it', async () => {
    const [wangs] = (await world.call('GET', '/api/portal/filings', wang)).body;
    const peek = await world.call('GET', `/api/portal/filings/${wangs.trt_dcla_detl_sn}`, liu);
    expect(peek.status).toBe(404);
    const cancel = await world.call('POST', `/api/portal/filings/${wangs.trt_dcla_detl_sn}/cancel`, liu, {});
    expect(cancel.status).toBe(404);
    expect((await world.call('GET', `/api/portal/filings/${wangs.trt_dcla_detl_sn}`, wang)).body.status).toBe(
      wangs.status,
    );
    expect(
      (await world.call('GET', '/api/portal/filings', liu)).body.every(
        (f: { psn_no: string }) => f.psn_no === LIUYANG.psn_no,
      ),
    ).toBe(true);
  });
});

describe('change and cancel', () => {
  it('keeps a long-term filing for the waiting time, then lets it be cancelled; the index hears of it', async () => {
    const records = (await world.call('GET', '/api/portal/filings', wang)).body;
    const longTerm = records.find(
      (r: { dcla_type: string; status: string }) => r.dcla_type === '13' && r.status === 'approved',
    );
    expect(longTerm.change_allowed_from).toBe('2026-11-12');
    const early = await world.call(
      'POST',
      `/api/portal/filings/${longTerm.trt_dcla_detl_sn}/cancel`,
      wang,
      {},
    );
    expect(early.status).toBe(409);
    expect(early.body.detail).toContain('6个月内不能取消，2026-11-12起可以办理');
    const moved = await world.call('PATCH', `/api/portal/filings/${longTerm.trt_dcla_detl_sn}`, wang, {
      mdtrtarea_admdvs: '460200',
    });
    expect(moved.body.code).toBe('filing-waiting');

    world.clock.now += 184 * DAY_MS;
    try {
      const later = await world.login(WANGFANG.certno); // the session of half a year ago has expired
      const cancelled = await world.call(
        'POST',
        `/api/portal/filings/${longTerm.trt_dcla_detl_sn}/cancel`,
        later,
        { reason: '已回参保地居住' },
      );
      expect(cancelled.body).toMatchObject({ status: 'cancelled', reason: '已回参保地居住' });
      const copy = await world.eventually(async () =>
        (await world.platform.nodes.get('460000')!.offsiteFilings.filingsOf(WANGFANG.psn_no)).find(
          (f) => f.trt_dcla_detl_sn === longTerm.trt_dcla_detl_sn && f.status === 'cancelled',
        ),
      );
      expect(copy.ms).toBeLessThan(1_000);
    } finally {
      world.clock.now -= 184 * DAY_MS;
      // The later logins swept the sessions that had expired by then: log in again at today's time.
      [wang, liu, reviewer] = [
        await world.login(WANGFANG.certno),
        await world.login(LIUYANG.certno),
        await world.staffLogin(STAFF.hebei.username),
      ];
    }
  });

  it('lets a temporary filing be changed and cancelled at once', async () => {
    const records = (await world.call('GET', '/api/portal/filings', wang)).body;
    const temporary = records.find(
      (r: { dcla_type: string; status: string }) => r.dcla_type === '23' && r.status === 'approved',
    );
    const changed = await world.call('PATCH', `/api/portal/filings/${temporary.trt_dcla_detl_sn}`, wang, {
      enddate: '2026-12-31',
      contact: { name: '王芳', tel: '13800138001', addr: null },
    });
    expect(changed.body).toMatchObject({ enddate: '2026-12-31', contact: { tel: '13800138001' } });
    expect(changed.body.history.at(-1)).toMatchObject({
      status: 'changed',
      changes: { enddate: ['2026-11-19', '2026-12-31'] },
    });
    const cancelled = await world.call(
      'POST',
      `/api/portal/filings/${temporary.trt_dcla_detl_sn}/cancel`,
      wang,
      {},
    );
    expect(cancelled.body.status).toBe('cancelled');
    const again = await world.call(
      'POST',
      `/api/portal/filings/${temporary.trt_dcla_detl_sn}/cancel`,
      wang,
      {},
    );
    expect(again.status).toBe(409);
  });

  it('moves an approved filing to another place and tells both treatment provinces', async () => {
    await clearFilings(wang);
    const filed = await world.call('POST', '/api/console/filings', reviewer, {
      ...application({ dcla_type: '23', mdtrtarea_admdvs: '460100', proof: null }),
      certno: WANGFANG.certno,
    });
    const sn = filed.body.trt_dcla_detl_sn;
    await world.eventually(async () =>
      (await world.platform.nodes.get('460000')!.offsiteFilings.filingsOf(WANGFANG.psn_no)).find(
        (f) => f.trt_dcla_detl_sn === sn,
      ),
    );
    const moved = await world.call('PATCH', `/api/portal/filings/${sn}`, wang, {
      mdtrtarea_admdvs: '110000',
    });
    expect(moved.body).toMatchObject({ mdtrtarea_admdvs: '110000', status: 'approved' });
    const hainanCopy = await world.eventually(async () =>
      (await world.platform.nodes.get('460000')!.offsiteFilings.filingsOf(WANGFANG.psn_no)).find(
        (f) => f.trt_dcla_detl_sn === sn && f.mdtrtarea_admdvs === '110000',
      ),
    );
    expect(hainanCopy.value.version).toBe(2);
    const info = await world.his.ok('1101', {
      data: { mdtrt_cert_type: '02', mdtrt_cert_no: WANGFANG.certno },
    });
    expect(info.dclainfo.map((d: { trt_dcla_detl_sn: string }) => d.trt_dcla_detl_sn)).not.toContain(sn);
  });

  it('shows a temporary filing whose end has passed as expired', async () => {
    const shortOne = (
      await world.call('POST', '/api/console/filings', reviewer, {
        ...application({ dcla_type: '23', mdtrtarea_admdvs: '370000', enddate: '2026-06-30', proof: null }),
        certno: LIUYANG.certno,
      })
    ).body;
    expect(shortOne.status).toBe('approved');
    world.clock.now += 60 * DAY_MS;
    try {
      const token = await world.login(LIUYANG.certno);
      const later = await world.call('GET', `/api/portal/filings/${shortOne.trt_dcla_detl_sn}`, token);
      expect(later.body).toMatchObject({ status: 'expired', status_name: '已过期' });
      expect(later.body.history.at(-1).status).toBe('expired');
    } finally {
      world.clock.now -= 60 * DAY_MS;
    }
  });

  it('shows 老张’s filing from the dataset in his records', async () => {
    const laozhang = await world.login(LAOZHANG_CERTNO);
    const [record] = (await world.call('GET', '/api/portal/filings', laozhang)).body;
    expect(record).toMatchObject({
      trt_dcla_detl_sn: 'F130100202601050001',
      status: 'approved',
      dcla_type: '13',
    });
  });
});

describe('the API document', () => {
  it('serves the OpenAPI document with the portal and console routes, and Swagger UI at /docs', async () => {
    const doc = await world.call('GET', '/openapi.json');
    expect(doc.body.openapi).toBe('3.1.0');
    for (const path of [
      '/api/portal/filings',
      '/api/portal/filings/{sn}',
      '/api/portal/materials',
      '/api/console/filings/queue',
      '/api/console/filings/{sn}/review',
    ])
      expect(Object.keys(doc.body.paths)).toContain(path);
    const ui = await world.app.inject({ url: '/docs/' });
    expect(ui.statusCode).toBe(200);
    expect(ui.body).toContain('swagger');
  });
});

describe('the treatment place', () => {
  it('lists the other provinces’ filings for its places, from the national index', async () => {
    const hainan = await world.staffLogin(STAFF.hainan.username);
    const listed = await world.call('GET', '/api/console/offsite-filings', hainan);
    expect(listed.status).toBe(200);
    expect(
      listed.body.items.every(
        (f: { mdtrtarea_admdvs: string; status: string }) =>
          f.mdtrtarea_admdvs.startsWith('46') && f.status === 'approved',
      ),
    ).toBe(true);
    expect(listed.body.items.map((f: { insuplc_admdvs: string }) => f.insuplc_admdvs)).toContain('130100');
    const foreign = await world.call('GET', '/api/console/offsite-filings?place=110000', hainan);
    expect(foreign.status).toBe(403);
  });
});
