import { describe, expect, it } from 'vitest';
import {
  fundByTypeOfSetldetail,
  type InsuredFact,
  negatedAmounts,
  nextPeriod,
  periodWindow,
  type TreatmentFact,
} from './facts.ts';
import {
  assertPeriodClosed,
  ClearingBlockedError,
  ClearingEmptyError,
  ClearingNotConfirmedError,
  type ClearingRun,
  confirmInsured,
  confirmTreatment,
  draftRun,
  missingConfirmations,
  NotAPartyError,
  PeriodNotClosedError,
  postingStep,
  postingsOf,
  postRun,
  reconcileRun,
} from './machine.ts';
import { outcomeOf } from './outcome.ts';
import { reconcile } from './reconcile.ts';

const AMOUNTS = {
  medfee_fen: 2_500_000,
  fund_fen: 1_750_000,
  fund_by_type: { '310100': 1_500_000, '330100': 250_000 },
  acct_pay_fen: 0,
  psn_cash_fen: 750_000,
};

function treatmentFact(n: number, overrides: Partial<TreatmentFact> = {}): TreatmentFact {
  return {
    setl_id: `46${String(n).padStart(10, '0')}`,
    decision_key: `H46010800012:MSG${n}`,
    kind: 'settle',
    treatment_province: '460000',
    insured_province: '130000',
    fixmedins_code: 'H46010800012',
    psn_no: 'P1',
    med_type: '21',
    at: '2026-05-12 10:30:00',
    ...AMOUNTS,
    ...overrides,
  };
}

function insuredOf(t: TreatmentFact): InsuredFact {
  const { setl_id: _s, med_type: _m, ...rest } = t;
  return rest;
}

function cancelOf(t: TreatmentFact, setlId: string): TreatmentFact {
  return { ...t, ...negatedAmounts(t), setl_id: setlId, kind: 'cancel' };
}

describe('clearing facts', () => {
  it('reads fund payments by fund type from setldetail and leaves the personal account out', () => {
    expect(
      fundByTypeOfSetldetail([
        { fund_pay_type: '310100', fund_payamt: 15000 },
        { fund_pay_type: '330100', fund_payamt: '2500.5' },
        { fund_pay_type: '310200', fund_payamt: 300 },
      ]),
    ).toEqual({ '310100': 1_500_000, '330100': 250_050 });
  });

  it('moves from December to January of the next year', () => {
    expect(nextPeriod('2026-12')).toBe('2027-01');
    expect(nextPeriod('2026-05')).toBe('2026-06');
  });
});

describe('facts of a period', () => {
  it('reads ten minutes past each end of the month, China time', () => {
    expect(periodWindow('2026-05')).toEqual({ from: '2026-04-30 23:50:00', to: '2026-06-01 00:10:00' });
  });

  it('counts a settlement at 23:59:59 on the 31st whose decision was recorded after midnight in May only', () => {
    const t = treatmentFact(1, { at: '2026-05-31 23:59:59' });
    const i = { ...insuredOf(t), at: '2026-06-01 00:00:01' };
    const may = outcomeOf('2026-05', [t], [i]);
    expect(may.differences).toEqual([]);
    expect(may.matched).toBe(1);
    const june = outcomeOf('2026-06', [t], [i]);
    expect(june).toMatchObject({ treatment_facts: 0, insured_facts: 0, pairs: [], differences: [] });
  });

  it('leaves a fact read in the margin to the month it belongs to', () => {
    const april = treatmentFact(1, { at: '2026-04-30 23:55:00' });
    const outcome = outcomeOf('2026-05', [april], [insuredOf(april)]);
    expect(outcome.pairs).toEqual([]);
  });
});

