// 就医地管理 in the console (issue 9): the shapes of the audit, monitoring and 协查 APIs (docs/audit.md,
// docs/cross-checks.md) and the conversions the forms need between what a clerk types and what the API takes.
import { ApiError, csrfHeaders } from '../shared/api.ts';

export type Severity = 'warning' | 'refuse' | 'review';

export const SEVERITY_NAMES: Readonly<Record<Severity, { label: string; color: string }>> = {
  warning: { label: '提示', color: 'gold' },
  refuse: { label: '拒绝', color: 'red' },
  review: { label: '转人工复核', color: 'blue' },
};

/** The audit rules by their stable ids, in the order of docs/audit.md. */
export const RULE_NAMES: Readonly<Record<string, string>> = {
  'not-in-catalogue': '目录外项目',
  'outside-version': '无有效目录版本',
  'price-over-cap': '单价超目录限价',
  'quantity-over-max': '单条数量超上限',
  'bed-days-over-stay': '床位天数超住院天数',
  'daily-repeat': '每日限次项目重复收费',
  'gender-restricted': '性别限制项目',
  'age-restricted': '年龄限制项目',
  'restricted-not-approved': '限制使用未经审批',
  'chronic-disease-item': '超门诊慢特病治疗范围',
};

export interface AuditHit {
  readonly rule: string;
  readonly severity: Severity;
  readonly mdtrt_id: string;
  readonly fixmedins_code: string;
  readonly pooling_admdvs: string;
  readonly insuplc_admdvs: string;
  readonly line_index: number;
  readonly feedetl_sn: string;
  readonly explanation: string;
  readonly data: unknown;
  readonly msgid: string;
  /** ISO instant. */
  readonly at: string;
}

export interface RuleSetting {
  readonly enabled: boolean;
  readonly severity: Severity;
  /** Compiled: ratios in basis points (_bp), quantities ×10⁴ (_e4). */
  readonly params: Readonly<Record<string, unknown>>;
}

/** A rule in the document an agency writes: every field optional, absent = national default. */
export interface RuleDoc {
  readonly enabled?: boolean;
  readonly severity?: Severity;
  readonly params?: unknown;
}
export interface AuditSettingsDoc {
  readonly rules?: Readonly<Record<string, RuleDoc>>;
}

export interface AuditSettingsAnswer {
  readonly province: string;
  readonly doc: AuditSettingsDoc;
  readonly effective: Readonly<Record<string, RuleSetting>>;
  readonly updated_by: string | null;
  readonly updated_at: string | null;
}

/** The document with one rule's switch or severity changed (the rest as written). */
export function withRule(doc: AuditSettingsDoc, id: string, change: RuleDoc): AuditSettingsDoc {
  return { ...doc, rules: { ...doc.rules, [id]: { ...doc.rules?.[id], ...change } } };
}

export interface MonitoringSettings {
  readonly cost_over_norm_bp: number;
  readonly selfpaid_share_bp: number;
  readonly readmission_days: number;
  readonly high_cost_fen: number;
  readonly norm_fen: number | null;
}

export interface MonitoringSettingsAnswer {
  readonly province: string;
  readonly doc: Partial<MonitoringSettings>;
  readonly effective: MonitoringSettings;
  readonly updated_by: string | null;
  readonly updated_at: string | null;
}

export type AlertKind = 'cost-over-norm' | 'selfpaid-share' | 'readmission' | 'high-cost';

export const ALERT_NAMES: Readonly<Record<AlertKind, { label: string; color: string }>> = {
  'cost-over-norm': { label: '次均费用超标', color: 'volcano' },
  'selfpaid-share': { label: '自付比例过高', color: 'orange' },
  readmission: { label: '短期再入院', color: 'purple' },
  'high-cost': { label: '大额费用', color: 'red' },
};

export interface MonitoringInstitution {
  readonly fixmedins_code: string;
  readonly fixmedins_name: string;
  readonly pooling_admdvs: string;
  readonly insured_province: string;
  readonly settlements: number;
  /** Yuan. */
  readonly medfee_sumamt: number;
  readonly selfpaid_amt: number;
  readonly selfpaid_share_bp: number | null;
  readonly inpatient_admissions: number;
  readonly average_cost: number | null;
  readonly norm_cost: number | null;
  readonly over_norm_bp: number | null;
}

export interface MonitoringAlert {
  readonly kind: AlertKind;
  readonly fixmedins_code: string;
  readonly pooling_admdvs: string;
  readonly insured_province: string;
  readonly mdtrt_id: string | null;
  readonly psn_no: string | null;
  /** Amounts in fen (_fen), ratios in basis points (_bp), days. */
  readonly figures: Readonly<Record<string, number | string>>;
  readonly explanation: string;
}

export interface MonitoringAnswer {
  readonly province: string;
  readonly from: string;
  readonly to: string;
  readonly settings: MonitoringSettings;
  /** Yuan, null without admissions in the province. */
  readonly norm_cost: number | null;
  readonly summary: {
    readonly settlements: number;
    readonly medfee_sumamt: number;
    readonly selfpaid_amt: number;
    readonly selfpaid_share_bp: number | null;
    readonly inpatient_admissions: number;
    readonly average_cost: number | null;
    readonly alerts: number;
    readonly alerts_by_kind: Readonly<Record<string, number>>;
  };
  readonly per_institution: readonly {
    readonly fixmedins_code: string;
    readonly fixmedins_name: string;
    readonly inpatient_admissions: number;
    readonly average_cost: number | null;
    readonly over_norm_bp: number | null;
  }[];
  readonly institutions: readonly MonitoringInstitution[];
  readonly alerts: readonly MonitoringAlert[];
}

