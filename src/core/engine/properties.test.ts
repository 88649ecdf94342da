// Property tests of settlement.md's Invariants over random valid policies, catalogues, bills and accumulators.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CatalogueRow, LayerDoc, PolicyDoc, Selector } from '../dataset/schema.ts';
import { toCatalogueItem, validateDataset } from '../dataset/validate.ts';
import { CatalogueIndex } from './catalogue-index.ts';
import { type DecisionInput, decideBenefits, effectiveFiling, revertAccumulators } from './decide.ts';
import { splitBill } from './line-split.ts';
import type { Accumulators, BenefitDecision, BillTotals, FeeLine, Visit } from './model.ts';
import { setldetail, setlinfo } from './national-shapes.ts';
import { compilePolicy } from './policy.ts';
import { SettlementRefused } from './problems.ts';

/** Fixed for reproducible runs; FC_SEED=<n> explores another corner. A failure prints its seed and counterexample. */
const SEED = Number(process.env.FC_SEED ?? 20_260_512);
const run = <Ts extends [unknown, ...unknown[]]>(property: fc.IRawProperty<Ts>, numRuns: number) =>
  fc.assert(property, { seed: SEED, numRuns });

const ADMDVS = '130100';
const PROVINCE = '460000';
const SETL_TIME = '2026-05-12 10:30:00';
const MED_TYPES = ['21', '24', '11', '14'] as const;
const FUND_PAY_TYPES = [
  '310100',
  '390100',
  '330100',
  '390200',
  '320100',
  '610100',
  '370100',
  '340100',
  '999997',
];
const CODES = ['C0', 'C1', 'C2', 'C3', 'C4'] as const;

// ── policies ─────────────────────────────────────────────────────────────────────────────────────────────

/** Yuan as JSON numbers with at most 2 decimals (n / 100 prints as exactly those decimals). */
const yuan = (maxFen: number) => fc.integer({ min: 0, max: maxFen }).map((fen) => fen / 100);
/** A ratio 0–1 with at most 4 decimals. */
const ratio = fc.integer({ min: 0, max: 10_000 }).map((bp) => bp / 10_000);

const selector: fc.Arbitrary<Selector> = fc.oneof(
  fc.boolean().map((cvlserv) => ({ cvlserv })),
  fc.constantFrom('1' as const, '2' as const, '3' as const).map((hosp_lv) => ({ hosp_lv })),
  fc.constant<Selector>({ psn_type: '12' }),
  fc.constant<Selector>({ filing: ['21', '22', '23'] }),
  fc.integer({ min: 1, max: 4 }).map((admission_min) => ({ admission_min })),
  fc.constant<Selector>({ admission_max: 1 }),
  fc.constant<Selector>({ age_min: 60 }),
  fc.constant<Selector>({ idet: ['2301'] }),
  fc.constant<Selector>({ med_type: ['21', '24'] }),
  fc.constant<Selector>({ dise_codg: ['C34.900'] }),
);

/** 1–3 bands with ascending upto; the last one open or not. */
const ladder = fc
  .tuple(
    fc.uniqueArray(fc.integer({ min: 1, max: 3_000_000 }), { minLength: 0, maxLength: 2 }),
    fc.boolean(),
    fc.array(ratio, { minLength: 3, maxLength: 3 }),
  )
  .map(([uptos, open, props]) => {
    const bands: { upto: number | null; prop: number }[] = [...uptos]
      .sort((a, b) => a - b)
      .map((upto, i) => ({ upto: upto / 100, prop: props[i]! }));
    if (open || bands.length === 0) bands.push({ upto: null, prop: props[bands.length]! });
    return bands;
  });

const bands: fc.Arbitrary<LayerDoc['bands']> = fc.record({
  over: fc.constantFrom('settlement' as const, 'year' as const),
  rules: fc.oneof(
    { weight: 3, arbitrary: ladder.map((l) => [{ ladder: l }]) },
    {
      weight: 2,
      arbitrary: fc
        .tuple(selector, ladder, ladder)
        .map(([when, a, b]) => [{ when, ladder: a }, { ladder: b }]),
    },
    // May match nothing: the layer then pays 0.
    { weight: 1, arbitrary: fc.tuple(selector, ladder).map(([when, l]) => [{ when, ladder: l }]) },
  ),
});

