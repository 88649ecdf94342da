// Settlement engine benchmark: one whole inpatient settlement (splitBill + decideBenefits, as the platform runs it
// on each 2304) of a 50-line bill against a 2,000-item catalogue and a 4-layer policy, in fee lines per second on
// one core; against a baseline measured in the same run that does only the irreducible work (one Map lookup per
// line and a sum of the amounts). The last line printed is one JSON object.
// Run: npm run bench:engine [-- --rounds 5 --round-ms 1000]
import { createHash } from 'node:crypto';
import { checkPeriods, checkPolicy } from '../src/core/dataset/checks.ts';
import {
  CatalogueFileSchema,
  type CatalogueRow,
  type LayerDoc,
  type PolicyDoc,
  PolicySchema,
} from '../src/core/dataset/schema.ts';
import { checkSchema, toCatalogueItem } from '../src/core/dataset/validate.ts';
import { CatalogueIndex } from '../src/core/engine/catalogue-index.ts';
import { type DecisionInput, decideBenefits } from '../src/core/engine/decide.ts';
import { readFeeLines } from '../src/core/engine/fee-lines.ts';
import { splitBill } from '../src/core/engine/line-split.ts';
import type { CatalogueItem, FeeLine, Insured, Visit } from '../src/core/engine/model.ts';
import { compilePolicy } from '../src/core/engine/policy.ts';
import { divRound, formatYuan } from '../src/core/money.ts';
import { createRandom, type Random } from '../src/demo/random.ts';
import { LAOZHANG_POLICY } from '../src/demo/story.ts';

const option = (name: string, fallback: number): number => {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 ? Number(process.argv[at + 1]) || fallback : fallback;
};
const ROUNDS = option('rounds', 5);
const ROUND_MS = option('round-ms', 1000);
const WARM_UP_MS = option('warm-up-ms', 1000);
const CATALOGUE_CODES = 2_000;
const BILL_LINES = 50;
const SEED = 20_260_512;
const PROVINCE = '460000';

// ── Fixture ─────────────────────────────────────────────────────────────────────────────────────────────────

/** Codes billed on purpose, each exercising one rule of Step 1. */
const CODE = {
  /** 床位费, 甲类 with a price cap of 100 yuan: billed at 120 a day, so every bed line has an over-cap part. */
  bed: '001102000010000',
  /** 一级护理, 甲类 without a cap. */
  nursing: '001202000010000',
  /** 经皮冠状动脉支架置入术. */
  stent: '003312000030000',
  /** 乙类 drug whose selfpay_prop changes mid-stay: two catalogue versions, both billed. */
  versioned: 'XC01EBN123A001010100001',
  /** 限制使用 乙类 drug: one line approved by the hospital, one not (whole line own-pay). */
  restricted: 'XJ01DHM045B002010200003',
  /** 丙类 consumable. */
  ownPay: 'C03010100100000000000000010',
  /** Not in the treatment province's catalogue. */
  unknown: 'XN02BEA999Z999999999999',
} as const;

const ATC = ['A02BC', 'B01AB', 'C01EB', 'C07AB', 'C09CA', 'J01CR', 'J01DD', 'N02BE', 'R05CB', 'L01XC'];
const SELFPAY_BP = [500, 1000, 1000, 1500, 2000, 3000];
const ratioText = (bp: number): string => (bp / 10_000).toString();
const yuanText = (fen: number): string => formatYuan(fen);

interface Kind {
  readonly share: number;
  readonly code: (r: Random, n: number) => string;
  readonly list_type: CatalogueRow['list_type'];
  readonly med_chrgitm_type: CatalogueRow['med_chrgitm_type'];
  readonly name: string;
  /** Shares of 甲 / 乙 / 丙. */
  readonly levels: readonly [number, number, number];
  /** Price range in fen for a cap. */
  readonly priceFen: readonly [number, number];
}