export type CrossCheckStatus = 'requested' | 'answered' | 'concluded';
export type CrossCheckOutcome = 'confirmed' | 'adjusted' | 'refused';

export const CROSS_CHECK_STATUS: Readonly<Record<CrossCheckStatus, { label: string; color: string }>> = {
  requested: { label: '待答复', color: 'processing' },
  answered: { label: '已答复待认定', color: 'warning' },
  concluded: { label: '已办结', color: 'success' },
};
export const OUTCOME_NAMES: Readonly<Record<CrossCheckOutcome, string>> = {
  confirmed: '费用属实',
  adjusted: '核减',
  refused: '拒付',
};
export const ROLE_NAMES: Readonly<Record<'insured' | 'treatment', string>> = {
  insured: '参保地（发起方）',
  treatment: '就医地（答复方）',
};

export interface CrossCheckDocument {
  readonly n: number;
  readonly name: string;
  readonly content_type: string;
  readonly size: number;
  readonly sha256: string;
}

/** One case as docs/cross-checks.md declares it. */
export interface CrossCheck {
  readonly case_id: string;
  readonly role: 'insured' | 'treatment';
  readonly automatic: boolean;
  readonly status: CrossCheckStatus;
  readonly setl_id: string;
  readonly insured_province: string;
  readonly treatment_province: string;
  readonly fixmedins_code: string;
  readonly fixmedins_name: string | null;
  readonly insuplc_admdvs: string;
  readonly med_type: string;
  readonly setl_time: string;
  readonly medfee_fen: number;
  readonly fund_pay_fen: number;
  readonly reason: string;
  readonly requested_by: string;
  readonly requested_at: string;
  readonly psn_no: string | null;
  readonly psn_name: string | null;
  readonly findings: string | null;
  readonly proposal: CrossCheckOutcome | null;
  readonly proposed_fen: number | null;
  readonly documents: readonly CrossCheckDocument[];
  readonly answered_by: string | null;
  readonly answered_at: string | null;
  readonly outcome: CrossCheckOutcome | null;
  readonly adjustment_fen: number | null;
  readonly outcome_note: string | null;
  readonly concluded_by: string | null;
  readonly concluded_at: string | null;
  readonly clearing_period: string | null;
}

export interface CrossCheckSettings {
  readonly province: string;
  readonly auto_threshold_fen: number;
  readonly updated_by: string | null;
  readonly updated_at: string | null;
}

/** A document as the answer carries it. */
export interface DocumentUpload {
  readonly name: string;
  readonly content_type: string;
  readonly data_base64: string;
}

/** At most this many documents with one answer, and this many bytes in all (docs/cross-checks.md). */
export const MAX_DOCUMENTS = 3;
export const MAX_DOCUMENT_BYTES = 256 * 1024;

/** "17500.5" or "17500.50" yuan → 1750050 fen; null for anything else (more than two decimals, a sign, text). */
export function yuanToFen(text: string): number | null {
  const match = /^(\d{1,11})(?:\.(\d{1,2}))?$/.exec(text.trim());
  if (!match) return null;
  return Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0'));
}

/** 1750050 fen → "17500.50" (for a form's starting value). */
export const fenToYuanText = (fen: number): string =>
  `${Math.trunc(fen / 100)}.${String(Math.abs(fen % 100)).padStart(2, '0')}`;

/** "30" or "12.5" percent → basis points (3000, 1250); null beyond two decimals. */
export function percentToBp(text: string): number | null {
  const match = /^(\d{1,4})(?:\.(\d{1,2}))?$/.exec(text.trim());
  if (!match) return null;
  return Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0'));
}

/** 3000 → "30", 1250 → "12.5", 909 → "9.09" (percent without the sign). */
export const bpToPercentText = (bp: number): string => String(Number((bp / 100).toFixed(2)));

/** 909 → "9.09%"; "—" for none. */
export const bpPercent = (bp: number | null | undefined): string =>
  bp === null || bp === undefined ? '—' : `${bpToPercentText(bp)}%`;

/** A file read in the browser as base64, without the data: URL's prefix. */
export function readAsBase64(file: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => {
      const url = String(reader.result);
      resolve(url.slice(url.indexOf(',') + 1));
    };
    reader.onerror = () => reject(reader.error ?? new Error('读取文件失败'));
    reader.readAsDataURL(file);
  });
}

/** A settings document refused (422) with every problem the server found; other failures throw as ApiError. */
export class SettingsRefused extends Error {
  constructor(
    readonly field: string | null,
    readonly problems: readonly string[],
  ) {
    super(problems[0] ?? '设置有误');
    this.name = 'SettingsRefused';
  }
}

/** PUTs a settings document; a 422 comes back as SettingsRefused with all its problems, not only the first. */
export async function putSettings<T>(url: string, doc: unknown): Promise<T> {
  const response = await fetch(url, {
    method: 'PUT',
    credentials: 'same-origin',
    headers: { ...csrfHeaders(), 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify(doc),
  });
  const text = await response.text();
  const body = text === '' ? undefined : JSON.parse(text);
  if (response.ok) return body as T;
  const problem = (body ?? {}) as {
    code?: string;
    field?: string | null;
    detail?: string;
    problems?: string[];
  };
  if (response.status === 422)
    throw new SettingsRefused(problem.field ?? null, problem.problems ?? [problem.detail ?? '设置有误']);
  throw new ApiError(
    response.status,
    problem.code ?? 'error',
    problem.detail ?? response.statusText,
    problem.field ?? null,
  );
}
