// Reads behind the console's reference screens of one node: its catalogue, its pooling regions' policies, and the
// settlements made in its hospitals (就医地管理), each paged and filtered the way an agency clerk searches them.
import type { CatalogueItem } from '../core/dataset/model.ts';
import type { PolicyDoc } from '../core/dataset/schema.ts';
import type { Db, Row } from './db.ts';
import { inSchema } from './migrate.ts';
import { type CatalogueRow, catalogueItemOf } from './node-store.ts';
import { nodeSchema } from './schemas.ts';
import type { SettlementRecord } from './treatment-store.ts';

/** A page is at most this long: a console list, not an export. */
export const MAX_CONSOLE_PAGE_SIZE = 100;

export interface CatalogueSearch {
  /** The start of the item's code (taken literally). */
  readonly code?: string | undefined;
  /** Part of the item's name (taken literally: `%` is a percent sign). */
  readonly name?: string | undefined;
  readonly list_type?: string | undefined;
  readonly chrgitm_lv?: string | undefined;
  /** Only the version valid on this day. */
  readonly on: string;
}

export interface PolicyVersion {
  readonly admdvs: string;
  readonly insutype: string;
  readonly name: string;
  readonly begndate: string;
  readonly enddate: string | null;
  /** When this version was written (a Date from either driver). */
  readonly loaded_at: Date | string;
}

export type StoredPolicy = PolicyVersion & { readonly doc: PolicyDoc };

export interface SettlementSearch {
  /** Settlement day from / to (China dates, both inclusive). */
  readonly from?: string | undefined;
  readonly to?: string | undefined;
  readonly fixmedins_code?: string | undefined;
  /** The patient's insured place: a province (`XX0000`, all its regions) or a pooling region. */
  readonly insuplc_admdvs?: string | undefined;
  readonly med_type?: string | undefined;
  readonly status?: 'settled' | 'cancelled' | undefined;
  /** Only hospitals of this pooling region (a clerk scoped to one region); null: the whole province. */
  readonly hospital_pooling_admdvs: string | null;
}

/** A settlement (never a cancel record by itself) with its cancel, its visit and its hospital's name. */
export type ConsoleSettlement = Omit<SettlementRecord, 'setldetail'> & {
  readonly fixmedins_name: string | null;
  readonly inpatient: boolean;
  readonly begntime: string;
  readonly endtime: string | null;
  readonly cancel_setl_time: string | null;
};

export interface SettlementTotals {
  readonly settled: number;
  readonly cancelled: number;
  /** Sums of the settlements that stand. */
  readonly medfee_fen: number;
  readonly fund_pay_fen: number;
  readonly psn_part_fen: number;
}

/** `%`, `_` and `\` taken literally in a LIKE pattern. */
const literal = (text: string): string => text.replace(/[\\%_]/g, (c) => `\\${c}`);

/** WHERE clauses with their parameters, numbered as they are added. */
class Conditions {
  readonly where: string[] = [];
  readonly params: unknown[] = [];
  add(condition: (placeholder: string) => string, value: unknown): void {
    this.params.push(value);
    this.where.push(condition(`$${this.params.length}`));
  }
  get clause(): string {
    return this.where.length > 0 ? `WHERE ${this.where.join(' AND ')}` : '';
  }
  next(): string {
    return `$${this.params.length + 1}`;
  }
}

export class ConsoleReferenceStore {
  private readonly schema: string;

  constructor(
    private readonly db: Db,
    readonly province: string,
  ) {
    this.schema = nodeSchema(province);
  }

  private q<T extends Row>(sql: string, params: readonly unknown[] = []): Promise<T[]> {
    return this.db.query<T>(inSchema(this.schema, sql), params);
  }

  /** 就医地目录: the versions valid on a day, in code order. */
  async catalogue(
    search: CatalogueSearch,
    limit: number,
    offset: number,
  ): Promise<{ total: number; rows: CatalogueItem[] }> {
    const c = new Conditions();
    c.add((p) => `begndate <= ${p}::date AND (enddate IS NULL OR enddate >= ${p}::date)`, search.on);
    if (search.code) c.add((p) => `hilist_code LIKE ${p} || '%'`, literal(search.code));
    if (search.name) c.add((p) => `hilist_name LIKE '%' || ${p} || '%'`, literal(search.name));
    if (search.list_type) c.add((p) => `list_type = ${p}`, search.list_type);
    if (search.chrgitm_lv) c.add((p) => `chrgitm_lv = ${p}`, search.chrgitm_lv);
    const [count] = await this.q<{ n: number }>(
      `SELECT count(*)::int AS n FROM {s}.catalogue_items ${c.clause}`,
      c.params,
    );
    const n = c.params.length;
    const rows = await this.q<CatalogueRow>(
      `SELECT $${n + 1}::text AS province, * FROM {s}.catalogue_items ${c.clause}
       ORDER BY hilist_code, begndate LIMIT $${n + 2} OFFSET $${n + 3}`,
      [...c.params, this.province, limit, offset],
    );
    return { total: count!.n, rows: rows.map(catalogueItemOf) };
  }