// Code shapes of the national lists (国家医保编码): drugs X + 22, services 15 digits, consumables C + 26, herbs T + 9.
const KINDS: readonly Kind[] = [
  {
    share: 0.45,
    code: (r) =>
      `X${r.pick(ATC)}${r.pick([...'ABCDEFGH'])}${r.digits(3)}${r.pick([...'ABCDE'])}${r.digits(12)}`,
    list_type: '101',
    med_chrgitm_type: '09',
    name: '西药',
    levels: [0.35, 0.5, 0.15],
    priceFen: [50, 300_000],
  },
  {
    share: 0.25,
    code: (_, n) => `00${String(11 + (n % 40))}000${String(n).padStart(4, '0')}0000`,
    list_type: '201',
    med_chrgitm_type: '05',
    name: '诊疗项目',
    levels: [0.6, 0.3, 0.1],
    priceFen: [500, 800_000],
  },
  {
    share: 0.15,
    code: (r) => `C${String(1 + r.int(0, 13)).padStart(2, '0')}${r.digits(24)}`,
    list_type: '301',
    med_chrgitm_type: '08',
    name: '医用耗材',
    levels: [0.3, 0.45, 0.25],
    priceFen: [100, 3_000_000],
  },
  {
    share: 0.15,
    code: (r, n) => `T${String(n).padStart(5, '0')}${r.digits(4)}`,
    list_type: '102',
    med_chrgitm_type: '10',
    name: '中药饮片',
    levels: [0.35, 0.6, 0.05],
    priceFen: [2, 500],
  },
];

function level(r: Random, shares: readonly [number, number, number]): '01' | '02' | '03' {
  return r.weighted([
    ['01', shares[0]],
    ['02', shares[1]],
    ['03', shares[2]],
  ] as const);
}

/** 2,000 codes: the anchors above, the rest drawn; every 97th code also has a second version from 2026-07-01. */
function catalogueRows(r: Random): CatalogueRow[] {
  const row = (
    hilist_code: string,
    hilist_name: string,
    list_type: CatalogueRow['list_type'],
    med_chrgitm_type: CatalogueRow['med_chrgitm_type'],
    chrgitm_lv: '01' | '02' | '03',
    selfpay_bp: number,
    capFen: number | null,
    restricted: boolean,
    begndate = '2026-01-01',
    enddate: string | null = null,
  ): CatalogueRow => ({
    hilist_code,
    hilist_name,
    list_type,
    med_chrgitm_type,
    chrgitm_lv,
    selfpay_prop: ratioText(selfpay_bp),
    pric_uplmt_amt: capFen === null ? null : yuanText(capFen),
    lmt_used_flag: restricted ? '1' : '0',
    begndate,
    enddate,
  });
  const rows: CatalogueRow[] = [
    row(CODE.bed, '床位费(三人间)', '201', '01', '01', 0, 10_000, false),
    row(CODE.nursing, '一级护理', '201', '05', '01', 0, null, false),
    row(CODE.stent, '经皮冠状动脉支架置入术', '201', '06', '01', 0, null, false),
    row(CODE.versioned, '注射用某乙类药', '101', '09', '02', 1000, null, false, '2026-01-01', '2026-05-07'),
    row(CODE.versioned, '注射用某乙类药', '101', '09', '02', 2000, 9_000, false, '2026-05-08'),
    row(CODE.restricted, '某限制使用抗菌药', '101', '09', '02', 1500, null, true),
    row(CODE.ownPay, '某自费耗材', '301', '08', '03', 10_000, null, false),
  ];
  const taken = new Set(rows.map((x) => x.hilist_code));
  for (let n = 0; taken.size < CATALOGUE_CODES; n++) {
    const kind = r.weighted(KINDS.map((k) => [k, k.share] as const));
    const code = kind.code(r, n);
    if (taken.has(code)) continue;
    taken.add(code);
    const lv = level(r, kind.levels);
    const selfpay = lv === '01' ? 0 : lv === '03' ? 10_000 : r.pick(SELFPAY_BP);
    const capFen = r.chance(0.2)
      ? Math.round(kind.priceFen[0] + r.next() * (kind.priceFen[1] - kind.priceFen[0]))
      : null;
    const restricted = lv === '02' && r.chance(0.05);
    const name = `${kind.name}${n}`;
    if (n % 97 === 0) {
      rows.push(
        row(
          code,
          name,
          kind.list_type,
          kind.med_chrgitm_type,
          lv,
          selfpay,
          capFen,
          restricted,
          '2026-01-01',
          '2026-06-30',
        ),
      );
      rows.push(
        row(code, name, kind.list_type, kind.med_chrgitm_type, lv, selfpay, capFen, restricted, '2026-07-01'),
      );
    } else rows.push(row(code, name, kind.list_type, kind.med_chrgitm_type, lv, selfpay, capFen, restricted));
  }
  return rows;
}

