// The treatment side's records (就医地管理): visits, fee lines with their catalogue split, settlements and cancels.
import type { FeeLine } from '../core/engine/model.ts';
import type { Db, Queryable, Row } from './db.ts';
import { DecisionFenced, isFenced } from './decision-fences.ts';
import { inSchema } from './migrate.ts';
import { nodeSchema } from './schemas.ts';
import { announceSettlement } from './settlement-events.ts';

export interface VisitRecord {
  readonly mdtrt_id: string;
  readonly fixmedins_code: string;
  readonly psn_no: string;
  readonly insutype: string;
  readonly insuplc_admdvs: string;
  readonly inpatient: boolean;
  readonly med_type: string;
  readonly begntime: string;
  readonly endtime: string | null;
  readonly dise_codg: string | null;
  readonly ipt_otp_no: string | null;
  readonly trt_dcla_detl_sn: string | null;
  readonly person: Readonly<Record<string, string>>;
  readonly info: Readonly<Record<string, unknown>>;
  readonly status: 'open' | 'discharged' | 'cancelled';
  readonly msgid: string;
}

export interface FeeLineRecord {
  readonly mdtrt_id: string;
  readonly feedetl_sn: string;
  readonly chrg_bchno: string | null;
  readonly line: FeeLine;
  readonly fee_ocur_time: string;
  readonly det_item_fee_sumamt_fen: number;
  readonly fulamt_ownpay_fen: number;
  readonly overlmt_fen: number;
  readonly preselfpay_fen: number;
  readonly inscp_fen: number;
  readonly result: Readonly<Record<string, unknown>>;
  readonly setl_id: string | null;
  readonly msgid: string;
}

export interface SettlementRecord {
  readonly setl_id: string;
  readonly mdtrt_id: string;
  readonly chrg_bchno: string | null;
  readonly fixmedins_code: string;
  readonly psn_no: string;
  readonly insutype: string;
  readonly insuplc_admdvs: string;
  readonly med_type: string;
  readonly clr_type: string;
  readonly setl_time: string;
  /** 0 a settlement, 1 the record of its cancellation (amounts negated). */
  readonly refd_setl_flag: '0' | '1';
  readonly init_setl_id: string | null;
  readonly cancelled_by: string | null;
  readonly msgid: string;
  readonly decision_key: string;
  readonly medfee_sumamt_fen: number;
  readonly fund_pay_sumamt_fen: number;
  readonly psn_part_amt_fen: number;
  readonly hosp_part_amt_fen: number;
  readonly acct_pay_fen: number;
  readonly psn_cash_pay_fen: number;
  readonly setlinfo: Readonly<Record<string, unknown>>;
  readonly setldetail: readonly Readonly<Record<string, unknown>>[];
}

export type VisitChange = Partial<
  Pick<
    VisitRecord,
    'med_type' | 'begntime' | 'endtime' | 'dise_codg' | 'info' | 'status' | 'trt_dcla_detl_sn'
  >
>;

const VISIT_COLUMNS = [
  'mdtrt_id',
  'fixmedins_code',
  'psn_no',
  'insutype',
  'insuplc_admdvs',
  'inpatient',
  'med_type',
  'begntime',
  'endtime',
  'dise_codg',
  'ipt_otp_no',
  'trt_dcla_detl_sn',
  'person',
  'info',
  'status',
  'msgid',
] as const;
const SETTLEMENT_COLUMNS = [
  'setl_id',
  'mdtrt_id',
  'chrg_bchno',
  'fixmedins_code',
  'psn_no',
  'insutype',
  'insuplc_admdvs',
  'med_type',
  'clr_type',
  'setl_time',
  'refd_setl_flag',
  'init_setl_id',
  'cancelled_by',
  'msgid',
  'decision_key',
  'medfee_sumamt_fen',
  'fund_pay_sumamt_fen',
  'psn_part_amt_fen',
  'hosp_part_amt_fen',
  'acct_pay_fen',
  'psn_cash_pay_fen',
  'setlinfo',
  'setldetail',
] as const;
const JSON_COLUMNS = new Set(['person', 'info', 'setlinfo', 'setldetail', 'line', 'result']);

/** `INSERT … VALUES ($1, $2::jsonb, …)` for the given columns. */
function insertSql(table: string, columns: readonly string[]): string {
  const values = columns.map((c, i) => `$${i + 1}${JSON_COLUMNS.has(c) ? '::jsonb' : ''}`);
  return `INSERT INTO {s}.${table} (${columns.join(', ')}) VALUES (${values.join(', ')})`;
}

