// `yidi calc`: one settlement from a case file, with the platform's own engine; no database, no clock.
import { checkCertno, checkPeriods, checkPolicy } from '../dataset/checks.ts';
import {
  CatalogueFileSchema,
  type CatalogueRow,
  FilingSchema,
  type PersonRow,
  PersonSchema,
  type PolicyDoc,
  PolicySchema,
} from '../dataset/schema.ts';
import { checkSchema, toCatalogueItem } from '../dataset/validate.ts';
import { CatalogueIndex } from '../engine/catalogue-index.ts';
import { decideBenefits, effectiveFiling } from '../engine/decide.ts';
import { readFeeLines } from '../engine/fee-lines.ts';
import { splitBill } from '../engine/line-split.ts';
import type { Accumulators, Visit } from '../engine/model.ts';
import { accumulatorsInYuan, resultRows, setldetail, setlinfo } from '../engine/national-shapes.ts';
import { compilePolicy } from '../engine/policy.ts';
import { SettlementRefused } from '../engine/problems.ts';
import { parseYuan } from '../money.ts';
import {
  AcctUsedFlagSchema,
  CASE_FIELDS,
  CaseAccumulatorsSchema,
  CaseVisitSchema,
  SetlTimeSchema,
} from './case-schema.ts';

export type CalcResult =
  | { readonly ok: true; readonly output: CalcOutput }
  | { readonly ok: false; readonly problems: readonly string[] };
export type CalcOutput = ReturnType<typeof buildOutput>;

const fen = (value: unknown): number => {
  const parsed = parseYuan(value);
  return parsed.ok ? parsed.value : 0;
};

/** Computes one settlement; every problem with the case is a line `<file>: <path>: <reason>`. */
export function calculate(input: unknown, file = 'case.json'): CalcResult {
  const problems: string[] = [];
  const report = (path: string, message: string) =>
    problems.push(path === '' ? `${file}: ${message}` : `${file}: ${path}: ${message}`);
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    report('', 'must be a JSON object');
    return { ok: false, problems };
  }
  const c = input as Record<string, unknown>;
  for (const key of Object.keys(c))
    if (!(CASE_FIELDS as readonly string[]).includes(key)) report(key, 'unknown field');
  for (const key of ['policy', 'catalogue', 'person', 'visit', 'feedetail', 'setl_time'] as const) {
    if (c[key] === undefined) report(key, 'is required');
  }
  if (problems.length > 0) return { ok: false, problems };

  if (checkSchema(PolicySchema, c.policy, 'policy', report))
    checkPolicy(c.policy as PolicyDoc, 'policy', report);
  if (checkSchema(CatalogueFileSchema, c.catalogue, 'catalogue', report)) {
    checkPeriods(c.catalogue as CatalogueRow[], (row) => row.hilist_code, 'hilist_code', report, 'catalogue');
  }
  if (checkSchema(PersonSchema, c.person, 'person', report))
    checkCertno(c.person as PersonRow, 'person', report);
  if (c.filing !== null && c.filing !== undefined) checkSchema(FilingSchema, c.filing, 'filing', report);
  if (c.accumulators !== undefined)
    checkSchema(CaseAccumulatorsSchema, c.accumulators, 'accumulators', report);
  checkSchema(CaseVisitSchema, c.visit, 'visit', report);
  if (c.acct_used_flag !== undefined)
    checkSchema(AcctUsedFlagSchema, c.acct_used_flag, 'acct_used_flag', report);
  checkSchema(SetlTimeSchema, c.setl_time, 'setl_time', report);
  const fees = readFeeLines(c.feedetail);
  for (const p of fees.problems) report(p.path, p.message);
  if (problems.length > 0) return { ok: false, problems };

  try {
    return { ok: true, output: settleCase(c, fees.lines) };
  } catch (error) {
    if (!(error instanceof SettlementRefused)) throw error;
    for (const p of error.problems) report(p.path, p.message);
    return { ok: false, problems };
  }
}

function settleCase(c: Record<string, unknown>, lines: ReturnType<typeof readFeeLines>['lines']) {
  const policy = compilePolicy(c.policy as PolicyDoc);
  const catalogue = new CatalogueIndex(
    (c.catalogue as CatalogueRow[]).map((row) => toCatalogueItem('', row)),
  );
  const person = c.person as PersonRow;
  const visitIn = c.visit as {
    med_type: string;
    hosp_lv: string;
    begntime: string;
    endtime?: string | null;
    dise_codg?: string | null;
  };
  const visit: Visit = {
    med_type: visitIn.med_type,
    hosp_lv: visitIn.hosp_lv,
    begntime: visitIn.begntime,
    endtime: visitIn.endtime ?? null,
    dise_codg: visitIn.dise_codg ?? null,
  };
  const setlTime = c.setl_time as string;
  const warnings: string[] = [];
  const filing = (c.filing ?? null) as { trt_dcla_detl_sn: string; dcla_type: string; status: string } | null;
  if (filing && filing.status !== 'approved') {
    warnings.push(
      `filing ${filing.trt_dcla_detl_sn} is ${filing.status}, not approved: computed without a filing`,
    );
  }
  const filed = filing?.status === 'approved' ? filing.dcla_type : null;
  const dclaType = effectiveFiling(filed, visit.med_type);
  if (dclaType === null)
    warnings.push('no filing: computed without one (a cross-province visit needs an approved filing)');
  const raw = c.accumulators as
    | { year: number; admissions: number; counters: Record<string, unknown> }
    | undefined;
  const year = Number(setlTime.slice(0, 4));
  const accumulators: Accumulators = raw
    ? {
        year: raw.year,
        admissions: raw.admissions,
        counters: Object.fromEntries(Object.entries(raw.counters).map(([k, v]) => [k, fen(v)])),
      }
    : { year, admissions: 0, counters: {} };

  const { splits, totals } = splitBill(lines, catalogue, visit, setlTime);
  const decision = decideBenefits({
    policy,
    totals,
    visit,
    insured: {
      psn_type: person.psn_type,
      brdy: person.brdy,
      cvlserv_flag: person.cvlserv_flag,
      acct_balc_fen: fen(person.acct_balc),
      idet: person.idet ?? [],
    },
    dcla_type: dclaType,
    accumulators,
    acct_used: c.acct_used_flag === '1',
    setl_time: setlTime,
  });
  return buildOutput(splits, totals, decision, warnings);
}

function buildOutput(
  splits: Parameters<typeof resultRows>[0],
  totals: Parameters<typeof setlinfo>[0],
  decision: Parameters<typeof setlinfo>[1],
  warnings: readonly string[],
) {
  return {
    result: resultRows(splits),
    setlinfo: setlinfo(totals, decision),
    setldetail: setldetail(decision),
    accumulators: accumulatorsInYuan(decision.accumulators),
    warnings: [...warnings, ...decision.warnings],
  };
}
