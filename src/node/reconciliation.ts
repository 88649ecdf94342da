// 对账 on the treatment node: an institution's statement (3201 totals, 3202 details from a 9101 file) against its records.
import {
  compareDetails,
  compareTotals,
  type DetailResult,
  describeDetailProblem,
  type LedgerEntry,
  parseDetails,
  resultText,
  type StatementTotals,
  type TotalsComparison,
  totalsOf,
} from '../core/reconciliation.ts';
import { type FileStore, type StoredFile, textOfFile, zipText } from '../store/file-store.ts';
import type { SettlementRecord, TreatmentStore } from '../store/treatment-store.ts';
import { Refusal } from './refusal.ts';

/** What a statement covers: an institution's records whose setl_time falls on begndate … enddate (UTC+8). */
export interface StatementScope {
  readonly fixmedins_code: string;
  readonly begndate: string;
  readonly enddate: string;
  readonly clr_type: string;
  /** 3201 names the insurance type; 3202 covers all. */
  readonly insutype?: string;
  /** Only settlements (0) or only cancel records (1); both when absent, so that a cancel nets its settlement. */
  readonly refd_setl_flag?: '0' | '1';
}

/** How many hospital-only lines get a reason why the node does not count them (one look-up each). */
const MAX_ELSEWHERE_LOOKUPS = 200;

export interface DetailStatement {
  /** The result file, stored for 9102. */
  readonly file: StoredFile;
  readonly results: readonly DetailResult[];
  readonly mismatches: number;
  /** The declared totals against the node's (balanced or not). */
  readonly totals: TotalsComparison;
  readonly stmt_rslt: '0' | '1';
}

const inScope = (scope: StatementScope) => (record: SettlementRecord) =>
  record.clr_type === scope.clr_type &&
  (scope.insutype === undefined || record.insutype === scope.insutype) &&
  (scope.refd_setl_flag === undefined || record.refd_setl_flag === scope.refd_setl_flag);

export class Reconciliation {
  constructor(
    private readonly treatment: TreatmentStore,
    private readonly files: FileStore,
  ) {}

  /** The node's records a statement covers, in setl_time order; each cancel record in the period it was made. */
  async entries(scope: StatementScope): Promise<SettlementRecord[]> {
    const records = await this.treatment.settlementsBetween(
      scope.fixmedins_code,
      `${scope.begndate} 00:00:00`,
      `${scope.enddate} 23:59:59`,
    );
    return records.filter(inScope(scope));
  }

  /** 3201 对总账: the hospital's totals against the node's for the scope. */
  async totals(scope: StatementScope, declared: StatementTotals): Promise<TotalsComparison> {
    return compareTotals(declared, totalsOf(await this.entries(scope), scope.refd_setl_flag));
  }

  /**
   * 3202 对明细账: the hospital's detail file (a 9101 upload) against the node's records, one by one; the result
   * file (one row per settlement) is stored for the institution. Refuses a missing, expired or malformed file.
   */
  async details(
    scope: StatementScope,
    fileQuryNo: string,
    declared: StatementTotals,
    origin: { readonly infno: string; readonly msgid: string },
    now: Date,
  ): Promise<DetailStatement> {
    const upload = await this.files.find(scope.fixmedins_code, fileQuryNo, now);
    if (!upload)
      throw new Refusal(
        'file_qury_no',
        `本机构没有文件查询号为${fileQuryNo}的有效文件，请先用9101上传明细文件`,
      );
    const content = textOfFile(upload.bytes);
    if (!content.ok) throw new Refusal('file_qury_no', content.reason);
    const parsed = parseDetails(content.text);
    if (!parsed.ok) throw new Refusal('file_qury_no', `明细文件${describeDetailProblem(parsed.problem)}`);
    const flag = scope.refd_setl_flag;
    const other = flag === undefined ? undefined : parsed.lines.find((l) => l.refd_setl_flag !== flag);
    if (other)
      throw new Refusal(
        'file_qury_no',
        `明细文件${describeDetailProblem({ line: other.line, column: 7, reason: `与input.data.refd_setl_flag（${flag}）不一致` })}`,
      );

    const entries: LedgerEntry[] = await this.entries(scope);
    const known = new Set(entries.map((e) => e.setl_id));
    const reasons = new Map<string, string>();
    const unknown = parsed.lines.filter((l) => !known.has(l.setl_id)).slice(0, MAX_ELSEWHERE_LOOKUPS);
    for (const line of unknown) {
      const reason = await this.whyOutside(scope, line.setl_id);
      if (reason) reasons.set(line.setl_id, reason);
    }
    const results = compareDetails(parsed.lines, entries, (setlId) => reasons.get(setlId));
    const mismatches = results.filter((r) => r.stmt_rslt === '1').length;
    const totals = compareTotals(declared, totalsOf(entries, flag));
    const base = upload.filename.replace(/\.(zip|txt)$/i, '');
    const file = await this.files.save(
      scope.fixmedins_code,
      `${base}_result.zip`,
      zipText(`${base}_result.txt`, resultText(results)),
      origin,
      now,
    );
    return {
      file,
      results,
      mismatches,
      totals,
      stmt_rslt: mismatches === 0 && totals.stmt_rslt === '0' ? '0' : '1',
    };
  }

  /** Why a settlement of this institution is not in the scope, if it is one at all (another's is not named). */
  private async whyOutside(scope: StatementScope, setlId: string): Promise<string | undefined> {
    const record = await this.treatment.settlement(setlId);
    if (!record || record.fixmedins_code !== scope.fixmedins_code) return undefined;
    const day = record.setl_time.slice(0, 10);
    if (day < scope.begndate || day > scope.enddate) return `该结算时间为${record.setl_time}，不在对账期间内`;
    if (record.clr_type !== scope.clr_type) return `该结算的清算类别为${record.clr_type}`;
    if (scope.insutype !== undefined && record.insutype !== scope.insutype)
      return `该结算的险种类型为${record.insutype}`;
    return undefined;
  }
}
