// Small builders for engine tests: catalogue rows, fee lines, policies and one benefit decision, with defaults
// that stay out of the way (a 3rd-level hospital, an inpatient visit in May 2026, an employee of 40).
import type { CatalogueRow, LayerDoc, PolicyDoc } from '../../src/core/dataset/schema.ts';
import { toCatalogueItem, validateDataset } from '../../src/core/dataset/validate.ts';
import { CatalogueIndex } from '../../src/core/engine/catalogue-index.ts';
import { decideBenefits } from '../../src/core/engine/decide.ts';
import { readFeeLines } from '../../src/core/engine/fee-lines.ts';
import type {
  Accumulators,
  BenefitDecision,
  BillTotals,
  FeeLine,
  Insured,
  Visit,
} from '../../src/core/engine/model.ts';
import { type CompiledPolicy, compilePolicy } from '../../src/core/engine/policy.ts';

export const ADMDVS = '130100';
export const INSUTYPE = '310';
export const PROVINCE = '460000';
export const SETL_TIME = '2026-05-12 10:30:00';

export const VISIT: Visit = {
  med_type: '21',
  hosp_lv: '3',
  begntime: '2026-05-03 09:00:00',
  endtime: '2026-05-12 10:00:00',
  dise_codg: 'I63.900',
};

export const INSURED: Insured = {
  psn_type: '1101',
  brdy: '1986-01-15',
  cvlserv_flag: '0',
  acct_balc_fen: 0,
  idet: [],
};

// ── catalogue ────────────────────────────────────────────────────────────────────────────────────────────

/** A 甲类 service item valid all of 2026 unless told otherwise. */
export function catalogueRow(overrides: Partial<CatalogueRow> & { hilist_code: string }): CatalogueRow {
  return {
    hilist_name: `项目${overrides.hilist_code}`,
    list_type: '201',
    med_chrgitm_type: '05',
    chrgitm_lv: '01',
    lmt_used_flag: '0',
    begndate: '2026-01-01',
    enddate: null,
    ...overrides,
  };
}

/** A catalogue index of rows that the dataset validation accepts (it throws otherwise). */
export function catalogueOf(rows: readonly CatalogueRow[]): CatalogueIndex {
  const checked = validateDataset({ catalogues: { [PROVINCE]: rows } });
  if (!checked.ok) throw new Error(`test catalogue is invalid:\n${checked.problems.join('\n')}`);
  return new CatalogueIndex(rows.map((row) => toCatalogueItem(PROVINCE, row)));
}

// ── fee lines ────────────────────────────────────────────────────────────────────────────────────────────

export type FeeRow = Record<string, unknown>;

/** A 2301 feedetail row in yuan (numbers or strings as HIS send them). */
export function feeRow(
  sn: string | number,
  code: string,
  amount: number | string,
  cnt: number | string,
  pric: number | string,
  extra: FeeRow = {},
): FeeRow {
  return {
    feedetl_sn: String(sn),
    med_list_codg: code,
    det_item_fee_sumamt: amount,
    cnt,
    pric,
    fee_ocur_time: '2026-05-05 09:00:00',
    hosp_appr_flag: '0',
    ...extra,
  };
}

/** Reads rows the way the platform does; a row that does not parse is a broken test. */
export function feeLines(rows: readonly FeeRow[]): FeeLine[] {
  const read = readFeeLines(rows);
  if (read.problems.length > 0)
    throw new Error(`test fee lines do not parse:\n${read.problems.map((p) => `${p.path}: ${p.message}`)}`);
  return read.lines;
}

// ── policies ─────────────────────────────────────────────────────────────────────────────────────────────

type Ladder = LayerDoc['bands']['rules'][number]['ladder'];

/** `ladder([10000, 0.85], [null, 0.9])`: upto in yuan (null = no end) and prop. */
export const ladder = (...bands: readonly (readonly [number | null, number])[]): Ladder =>
  bands.map(([upto, prop]) => ({ upto, prop }));

/** A layer paying `prop` of its whole basis (no deductible, no cap) unless told otherwise. */
export function layer(overrides: Partial<LayerDoc> & { id: string }): LayerDoc {
  return {
    fund_pay_type: '310100',
    basis: 'inscp',
    bands: { over: 'settlement', rules: [{ ladder: ladder([null, 1]) }] },
    ...overrides,
  };
}

