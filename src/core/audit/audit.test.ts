// Each audit rule on a crafted bill: it fires with its figures, stays silent on the clean bill and at its threshold.
import { describe, expect, it } from 'vitest';
import { CatalogueIndex } from '../engine/catalogue-index.ts';
import type { CatalogueItem, FeeLine, Visit } from '../engine/model.ts';
import { auditBill, auditMemoParts, memoOf, refusalOf, reviewOf, untoldHits } from './audit.ts';
import type { AuditInput, AuditPerson, RuleId } from './model.ts';
import { type AuditSettings, NATIONAL_AUDIT_SETTINGS, validateAuditSettings } from './settings.ts';

const item = (
  over: Partial<CatalogueItem> & Pick<CatalogueItem, 'hilist_code' | 'hilist_name'>,
): CatalogueItem => ({
  province: '460000',
  list_type: '201',
  med_chrgitm_type: '05',
  chrgitm_lv: '01',
  selfpay_prop_bp: 0,
  pric_uplmt_fen: null,
  lmt_used_flag: '0',
  begndate: '2026-01-01',
  enddate: null,
  ...over,
});

const BED = item({
  hilist_code: 'BED',
  hilist_name: '床位费(三人间)',
  med_chrgitm_type: '01',
  pric_uplmt_fen: 10_000,
});
const ICU = item({ hilist_code: 'ICU', hilist_name: '重症监护床位费', med_chrgitm_type: '01' });
const AMOX = item({
  hilist_code: 'AMOX',
  hilist_name: '阿莫西林胶囊',
  list_type: '101',
  med_chrgitm_type: '09',
  chrgitm_lv: '02',
  selfpay_prop_bp: 1000,
  pric_uplmt_fen: 1250,
});
const ROUND = item({
  hilist_code: 'ROUND',
  hilist_name: '住院诊察费',
  med_chrgitm_type: '02',
  daily_once: true,
});
const NURSE = item({ hilist_code: 'NURSE', hilist_name: '一级护理', med_chrgitm_type: '07' });
const PSA = item({
  hilist_code: 'PSA',
  hilist_name: '前列腺特异性抗原测定',
  med_chrgitm_type: '04',
  gend_lmt: '1',
});
const NEONATE = item({ hilist_code: 'NEO', hilist_name: '新生儿护理', med_chrgitm_type: '07', age_max: 0 });
const ELDER = item({ hilist_code: 'ELD', hilist_name: '老年综合评估', med_chrgitm_type: '03', age_min: 65 });
const RESTRICTED = item({
  hilist_code: 'LMT',
  hilist_name: '注射用头孢哌酮钠舒巴坦钠',
  med_chrgitm_type: '09',
  lmt_used_flag: '1',
});
const OLD = item({
  hilist_code: 'OLD',
  hilist_name: '旧版检查',
  med_chrgitm_type: '03',
  enddate: '2026-03-31',
});
const LATER = item({
  hilist_code: 'OLD',
  hilist_name: '旧版检查',
  med_chrgitm_type: '03',
  begndate: '2026-06-01',
});
const NIFE = item({ hilist_code: 'NIFE', hilist_name: '硝苯地平缓释片', med_chrgitm_type: '09' });
const INSULIN = item({ hilist_code: 'INS', hilist_name: '胰岛素注射液', med_chrgitm_type: '09' });
const CATALOGUE = new CatalogueIndex([
  BED,
  ICU,
  AMOX,
  ROUND,
  NURSE,
  PSA,
  NEONATE,
  ELDER,
  RESTRICTED,
  OLD,
  LATER,
  NIFE,
  INSULIN,
]);

/** A line whose amount is cnt × pric exactly; cnt and pric as the HIS writes them. */
function line(
  sn: string,
  code: string,
  cnt: number,
  pric: number,
  time = '2026-05-10 09:00:00',
  appr = '0',
): FeeLine {
  const cnt_e4 = Math.round(cnt * 10_000);
  const pric_e6 = Math.round(pric * 1_000_000);
  return {
    feedetl_sn: sn,
    med_list_codg: code,
    amount_fen: Math.round((cnt_e4 * pric_e6) / 100_000_000),
    cnt_e4,
    pric_e6,
    fee_ocur_time: time,
    hosp_appr_flag: appr,
  };
}

