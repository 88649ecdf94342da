// The audit trail end to end: a portal read, a console change and a HIS 1101 are recorded on their node's chain;
// verification passes, then names the entry a superuser altered and the one deleted; the auditor exports CSV.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LAOZHANG, NOW } from '../../../test/support/his-world.ts';
import {
  LAOZHANG_CERTNO,
  type PortalWorld,
  STAFF,
  STAFF_PASSWORD,
  startPortalWorld,
} from '../../../test/support/portal-world.ts';
import { canonicalEntry, GENESIS_HASH, hashEntry } from '../../core/audit-trail/chain.ts';
import { hashPassword } from '../../node/passwords.ts';
import { AuditTrailStore, verifyAuditTrails } from '../../store/audit-trail-store.ts';
import { auditTrailCsv, boundOf } from './audit-trail.ts';
import { maskLogged, maskUrl } from './log-masking.ts';

const HEBEI = 'node_130000';
const AUDITOR = 'auditor-130000';
const OFFICER = 'officer-130000';

let world: PortalWorld;
let auditor: string;
let officer: string;
let person: string;

beforeAll(async () => {
  world = await startPortalWorld();
  const pwdHash = await hashPassword(STAFF_PASSWORD);
  const store = world.platform.nodes.get('130000')!.portal.store;
  await store.upsertStaff({
    username: AUDITOR,
    name: '河北省审计员',
    scope_admdvs: '130000',
    pwd_hash: pwdHash,
    roles: ['auditor'],
  });
  await store.upsertStaff({
    username: OFFICER,
    name: '河北省稽核经办员',
    scope_admdvs: '130000',
    pwd_hash: pwdHash,
    roles: ['audit_officer'],
  });
  auditor = await world.staffLogin(AUDITOR);
  officer = await world.staffLogin(OFFICER);
  person = await world.login(LAOZHANG_CERTNO);
}, 60_000);
afterAll(async () => {
  await world?.close();
});

// biome-ignore lint/suspicious/noExplicitAny: entries are read field by field in the assertions.
async function trail(query = ''): Promise<any[]> {
  const answer = await world.call('GET', `/api/console/audit-trail${query}`, auditor);
  expect(answer.status).toBe(200);
  return answer.body.items;
}

describe('recording', () => {
  it('records a portal read with the person as actor and concerned, never their name', async () => {
    expect((await world.call('GET', '/api/portal/settlements', person)).status).toBe(200);
    const [entry] = await trail('?action=GET%20/api/portal/settlements');
    expect(entry).toMatchObject({
      actor_kind: 'person',
      actor: LAOZHANG.psn_no,
      role: 'person',
      action: 'GET /api/portal/settlements',
      kind: 'read',
      psn_no: LAOZHANG.psn_no,
      status: 200,
      at: new Date(NOW).toISOString(),
      at_china: '2026-05-12 10:30:00.000',
    });
    expect(entry.ip).toBeTruthy();
    expect(JSON.stringify(entry)).not.toContain('老张');
  });

  it('records a console change with the staff member and their roles', async () => {
    const put = await world.app.inject({
      method: 'PUT',
      url: '/api/console/audit/settings',
      headers: { authorization: `Bearer ${officer}` },
      payload: { rules: {} },
    });
    expect(put.statusCode).toBe(200);
    const [entry] = await trail(`?actor=${OFFICER}`);
    expect(entry).toMatchObject({
      actor_kind: 'staff',
      actor: OFFICER,
      role: 'audit_officer',
      actor_province: '130000',
      action: 'PUT /api/console/audit/settings',
      kind: 'change',
      status: 200,
      infcode: null,
    });
  });

  it('records a HIS 1101 on the treatment node, with the ID number masked and the person found', async () => {
    const output = await world.his.ok(
      '1101',
      { data: { mdtrt_cert_type: '02', mdtrt_cert_no: LAOZHANG_CERTNO } },
      { insuplc_admdvs: '130100' },
    );
    expect(output.baseinfo.psn_no).toBe(LAOZHANG.psn_no);
    await world.app.auditTrail.flush();
    const [entry] = await new AuditTrailStore(world.platform.db, 'node_460000').search({
      action: 'HIS 1101',
      limit: 1,
    });
    expect(entry).toMatchObject({
      actor_kind: 'institution',
      role: 'institution',
      action: 'HIS 1101',
      kind: 'read',
      psn_no: LAOZHANG.psn_no,
      certno_masked: '1301**********1238',
      status: 200,
      infcode: 0,
    });
    expect(entry!.actor).toMatch(/^H46\w*\/\w+$/);
    const rows = await world.platform.db.query('SELECT * FROM node_460000.audit_trail');
    expect(JSON.stringify(rows)).not.toContain(LAOZHANG_CERTNO);
  });

  it('records the trail’s own reads', async () => {
    await trail('?limit=1');
    const [entry] = await trail('?action=GET%20/api/console/audit-trail&limit=1');
    expect(entry).toMatchObject({ actor: AUDITOR, role: 'auditor', kind: 'read' });
  });

  it('keeps one chain per node: each starts at seq 1 from the genesis hash', async () => {
    for (const schema of [HEBEI, 'node_460000']) {
      const [first] = await world.platform.db.query<{ seq: number; prev_hash: string }>(
        `SELECT seq, prev_hash FROM ${schema}.audit_trail ORDER BY seq LIMIT 1`,
      );
      expect(first).toEqual({ seq: 1, prev_hash: GENESIS_HASH });
    }
  });
});