describe('reconcile', () => {
  it('matches facts that agree one by one and lists no difference', () => {
    const t = [treatmentFact(1), treatmentFact(2)];
    const r = reconcile(t, t.map(insuredOf));
    expect(r.differences).toEqual([]);
    expect(r.matched).toBe(2);
  });

  it('lists a settlement the insured side does not have, and a decision the treatment side does not have', () => {
    const r = reconcile([treatmentFact(1)], [insuredOf(treatmentFact(2))]);
    expect(r.differences.map((d) => [d.decision_key, d.kind])).toEqual([
      ['H46010800012:MSG1', 'missing-insured'],
      ['H46010800012:MSG2', 'missing-treatment'],
    ]);
  });

  it('lists a fund type whose amount differs, with both figures', () => {
    const t = treatmentFact(1, { fund_by_type: { '310100': 1_510_000, '330100': 250_000 } });
    const r = reconcile([t], [insuredOf(treatmentFact(1))]);
    expect(r.differences).toHaveLength(1);
    expect(r.differences[0]!.amounts).toEqual([
      { field: 'fund:310100', treatment_fen: 1_510_000, insured_fen: 1_500_000 },
    ]);
    expect(r.differences[0]!.description).toContain('基金支付（310100）不符：就医地15100.00，参保地15000.00');
  });

  it('matches a cancel only with the reversal of the same decision', () => {
    const t = treatmentFact(1);
    const cancel = cancelOf(t, '460000000099');
    const r = reconcile([cancel], [insuredOf(cancel)]);
    expect(r.differences).toEqual([]);
    const wrong = reconcile([cancel], [insuredOf(t)]);
    expect(wrong.differences.map((d) => d.kind).sort()).toEqual(['missing-insured', 'missing-treatment']);
  });

  it('lets a decision reverted in the same period that the treatment side never recorded annul itself', () => {
    const decided = insuredOf(treatmentFact(1));
    const reverted: InsuredFact = { ...decided, ...negatedAmounts(decided), kind: 'cancel' };
    expect(reconcile([], [decided, reverted]).differences).toEqual([]);
  });
});

describe('clearing totals', () => {
  it('sums each pair net of cancels and counts a cancel as minus one person-time', () => {
    const a = treatmentFact(1);
    const b = treatmentFact(2, { insured_province: '110000' });
    const c = treatmentFact(3);
    const facts = [a, b, c, cancelOf(c, '460000000099')];
    const outcome = outcomeOf('2026-05', facts, facts.map(insuredOf));
    expect(outcome.pairs).toEqual([
      expect.objectContaining({
        treatment_province: '460000',
        insured_province: '110000',
        person_times: 1,
        fund_fen: 1_750_000,
      }),
      expect.objectContaining({
        treatment_province: '460000',
        insured_province: '130000',
        person_times: 1,
        settlements: 2,
        cancels: 1,
        medfee_fen: 2_500_000,
        fund_fen: 1_750_000,
        fund_by_type: { '310100': 1_500_000, '330100': 250_000 },
      }),
    ]);
    expect(outcome.hospitals).toEqual([
      expect.objectContaining({
        fixmedins_code: 'H46010800012',
        fund_fen: 3_500_000,
        cleared_fund_fen: 3_500_000,
      }),
    ]);
  });

  it('clears for a hospital only what the insured side confirmed one by one', () => {
    const facts = [treatmentFact(1), treatmentFact(2)];
    const outcome = outcomeOf('2026-05', facts, [insuredOf(facts[0]!)]);
    expect(outcome.hospitals[0]).toMatchObject({ fund_fen: 3_500_000, cleared_fund_fen: 1_750_000 });
  });
});

