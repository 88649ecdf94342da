// 协查 over the console API in the embedded platform: 河北 asks 海南 about 老张's May stay at 海口 through the hub,
// 海南 answers with findings and a document, 河北 adjusts 1,000.00 yuan in June — booked into June's clearing, where
// 河北 owes 海南 that much less — and a stay above 河北's threshold is asked about automatically.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  admissionInput,
  admit,
  feeLine,
  LAOZHANG,
  placeOf,
  settleInput,
  standardBill,
} from '../../../test/support/his-world.ts';
import { PDF, type PortalWorld, STAFF, startPortalWorld } from '../../../test/support/portal-world.ts';
import { parseChinaDateTime } from '../../core/time.ts';

let world: PortalWorld;
let setlId: string;
let fundFen: number;
let hebei: string;
let hainan: string;
let tangshan: string;

const at = (text: string) => parseChinaDateTime(text)!;

/** Sessions last hours: after the clock moves on by a month, everyone logs in again. */
async function relogin(): Promise<void> {
  hebei = await world.staffLogin(STAFF.hebei.username);
  hainan = await world.staffLogin(STAFF.hainan.username);
  tangshan = await world.staffLogin(STAFF.tangshan.username);
}

async function put(url: string, token: string, payload: unknown) {
  const response = await world.app.inject({
    method: 'PUT',
    url,
    headers: { authorization: `Bearer ${token}` },
    payload: payload as Record<string, unknown>,
  });
  return { status: response.statusCode, body: response.json() };
}

/** The case as a side sees it, once `ready` holds (the hub passes messages on asynchronously). */
async function caseOf(token: string, caseId: string, ready: (body: Record<string, unknown>) => boolean) {
  const { value } = await world.eventually(async () => {
    const answer = await world.call('GET', `/api/console/cross-checks/${caseId}`, token);
    return answer.status === 200 && ready(answer.body) ? answer.body : undefined;
  }, 5_000);
  return value;
}

beforeAll(async () => {
  world = await startPortalWorld();
  const mdtrtId = await admit(world.his);
  await world.his.ok('2301', { feedetail: standardBill(mdtrtId) });
  const settled = await world.his.ok('2304', settleInput(mdtrtId));
  setlId = settled.setlinfo.setl_id as string;
  fundFen = Math.round(Number(settled.setlinfo.fund_pay_sumamt) * 100);
  // PostgreSQL's now() stamps the insured side's decisions: put them at their settlement's time (one clock).
  await world.platform.db.query(
    `UPDATE node_130000.benefit_decisions d SET created_at = (s.setl_time || '+08')::timestamptz
     FROM node_460000.settlements s WHERE s.decision_key = d.decision_key AND s.refd_setl_flag = '0'`,
  );
  await relogin();
  // The national level records the settlement from the treatment node's outbox.
  await world.eventually(() => world.platform.hub.crossCheckSettlement(setlId), 5_000);
}, 60_000);
afterAll(async () => {
  await world?.close();
});