  /** Policy versions of the node's pooling regions (one region, one insurance type, or all), without documents. */
  policyVersions(filter: { readonly admdvs?: string; readonly insutype?: string }): Promise<PolicyVersion[]> {
    const c = new Conditions();
    if (filter.admdvs) c.add((p) => `admdvs = ${p}`, filter.admdvs);
    if (filter.insutype) c.add((p) => `insutype = ${p}`, filter.insutype);
    return this.q<PolicyVersion & Row>(
      `SELECT admdvs, insutype, name, begndate, enddate, loaded_at FROM {s}.policies ${c.clause}
       ORDER BY admdvs, insutype, begndate`,
      c.params,
    );
  }

  async policy(admdvs: string, insutype: string, begndate: string): Promise<StoredPolicy | undefined> {
    const [row] = await this.q<StoredPolicy & Row>(
      `SELECT admdvs, insutype, name, begndate, enddate, loaded_at, doc FROM {s}.policies
       WHERE admdvs = $1 AND insutype = $2 AND begndate = $3::date`,
      [admdvs, insutype, begndate],
    );
    return row;
  }

  /** Settlements made in the node's hospitals with their cancels, newest first, and what the whole search adds up to. */
  async settlements(
    search: SettlementSearch,
    limit: number,
    offset: number,
  ): Promise<{ totals: SettlementTotals; rows: ConsoleSettlement[] }> {
    const c = new Conditions();
    c.where.push("s.refd_setl_flag = '0'");
    // setl_time is 'yyyy-MM-dd HH:mm:ss' China time: a day bound compares as text.
    if (search.from) c.add((p) => `s.setl_time >= ${p}`, `${search.from} 00:00:00`);
    if (search.to) c.add((p) => `s.setl_time <= ${p}`, `${search.to} 23:59:59`);
    if (search.fixmedins_code) c.add((p) => `s.fixmedins_code = ${p}`, search.fixmedins_code);
    if (search.insuplc_admdvs?.endsWith('0000'))
      c.add((p) => `s.insuplc_admdvs LIKE ${p} || '%'`, search.insuplc_admdvs.slice(0, 2));
    else if (search.insuplc_admdvs) c.add((p) => `s.insuplc_admdvs = ${p}`, search.insuplc_admdvs);
    if (search.med_type) c.add((p) => `s.med_type = ${p}`, search.med_type);
    if (search.status === 'settled') c.where.push('s.cancelled_by IS NULL');
    if (search.status === 'cancelled') c.where.push('s.cancelled_by IS NOT NULL');
    if (search.hospital_pooling_admdvs !== null)
      c.add((p) => `i.pooling_admdvs = ${p}`, search.hospital_pooling_admdvs);
    const from = `FROM {s}.settlements s LEFT JOIN {s}.institutions i USING (fixmedins_code)`;
    const [totals] = await this.q<SettlementTotals & Row>(
      `SELECT count(*) FILTER (WHERE s.cancelled_by IS NULL)::int AS settled,
              count(*) FILTER (WHERE s.cancelled_by IS NOT NULL)::int AS cancelled,
              coalesce(sum(s.medfee_sumamt_fen) FILTER (WHERE s.cancelled_by IS NULL), 0)::bigint AS medfee_fen,
              coalesce(sum(s.fund_pay_sumamt_fen) FILTER (WHERE s.cancelled_by IS NULL), 0)::bigint AS fund_pay_fen,
              coalesce(sum(s.psn_part_amt_fen) FILTER (WHERE s.cancelled_by IS NULL), 0)::bigint AS psn_part_fen
       ${from} ${c.clause}`,
      c.params,
    );
    const limitAt = c.next();
    const rows = await this.q<ConsoleSettlement & Row>(
      `SELECT s.setl_id, s.mdtrt_id, s.chrg_bchno, s.fixmedins_code, s.psn_no, s.insutype, s.insuplc_admdvs,
              s.med_type, s.clr_type, s.setl_time, s.refd_setl_flag, s.init_setl_id, s.cancelled_by, s.msgid,
              s.decision_key, s.medfee_sumamt_fen, s.fund_pay_sumamt_fen, s.psn_part_amt_fen, s.hosp_part_amt_fen,
              s.acct_pay_fen, s.psn_cash_pay_fen, s.setlinfo, i.fixmedins_name, v.inpatient, v.begntime, v.endtime,
              c.setl_time AS cancel_setl_time
       ${from} JOIN {s}.visits v ON v.mdtrt_id = s.mdtrt_id
       LEFT JOIN {s}.settlements c ON c.setl_id = s.cancelled_by
       ${c.clause}
       ORDER BY s.setl_time DESC, s.setl_id DESC LIMIT ${limitAt} OFFSET $${c.params.length + 2}`,
      [...c.params, limit, offset],
    );
    return { totals: totals!, rows };
  }
}