const deductible: fc.Arbitrary<NonNullable<LayerDoc['deductible']>> = fc.record({
  per: fc.constantFrom('settlement' as const, 'year' as const),
  rules: fc.oneof(
    yuan(100_000).map((amount) => [{ amount }]),
    fc
      .tuple(selector, yuan(100_000), yuan(100_000))
      .map(([when, a, b]) => [{ when, amount: a }, { amount: b }]),
  ),
});

/**
 * Layer `index`: the first works on inscp; each later one either on the over-cap amount of the layer just before
 * (so no over-cap amount is claimed twice) or on what the earlier layers left of inscp.
 */
const layerAt = (index: number): fc.Arbitrary<LayerDoc> =>
  fc
    .record({
      fund_pay_type: fc.constantFrom(...FUND_PAY_TYPES),
      overCap: index === 0 ? fc.constant(false) : fc.boolean(),
      namesOf: fc.boolean(),
      when: index === 0 ? fc.constant(undefined) : fc.option(selector, { nil: undefined, freq: 2 }),
      offsite: fc.option(fc.boolean(), { nil: undefined }),
      deductible: fc.option(deductible, { nil: undefined }),
      bands,
      cap: fc.option(
        yuan(500_000).map((amount) => ({ amount })),
        { nil: undefined },
      ),
    })
    .map((r) => {
      const layer: LayerDoc = {
        id: `L${index}`,
        fund_pay_type: r.fund_pay_type,
        basis: index === 0 ? 'inscp' : r.overCap ? 'over_cap' : 'inscp_self',
        bands: r.bands,
      };
      // `of` left out names the first layer.
      if (r.overCap && (index > 1 || r.namesOf)) layer.of = `L${index - 1}`;
      if (r.when) layer.when = r.when;
      if (r.offsite !== undefined) layer.offsite = r.offsite;
      if (r.deductible) layer.deductible = r.deductible;
      if (r.cap) layer.cap = r.cap;
      return layer;
    });

const adjustment = fc.oneof(
  ratio.map((minus) => ({ minus })),
  ratio.map((times) => ({ times })),
);

const policy: fc.Arbitrary<PolicyDoc> = fc
  .record({
    layers: fc
      .integer({ min: 1, max: 4 })
      .chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => layerAt(i)))),
    offsite: fc.record(
      { '11': adjustment, '21': adjustment, '22': adjustment, '23': adjustment },
      { requiredKeys: [] },
    ),
    covers: fc.option(fc.constantFrom('psn_part' as const, 'inscp_part' as const), { nil: undefined }),
  })
  .map(({ layers, offsite, covers }) => ({
    admdvs: ADMDVS,
    insutype: '310' as const,
    name: '随机政策',
    begndate: '2026-01-01',
    enddate: null,
    // fc.record leaves the keys it does not draw out (never undefined).
    offsite: offsite as PolicyDoc['offsite'],
    benefits: [
      {
        name: '全部',
        med_types: [...MED_TYPES],
        ...(covers ? { account: { covers } } : {}),
        layers,
      },
    ],
  }));

// ── catalogue and bill ───────────────────────────────────────────────────────────────────────────────────

const catalogueVersion = fc.record({
  // Mostly 甲/乙类, both spellings; 丙类 now and then.
  chrgitm_lv: fc.constantFrom(
    ...([
      '01',
      '01',
      '01',
      '02',
      '02',
      '02',
      '1',
      '2',
      '03',
      '3',
    ] as const satisfies readonly CatalogueRow['chrgitm_lv'][]),
  ),
  selfpay_prop: fc.option(ratio, { nil: undefined }),
  pric_uplmt_amt: fc.option(yuan(50_000), { nil: null }),
  lmt_used_flag: fc.constantFrom('0' as const, '0' as const, '1' as const),
});