describe('协查 round trip through the hub', () => {
  let caseId: string;

  it('refuses a request naming the field: no such settlement, empty reason', async () => {
    const unknown = await world.call('POST', '/api/console/cross-checks', hebei, {
      setl_id: 'NOPE',
      reason: '核查',
    });
    expect(unknown.status).toBe(422);
    expect(unknown.body.field).toBe('setl_id');
    const empty = await world.call('POST', '/api/console/cross-checks', hebei, {
      setl_id: setlId,
      reason: '',
    });
    expect(empty.status).toBe(400);
    expect(empty.body.field).toBe('body.reason');
    // 海南 is not 老张's insured place.
    const wrong = await world.call('POST', '/api/console/cross-checks', hainan, {
      setl_id: setlId,
      reason: '核查',
    });
    expect(wrong.status).toBe(422);
    expect(wrong.body.code).toBe('not-our-insured');
    expect((await world.call('GET', '/api/console/cross-checks', hebei)).body.items).toEqual([]);
  });

  it('河北 asks; 海南 receives the case with the person from its own settlement', async () => {
    const asked = await world.call('POST', '/api/console/cross-checks', hebei, {
      setl_id: setlId,
      reason: '住院天数与费用明细不符，请核查病历',
    });
    expect(asked.status).toBe(201);
    caseId = asked.body.case_id;
    expect(asked.body).toMatchObject({
      role: 'insured',
      status: 'requested',
      automatic: false,
      setl_id: setlId,
      insured_province: '130000',
      treatment_province: '460000',
      fixmedins_code: 'H46010800012',
      fixmedins_name: expect.any(String),
      fund_pay_fen: fundFen,
      requested_by: STAFF.hebei.username,
      psn_no: null,
    });
    const again = await world.call('POST', '/api/console/cross-checks', hebei, {
      setl_id: setlId,
      reason: '再查',
    });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('case-open');

    const seen = await caseOf(hainan, caseId, () => true);
    expect(seen).toMatchObject({ role: 'treatment', status: 'requested', psn_no: LAOZHANG.psn_no });
    expect(seen.psn_name).toMatch(/^老?张/);
    const list = await world.call('GET', '/api/console/cross-checks?role=treatment', hainan);
    expect(list.body.items.map((c: { case_id: string }) => c.case_id)).toEqual([caseId]);
    expect(list.body.items[0].psn_name).toContain('*');
  });

  it('keeps each side to its part and its region', async () => {
    // 河北 cannot answer (it is the insured place), 海南 cannot conclude, nobody concludes before the answer.
    const answerByInsured = await world.call('POST', `/api/console/cross-checks/${caseId}/answer`, hebei, {
      findings: 'x',
      proposal: 'confirmed',
    });
    expect(answerByInsured.status).toBe(404);
    const early = await world.call('POST', `/api/console/cross-checks/${caseId}/outcome`, hebei, {
      outcome: 'confirmed',
    });
    expect(early.status).toBe(409);
    expect(early.body.code).toBe('not-answered');
    // 老张 is insured in 石家庄: 唐山's clerk does not see the case.
    expect((await world.call('GET', `/api/console/cross-checks/${caseId}`, tangshan)).status).toBe(404);
    expect((await world.call('GET', '/api/console/cross-checks', tangshan)).body.items).toEqual([]);
  });

  it('海南 answers with findings, a proposal and a document; bad input changes nothing', async () => {
    const noAmount = await world.call('POST', `/api/console/cross-checks/${caseId}/answer`, hainan, {
      findings: '床位费多计2天',
      proposal: 'adjusted',
    });
    expect(noAmount.status).toBe(422);
    expect(noAmount.body.field).toBe('proposed_fen');
    const badDoc = await world.call('POST', `/api/console/cross-checks/${caseId}/answer`, hainan, {
      findings: '床位费多计2天',
      proposal: 'confirmed',
      documents: [{ name: '病历.pdf', content_type: 'application/pdf', data_base64: '***' }],
    });
    expect(badDoc.status).toBe(422);
    expect(badDoc.body.field).toBe('documents[0].data_base64');
    expect((await world.call('GET', `/api/console/cross-checks/${caseId}`, hainan)).body.status).toBe(
      'requested',
    );

    const answered = await world.call('POST', `/api/console/cross-checks/${caseId}/answer`, hainan, {
      findings: '经查病历，床位费多计2天，计200.00元；支架费用属实',
      proposal: 'adjusted',
      proposed_fen: 20_000,
      documents: [
        { name: '病历摘要.pdf', content_type: 'application/pdf', data_base64: PDF.toString('base64') },
      ],
    });
    expect(answered.status).toBe(200);
    expect(answered.body).toMatchObject({ status: 'answered', proposal: 'adjusted', proposed_fen: 20_000 });
    const twice = await world.call('POST', `/api/console/cross-checks/${caseId}/answer`, hainan, {
      findings: '再答',
      proposal: 'confirmed',
    });
    expect(twice.status).toBe(409);

    const seen = await caseOf(hebei, caseId, (c) => c.status === 'answered');
    expect(seen).toMatchObject({
      findings: expect.stringContaining('床位费多计2天'),
      psn_no: LAOZHANG.psn_no,
    });
    expect(seen.documents).toEqual([
      expect.objectContaining({
        n: 1,
        name: '病历摘要.pdf',
        content_type: 'application/pdf',
        size: PDF.length,
      }),
    ]);
    const download = await world.app.inject({
      method: 'GET',
      url: `/api/console/cross-checks/${caseId}/documents/1`,
      headers: { authorization: `Bearer ${hebei}` },
    });
    expect(download.statusCode).toBe(200);
    expect(download.headers['content-type']).toContain('application/pdf');
    expect(Buffer.compare(download.rawPayload, PDF)).toBe(0);
  });

  it('May is cleared as it was; 河北 concludes in June with an adjustment, booked into June on both sides', async () => {
    world.clock.now = at('2026-06-02 09:00:00');
    await relogin();
    const may = await world.call('POST', '/api/console/clearing/2026-05/run', hebei);
    expect(may.body.status).toBe('reconciled');
    expect(may.body.adjustments).toEqual([]);
    expect(may.body.pairs[0].fund_fen).toBe(fundFen);
    await world.call('POST', '/api/console/clearing/2026-05/confirm', hainan, { sides: ['treatment'] });
    await world.call('POST', '/api/console/clearing/2026-05/confirm', hebei, { sides: ['insured'] });
    await world.call('POST', '/api/console/prepaid/deposits', hebei, { amount: 100, id: 'HB-XC-1' });
    expect((await world.call('POST', '/api/console/clearing/2026-05/post', hebei)).body.status).toBe(
      'posted',
    );

    const tooMuch = await world.call('POST', `/api/console/cross-checks/${caseId}/outcome`, hebei, {
      outcome: 'adjusted',
      adjustment_fen: fundFen + 1,
    });
    expect(tooMuch.status).toBe(422);
    expect(tooMuch.body.field).toBe('adjustment_fen');
    const concluded = await world.call('POST', `/api/console/cross-checks/${caseId}/outcome`, hebei, {
      outcome: 'adjusted',
      adjustment_fen: 100_000,
      note: '床位费与检查费核减1000.00元',
    });
    expect(concluded.status).toBe(200);
    expect(concluded.body).toMatchObject({
      status: 'concluded',
      outcome: 'adjusted',
      adjustment_fen: 100_000,
    });

    const mine = await caseOf(hebei, caseId, (c) => c.clearing_period !== null);
    expect(mine.clearing_period).toBe('2026-06');
    const theirs = await caseOf(hainan, caseId, (c) => c.status === 'concluded');
    expect(theirs).toMatchObject({
      outcome: 'adjusted',
      adjustment_fen: 100_000,
      clearing_period: '2026-06',
    });
    // The reconciled May does not change.
    const mayAgain = await world.call('GET', '/api/console/clearing/2026-05', hebei);
    expect(mayAgain.body.adjustments).toEqual([]);
  });

  it('June clears the adjustment: 河北 owes 海南 1,000.00 less, posted to the ledger', async () => {
    world.clock.now = at('2026-07-02 09:00:00');
    await relogin();
    const june = await world.call('POST', '/api/console/clearing/2026-06/run', hebei);
    expect(june.status).toBe(200);
    expect(june.body.status).toBe('reconciled');
    expect(june.body.adjustments).toEqual([
      {
        case_id: caseId,
        setl_id: setlId,
        treatment_province: '460000',
        insured_province: '130000',
        fixmedins_code: 'H46010800012',
        fund_fen: 100_000,
      },
    ]);
    expect(june.body.awaiting).toEqual(['460000（就医地）', '130000（参保地）']);
    await world.call('POST', '/api/console/clearing/2026-06/confirm', hainan, { sides: ['treatment'] });
    const confirmed = await world.call('POST', '/api/console/clearing/2026-06/confirm', hebei, {
      sides: ['insured'],
    });
    expect(confirmed.body.status).toBe('confirmed');
    const posted = await world.call('POST', '/api/console/clearing/2026-06/post', hebei);
    expect(posted.status).toBe(200);
    expect(posted.body.status).toBe('posted');
    // June's only money is the adjustment: 海南 (which was paid 1,000.00 too much in May) pays it back through the
    // national level to 河北's fiscal account.
    expect(
      posted.body.posting.instructions.map((i: Record<string, unknown>) => [
        i.kind,
        i.part,
        i.payer,
        i.payee,
        i.amount_fen,
      ]),
    ).toEqual([
      ['disburse', 'fund', 'national', '130000', 100_000],
      ['collect', 'fund', '460000', 'national', 100_000],
    ]);
  });
});

