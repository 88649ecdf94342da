// 协查 transitions: amounts an outcome may take back, a message delivered twice changes nothing, bookings skip the
// periods already reconciled, and malformed messages are refused naming their field.
import { describe, expect, it } from 'vitest';
import {
  type AnswerMessage,
  adjustableFen,
  adjustmentOf,
  applyAnswer,
  applyOutcome,
  bookingPeriod,
  type CrossCheckError,
  caseOfRequest,
  needsAutomaticRequest,
  type OutcomeMessage,
  type RequestMessage,
} from './case.ts';
import { parseCrossCheckMessage } from './messages.ts';

const REQUEST: RequestMessage = {
  kind: 'request',
  case_id: 'XC13abc',
  automatic: false,
  setl_id: '460000000002',
  insured_province: '130000',
  treatment_province: '460000',
  fixmedins_code: 'H46010800012',
  insuplc_admdvs: '130100',
  med_type: '21',
  setl_time: '2026-05-12 10:30:00',
  medfee_fen: 2_500_000,
  fund_pay_fen: 1_750_000,
  reason: '核查',
  requested_by: 'reviewer-130000',
  requested_at: '2026-05-13 09:00:00',
};
const ANSWER: AnswerMessage = {
  kind: 'answer',
  case_id: 'XC13abc',
  findings: '属实',
  proposal: 'confirmed',
  proposed_fen: 0,
  psn_no: 'P1',
  psn_name: '张建国',
  documents: [],
  answered_by: 'reviewer-460000',
  answered_at: '2026-05-14 09:00:00',
};
const OUTCOME: OutcomeMessage = {
  kind: 'outcome',
  case_id: 'XC13abc',
  outcome: 'adjusted',
  adjustment_fen: 100,
  note: '',
  concluded_by: 'reviewer-130000',
  concluded_at: '2026-06-03 09:00:00',
  clearing_period: null,
};

const code = (work: () => unknown): string | undefined => {
  try {
    work();
    return undefined;
  } catch (error) {
    return (error as CrossCheckError).code;
  }
};

describe('adjustmentOf', () => {
  it('takes nothing for confirmed, the amount for adjusted, the rest of the fund for refused', () => {
    expect(adjustmentOf('confirmed', undefined, 1_000)).toBe(0);
    expect(adjustmentOf('adjusted', 400, 1_000)).toBe(400);
    expect(adjustmentOf('adjusted', 1_000, 1_000)).toBe(1_000);
    expect(adjustmentOf('refused', undefined, adjustableFen(1_000, 400))).toBe(600);
  });

  it('refuses an adjustment without an amount, of zero, a fraction, or above what is left', () => {
    expect(code(() => adjustmentOf('adjusted', undefined, 1_000))).toBe('amount-invalid');
    expect(code(() => adjustmentOf('adjusted', 0, 1_000))).toBe('amount-invalid');
    expect(code(() => adjustmentOf('adjusted', 1.5, 1_000))).toBe('amount-invalid');
    expect(code(() => adjustmentOf('adjusted', 1_001, 1_000))).toBe('amount-too-large');
    expect(code(() => adjustmentOf('confirmed', 5, 1_000))).toBe('amount-invalid');
    expect(adjustableFen(1_000, 1_200)).toBe(0);
  });
});

describe('transitions', () => {
  const requested = caseOfRequest(REQUEST, 'insured');

  it('answers once: the same answer again is the same case, another is refused', () => {
    const answered = applyAnswer(requested, ANSWER);
    expect(answered).toMatchObject({ status: 'answered', psn_no: 'P1', findings: '属实' });
    expect(applyAnswer(answered, ANSWER)).toBe(answered);
    expect(code(() => applyAnswer(answered, { ...ANSWER, answered_at: '2026-05-15 09:00:00' }))).toBe(
      'already-answered',
    );
  });

  it("concludes once after the answer; the hub's copy only fills in the period", () => {
    expect(code(() => applyOutcome(requested, OUTCOME))).toBe('not-answered');
    const concluded = applyOutcome(applyAnswer(requested, ANSWER), OUTCOME);
    expect(concluded).toMatchObject({ status: 'concluded', adjustment_fen: 100, clearing_period: null });
    const booked = applyOutcome(concluded, { ...OUTCOME, clearing_period: '2026-06' });
    expect(booked.clearing_period).toBe('2026-06');
    expect(applyOutcome(booked, { ...OUTCOME, clearing_period: '2026-06' })).toBe(booked);
    expect(code(() => applyOutcome(booked, { ...OUTCOME, outcome: 'refused' }))).toBe('already-concluded');
  });
});

describe('bookingPeriod', () => {
  it('books into the month of the conclusion, or the first later one not yet reconciled', () => {
    expect(bookingPeriod('2026-06-03 09:00:00', new Set())).toBe('2026-06');
    expect(bookingPeriod('2026-06-03 09:00:00', new Set(['2026-05', '2026-06']))).toBe('2026-07');
    expect(bookingPeriod('2026-12-31 23:59:59', new Set(['2026-12']))).toBe('2027-01');
  });
});

describe('needsAutomaticRequest', () => {
  const fact = { med_type: '21', refd_setl_flag: '0', medfee_fen: 3_000_001 };
  it('asks about inpatient settlements strictly above the threshold, never a cancel or an outpatient visit', () => {
    expect(needsAutomaticRequest(fact, 3_000_000)).toBe(true);
    expect(needsAutomaticRequest({ ...fact, medfee_fen: 3_000_000 }, 3_000_000)).toBe(false);
    expect(needsAutomaticRequest({ ...fact, refd_setl_flag: '1' }, 3_000_000)).toBe(false);
    expect(needsAutomaticRequest({ ...fact, med_type: '14' }, 3_000_000)).toBe(false);
  });
});

describe('parseCrossCheckMessage', () => {
  it('accepts the three kinds and refuses a malformed one naming its field', () => {
    expect(parseCrossCheckMessage(REQUEST)).toEqual(REQUEST);
    expect(parseCrossCheckMessage(ANSWER)).toEqual(ANSWER);
    expect(parseCrossCheckMessage(OUTCOME)).toEqual(OUTCOME);
    expect(() => parseCrossCheckMessage({ ...OUTCOME, adjustment_fen: -1 })).toThrow('/adjustment_fen');
    expect(() => parseCrossCheckMessage({ ...REQUEST, insured_province: '13' })).toThrow('/insured_province');
    expect(() => parseCrossCheckMessage({ ...ANSWER, documents: [{}, {}, {}, {}] })).toThrow('/documents');
    expect(() => parseCrossCheckMessage({ kind: 'gossip' })).toThrow('kind');
    expect(() => parseCrossCheckMessage(null)).toThrow('kind');
  });
});