export interface PolicyOptions {
  readonly offsite?: PolicyDoc['offsite'];
  readonly med_types?: readonly string[];
  readonly covers?: 'psn_part' | 'inscp_part';
  /** Further benefits after the first one. */
  readonly more?: PolicyDoc['benefits'];
}

/** One benefit (住院, med_types 21/22/24/25/2101/52 unless told) with these layers. */
export function policyDoc(layers: readonly LayerDoc[], options: PolicyOptions = {}): PolicyDoc {
  return {
    admdvs: ADMDVS,
    insutype: INSUTYPE,
    name: '测试统筹区职工医保',
    begndate: '2026-01-01',
    enddate: null,
    ...(options.offsite ? { offsite: options.offsite } : {}),
    benefits: [
      {
        name: '住院',
        med_types: [...(options.med_types ?? ['21', '22', '24', '25', '2101', '52'])],
        ...(options.covers ? { account: { covers: options.covers } } : {}),
        layers: [...layers],
      },
      ...(options.more ?? []),
    ],
  };
}

/** Problems the dataset validation finds in a policy (empty when it is valid). */
export function policyProblems(doc: PolicyDoc): readonly string[] {
  const checked = validateDataset({ policies: { [`${doc.admdvs}-${doc.insutype}`]: doc } });
  return checked.ok ? [] : checked.problems;
}

/** Validates, then compiles; an invalid test policy throws with the validation problems. */
export function compiled(doc: PolicyDoc): CompiledPolicy {
  const problems = policyProblems(doc);
  if (problems.length > 0) throw new Error(`test policy is invalid:\n${problems.join('\n')}`);
  return compilePolicy(doc);
}

// ── decisions ────────────────────────────────────────────────────────────────────────────────────────────

/** Bill totals where everything is in scope unless the other parts are given; medfee is their sum. */
export function totals(parts: Partial<Omit<BillTotals, 'medfee_fen'>> & { inscp_fen: number }): BillTotals {
  const fulamt = parts.fulamt_ownpay_fen ?? 0;
  const overlmt = parts.overlmt_fen ?? 0;
  const preselfpay = parts.preselfpay_fen ?? 0;
  return {
    medfee_fen: fulamt + overlmt + preselfpay + parts.inscp_fen,
    fulamt_ownpay_fen: fulamt,
    overlmt_fen: overlmt,
    preselfpay_fen: preselfpay,
    inscp_fen: parts.inscp_fen,
  };
}

export interface DecideOptions {
  readonly policy: CompiledPolicy | PolicyDoc;
  /** In-scope amount in fen (all of the bill) unless `bill` is given. */
  readonly inscp_fen?: number;
  readonly bill?: BillTotals;
  readonly visit?: Partial<Visit>;
  readonly insured?: Partial<Insured>;
  readonly dcla_type?: string | null;
  readonly accumulators?: Accumulators;
  readonly counters?: Readonly<Record<string, number>>;
  readonly admissions?: number;
  readonly acct_used?: boolean;
  readonly setl_time?: string;
}

const isCompiled = (p: CompiledPolicy | PolicyDoc): p is CompiledPolicy => !('begndate' in p);

/** One decision of the insured side with the defaults above (a long-term 13 filing: nothing adjusted). */
export function decide(o: DecideOptions): BenefitDecision {
  const setl_time = o.setl_time ?? SETL_TIME;
  return decideBenefits({
    policy: isCompiled(o.policy) ? o.policy : compiled(o.policy),
    totals: o.bill ?? totals({ inscp_fen: o.inscp_fen ?? 0 }),
    visit: { ...VISIT, ...o.visit },
    insured: { ...INSURED, ...o.insured },
    dcla_type: o.dcla_type === undefined ? '13' : o.dcla_type,
    accumulators: o.accumulators ?? {
      year: Number(setl_time.slice(0, 4)),
      admissions: o.admissions ?? 0,
      counters: o.counters ?? {},
    },
    acct_used: o.acct_used ?? false,
    setl_time,
  });
}

/** The payment of the layer with this id, or undefined when it did not run. */
export const paidBy = (d: BenefitDecision, id: string): number | undefined =>
  d.layers.find((l) => l.id === id)?.paid_fen;