describe("automatic 协查 above the insured place's threshold", () => {
  it("validates and keeps 河北's threshold; a stay above it is asked about on both sides", async () => {
    const bad = await put('/api/console/cross-checks/settings', hebei, { auto_threshold_fen: 0 });
    expect(bad.status).toBe(400);
    expect(bad.body.field).toBe('body.auto_threshold_fen');
    expect(
      (await put('/api/console/cross-checks/settings', tangshan, { auto_threshold_fen: 1 })).status,
    ).toBe(403);
    const before = await world.call('GET', '/api/console/cross-checks/settings', hebei);
    expect(before.body).toMatchObject({
      province: '130000',
      auto_threshold_fen: 3_000_000,
      updated_by: null,
    });
    const set = await put('/api/console/cross-checks/settings', hebei, { auto_threshold_fen: 2_000_000 });
    expect(set.status).toBe(200);
    expect(set.body).toMatchObject({ auto_threshold_fen: 2_000_000, updated_by: STAFF.hebei.username });

    // A July stay of 22,000.00 yuan: above 20,000.00.
    world.clock.now = at('2026-07-20 09:00:00');
    await relogin();
    const admitted = await world.his.ok(
      '2401',
      admissionInput({ begntime: '2026-07-10 09:00:00' }, { ipt_no: 'ZY-AUTO' }),
      placeOf(),
    );
    const mdtrtId = admitted.result.mdtrt_id as string;
    await world.his.ok(
      '2301',
      {
        feedetail: [
          feeLine(mdtrtId, LAOZHANG, 'A1', '003312000030000', 2000, 1, 2000, '2026-07-10 10:00:00'),
          feeLine(mdtrtId, LAOZHANG, 'A2', 'XC01EBN123A001010100001', 20000, 200, 100, '2026-07-11 09:00:00'),
        ],
      },
      placeOf(),
    );
    const settled = await world.his.ok(
      '2304',
      settleInput(mdtrtId, { medfee_sumamt: '22000.00' }),
      placeOf(),
    );
    const autoId = `XCA${settled.setlinfo.setl_id as string}`;
    const insuredSide = await caseOf(hebei, autoId, () => true);
    expect(insuredSide).toMatchObject({
      role: 'insured',
      automatic: true,
      status: 'requested',
      medfee_fen: 2_200_000,
    });
    expect(insuredSide.reason).toContain('超过参保地协查阈值20000.00元');
    const treatmentSide = await caseOf(hainan, autoId, () => true);
    expect(treatmentSide).toMatchObject({ role: 'treatment', automatic: true, psn_no: LAOZHANG.psn_no });
  });
});