const INPATIENT: Visit = {
  med_type: '21',
  hosp_lv: '3',
  begntime: '2026-05-10 08:00:00',
  endtime: '2026-05-13 10:00:00',
  dise_codg: 'I21.000',
};
const MAN: AuditPerson = { gend: '1', brdy: '1960-05-11' };

function bill(lines: FeeLine[], over: Partial<AuditInput> = {}): AuditInput {
  return { lines, visit: INPATIENT, now: '2026-05-13 10:00:00', person: MAN, catalogue: CATALOGUE, ...over };
}

const audit = (input: AuditInput, settings: AuditSettings = NATIONAL_AUDIT_SETTINGS) =>
  auditBill(input, settings);
const rulesOf = (input: AuditInput, settings?: AuditSettings): RuleId[] =>
  audit(input, settings).map((h) => h.rule);

function settingsFrom(doc: unknown): AuditSettings {
  const checked = validateAuditSettings(doc);
  if (!checked.ok) throw new Error(JSON.stringify(checked.problems));
  return checked.settings;
}

/** Three days' stay (05-10 to 05-13, 算入不算出), each item within every limit. */
const CLEAN = [
  line('1', 'BED', 3, 100),
  line('2', 'AMOX', 24, 12.5),
  line('3', 'ROUND', 1, 20, '2026-05-10 09:00:00'),
  line('4', 'ROUND', 1, 20, '2026-05-11 09:00:00'),
  line('5', 'PSA', 1, 60),
  line('6', 'ELD', 1, 80),
  line('7', 'LMT', 2, 45, '2026-05-11 10:00:00', '1'),
];

describe('auditBill', () => {
  it('finds nothing on a clean bill', () => {
    expect(audit(bill(CLEAN))).toEqual([]);
  });

  it('orders hits by line, then by rule, with severity and serial', () => {
    const hits = audit(bill([line('a', 'LMT', 1, 45), line('b', 'NOPE', 1, 1), line('c', 'AMOX', 1, 13)]));
    expect(hits.map((h) => [h.line_index, h.feedetl_sn, h.rule, h.severity])).toEqual([
      [0, 'a', 'restricted-not-approved', 'warning'],
      [1, 'b', 'not-in-catalogue', 'warning'],
      [2, 'c', 'price-over-cap', 'warning'],
    ]);
  });
});

describe('price-over-cap', () => {
  it('fires above the cap with both prices in yuan and the engine’s over-cap amount', () => {
    const [hit] = audit(bill([line('1', 'AMOX', 10, 12.8)]));
    expect(hit).toMatchObject({
      rule: 'price-over-cap',
      field: 'pric',
      explanation: '阿莫西林胶囊单价12.80元超过目录限价12.50元',
      data: { pric_e6: 12_800_000, pric_uplmt_fen: 1250, overlmt_fen: 300, amount_fen: 12_800 },
    });
  });

  it('is silent at the cap and fires a millionth of a yuan above it', () => {
    expect(rulesOf(bill([line('1', 'AMOX', 1, 12.5)]))).toEqual([]);
    const above: FeeLine = { ...line('1', 'AMOX', 1, 12.5), pric_e6: 12_500_001 };
    expect(audit(bill([above]))[0]?.explanation).toBe('阿莫西林胶囊单价12.500001元超过目录限价12.50元');
  });

  it('allows the province’s tolerance, exactly', () => {
    const settings = settingsFrom({ rules: { 'price-over-cap': { params: { tolerance: 0.1 } } } });
    expect(rulesOf(bill([line('1', 'AMOX', 1, 13.75)]), settings)).toEqual([]);
    expect(rulesOf(bill([line('1', 'AMOX', 1, 13.76)]), settings)).toEqual(['price-over-cap']);
  });

  it('does not judge a refund line', () => {
    expect(rulesOf(bill([line('1', 'AMOX', -1, 12.8)]))).toEqual([]);
  });
});

