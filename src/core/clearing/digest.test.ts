// Clearing by digest must give exactly what reading every record one by one gives: the nodes are simulated here as
// the database computes them (groups of the month, buckets of the groups asked, records of the buckets asked).
import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type Cell,
  type CellDigest,
  cellIdOf,
  type GroupDigest,
  type GroupKey,
  groupIdOf,
  type TreatmentGroup,
} from './digest.ts';
import { type InsuredFact, negatedAmounts, periodOf, periodWindow, type TreatmentFact } from './facts.ts';
import { differingCells, differingGroups, outcomeOf, outcomeOfDigests } from './outcome.ts';

const PERIOD = '2026-05';
/** Few buckets, so that records share them and a differing bucket carries agreeing records too. */
const BUCKETS = 4;

const hash = (f: TreatmentFact | InsuredFact): bigint =>
  BigInt.asIntN(
    64,
    BigInt(
      `0x${createHash('md5')
        .update(
          [
            f.decision_key,
            f.kind,
            f.medfee_fen,
            f.fund_fen,
            f.acct_pay_fen,
            JSON.stringify(f.fund_by_type),
          ].join('|'),
        )
        .digest('hex')
        .slice(0, 16)}`,
    ),
  );
const bucketOf = (f: { decision_key: string }) =>
  createHash('md5').update(f.decision_key).digest()[0]! % BUCKETS;
const keyOf = (f: TreatmentFact | InsuredFact): GroupKey => ({
  treatment_province: f.treatment_province,
  insured_province: f.insured_province,
  fixmedins_code: f.decision_key.split(':')[0]!,
  kind: f.kind,
  fund_types: Object.keys(f.fund_by_type).sort().join(','),
});
const inMonth = (f: { at: string }) => periodOf(f.at) === PERIOD;

function digestsOf<F extends TreatmentFact | InsuredFact, D>(
  facts: readonly F[],
  idOf: (f: F) => string,
  make: (first: F) => D & { count: number; hash: string },
  add: (into: D, f: F) => void = () => {},
): D[] {
  const out = new Map<string, D & { count: number; hash: string }>();
  for (const f of facts) {
    const id = idOf(f);
    const d = out.get(id) ?? { ...make(f), count: 0, hash: '0' };
    d.count += 1;
    d.hash = String(BigInt(d.hash) + hash(f));
    add(d, f);
    out.set(id, d);
  }
  return [...out.values()];
}

/** What the nodes answer, level by level, as in ClearingService.collect. */
function collect(treatment: readonly TreatmentFact[], insured: readonly InsuredFact[]) {
  const groups = {
    treatment: digestsOf<TreatmentFact, TreatmentGroup>(
      treatment.filter(inMonth),
      (f) => groupIdOf(keyOf(f)),
      (f) => ({
        ...keyOf(f),
        count: 0,
        hash: '0',
        medfee_fen: 0,
        fund_fen: 0,
        fund_by_type: {},
        acct_pay_fen: 0,
        psn_cash_fen: 0,
      }),
      (g, f) => {
        const m = g as { -readonly [K in keyof TreatmentGroup]: TreatmentGroup[K] };
        m.medfee_fen += f.medfee_fen;
        m.fund_fen += f.fund_fen;
        m.acct_pay_fen += f.acct_pay_fen;
        m.psn_cash_fen += f.psn_cash_fen;
        const byType = { ...m.fund_by_type };
        for (const [t, v] of Object.entries(f.fund_by_type)) byType[t] = (byType[t] ?? 0) + v;
        m.fund_by_type = byType;
      },
    ),
    insured: digestsOf<InsuredFact, GroupDigest>(
      insured.filter(inMonth),
      (f) => groupIdOf(keyOf(f)),
      (f) => ({ ...keyOf(f), count: 0, hash: '0' }),
    ),
  };
  const asked = new Set(differingGroups(groups).map(groupIdOf));
  const cellsOf = <F extends TreatmentFact | InsuredFact>(facts: readonly F[]): CellDigest[] =>
    digestsOf<F, CellDigest>(
      facts.filter((f) => inMonth(f) && asked.has(groupIdOf(keyOf(f)))),
      (f) => cellIdOf({ ...keyOf(f), bucket: bucketOf(f) }),
      (f) => ({ ...keyOf(f), bucket: bucketOf(f), count: 0, hash: '0' }),
    );
  const cells = { treatmentCells: cellsOf(treatment), insuredCells: cellsOf(insured) };
  const drill = new Set(differingCells(cells).map((c: Cell) => cellIdOf(c)));
  const window = periodWindow(PERIOD);
  const factsOf = <F extends TreatmentFact | InsuredFact>(facts: readonly F[]) =>
    facts.filter(
      (f) =>
        f.at >= window.from && f.at < window.to && drill.has(cellIdOf({ ...keyOf(f), bucket: bucketOf(f) })),
    );
  return {
    treatment: groups.treatment,
    insured: groups.insured,
    ...cells,
    treatmentFacts: factsOf(treatment),
    insuredFacts: factsOf(insured) as InsuredFact[],
  };
}

