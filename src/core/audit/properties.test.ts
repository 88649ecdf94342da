// Property: a bill generated within every limit of the catalogue, the stay and the settings has no audit hit.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CatalogueIndex } from '../engine/catalogue-index.ts';
import type { CatalogueItem, FeeLine, Visit } from '../engine/model.ts';
import { addDays, ageOn } from '../time.ts';
import { auditBill } from './audit.ts';
import type { AuditInput } from './model.ts';
import { validateAuditSettings } from './settings.ts';

/** Fixed for reproducible runs; FC_SEED=<n> explores another corner. */
const SEED = Number(process.env.FC_SEED ?? 20_261_202);
const CODES = ['C0', 'C1', 'C2', 'C3', 'C4', 'C5'] as const;
const ADMISSION_DAY = '2026-05-10';
const MAX_CNT = 5;

const restriction = fc.record({
  med_chrgitm_type: fc.constantFrom('01', '03', '05', '09'),
  cap_fen: fc.option(fc.integer({ min: 1, max: 100_000 }), { nil: null }),
  gend_lmt: fc.boolean(),
  below_age: fc.option(fc.integer({ min: 0, max: 40 }), { nil: undefined }),
  above_age: fc.option(fc.integer({ min: 0, max: 40 }), { nil: undefined }),
  daily_once: fc.boolean(),
  restricted: fc.boolean(),
});

const scenario = fc.record({
  gend: fc.constantFrom('1', '2'),
  brdy: fc.integer({ min: 0, max: 30_000 }).map((d) => addDays('1930-01-01', d)),
  stay_days: fc.integer({ min: 0, max: 12 }),
  chronic: fc.boolean(),
  open: fc.boolean(),
  tolerance_bp: fc.integer({ min: 0, max: 2000 }),
  items: fc.array(restriction, { minLength: CODES.length, maxLength: CODES.length }),
  lines: fc.array(
    fc.record({
      code: fc.integer({ min: 0, max: CODES.length - 1 }),
      day: fc.nat(),
      cnt_e4: fc.integer({ min: 1, max: MAX_CNT * 10_000 }),
      price_share: fc.integer({ min: 0, max: 10_000 }),
    }),
    { minLength: 1, maxLength: 30 },
  ),
});

type Scenario = typeof scenario extends fc.Arbitrary<infer T> ? T : never;

/** The scenario as a bill that keeps every limit: restrictions fit the person, counts fit the days. */
function cleanBill(s: Scenario): { input: AuditInput; doc: unknown } {
  const age = ageOn(s.brdy, ADMISSION_DAY);
  const items: CatalogueItem[] = s.items.map((r, i) => ({
    province: '460000',
    hilist_code: CODES[i]!,
    hilist_name: `项目${i}`,
    list_type: '201',
    med_chrgitm_type: r.med_chrgitm_type,
    chrgitm_lv: '01',
    selfpay_prop_bp: 0,
    pric_uplmt_fen: r.cap_fen,
    lmt_used_flag: r.restricted ? '1' : '0',
    begndate: '2026-01-01',
    enddate: null,
    ...(r.gend_lmt && { gend_lmt: s.gend as '1' | '2' }),
    // The stay is at most 12 days, so a range around the age on admission holds on every day of it but a birthday.
    ...(r.below_age !== undefined && { age_min: Math.max(0, age - 1 - r.below_age) }),
    ...(r.above_age !== undefined && { age_max: age + 1 + r.above_age }),
    daily_once: r.daily_once,
  }));
  const chargeableDays = Math.max(s.stay_days, 1);
  const seen = new Set<string>();
  const lines: FeeLine[] = [];
  for (const [n, l] of s.lines.entries()) {
    const item = items[l.code]!;
    const day = addDays(ADMISSION_DAY, l.day % chargeableDays);
    // Once-a-day items and bed-days: one unit on a day, once; the days are within the stay, so the count is too.
    const onePerDay = item.daily_once === true || item.med_chrgitm_type === '01';
    if (onePerDay && seen.has(`${item.hilist_code} ${day}`)) continue;
    seen.add(`${item.hilist_code} ${day}`);
    const cnt_e4 = onePerDay ? 10_000 : l.cnt_e4;
    const pric_e6 =
      item.pric_uplmt_fen === null
        ? 1_000_000
        : Math.floor((item.pric_uplmt_fen * 10_000 * l.price_share) / 10_000);
    lines.push({
      feedetl_sn: String(n),
      med_list_codg: item.hilist_code,
      amount_fen: Math.round((cnt_e4 * pric_e6) / 100_000_000),
      cnt_e4,
      pric_e6,
      fee_ocur_time: `${day} 12:00:00`,
      hosp_appr_flag: item.lmt_used_flag === '1' ? '1' : '0',
    });
  }
  const end = `${addDays(ADMISSION_DAY, s.stay_days)} 09:00:00`;
  const visit: Visit = {
    med_type: s.chronic ? '14' : '21',
    hosp_lv: '3',
    begntime: `${ADMISSION_DAY} 08:00:00`,
    endtime: s.open ? null : end,
    dise_codg: null,
  };
  const doc = {
    rules: {
      'price-over-cap': { params: { tolerance: s.tolerance_bp / 10_000 } },
      'quantity-over-max': { params: { default_max_cnt: MAX_CNT } },
      'chronic-disease-item': { params: { disease_items: { M03900: [...CODES] } } },
    },
  };
  return {
    input: {
      lines,
      visit,
      now: end,
      person: { gend: s.gend, brdy: s.brdy, opsp_dise_codes: ['M03900'] },
      catalogue: new CatalogueIndex(items),
    },
    doc,
  };
}

describe('auditBill on clean bills', () => {
  it('has no hit for a bill within every limit', () => {
    fc.assert(
      fc.property(scenario, (s) => {
        const { input, doc } = cleanBill(s);
        const checked = validateAuditSettings(doc);
        expect(checked.ok).toBe(true);
        if (!checked.ok) return;
        expect(auditBill(input, checked.settings)).toEqual([]);
      }),
      { seed: SEED, numRuns: 300 },
    );
  });

  it('finds the one line priced past the cap and its tolerance, and nothing else', () => {
    fc.assert(
      fc.property(scenario, (s) => {
        const { input, doc } = cleanBill(s);
        const checked = validateAuditSettings(doc);
        if (!checked.ok) return;
        const at = input.lines.findIndex(
          (l) => input.catalogue.findAt(l.med_list_codg, l.fee_ocur_time)!.pric_uplmt_fen !== null,
        );
        fc.pre(at >= 0);
        const line = input.lines[at]!;
        const cap_e6 =
          input.catalogue.findAt(line.med_list_codg, line.fee_ocur_time)!.pric_uplmt_fen! * 10_000;
        // The smallest price past cap × (1 + tolerance): ⌊cap × (10⁴ + tolerance) ÷ 10⁴⌋ + 1.
        const pric_e6 = Math.floor((cap_e6 * (10_000 + s.tolerance_bp)) / 10_000) + 1;
        const lines = input.lines.map((l, i) => (i === at ? { ...l, pric_e6 } : l));
        const hits = auditBill({ ...input, lines }, checked.settings);
        expect(hits.map((h) => [h.rule, h.line_index])).toEqual([['price-over-cap', at]]);
      }),
      { seed: SEED, numRuns: 200 },
    );
  });
});