describe('quantity-over-max', () => {
  const settings = settingsFrom({
    rules: {
      'quantity-over-max': {
        params: { default_max_cnt: 100, by_chrgitm_type: { '09': 30 }, by_item: { AMOX: 48 } },
      },
    },
  });

  it('takes the item’s maximum over its type’s over the default, and is silent at it', () => {
    expect(rulesOf(bill([line('1', 'AMOX', 48, 1)]), settings)).toEqual([]);
    expect(audit(bill([line('1', 'AMOX', 48.5, 1)]), settings)[0]).toMatchObject({
      rule: 'quantity-over-max',
      field: 'cnt',
      explanation: '阿莫西林胶囊单条数量48.5超过上限48',
      data: { cnt_e4: 485_000, max_cnt_e4: 480_000 },
    });
    expect(rulesOf(bill([line('1', 'NIFE', 30, 1)]), settings)).toEqual([]);
    expect(rulesOf(bill([line('1', 'NIFE', 31, 1)]), settings)).toEqual(['quantity-over-max']);
    expect(rulesOf(bill([line('1', 'ELD', 101, 1)]), settings)).toEqual(['quantity-over-max']);
  });

  it('has no maximum by default', () => {
    expect(rulesOf(bill([line('1', 'ELD', 5000, 1)]))).toEqual([]);
  });
});

describe('bed-days-over-stay', () => {
  it('fires when bed-days pass the days of the stay (算入不算出), on the line that passes them', () => {
    const hits = audit(bill([line('1', 'BED', 2, 100), line('2', 'BED', 2, 100, '2026-05-12 09:00:00')]));
    expect(hits).toEqual([
      expect.objectContaining({
        rule: 'bed-days-over-stay',
        severity: 'review',
        line_index: 1,
        field: 'cnt',
        explanation: '床位费(三人间)累计4天超过住院天数3天（2026-05-10至2026-05-13）',
        data: { charged_cnt_e4: 40_000, stay_days: 3, limit_cnt_e4: 30_000, amount_fen: 20_000 },
      }),
    ]);
  });

  it('is silent at the days of the stay and counts the discharge day where the province does', () => {
    expect(rulesOf(bill([line('1', 'BED', 3, 100)]))).toEqual([]);
    const both = settingsFrom({ rules: { 'bed-days-over-stay': { params: { count_discharge_day: true } } } });
    expect(rulesOf(bill([line('1', 'BED', 4, 100)]), both)).toEqual([]);
    expect(rulesOf(bill([line('1', 'BED', 5, 100)]), both)).toEqual(['bed-days-over-stay']);
  });

  it('counts one day for a same-day stay and runs an open visit to now', () => {
    const sameDay = { ...INPATIENT, endtime: '2026-05-10 18:00:00' };
    expect(rulesOf(bill([line('1', 'BED', 1, 100)], { visit: sameDay }))).toEqual([]);
    const open = { ...INPATIENT, endtime: null };
    expect(rulesOf(bill([line('1', 'BED', 2, 100)], { visit: open, now: '2026-05-12 08:00:00' }))).toEqual(
      [],
    );
    expect(rulesOf(bill([line('1', 'BED', 3, 100)], { visit: open, now: '2026-05-12 08:00:00' }))).toEqual([
      'bed-days-over-stay',
    ]);
  });

  it('counts the visit’s earlier lines and nets out refunds', () => {
    const earlier = [line('e1', 'BED', 2, 100), line('e2', 'BED', -1, 100, '2026-05-11 12:00:00')];
    expect(rulesOf(bill([line('1', 'BED', 2, 100, '2026-05-12 09:00:00')], { earlier }))).toEqual([]);
    expect(rulesOf(bill([line('1', 'BED', 3, 100, '2026-05-12 09:00:00')], { earlier }))).toEqual([
      'bed-days-over-stay',
    ]);
  });

  it('adds up different bed items only when the province says per: all', () => {
    const lines = [line('1', 'BED', 2, 100), line('2', 'ICU', 2, 500, '2026-05-12 09:00:00')];
    expect(rulesOf(bill(lines))).toEqual([]);
    const all = settingsFrom({ rules: { 'bed-days-over-stay': { params: { per: 'all' } } } });
    expect(audit(bill(lines), all)[0]?.explanation).toBe(
      '床位费累计4天超过住院天数3天（2026-05-10至2026-05-13）',
    );
  });

  it('does not judge an outpatient visit', () => {
    const outpatient = { ...INPATIENT, med_type: '11' };
    expect(rulesOf(bill([line('1', 'BED', 9, 100)], { visit: outpatient }))).toEqual([]);
  });
});