const TIMES = [
  '2026-04-30 23:55:00',
  '2026-05-01 00:00:03',
  '2026-05-12 10:30:00',
  '2026-05-31 23:59:58',
  '2026-06-01 00:04:00',
];
const fact = fc
  .record({
    hospital: fc.constantFrom('H46010800012', 'P46010500003'),
    insured: fc.constantFrom('130000', '440000'),
    at: fc.constantFrom(...TIMES),
    pool: fc.integer({ min: 0, max: 2_000_000 }),
    large: fc.integer({ min: 0, max: 300_000 }),
    acct: fc.integer({ min: 0, max: 50_000 }),
    cash: fc.integer({ min: 0, max: 500_000 }),
    cancelled: fc.boolean(),
  })
  .map(({ hospital, insured, at, pool, large, acct, cash, cancelled }) => ({
    hospital,
    insured,
    at,
    cancelled,
    amounts: {
      medfee_fen: pool + large + acct + cash,
      fund_fen: pool + large,
      fund_by_type: Object.fromEntries(
        [
          ['310100', pool],
          ['330100', large],
        ].filter(([, v]) => v !== 0),
      ),
      acct_pay_fen: acct,
      psn_cash_fen: cash,
    },
  }));
/** What happens to a record's insured side: kept, lost, tampered, moved in time, or given to another province. */
const fate = fc.constantFrom('same', 'same', 'same', 'missing', 'tampered', 'later', 'parties', 'extra');

describe('clearing by digest', () => {
  it('gives the outcome of reading every record one by one, whatever differs', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fact, fate), { maxLength: 40 }), (cases) => {
        const treatment: TreatmentFact[] = [];
        const insured: InsuredFact[] = [];
        cases.forEach(([c, f], n) => {
          const settle: TreatmentFact = {
            setl_id: `46S${String(n).padStart(6, '0')}`,
            decision_key: `${c.hospital}:MSG${n}`,
            kind: 'settle',
            treatment_province: '460000',
            insured_province: c.insured,
            fixmedins_code: c.hospital,
            psn_no: `P${n}`,
            med_type: '21',
            at: c.at,
            ...c.amounts,
          };
          const records = [settle];
          if (c.cancelled)
            records.push({
              ...settle,
              ...negatedAmounts(settle),
              kind: 'cancel',
              setl_id: `46C${n}`,
              at: '2026-05-20 08:00:00',
            });
          for (const t of records) {
            const { setl_id: _s, med_type: _m, ...side } = t;
            if (f !== 'extra') treatment.push(t);
            if (f === 'missing') continue;
            if (f === 'tampered') insured.push({ ...side, fund_fen: side.fund_fen + 1 });
            else if (f === 'later') insured.push({ ...side, at: '2026-06-01 00:00:01' });
            else if (f === 'parties') insured.push({ ...side, treatment_province: '370000' });
            else insured.push(side);
          }
        });
        expect(outcomeOfDigests(PERIOD, collect(treatment, insured))).toEqual(
          outcomeOf(PERIOD, treatment, insured),
        );
      }),
      { numRuns: 300 },
    );
  });
});