/** 老张's 石家庄 policy (pool, 大额 over the pool's cap, 医疗救助) with a 大病-like layer on the rest: four layers. */
const SERIOUS_ILLNESS_LAYER: LayerDoc = {
  id: 'serious',
  fund_pay_type: '390200',
  basis: 'inscp_self',
  deductible: { per: 'year', rules: [{ when: { psn_type: '12' }, amount: 10000 }, { amount: 15000 }] },
  bands: {
    over: 'year',
    rules: [
      {
        ladder: [
          { upto: 100000, prop: 0.6 },
          { upto: 200000, prop: 0.7 },
          { upto: null, prop: 0.8 },
        ],
      },
    ],
  },
  cap: { amount: 400000 },
};
const [inpatient, ...otherBenefits] = LAOZHANG_POLICY.benefits;
const [pool, hifob, ...rest] = inpatient!.layers;
const POLICY: PolicyDoc = {
  ...LAOZHANG_POLICY,
  name: '石家庄市职工基本医疗保险（基准测试参数）',
  offsite: { '21': { minus: 0.1 }, '22': { minus: 0 }, '23': { times: 0.9 } },
  benefits: [{ ...inpatient!, layers: [pool!, hifob!, SERIOUS_ILLNESS_LAYER, ...rest] }, ...otherBenefits],
};

const VISIT: Visit = {
  med_type: '21',
  hosp_lv: '3',
  begntime: '2026-05-03 09:00:00',
  endtime: '2026-05-12 10:00:00',
  dise_codg: 'I21.000',
};
const SETL_TIME = '2026-05-12 10:30:00';

/** A feedetail row as HIS send it (yuan and decimals as text), with an amount within 0.01 of cnt × pric. */
function feeRow(sn: number, code: string, cntE4: number, pricE6: number, day: number, approved = false) {
  const amountFen = Number(divRound(BigInt(cntE4) * BigInt(pricE6), 100_000_000n));
  return {
    feedetl_sn: String(sn),
    med_list_codg: code,
    medins_list_codg: `HIS-${sn}`,
    det_item_fee_sumamt: yuanText(amountFen),
    cnt: (cntE4 / 10_000).toString(),
    pric: (pricE6 / 1_000_000).toString(),
    fee_ocur_time: `2026-05-${String(day).padStart(2, '0')} ${String(8 + (sn % 10)).padStart(2, '0')}:00:00`,
    hosp_appr_flag: approved ? '1' : '0',
  };
}