describe('the clearing state machine', () => {
  const facts = [treatmentFact(1), treatmentFact(2, { insured_province: '110000' })];
  const clean = outcomeOf('2026-05', facts, facts.map(insuredOf));
  const at = '2026-06-03 09:00:00';

  it('goes from draft to blocked when reconciliation finds a difference, and refuses confirmation', () => {
    const blocked = reconcileRun(draftRun('2026-05'), outcomeOf('2026-05', facts, []));
    expect(blocked.status).toBe('blocked');
    expect(() => confirmTreatment(blocked, '460000', 'staff', at)).toThrow(ClearingBlockedError);
    expect(() => postingStep(blocked)).toThrow(ClearingBlockedError);
  });

  it('may reconcile a blocked period again once the difference is resolved', () => {
    const blocked = reconcileRun(draftRun('2026-05'), outcomeOf('2026-05', facts, []));
    expect(reconcileRun(blocked, clean).status).toBe('reconciled');
  });

  it('is confirmed when both sides of every pair confirmed, then posts once', () => {
    let run: ClearingRun = reconcileRun(draftRun('2026-05'), clean);
    expect(missingConfirmations(run)).toEqual(['460000（就医地）', '110000（参保地）', '130000（参保地）']);
    run = confirmTreatment(run, '460000', 'hn', at);
    run = confirmInsured(run, '130000', 'hb', at);
    expect(run.status).toBe('reconciled');
    expect(() => postingStep(run)).toThrow(ClearingNotConfirmedError);
    run = confirmInsured(run, '110000', 'bj', at);
    expect(run.status).toBe('confirmed');
    expect(postingStep(run)).toBe('post');
    const posting = { transfers: 4, instructions: [], positions: [], replayed: false };
    const posted = postRun(run, posting);
    expect(posted.status).toBe('posted');
    expect(postingStep(posted)).toBe('replay');
    expect(postRun(posted, { ...posting, transfers: 99 })).toBe(posted);
  });

  it('refuses a confirmation from a province that is no party in that role', () => {
    const run = reconcileRun(draftRun('2026-05'), clean);
    expect(() => confirmInsured(run, '460000', 'hn', at)).toThrow(NotAPartyError);
  });

  it('keeps the first confirmation when a province confirms twice', () => {
    const once = confirmTreatment(reconcileRun(draftRun('2026-05'), clean), '460000', 'first', at);
    expect(confirmTreatment(once, '460000', 'second', '2026-06-04 09:00:00')).toBe(once);
  });

  it('freezes the facts from the first confirmation: a re-run changes nothing', () => {
    const once = confirmTreatment(reconcileRun(draftRun('2026-05'), clean), '460000', 'hn', at);
    expect(reconcileRun(once, outcomeOf('2026-05', [], []))).toBe(once);
  });

  it('asks the ledger for each pair and each hospital fund payment and personal-account payment', () => {
    expect(postingsOf(clean)).toEqual({
      pairs: [
        { treatment_province: '460000', insured_province: '110000', fund_fen: 1_750_000, acct_pay_fen: 0 },
        { treatment_province: '460000', insured_province: '130000', fund_fen: 1_750_000, acct_pay_fen: 0 },
      ],
      hospitals: [
        { province: '460000', fixmedins_code: 'H46010800012', fund_fen: 3_500_000, acct_pay_fen: 0 },
      ],
    });
    const withAccount = postingsOf({
      ...clean,
      pairs: clean.pairs.map((p) => ({ ...p, acct_pay_fen: 30_000 })),
      hospitals: clean.hospitals.map((h) => ({ ...h, acct_pay_fen: 60_000 })),
    });
    expect(withAccount.pairs.map((p) => p.acct_pay_fen)).toEqual([30_000, 30_000]);
    expect(withAccount.hospitals[0]).toMatchObject({ fund_fen: 3_500_000, acct_pay_fen: 60_000 });
  });

  it('keeps a period without facts open: nobody confirms it, nothing is posted, it may run again', () => {
    const empty = reconcileRun(draftRun('2026-05'), outcomeOf('2026-05', [], []));
    expect(empty.status).toBe('reconciled');
    expect(() => postingStep(empty)).toThrow(ClearingEmptyError);
    expect(reconcileRun(empty, clean).status).toBe('reconciled');
  });

  it('clears a month only once it is over', () => {
    expect(() => assertPeriodClosed('2026-05', '2026-05-31')).toThrow(PeriodNotClosedError);
    expect(() => assertPeriodClosed('2026-05', '2026-06-01')).not.toThrow();
  });
});