/** Each code in one version, or in two that change on 2026-05-08. */
const catalogue: fc.Arbitrary<CatalogueRow[]> = fc
  .tuple(...CODES.map(() => fc.tuple(catalogueVersion, fc.option(catalogueVersion, { nil: undefined }))))
  .map((perCode) =>
    perCode.flatMap(([first, second], i) => {
      const row = (v: typeof first, begndate: string, enddate: string | null): CatalogueRow => {
        const r: CatalogueRow = {
          hilist_code: CODES[i]!,
          hilist_name: `项目${i}`,
          list_type: '201',
          med_chrgitm_type: '05',
          chrgitm_lv: v.chrgitm_lv,
          pric_uplmt_amt: v.pric_uplmt_amt,
          lmt_used_flag: v.lmt_used_flag,
          begndate,
          enddate,
        };
        if (v.selfpay_prop !== undefined) r.selfpay_prop = v.selfpay_prop;
        return r;
      };
      return second
        ? [row(first, '2026-01-01', '2026-05-07'), row(second, '2026-05-08', null)]
        : [row(first, '2026-01-01', null)];
    }),
  );

/** A charge and, sometimes, its full refund at the same time (so no part of the visit turns negative). */
const charge = fc.record({
  code: fc.constantFrom(...CODES, ...CODES, 'MISSING'),
  cnt_e4: fc.integer({ min: 1, max: 200_000 }),
  pric_e6: fc.oneof(
    fc.integer({ min: 1, max: 100_000 }).map((fen) => fen * 10_000),
    fc.integer({ min: 1, max: 1_000_000_000 }),
  ),
  day: fc.integer({ min: 3, max: 12 }),
  hosp_appr_flag: fc.constantFrom('0', '1', '2'),
  refunded: fc.integer({ min: 0, max: 4 }).map((n) => n === 0),
});

const bill: fc.Arbitrary<FeeLine[]> = fc.array(charge, { minLength: 1, maxLength: 6 }).map((charges) => {
  const lines: FeeLine[] = [];
  for (const c of charges) {
    // Within half a fen of cnt × pric (the product stays below 2^53).
    const amount_fen = Math.round((c.cnt_e4 * c.pric_e6) / 100_000_000);
    const line: FeeLine = {
      feedetl_sn: String(lines.length + 1),
      med_list_codg: c.code,
      amount_fen,
      cnt_e4: c.cnt_e4,
      pric_e6: c.pric_e6,
      fee_ocur_time: `2026-05-${String(c.day).padStart(2, '0')} 09:00:00`,
      hosp_appr_flag: c.hosp_appr_flag,
    };
    lines.push(line);
    if (c.refunded)
      // (0 − x, never −0: parsed input has no negative zero.)
      lines.push({
        ...line,
        feedetl_sn: String(lines.length + 1),
        amount_fen: 0 - amount_fen,
        cnt_e4: -c.cnt_e4,
      });
  }
  return lines;
});

// ── the person, the visit and the accumulators ───────────────────────────────────────────────────────────

const situation = fc.record({
  med_type: fc.constantFrom(...MED_TYPES),
  hosp_lv: fc.constantFrom('0', '1', '2', '3'),
  open: fc.boolean(),
  dise_codg: fc.constantFrom('C34.900', 'I63.900', null),
  psn_type: fc.constantFrom('1101', '1201', '1202', '1501'),
  brdy: fc.constantFrom('1950-05-12', '1966-05-13', '1990-01-01'),
  cvlserv_flag: fc.constantFrom('0', '1'),
  acct_balc_fen: fc.integer({ min: 0, max: 1_000_000 }),
  idet: fc.boolean(),
  filing: fc.constantFrom(null, '11', '12', '13', '21', '22', '23'),
  acct_used: fc.boolean(),
});