/** 50 lines over a 10-day stay: bed and nursing every day, the anchors, a refund, the rest drawn. */
function billRows(r: Random, rows: readonly CatalogueRow[]): Record<string, unknown>[] {
  const bill: Record<string, unknown>[] = [];
  const add = (code: string, cntE4: number, pricE6: number, day: number, approved = false) =>
    bill.push(feeRow(bill.length + 1, code, cntE4, pricE6, day, approved));
  for (let day = 3; day <= 11; day++) {
    add(CODE.bed, 10_000, 120_000_000, day);
    add(CODE.nursing, 10_000, 28_000_000, day);
  }
  add(CODE.stent, 10_000, 25_000_000_000, 4);
  add(CODE.versioned, 30_000, 85_123_456, 5); // 1st version: 10% selfpay
  add(CODE.versioned, 20_000, 95_500_000, 9); // 2nd version: 20% selfpay, cap 90 yuan
  add(CODE.restricted, 15_000, 42_500_000, 6, true);
  add(CODE.restricted, 5_000, 42_500_000, 7);
  add(CODE.ownPay, 20_000, 1_800_000_000, 4);
  add(CODE.unknown, 10_000, 66_660_000, 8);
  add(CODE.versioned, -10_000, 95_500_000, 10); // refund of one dose
  const drawn = rows.filter(
    (x) => !Object.values<string>(CODE).includes(x.hilist_code) && x.enddate === null,
  );
  while (bill.length < BILL_LINES) {
    const item = r.pick(drawn);
    const cntE4 = r.pick([10_000, 20_000, 5_000, 2_500, 120_000, 33_333]);
    const pricE6 = r.int(1, 2_000) * 1_000_000 + r.int(0, 999_999);
    add(item.hilist_code, cntE4, pricE6, r.int(3, 11));
  }
  return bill;
}

const INSURED: Insured = {
  psn_type: '1101',
  brdy: '1962-08-20',
  cvlserv_flag: '0',
  acct_balc_fen: 320_000,
  idet: [{ psn_idet_type: '2301', begntime: '2025-03-01 00:00:00', endtime: null }],
};

/** Second admission of the year, the pool close to its cap: every layer runs and the cap hand-over happens. */
const ACCUMULATORS = {
  year: 2026,
  admissions: 1,
  counters: {
    'pool.paid': 19_500_000,
    'pool.eligible': 23_000_000,
    'hifob.paid': 1_200_000,
    'hifob.eligible': 1_333_300,
    'serious.dedc': 1_200_000,
    'serious.eligible': 0,
    'serious.paid': 0,
    'maf.paid': 80_000,
    'maf.eligible': 200_000,
  },
};

function buildFixture() {
  const problems: string[] = [];
  const report = (path: string, message: string) => problems.push(`${path}: ${message}`);
  const rows = catalogueRows(createRandom(SEED, 'bench-catalogue'));
  if (checkSchema(CatalogueFileSchema, rows, 'catalogue', report))
    checkPeriods(rows, (row) => row.hilist_code, 'hilist_code', report, 'catalogue');
  if (checkSchema(PolicySchema, POLICY, 'policy', report)) checkPolicy(POLICY, 'policy', report);
  const fees = readFeeLines(billRows(createRandom(SEED, 'bench-bill'), rows));
  for (const p of fees.problems) report(p.path, p.message);
  if (problems.length > 0) throw new Error(`bench fixture is invalid:\n${problems.join('\n')}`);
  const items: CatalogueItem[] = rows.map((row) => toCatalogueItem(PROVINCE, row));
  return { items, catalogue: new CatalogueIndex(items), policy: compilePolicy(POLICY), lines: fees.lines };
}

// ── Timing ──────────────────────────────────────────────────────────────────────────────────────────────────

const fixture = buildFixture();
const { catalogue, policy, lines } = fixture;
const decisionInput = (totals: DecisionInput['totals']): DecisionInput => ({
  policy,
  totals,
  visit: VISIT,
  insured: INSURED,
  dcla_type: '23',
  accumulators: ACCUMULATORS,
  acct_used: true,
  setl_time: SETL_TIME,
});

/** The timed unit: one whole settlement. Returns a number that depends on the result (against dead code). */
function settle(bill: readonly FeeLine[]): number {
  const { splits, totals } = splitBill(bill, catalogue, VISIT, SETL_TIME);
  const decision = decideBenefits(decisionInput(totals));
  return decision.fund_pay_fen + decision.psn_cash_fen + splits.length + decision.layers.length;
}

/** The irreducible work: find each line's code in a Map, and add up the amounts. */
const byCode = new Map(fixture.items.map((item) => [item.hilist_code, item]));
function baseline(bill: readonly FeeLine[]): number {
  let sumFen = 0;
  let found = 0;
  for (let i = 0; i < bill.length; i++) {
    const line = bill[i]!;
    if (byCode.get(line.med_list_codg) !== undefined) found++;
    sumFen += line.amount_fen;
  }
  return sumFen + found;
}