function valuesOf(record: Readonly<Record<string, unknown>>, columns: readonly string[]): unknown[] {
  return columns.map((c) => (JSON_COLUMNS.has(c) ? JSON.stringify(record[c]) : (record[c] ?? null)));
}

/** How many ids one nextval reserves: the sequence's increment (migration 008-serial-blocks). */
const ID_BLOCK = 64;

/** A unique-key violation (PostgreSQL 23505), e.g. a second settlement of one visit racing the first. */
export const isUniqueViolation = (error: unknown): boolean =>
  (error as { code?: unknown } | null)?.code === '23505';

export class TreatmentStore {
  private readonly schema: string;
  private readonly idPrefix: string;
  private block = { next: 0, end: 0 };

  constructor(
    private readonly db: Db,
    private readonly province: string,
  ) {
    this.schema = nodeSchema(province);
    this.idPrefix = province.slice(0, 2);
  }

  private sql(text: string): string {
    return inSchema(this.schema, text);
  }

  private q<T extends Row>(
    sql: string,
    params: readonly unknown[] = [],
    on: Queryable = this.db,
  ): Promise<T[]> {
    return on.query<T>(this.sql(sql), params);
  }

  /**
   * A platform id (mdtrt_id, setl_id): the province's two digits and a 10-digit serial. The sequence moves in steps
   * of ID_BLOCK (migration 008): each nextval reserves a block this store hands out from memory. A restart leaves
   * the rest of a block unused; ids stay unique, not gapless.
   */
  async nextId(): Promise<string> {
    if (this.block.next >= this.block.end) {
      const [row] = await this.q<{ id: number }>("SELECT nextval('{s}.serial')::bigint AS id");
      this.block = { next: row!.id, end: row!.id + ID_BLOCK };
    }
    const id = this.block.next++;
    return `${this.idPrefix}${String(id).padStart(10, '0')}`;
  }

  async insertVisit(visit: VisitRecord): Promise<void> {
    await this.q(insertSql('visits', VISIT_COLUMNS), valuesOf(visit as never, VISIT_COLUMNS));
  }

  async visit(mdtrtId: string): Promise<VisitRecord | undefined> {
    const [row] = await this.q<VisitRecord & Row>(
      `SELECT ${VISIT_COLUMNS.join(', ')} FROM {s}.visits WHERE mdtrt_id = $1`,
      [mdtrtId],
    );
    return row;
  }

  /** The visit a message (by its msgid) opened, for a reversal. */
  async visitOpenedBy(fixmedinsCode: string, msgid: string): Promise<VisitRecord | undefined> {
    const [row] = await this.q<VisitRecord & Row>(
      `SELECT ${VISIT_COLUMNS.join(', ')} FROM {s}.visits WHERE fixmedins_code = $1 AND msgid = $2`,
      [fixmedinsCode, msgid],
    );
    return row;
  }

  async changeVisit(mdtrtId: string, change: VisitChange): Promise<void> {
    const entries = Object.entries(change).filter(([, v]) => v !== undefined);
    if (entries.length === 0) return;
    const sets = entries.map(([c], i) => `${c} = $${i + 2}${JSON_COLUMNS.has(c) ? '::jsonb' : ''}`);
    await this.q(`UPDATE {s}.visits SET ${sets.join(', ')} WHERE mdtrt_id = $1`, [
      mdtrtId,
      ...entries.map(([c, v]) => (JSON_COLUMNS.has(c) ? JSON.stringify(v) : v)),
    ]);
  }

  /** The time of the visit's latest fee line, if it has any (a discharge may not come before it). */
  async lastFeeTime(mdtrtId: string): Promise<string | undefined> {
    const [row] = await this.q<{ last: string | null }>(
      'SELECT max(fee_ocur_time) AS last FROM {s}.fee_lines WHERE mdtrt_id = $1',
      [mdtrtId],
    );
    return row?.last ?? undefined;
  }

  /** Serials of the given lines already uploaded to the visit. */
  async existingFeeSerials(mdtrtId: string, serials: readonly string[]): Promise<string[]> {
    const rows = await this.q<{ feedetl_sn: string }>(
      'SELECT feedetl_sn FROM {s}.fee_lines WHERE mdtrt_id = $1 AND feedetl_sn = ANY($2::text[])',
      [mdtrtId, serials],
    );
    return rows.map((r) => r.feedetl_sn);
  }