/** Counters of the policy's layers, some absent; a capped layer's paid counter within its cap. */
const accumulatorsFor = (doc: PolicyDoc): fc.Arbitrary<Accumulators> => {
  const layers = doc.benefits[0]!.layers;
  const counter = (max: number) => fc.option(fc.integer({ min: 0, max }), { nil: undefined, freq: 2 });
  return fc
    .record({
      year: fc.constantFrom(2026, 2026, 2026, 2025),
      admissions: fc.integer({ min: 0, max: 4 }),
      values: fc.tuple(
        ...layers.map((l) =>
          fc.tuple(
            counter(l.cap ? Math.round(Number(l.cap.amount) * 100) : 5_000_000),
            counter(5_000_000),
            counter(500_000),
          ),
        ),
      ),
      other: counter(1_000_000),
    })
    .map(({ year, admissions, values, other }) => {
      const counters: Record<string, number> = {};
      values.forEach(([paid, eligible, dedc], i) => {
        if (paid !== undefined) counters[`L${i}.paid`] = paid;
        if (eligible !== undefined) counters[`L${i}.eligible`] = eligible;
        if (dedc !== undefined) counters[`L${i}.dedc`] = dedc;
      });
      // A counter of no layer here: carried through untouched.
      if (other !== undefined) counters['elsewhere.paid'] = other;
      return { year, admissions, counters };
    });
};

const world = policy.chain((doc) =>
  fc.record({
    doc: fc.constant(doc),
    catalogue,
    lines: bill,
    situation,
    accumulators: accumulatorsFor(doc),
  }),
);
type World = typeof world extends fc.Arbitrary<infer T> ? T : never;

// ── running the engine ───────────────────────────────────────────────────────────────────────────────────

/** Validates the generated files as the dataset loader would: a generator that makes invalid ones is broken. */
function checked(w: World) {
  const result = validateDataset({
    policies: { [`${w.doc.admdvs}-${w.doc.insutype}`]: w.doc },
    catalogues: { [PROVINCE]: w.catalogue },
  });
  if (!result.ok) throw new Error(`generated an invalid dataset:\n${result.problems.join('\n')}`);
  return {
    policy: compilePolicy(w.doc),
    index: new CatalogueIndex(w.catalogue.map((row) => toCatalogueItem(PROVINCE, row))),
  };
}

function settle(w: World) {
  const { policy, index } = checked(w);
  const s = w.situation;
  const visit: Visit = {
    med_type: s.med_type,
    hosp_lv: s.hosp_lv,
    begntime: '2026-05-03 09:00:00',
    endtime: s.open ? null : '2026-05-12 10:00:00',
    dise_codg: s.dise_codg,
  };
  const { splits, totals } = splitBill(w.lines, index, visit, SETL_TIME);
  const input: DecisionInput = {
    policy,
    totals,
    visit,
    insured: {
      psn_type: s.psn_type,
      brdy: s.brdy,
      cvlserv_flag: s.cvlserv_flag,
      acct_balc_fen: s.acct_balc_fen,
      idet: s.idet ? [{ psn_idet_type: '2301', begntime: '2026-01-01 00:00:00', endtime: null }] : [],
    },
    dcla_type: effectiveFiling(s.filing, s.med_type),
    accumulators: w.accumulators,
    acct_used: s.acct_used,
    setl_time: SETL_TIME,
  };
  return { splits, totals, input, decision: decideBenefits(input) };
}

/** setlinfo's yuan back to fen, exactly (two decimals). */
const fen = (yuan: number) => Math.round(yuan * 100);