describe('daily-repeat', () => {
  it('refuses a daily_once item charged twice on one day, naming the day', () => {
    const hits = audit(bill([line('1', 'ROUND', 1, 20), line('2', 'ROUND', 1, 20, '2026-05-10 15:00:00')]));
    expect(hits).toEqual([
      expect.objectContaining({
        rule: 'daily-repeat',
        severity: 'refuse',
        line_index: 1,
        explanation: '住院诊察费在2026-05-10收费2次，每日限1次',
      }),
    ]);
    expect(refusalOf(hits, 'input.feedetail')).toBe(
      'input.feedetail[1].cnt：住院诊察费在2026-05-10收费2次，每日限1次（审核规则daily-repeat）',
    );
  });

  it('is silent for once a day, for a charge reversed and made again, and for an item not flagged', () => {
    expect(
      rulesOf(bill([line('1', 'ROUND', 1, 20), line('2', 'ROUND', 1, 20, '2026-05-11 09:00:00')])),
    ).toEqual([]);
    const redo = [
      line('1', 'ROUND', 1, 20),
      line('2', 'ROUND', -1, 20, '2026-05-10 10:00:00'),
      line('3', 'ROUND', 1, 20, '2026-05-10 11:00:00'),
    ];
    expect(rulesOf(bill(redo))).toEqual([]);
    expect(rulesOf(bill([line('1', 'NURSE', 1, 30), line('2', 'NURSE', 1, 30)]))).toEqual([]);
  });

  it('takes items from the province’s list as well, against an earlier upload', () => {
    const settings = settingsFrom({ rules: { 'daily-repeat': { params: { items: ['NURSE'] } } } });
    const earlier = [line('e1', 'NURSE', 1, 30, '2026-05-10 08:30:00')];
    expect(rulesOf(bill([line('1', 'NURSE', 1, 30)], { earlier }), settings)).toEqual(['daily-repeat']);
  });
});

describe('gender-restricted and age-restricted', () => {
  it('fires for an item of the other gender, and passes an unknown gender', () => {
    const woman: AuditPerson = { gend: '2', brdy: '1960-05-11' };
    expect(audit(bill([line('1', 'PSA', 1, 60)], { person: woman }))[0]).toMatchObject({
      rule: 'gender-restricted',
      severity: 'review',
      field: 'med_list_codg',
      explanation: '前列腺特异性抗原测定限男性使用，患者性别为女',
    });
    expect(rulesOf(bill([line('1', 'PSA', 1, 60)], { person: { gend: '9', brdy: '1960-05-11' } }))).toEqual(
      [],
    );
  });

  it('counts the age on the day of the fee, both ends inclusive', () => {
    const turns65 = { gend: '1', brdy: '1961-05-11' };
    expect(
      audit(bill([line('1', 'ELD', 1, 80, '2026-05-10 09:00:00')], { person: turns65 }))[0]?.explanation,
    ).toBe('老年综合评估限65岁及以上使用，患者2026-05-10时64岁');
    expect(rulesOf(bill([line('1', 'ELD', 1, 80, '2026-05-11 09:00:00')], { person: turns65 }))).toEqual([]);
    const baby = { gend: '2', brdy: '2025-05-11' };
    expect(rulesOf(bill([line('1', 'NEO', 1, 30, '2026-05-10 09:00:00')], { person: baby }))).toEqual([]);
    expect(rulesOf(bill([line('1', 'NEO', 1, 30, '2026-05-11 09:00:00')], { person: baby }))).toEqual([
      'age-restricted',
    ]);
  });
});