  /** Stores an upload's lines in one statement. */
  async insertFeeLines(lines: readonly FeeLineRecord[], on: Queryable = this.db): Promise<void> {
    await this.q(
      `INSERT INTO {s}.fee_lines (mdtrt_id, feedetl_sn, chrg_bchno, line, fee_ocur_time, det_item_fee_sumamt_fen,
         fulamt_ownpay_fen, overlmt_fen, preselfpay_fen, inscp_fen, result, setl_id, msgid)
       SELECT mdtrt_id, feedetl_sn, chrg_bchno, line, fee_ocur_time, det_item_fee_sumamt_fen,
         fulamt_ownpay_fen, overlmt_fen, preselfpay_fen, inscp_fen, result, setl_id, msgid
       FROM jsonb_to_recordset($1::jsonb) AS r(mdtrt_id text, feedetl_sn text, chrg_bchno text, line jsonb,
         fee_ocur_time text, det_item_fee_sumamt_fen bigint, fulamt_ownpay_fen bigint, overlmt_fen bigint,
         preselfpay_fen bigint, inscp_fen bigint, result jsonb, setl_id text, msgid text)`,
      [JSON.stringify(lines)],
      on,
    );
  }

  /** A visit's lines in upload order: all, those not yet settled, or those of one settlement. */
  feeLines(
    mdtrtId: string,
    filter: { readonly unsettled?: boolean; readonly chrg_bchno?: string; readonly setl_id?: string } = {},
  ): Promise<FeeLineRecord[]> {
    const where = ['mdtrt_id = $1'];
    const params: unknown[] = [mdtrtId];
    if (filter.unsettled) where.push('setl_id IS NULL');
    if (filter.chrg_bchno !== undefined) {
      params.push(filter.chrg_bchno);
      where.push(`chrg_bchno = $${params.length}`);
    }
    if (filter.setl_id !== undefined) {
      params.push(filter.setl_id);
      where.push(`setl_id = $${params.length}`);
    }
    return this.q<FeeLineRecord & Row>(
      `SELECT * FROM {s}.fee_lines WHERE ${where.join(' AND ')} ORDER BY fee_ocur_time, feedetl_sn`,
      params,
    );
  }

  /** Deletes unsettled lines of a visit (all, some serials, a batch, or those one message uploaded); returns how many. */
  async deleteFeeLines(
    mdtrtId: string,
    which: {
      readonly serials?: readonly string[];
      readonly chrg_bchno?: string;
      readonly msgid?: string;
    },
  ): Promise<number> {
    const where = ['mdtrt_id = $1', 'setl_id IS NULL'];
    const params: unknown[] = [mdtrtId];
    if (which.serials) {
      params.push(which.serials);
      where.push(`feedetl_sn = ANY($${params.length}::text[])`);
    }
    if (which.chrg_bchno !== undefined) {
      params.push(which.chrg_bchno);
      where.push(`chrg_bchno = $${params.length}`);
    }
    if (which.msgid !== undefined) {
      params.push(which.msgid);
      where.push(`msgid = $${params.length}`);
    }
    const rows = await this.q(
      `DELETE FROM {s}.fee_lines WHERE ${where.join(' AND ')} RETURNING feedetl_sn`,
      params,
    );
    return rows.length;
  }

  /** Lines a message uploaded (a reversal of 2301/2204 needs to know whether they were settled since). */
  linesUploadedBy(msgid: string, mdtrtIds: readonly string[]): Promise<FeeLineRecord[]> {
    return this.q<FeeLineRecord & Row>(
      'SELECT * FROM {s}.fee_lines WHERE msgid = $1 AND mdtrt_id = ANY($2::text[])',
      [msgid, mdtrtIds],
    );
  }

  /**
   * Records a settlement and marks its lines, in one transaction. Throws a unique violation when the visit (or
   * batch) already has a standing settlement, an Error when a line was settled or withdrawn meanwhile, and
   * DecisionFenced when the insured node was told this node has no settlement for the decision (it reverts it).
   * The fence costs no statement of its own: the insert's foreign key check locks the visit's row against a fence
   * being set (DecisionFenceStore.settledOrFence), and the lines' update, a later statement, sees one already set.
   */
  async recordSettlement(settlement: SettlementRecord, serials: readonly string[]): Promise<void> {
    await this.db.transaction(async (tx) => {
      await this.q(
        insertSql('settlements', SETTLEMENT_COLUMNS),
        valuesOf(settlement as never, SETTLEMENT_COLUMNS),
        tx,
      );
      const marked = await this.q(
        `UPDATE {s}.fee_lines SET setl_id = $3
         WHERE mdtrt_id = $1 AND feedetl_sn = ANY($2::text[]) AND setl_id IS NULL
           AND NOT EXISTS (SELECT 1 FROM {s}.decision_fences WHERE decision_key = $4)
         RETURNING feedetl_sn`,
        [settlement.mdtrt_id, serials, settlement.setl_id, settlement.decision_key],
        tx,
      );
      if (marked.length === serials.length && serials.length > 0) {
        // The national level's copy, announced with the record itself (published after commit).
        await announceSettlement(tx, this.schema, this.province, settlement.setl_id);
        return;
      }
      if (await isFenced(tx, this.schema, settlement.decision_key))
        throw new DecisionFenced(settlement.decision_key);
      if (marked.length !== serials.length) throw new ConcurrentChange(settlement.mdtrt_id);
    });
  }