function expectInvariants(totals: BillTotals, d: BenefitDecision, w: World): void {
  // medfee = fulamt + overlmt + preselfpay + inscp; = fund + psn_part + hosp_part; psn_part = acct + cash.
  expect(totals.medfee_fen).toBe(
    totals.fulamt_ownpay_fen + totals.overlmt_fen + totals.preselfpay_fen + totals.inscp_fen,
  );
  expect(totals.medfee_fen).toBe(d.fund_pay_fen + d.psn_part_fen + d.hosp_part_fen);
  const acct = d.account?.paid_fen ?? 0;
  expect(d.psn_part_fen).toBe(acct + d.psn_cash_fen);
  // Nothing negative.
  for (const [name, value] of Object.entries({
    ...totals,
    fund: d.fund_pay_fen,
    psn_part: d.psn_part_fen,
    hosp_part: d.hosp_part_fen,
    acct,
    psn_cash: d.psn_cash_fen,
    balc: d.balance_after_fen,
    dedc: d.act_pay_dedc_fen,
    pool_prop: d.pool_prop_bp,
  }))
    expect(value, name).toBeGreaterThanOrEqual(0);
  expect(acct).toBeLessThanOrEqual(w.situation.acct_balc_fen);
  // The fund is the layers' sum, and the fund types in setlinfo add up to it.
  expect(d.fund_pay_fen).toBe(d.layers.reduce((sum, l) => sum + l.paid_fen, 0));
  const info = setlinfo(totals, d);
  const byType = [
    'hifp_pay',
    'hifob_pay',
    'hifmi_pay',
    'cvlserv_pay',
    'maf_pay',
    'hifes_pay',
    'oth_pay',
  ] as const;
  expect(byType.reduce((sum, k) => sum + fen(info[k]), 0)).toBe(d.fund_pay_fen);
  expect(setldetail(d).some((r) => r.fund_pay_type === '310200')).toBe(acct > 0);

  // No layer pays more than its basis or its cap room; a capped layer's paid counter stays within the cap.
  const before = w.accumulators.year === 2026 ? w.accumulators.counters : {};
  const docLayers = w.doc.benefits[0]!.layers;
  for (const payment of d.layers) {
    const doc = docLayers.find((l) => l.id === payment.id)!;
    expect(payment.paid_fen, payment.id).toBeGreaterThanOrEqual(0);
    expect(payment.paid_fen, payment.id).toBeLessThanOrEqual(payment.basis_fen);
    expect(payment.over_cap_fen, payment.id).toBeGreaterThanOrEqual(0);
    expect(payment.paid_fen + payment.over_cap_fen, payment.id).toBeLessThanOrEqual(payment.basis_fen);
    if (doc.cap) {
      const cap = fen(Number(doc.cap.amount));
      const room = Math.max(cap - (before[`${payment.id}.paid`] ?? 0), 0);
      expect(payment.limit_fen, payment.id).toBe(room);
      expect(payment.paid_fen, payment.id).toBeLessThanOrEqual(room);
      expect(d.accumulators.counters[`${payment.id}.paid`], payment.id).toBeLessThanOrEqual(cap);
    } else {
      expect(payment.over_cap_fen, payment.id).toBe(0);
      expect(payment.limit_fen, payment.id).toBe(payment.paid_fen);
    }
  }
  // Only layers that ran have counters of their own, and every earlier counter is carried through.
  const ran = new Set(d.layers.map((l) => l.id));
  for (const name of Object.keys(d.delta.counters)) expect(ran.has(name.split('.')[0]!), name).toBe(true);
  for (const [name, value] of Object.entries(before))
    if (!(name in d.delta.counters)) expect(d.accumulators.counters[name], name).toBe(value);
  expect(d.accumulators.admissions - (w.accumulators.year === 2026 ? w.accumulators.admissions : 0)).toBe(
    ['21', '24'].includes(w.situation.med_type) ? 1 : 0,
  );
}