describe('the auditor’s search and export', () => {
  it('refuses staff without the auditor role', async () => {
    const reviewer = await world.staffLogin(STAFF.hebei.username);
    expect((await world.call('GET', '/api/console/audit-trail', officer)).status).toBe(403);
    expect((await world.call('GET', '/api/console/audit-trail', person)).status).toBe(401);
    expect(reviewer).toBeTruthy();
  });

  it('refuses a bad time bound by name', async () => {
    const answer = await world.call('GET', '/api/console/audit-trail?from=yesterday', auditor);
    expect(answer.status).toBe(400);
    expect(answer.body.field).toBe('query.from');
  });

  it('filters by person and by time', async () => {
    const mine = await trail(`?psn_no=${LAOZHANG.psn_no}`);
    expect(mine.length).toBeGreaterThan(0);
    expect(mine.every((e) => e.psn_no === LAOZHANG.psn_no)).toBe(true);
    expect(await trail('?to=2026-05-11')).toEqual([]);
    expect((await trail('?from=2026-05-12&to=2026-05-12')).length).toBeGreaterThan(0);
  });

  it('exports CSV in UTF-8 with a BOM', async () => {
    const answer = await world.app.inject({
      method: 'GET',
      url: '/api/console/audit-trail/export?format=csv',
      headers: { authorization: `Bearer ${auditor}` },
    });
    expect(answer.statusCode).toBe(200);
    expect(answer.headers['content-type']).toMatch(/^text\/csv; charset=utf-8/);
    expect(answer.headers['content-disposition']).toMatch(
      /attachment; filename="audit-trail-2026-05-12\.csv"/,
    );
    const raw = answer.rawPayload;
    expect([...raw.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = raw.toString('utf8').slice(1).trimEnd().split('\r\n');
    expect(lines[0]).toBe(
      'seq,at_china,at,actor_kind,actor,role,actor_province,action,kind,psn_no,certno_masked,refs,ip,status,infcode,prev_hash,hash',
    );
    expect(lines.length).toBeGreaterThan(3);
  });

  it('neutralises cells a spreadsheet would run as formulas', () => {
    const csv = auditTrailCsv([
      {
        seq: 1,
        at: 'x',
        at_china: 'x',
        actor_kind: 'staff',
        actor: '=HYPERLINK("evil")',
        role: null,
        actor_province: null,
        action: 'a,b',
        kind: 'change',
        psn_no: null,
        certno_masked: null,
        refs: null,
        ip: null,
        status: 200,
        infcode: null,
        prev_hash: GENESIS_HASH,
        hash: 'h',
      },
    ]);
    expect(csv).toContain(`,"'=HYPERLINK(""evil"")",`);
    expect(csv).toContain(',"a,b",');
  });

  it('reads a date-only `to` as the whole China day', () => {
    expect(boundOf('to', '2026-05-12')).toBe('2026-05-12T15:59:59.999Z');
    expect(boundOf('from', '2026-05-12 08:00:00')).toBe('2026-05-12T00:00:00.000Z');
  });
});

describe('verification', () => {
  it('passes on untouched chains', async () => {
    await world.app.auditTrail.flush();
    const reports = await verifyAuditTrails(world.platform.db);
    expect(reports.map((r) => r.schema)).toEqual(expect.arrayContaining(['hub', HEBEI, 'node_460000']));
    expect(reports.every((r) => r.problem === undefined)).toBe(true);
    expect(reports.find((r) => r.schema === HEBEI)!.entries).toBeGreaterThan(3);
  });

  it('refuses UPDATE and DELETE in the database', async () => {
    await expect(
      world.platform.db.query(`UPDATE ${HEBEI}.audit_trail SET actor = 'someone' WHERE seq = 1`),
    ).rejects.toThrow(/append-only/);
    await expect(world.platform.db.query(`DELETE FROM ${HEBEI}.audit_trail WHERE seq = 1`)).rejects.toThrow(
      /append-only/,
    );
  });

  it('names the entry a superuser altered, and the one deleted', async () => {
    const db = world.platform.db;
    await world.app.auditTrail.flush();
    await db.exec(`ALTER TABLE ${HEBEI}.audit_trail DISABLE TRIGGER audit_trail_append_only`);
    try {
      await db.query(`UPDATE ${HEBEI}.audit_trail SET psn_no = '13010000000000009999' WHERE seq = 2`);
      let [report] = await verifyAuditTrails(db, [HEBEI]);
      expect(report!.problem).toMatchObject({ kind: 'tampered', seq: 2 });
      // Recomputing the altered entry's own hash does not help: the next entry's prev_hash gives it away.
      const [row] = await db.query(`SELECT * FROM ${HEBEI}.audit_trail WHERE seq = 2`);
      const entry = { ...row, seq: 2, status: Number(row!.status) } as never;
      await db.query(`UPDATE ${HEBEI}.audit_trail SET hash = $1 WHERE seq = 2`, [
        hashEntry(2, entry, String(row!.prev_hash)),
      ]);
      [report] = await verifyAuditTrails(db, [HEBEI]);
      expect(report!.problem).toMatchObject({ kind: 'tampered', seq: 3 });
      await db.query(`DELETE FROM ${HEBEI}.audit_trail WHERE seq <= 3`);
      [report] = await verifyAuditTrails(db, [HEBEI]);
      expect(report!.problem).toMatchObject({ kind: 'gap', seq: 1 });
      const [last] = await db.query<{ seq: number }>(`SELECT max(seq) AS seq FROM ${HEBEI}.audit_trail`);
      await db.query(`DELETE FROM ${HEBEI}.audit_trail WHERE seq = $1`, [last!.seq]);
      const [hainan] = await verifyAuditTrails(db, ['node_460000']);
      expect(hainan!.problem).toBeUndefined();
    } finally {
      await db.exec(`ALTER TABLE ${HEBEI}.audit_trail ENABLE TRIGGER audit_trail_append_only`);
    }
  });

  it('names a deleted entry in the middle and a deleted tail', async () => {
    const db = world.platform.db;
    const schema = 'node_460000';
    await world.his.ok(
      '1101',
      { data: { mdtrt_cert_type: '02', mdtrt_cert_no: LAOZHANG_CERTNO } },
      {
        insuplc_admdvs: '130100',
      },
    );
    await world.his.ok(
      '1101',
      { data: { mdtrt_cert_type: '02', mdtrt_cert_no: LAOZHANG_CERTNO } },
      {
        insuplc_admdvs: '130100',
      },
    );
    await world.app.auditTrail.flush();
    const [{ seq: last } = { seq: 0 }] = await db.query<{ seq: number }>(
      `SELECT max(seq) AS seq FROM ${schema}.audit_trail`,
    );
    expect(last).toBeGreaterThanOrEqual(3);
    await db.exec(`ALTER TABLE ${schema}.audit_trail DISABLE TRIGGER audit_trail_append_only`);
    try {
      await db.query(`DELETE FROM ${schema}.audit_trail WHERE seq = $1`, [last]);
      let [report] = await verifyAuditTrails(db, [schema]);
      expect(report!.problem).toMatchObject({ kind: 'truncated', seq: last });
      await db.query(`DELETE FROM ${schema}.audit_trail WHERE seq = $1`, [last - 2]);
      [report] = await verifyAuditTrails(db, [schema]);
      expect(report!.problem).toMatchObject({ kind: 'gap', seq: last - 2 });
    } finally {
      await db.exec(`ALTER TABLE ${schema}.audit_trail ENABLE TRIGGER audit_trail_append_only`);
    }
  });

  it('hashes a documented canonical form with SM3', () => {
    const entry = {
      at: '2026-05-12T02:30:00.000Z',
      at_china: '2026-05-12 10:30:00.000',
      actor_kind: 'person',
      actor: '13010000000000001234',
      role: 'person',
      actor_province: '130000',
      action: 'GET /api/portal/settlements',
      kind: 'read',
      psn_no: '13010000000000001234',
      certno_masked: null,
      refs: null,
      ip: '127.0.0.1',
      status: 200,
      infcode: null,
    } as const;
    expect(canonicalEntry(1, entry, GENESIS_HASH)).toBe(
      `["yidi-audit-v1",1,"2026-05-12T02:30:00.000Z","2026-05-12 10:30:00.000","person","13010000000000001234","person","130000","GET /api/portal/settlements","read","13010000000000001234",null,null,"127.0.0.1",200,null,"${GENESIS_HASH}"]`,
    );
    expect(hashEntry(1, entry, GENESIS_HASH)).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe('personal data in logs', () => {
  it('masks ID numbers and names in logged URLs and objects', () => {
    expect(
      maskUrl('/api/console/filings?certno=130102197003121238&psn_name=%E5%BC%A0%E5%BB%BA%E5%9B%BD'),
    ).toBe(`/api/console/filings?certno=1301**********1238&psn_name=${encodeURIComponent('张*国')}`);
    expect(maskUrl('/x/13010219700312123X/y')).toBe('/x/1301**********123X/y');
    expect(
      maskLogged({ psn_name: '张建国', note: 'id 130102197003121238', psn_no: '13010000000000001234' }),
    ).toEqual({
      psn_name: '张*国',
      note: 'id 1301**********1238',
      psn_no: '13010000000000001234',
    });
  });
});