describe('restricted-not-approved', () => {
  it('warns for a restricted drug without approval, also when approval was refused', () => {
    const hits = audit(bill([line('1', 'LMT', 2, 45), line('2', 'LMT', 2, 45, '2026-05-10 09:00:00', '2')]));
    expect(hits.map((h) => [h.rule, h.field, h.data])).toEqual([
      ['restricted-not-approved', 'hosp_appr_flag', { hosp_appr_flag: '0', amount_fen: 9000 }],
      ['restricted-not-approved', 'hosp_appr_flag', { hosp_appr_flag: '2', amount_fen: 9000 }],
    ]);
    expect(memoOf(hits.slice(0, 1))).toBe(
      '注射用头孢哌酮钠舒巴坦钠为限制使用项目，未经医院审批（hosp_appr_flag 0），全自费',
    );
  });
});

describe('not-in-catalogue and outside-version', () => {
  it('tells a code never listed from one listed on other days', () => {
    const hits = audit(bill([line('1', 'NOPE', 1, 5), line('2', 'OLD', 1, 50)]));
    expect(hits.map((h) => [h.rule, h.field, h.explanation])).toEqual([
      ['not-in-catalogue', 'med_list_codg', 'NOPE不在就医地目录中，按目录外全自费'],
      [
        'outside-version',
        'fee_ocur_time',
        '旧版检查在2026-05-10没有有效的目录版本（目录有效期2026-01-01至2026-03-31、2026-06-01至今），按目录外全自费',
      ],
    ]);
  });

  it('is silent on the last day of a version and the first day of the next', () => {
    expect(
      rulesOf(
        bill([line('1', 'OLD', 1, 50, '2026-03-31 23:59:59')], {
          visit: { ...INPATIENT, begntime: '2026-03-30 08:00:00' },
        }),
      ),
    ).toEqual([]);
    expect(
      rulesOf(
        bill([line('1', 'OLD', 1, 50, '2026-06-01 00:00:00')], {
          visit: { ...INPATIENT, endtime: '2026-06-02 08:00:00' },
        }),
      ),
    ).toEqual([]);
  });
});

describe('chronic-disease-item', () => {
  const settings = settingsFrom({
    rules: { 'chronic-disease-item': { params: { disease_items: { M03900: ['NIFE'], M01600: ['INS'] } } } },
  });
  const chronic: Visit = { ...INPATIENT, med_type: '14', endtime: '2026-05-10 10:00:00' };
  const hypertensive: AuditPerson = { gend: '1', brdy: '1960-05-11', opsp_dise_codes: ['M03900'] };

  it('refers an item outside the qualified disease for review', () => {
    const hits = audit(
      bill([line('1', 'NIFE', 30, 1), line('2', 'INS', 1, 50)], { visit: chronic, person: hypertensive }),
      settings,
    );
    expect(hits).toEqual([
      expect.objectContaining({
        rule: 'chronic-disease-item',
        severity: 'review',
        line_index: 1,
        explanation: '胰岛素注射液不属于患者门诊慢特病（高血压）的治疗范围',
      }),
    ]);
    expect(reviewOf(hits)).toHaveLength(1);
  });

  it('accepts the items of every qualified disease and the exempt consultation fees', () => {
    const both = { ...hypertensive, opsp_dise_codes: ['M03900', 'M01600'] };
    const lines = [line('1', 'NIFE', 30, 1), line('2', 'INS', 1, 50), line('3', 'ROUND', 1, 20)];
    expect(rulesOf(bill(lines, { visit: chronic, person: both }), settings)).toEqual([]);
  });

  it('judges neither another med_type nor a disease the settings do not list', () => {
    expect(rulesOf(bill([line('1', 'INS', 1, 50)], { person: hypertensive }), settings)).toEqual([]);
    const other = { ...hypertensive, opsp_dise_codes: ['M07800'] };
    expect(rulesOf(bill([line('1', 'INS', 1, 50)], { visit: chronic, person: other }), settings)).toEqual([]);
  });
});