describe('settlement invariants over random policies, catalogues, bills and accumulators', () => {
  it('every line and the visit add up; no amount is negative; no layer exceeds its basis or cap room', () => {
    run(
      fc.property(world, (w) => {
        const { splits, totals, decision } = settle(w);
        splits.forEach((s, i) => {
          expect(s.fulamt_ownpay_fen + s.overlmt_fen + s.preselfpay_fen + s.inscp_fen).toBe(
            s.line.amount_fen,
          );
          // A refund (right after its charge) is split as the exact negation of the charge: symmetric rounding.
          if (s.line.cnt_e4 < 0) {
            const c = splits[i - 1]!;
            expect([s.fulamt_ownpay_fen, s.overlmt_fen, s.preselfpay_fen, s.inscp_fen]).toEqual(
              [c.fulamt_ownpay_fen, c.overlmt_fen, c.preselfpay_fen, c.inscp_fen].map((x) => 0 - x),
            );
          }
        });
        expectInvariants(totals, decision, w);
      }),
      500,
    );
  });

  it('computing twice (a pre-settlement) gives the same result and leaves the inputs as they were', () => {
    run(
      fc.property(world, (w) => {
        const snapshot = structuredClone(w);
        const first = settle(w);
        const second = settle(w);
        expect(second.decision).toEqual(first.decision);
        expect(second.splits).toEqual(first.splits);
        expect(w).toEqual(snapshot);
      }),
      200,
    );
  });

  it('reverting the delta restores the accumulators exactly (counters absent count as 0)', () => {
    run(
      fc.property(world, (w) => {
        const { decision } = settle(w);
        const reverted = revertAccumulators(decision.accumulators, decision.delta);
        const before =
          w.accumulators.year === 2026 ? w.accumulators : { year: 2026, admissions: 0, counters: {} };
        expect(reverted.year).toBe(before.year);
        expect(reverted.admissions).toBe(before.admissions);
        const names = new Set([...Object.keys(reverted.counters), ...Object.keys(before.counters)]);
        for (const name of names)
          expect(reverted.counters[name] ?? 0, name).toBe(
            (before.counters as Record<string, number>)[name] ?? 0,
          );
      }),
      300,
    );
  });

  it('a bigger in-scope amount never lowers what the basic layer pays when it has no cap', () => {
    run(
      fc.property(
        world,
        fc.integer({ min: 0, max: 5_000_000 }),
        fc.integer({ min: 0, max: 5_000_000 }),
        (w, inscp, more) => {
          const layers = w.doc.benefits[0]!.layers;
          const { cap: _cap, ...uncapped } = layers[0]!;
          const doc: PolicyDoc = {
            ...w.doc,
            benefits: [{ ...w.doc.benefits[0]!, layers: [uncapped, ...layers.slice(1)] }],
          };
          const { input } = settle({ ...w, doc });
          const at = (inscp_fen: number) => {
            const totals: BillTotals = {
              ...input.totals,
              medfee_fen: inscp_fen,
              inscp_fen,
              fulamt_ownpay_fen: 0,
              overlmt_fen: 0,
              preselfpay_fen: 0,
            };
            return decideBenefits({ ...input, totals }).layers[0]!.paid_fen;
          };
          expect(at(inscp + more)).toBeGreaterThanOrEqual(at(inscp));
        },
      ),
      300,
    );
  });
});

describe('the amount check of a fee line', () => {
  it('accepts a line exactly when |amount − cnt × pric| ≤ 0.01, also beyond 2^53 of its units', () => {
    const index = new CatalogueIndex([]);
    const visit: Visit = {
      med_type: '21',
      hosp_lv: '3',
      begntime: '2026-05-03 09:00:00',
      endtime: '2026-05-12 10:00:00',
      dise_codg: null,
    };
    run(
      fc.property(
        fc.integer({ min: -100_000_000, max: 100_000_000 }), // cnt up to ±10 000
        fc.oneof(fc.integer({ min: 0, max: 1_000_000 }), fc.integer({ min: 0, max: 1_000_000_000_000 })), // pric ×10⁶
        fc.integer({ min: -3, max: 3 }), // fen away from the nearest fen
        (cnt_e4, pric_e6, off) => {
          const product = BigInt(cnt_e4) * BigInt(pric_e6); // ×10⁻¹⁰ yuan
          const nearest = Number((product + (product < 0n ? -50_000_000n : 50_000_000n)) / 100_000_000n);
          const amount_fen = nearest + off;
          // Keep the signs of amount and cnt in agreement: only the amount check is under test.
          fc.pre(amount_fen === 0 || cnt_e4 === 0 || amount_fen > 0 === cnt_e4 > 0);
          const diff = BigInt(amount_fen) * 100_000_000n - product;
          const within = diff <= 100_000_000n && diff >= -100_000_000n;
          const line: FeeLine = {
            feedetl_sn: '1',
            med_list_codg: 'X',
            amount_fen: amount_fen === 0 ? 0 : amount_fen,
            cnt_e4,
            pric_e6,
            fee_ocur_time: '2026-05-05 09:00:00',
            hosp_appr_flag: '0',
          };
          let refused: SettlementRefused | undefined;
          try {
            splitBill([line], index, visit, SETL_TIME);
          } catch (error) {
            if (!(error instanceof SettlementRefused)) throw error;
            refused = error;
          }
          const amountProblem = refused?.problems.some((p) => p.path === 'feedetail[0].det_item_fee_sumamt');
          expect(amountProblem ?? false).toBe(!within);
        },
      ),
      500,
    );
  });
});