interface Round {
  readonly perSecond: number;
  readonly checksum: number;
}

/** Runs `unit` in batches until `ms` have passed; settlements per second and the sum of what it returned. */
function timeRound(unit: (bill: readonly FeeLine[]) => number, ms: number): Round {
  // Batches keep the clock out of the measurement: reading it costs tens of ns, a baseline run about 500.
  const BATCH = 64;
  let checksum = 0;
  let runs = 0;
  const started = performance.now();
  let elapsedMs = 0;
  do {
    for (let i = 0; i < BATCH; i++) checksum += unit(lines);
    runs += BATCH;
    elapsedMs = performance.now() - started;
  } while (elapsedMs < ms);
  return { perSecond: (runs * 1000) / elapsedMs, checksum };
}

const median = (values: readonly number[]): number =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

/** A digest of one settlement's full result: it changes if any amount, memo or explanation changes. */
function resultDigest(): { digest: string; fund_fen: number; psn_cash_fen: number; layers: string } {
  const { splits, totals } = splitBill(lines, catalogue, VISIT, SETL_TIME);
  const decision = decideBenefits(decisionInput(totals));
  const digest = createHash('sha256')
    .update(JSON.stringify({ splits, totals, decision }))
    .digest('hex')
    .slice(0, 16);
  const layers = decision.layers.map((l) => `${l.id} ${formatYuan(l.paid_fen)}`).join(', ');
  return { digest, fund_fen: decision.fund_pay_fen, psn_cash_fen: decision.psn_cash_fen, layers };
}

const result = resultDigest();
console.log(
  `fixture: ${catalogue.size} catalogue codes (${fixture.items.length} versions), ${lines.length} fee lines, ` +
    `${policy.benefits[0]!.layers.length}-layer inpatient policy`,
);
console.log(
  `one settlement: fund ${formatYuan(result.fund_fen)} (${result.layers}), cash ${formatYuan(result.psn_cash_fen)}; ` +
    `result digest ${result.digest}`,
);

timeRound(settle, WARM_UP_MS);
timeRound(baseline, WARM_UP_MS);
const engineRounds: Round[] = [];
const baselineRounds: Round[] = [];
// Interleaved, so that a slower stretch of the machine weighs on both alike.
for (let round = 0; round < ROUNDS; round++) {
  engineRounds.push(timeRound(settle, ROUND_MS));
  baselineRounds.push(timeRound(baseline, ROUND_MS));
}
const linesPerSecond = (rounds: readonly Round[]) => median(rounds.map((r) => r.perSecond)) * lines.length;
const engineLinesPerS = linesPerSecond(engineRounds);
const baselineLinesPerS = linesPerSecond(baselineRounds);
const ratio = engineLinesPerS / baselineLinesPerS;
const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
const checksum = (rounds: readonly Round[]) => rounds.reduce((sum, r) => sum + r.checksum, 0);
console.log(
  `engine:   ${fmt(engineLinesPerS)} lines/s (${fmt(engineLinesPerS / lines.length)} settlements/s), ` +
    `rounds ${engineRounds.map((r) => fmt(r.perSecond * lines.length)).join(', ')}; checksum ${checksum(engineRounds)}`,
);
console.log(
  `baseline: ${fmt(baselineLinesPerS)} lines/s (one Map.get and a sum per line), ` +
    `rounds ${baselineRounds.map((r) => fmt(r.perSecond * lines.length)).join(', ')}; checksum ${checksum(baselineRounds)}`,
);
console.log(
  `ratio:    ${ratio.toFixed(3)} (${ROUNDS} rounds of ${ROUND_MS} ms, median; Node ${process.versions.node})`,
);
console.log(
  JSON.stringify({
    bench: 'engine',
    lines_per_s: Math.round(engineLinesPerS),
    baseline_lines_per_s: Math.round(baselineLinesPerS),
    ratio: Number(ratio.toFixed(4)),
  }),
);