  /** Records the cancel of a settlement and frees its lines, in one transaction; false if it was cancelled already. */
  async recordCancel(cancel: SettlementRecord): Promise<boolean> {
    return this.db.transaction(async (tx) => {
      const original = await this.q(
        `UPDATE {s}.settlements SET cancelled_by = $2
         WHERE setl_id = $1 AND cancelled_by IS NULL AND refd_setl_flag = '0' RETURNING setl_id`,
        [cancel.init_setl_id, cancel.setl_id],
        tx,
      );
      if (original.length !== 1) return false;
      await this.q(
        insertSql('settlements', SETTLEMENT_COLUMNS),
        valuesOf(cancel as never, SETTLEMENT_COLUMNS),
        tx,
      );
      await this.q('UPDATE {s}.fee_lines SET setl_id = NULL WHERE setl_id = $1', [cancel.init_setl_id], tx);
      await announceSettlement(tx, this.schema, this.province, cancel.setl_id);
      return true;
    });
  }

  async settlement(setlId: string): Promise<SettlementRecord | undefined> {
    const [row] = await this.q<SettlementRecord & Row>('SELECT * FROM {s}.settlements WHERE setl_id = $1', [
      setlId,
    ]);
    return row;
  }

  /** The settlement or cancel record a message made (a retry after a lost answer, or a reversal). */
  async settlementMadeBy(fixmedinsCode: string, msgid: string): Promise<SettlementRecord | undefined> {
    const [row] = await this.q<SettlementRecord & Row>(
      'SELECT * FROM {s}.settlements WHERE fixmedins_code = $1 AND msgid = $2',
      [fixmedinsCode, msgid],
    );
    return row;
  }

  /** The settlements of a visit and the one a message made (if any), in one read. */
  settlementsOfVisitOrMessage(
    mdtrtId: string,
    fixmedinsCode: string,
    msgid: string,
  ): Promise<SettlementRecord[]> {
    return this.q<SettlementRecord & Row>(
      `SELECT * FROM {s}.settlements WHERE mdtrt_id = $1 OR (fixmedins_code = $2 AND msgid = $3)
       ORDER BY setl_time, setl_id`,
      [mdtrtId, fixmedinsCode, msgid],
    );
  }

  settlementsOf(mdtrtId: string): Promise<SettlementRecord[]> {
    return this.q<SettlementRecord & Row>(
      'SELECT * FROM {s}.settlements WHERE mdtrt_id = $1 ORDER BY setl_time, setl_id',
      [mdtrtId],
    );
  }

  /** An institution's settlement and cancel records with setl_time in [from, to] (reconciliation 3201/3202). */
  settlementsBetween(fixmedinsCode: string, from: string, to: string): Promise<SettlementRecord[]> {
    return this.q<SettlementRecord & Row>(
      `SELECT * FROM {s}.settlements WHERE fixmedins_code = $1 AND setl_time >= $2 AND setl_time <= $3
       ORDER BY setl_time, setl_id`,
      [fixmedinsCode, from, to],
    );
  }

  /** The visits of a person at an institution, newest first. */
  visitsOf(fixmedinsCode: string, psnNo: string): Promise<VisitRecord[]> {
    return this.q<VisitRecord & Row>(
      `SELECT ${VISIT_COLUMNS.join(', ')} FROM {s}.visits WHERE fixmedins_code = $1 AND psn_no = $2
       ORDER BY begntime DESC`,
      [fixmedinsCode, psnNo],
    );
  }
}

/** A line of the bill was settled or withdrawn by another message while this settlement was being decided. */
export class ConcurrentChange extends Error {
  constructor(readonly mdtrtId: string) {
    super(`the bill of visit ${mdtrtId} changed while it was being settled`);
    this.name = 'ConcurrentChange';
  }
}