describe('per-province settings', () => {
  const overBill = bill([line('1', 'AMOX', 10, 12.8), line('2', 'LMT', 1, 45)]);

  it('silences a rule switched off', () => {
    const off = settingsFrom({ rules: { 'price-over-cap': { enabled: false } } });
    expect(rulesOf(overBill, off)).toEqual(['restricted-not-approved']);
    const bothOff = settingsFrom({
      rules: { 'not-in-catalogue': { enabled: false }, 'outside-version': { enabled: true } },
    });
    expect(rulesOf(bill([line('1', 'NOPE', 1, 5), line('2', 'OLD', 1, 50)]), bothOff)).toEqual([
      'outside-version',
    ]);
  });

  it('takes a severity override: a refusal becomes the err_msg, warnings leave the memo', () => {
    const strict = settingsFrom({ rules: { 'price-over-cap': { severity: 'refuse' } } });
    const hits = audit(overBill, strict);
    expect(hits.map((h) => h.severity)).toEqual(['refuse', 'warning']);
    expect(refusalOf(hits)).toBe(
      'feedetail[0].pric：阿莫西林胶囊单价12.80元超过目录限价12.50元（审核规则price-over-cap）',
    );
    expect(memoOf(hits.filter((h) => h.line_index === 0))).toBe('');
    expect(refusalOf(audit(overBill))).toBeUndefined();
  });

  it('joins a line’s warnings for result[].memo', () => {
    const twoWarnings = audit(
      bill([line('1', 'LMT', 1, 45, '2026-05-10 09:00:00'), line('2', 'AMOX', 1, 13)]),
    );
    expect(
      memoOf(
        [...twoWarnings, { ...twoWarnings[1]!, explanation: '另一条' }].filter((h) => h.line_index === 1),
      ),
    ).toBe('阿莫西林胶囊单价13.00元超过目录限价12.50元；另一条');
  });
});

describe('at settlement', () => {
  const strict = settingsFrom({ rules: { 'price-over-cap': { severity: 'refuse' } } });

  it('names the refused line by its feedetl_sn, since the settlement sent no list to index', () => {
    const hits = audit(bill([line('A1', 'BED', 1, 100), line('A2', 'AMOX', 10, 12.8)]), strict);
    expect(refusalOf(hits, 'feedetail', 'serial')).toBe(
      'feedetail[feedetl_sn=A2].pric：阿莫西林胶囊单价12.80元超过目录限价12.50元（审核规则price-over-cap）',
    );
  });

  it('keeps only the warnings and reviews the upload’s memo did not tell', () => {
    const review = settingsFrom({ rules: { 'restricted-not-approved': { severity: 'review' } } });
    const lines = [line('1', 'AMOX', 10, 12.8), line('2', 'LMT', 1, 45), line('3', 'AMOX', 1, 13)];
    const hits = audit(bill(lines), review);
    const memos = [
      `单价超过限价12.50；${auditMemoParts(hits.filter((h) => h.line_index === 0)).join('；')}`,
      auditMemoParts(hits.filter((h) => h.line_index === 1)).join('；'),
      null,
    ];
    expect(memos[1]).toBe(
      '注射用头孢哌酮钠舒巴坦钠为限制使用项目，未经医院审批（hosp_appr_flag 0），全自费（已转人工复核）',
    );
    expect(untoldHits(hits, (i) => memos[i])).toEqual([hits[2]]);
    // The same finding told as a warning is now a review: it goes to the queue.
    const told = [null, hits[1]!.explanation, null];
    expect(untoldHits(hits, (i) => told[i]).map((h) => h.feedetl_sn)).toEqual(['1', '2', '3']);
    // A refusal is never recorded.
    expect(untoldHits(audit(bill(lines), strict), () => null).map((h) => h.severity)).not.toContain('refuse');
  });
});
