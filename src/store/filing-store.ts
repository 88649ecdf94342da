// The insured side's filings written by hospitals: referral filings (2501/2502) and chronic disease filings (2503/2504).
import type { Person } from '../core/dataset/model.ts';
import type { Db, Queryable, Row } from './db.ts';
import { announceFiling } from './filing-events.ts';
import { inSchema } from './migrate.ts';
import { lockPerson, nextSerial } from './person-lock.ts';
import { nodeSchema } from './schemas.ts';

/** A filing as the insured node keeps it and the hub indexes it (dates `yyyy-MM-dd`). */
export interface FilingRecord {
  readonly trt_dcla_detl_sn: string;
  readonly psn_no: string;
  readonly insutype: string;
  readonly insuplc_admdvs: string;
  readonly dcla_type: string;
  readonly mdtrtarea_admdvs: string;
  readonly begndate: string;
  readonly enddate: string | null;
  readonly dcla_souc: string;
  readonly status: string;
  /** The institution that made it (null for a filing the person made at the insured place). */
  readonly fixmedins_code: string | null;
  readonly memo: string | null;
  /** The rest of the 2501 refmedin node, as the hospital sent it. */
  readonly info: Readonly<Record<string, unknown>>;
}

/** A chronic or special disease qualification (门慢门特): from the person's record or a hospital's 2503. */
export interface ChronicQualification {
  /** Null for a qualification of the person's record (the insured place's own, not a filing). */
  readonly trt_dcla_detl_sn: string | null;
  readonly opsp_dise_code: string;
  readonly opsp_dise_name: string | null;
  readonly begndate: string;
  readonly enddate: string | null;
  readonly status: string;
  readonly fixmedins_code: string | null;
  readonly hosp_ide_date: string | null;
  readonly memo: string | null;
  readonly info: Readonly<Record<string, unknown>>;
}

/** A hospital's chronic disease filing as stored. */
export interface ChronicFilingRecord extends ChronicQualification {
  readonly trt_dcla_detl_sn: string;
  readonly psn_no: string;
  readonly insutype: string;
}

const FILING_SELECT = `SELECT f.trt_dcla_detl_sn, f.psn_no, f.insutype, p.insuplc_admdvs, f.dcla_type, f.mdtrtarea_admdvs,
  f.begndate, f.enddate, f.dcla_souc, f.status, f.fixmedins_code, f.memo, f.info
  FROM {s}.filings f JOIN {s}.persons p USING (psn_no, insutype)`;
const CHRONIC_SELECT = `SELECT trt_dcla_detl_sn, psn_no, insutype, opsp_dise_code, opsp_dise_name, begndate, enddate,
  status, fixmedins_code, hosp_ide_date, memo, info FROM {s}.chronic_filings`;

/** What one transaction holding the person's row lock reads and writes: two filings of one person queue here. */
export interface FilingTransaction {
  readonly person: Person;
  referrals(): Promise<FilingRecord[]>;
  chronicFilings(): Promise<ChronicFilingRecord[]>;
  /** The next value of the node's serial (it also numbers mdtrt_id and setl_id, so serials are unique). */
  serial(): Promise<number>;
  insertReferral(filing: FilingRecord, requestKey: string): Promise<void>;
  insertChronic(filing: ChronicFilingRecord, requestKey: string): Promise<void>;
  /** The filing a message made, read inside the transaction (PGlite has one connection: no read beside it). */
  referralByKey(requestKey: string): Promise<FilingRecord | undefined>;
  chronicByKey(requestKey: string): Promise<ChronicFilingRecord | undefined>;
}

export class FilingStore {
  private readonly schema: string;

  constructor(
    private readonly db: Db,
    province: string,
    /** The durable subject filing events of this node go to (the national index). */
    private readonly eventSubject: string,
  ) {
    this.schema = nodeSchema(province);
  }

  private q<T extends Row>(
    sql: string,
    params: readonly unknown[] = [],
    on: Queryable = this.db,
  ): Promise<T[]> {
    return on.query<T>(inSchema(this.schema, sql), params);
  }

  /** Runs `work` in one transaction holding the person's row lock; undefined when the person has no such insurance. */
  async withPerson<T>(
    psnNo: string,
    insutype: string,
    work: (tx: FilingTransaction) => Promise<T>,
  ): Promise<T | undefined> {
    return this.db.transaction(async (tx) => {
      const person = await lockPerson(tx, this.schema, psnNo, insutype);
      if (!person) return undefined;
      return work({
        person,
        referralByKey: (key) => this.referralByKey(key, tx),
        chronicByKey: (key) => this.chronicByKey(key, tx),
        referrals: () =>
          this.q<FilingRecord & Row>(
            `${FILING_SELECT} WHERE f.psn_no = $1 AND f.insutype = $2 ORDER BY f.begndate, f.trt_dcla_detl_sn`,
            [psnNo, insutype],
            tx,
          ),
        chronicFilings: () =>
          this.q<ChronicFilingRecord & Row>(
            `${CHRONIC_SELECT} WHERE psn_no = $1 AND insutype = $2 ORDER BY begndate, trt_dcla_detl_sn`,
            [psnNo, insutype],
            tx,
          ),
        serial: () => nextSerial(tx, this.schema),
        insertReferral: async (f, key) => {
          await this.q(
            `INSERT INTO {s}.filings (trt_dcla_detl_sn, psn_no, insutype, dcla_type, mdtrtarea_admdvs, begndate, enddate,
               dcla_souc, commitment, status, fixmedins_code, memo, info, request_key)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, false, $9, $10, $11, $12::jsonb, $13)`,
            [
              f.trt_dcla_detl_sn,
              f.psn_no,
              f.insutype,
              f.dcla_type,
              f.mdtrtarea_admdvs,
              f.begndate,
              f.enddate,
              f.dcla_souc,
              f.status,
              f.fixmedins_code,
              f.memo,
              JSON.stringify(f.info),
              key,
            ],
            tx,
          );
          await announceFiling(tx, this.schema, this.eventSubject, f.trt_dcla_detl_sn);
        },
        insertChronic: async (f, key) => {
          await this.q(
            `INSERT INTO {s}.chronic_filings (trt_dcla_detl_sn, psn_no, insutype, opsp_dise_code, opsp_dise_name,
               fixmedins_code, hosp_ide_date, begndate, enddate, status, memo, info, request_key)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12::jsonb, $13)`,
            [
              f.trt_dcla_detl_sn,
              f.psn_no,
              f.insutype,
              f.opsp_dise_code,
              f.opsp_dise_name,
              f.fixmedins_code,
              f.hosp_ide_date,
              f.begndate,
              f.enddate,
              f.status,
              f.memo,
              JSON.stringify(f.info),
              key,
            ],
            tx,
          );
        },
      });
    });
  }

  /** The referral filing a message made (by its idempotency key). */
  async referralByKey(requestKey: string, on: Queryable = this.db): Promise<FilingRecord | undefined> {
    const [row] = await this.q<FilingRecord & Row>(
      `${FILING_SELECT} WHERE f.request_key = $1`,
      [requestKey],
      on,
    );
    return row;
  }

  async chronicByKey(requestKey: string, on: Queryable = this.db): Promise<ChronicFilingRecord | undefined> {
    const [row] = await this.q<ChronicFilingRecord & Row>(
      `${CHRONIC_SELECT} WHERE request_key = $1`,
      [requestKey],
      on,
    );
    return row;
  }

  async referral(sn: string): Promise<FilingRecord | undefined> {
    const [row] = await this.q<FilingRecord & Row>(`${FILING_SELECT} WHERE f.trt_dcla_detl_sn = $1`, [sn]);
    return row;
  }

  async chronicFiling(sn: string): Promise<ChronicFilingRecord | undefined> {
    const [row] = await this.q<ChronicFilingRecord & Row>(`${CHRONIC_SELECT} WHERE trt_dcla_detl_sn = $1`, [
      sn,
    ]);
    return row;
  }

  /** Cancels an approved (or submitted) filing; false when it was not standing any more. */
  async cancelReferral(sn: string, memo: string | null): Promise<boolean> {
    return this.db.transaction(async (tx) => {
      const rows = await this.q(
        `UPDATE {s}.filings SET status = 'cancelled', memo = coalesce($2, memo), updated_at = now(), version = version + 1
         WHERE trt_dcla_detl_sn = $1 AND status IN ('approved', 'submitted') RETURNING trt_dcla_detl_sn`,
        [sn, memo],
        tx,
      );
      if (rows.length === 1) await announceFiling(tx, this.schema, this.eventSubject, sn);
      return rows.length === 1;
    });
  }

  async cancelChronic(sn: string, memo: string | null): Promise<boolean> {
    const rows = await this.q(
      `UPDATE {s}.chronic_filings SET status = 'cancelled', memo = coalesce($2, memo)
       WHERE trt_dcla_detl_sn = $1 AND status = 'approved' RETURNING trt_dcla_detl_sn`,
      [sn, memo],
    );
    return rows.length === 1;
  }

  /** Every insurance-type row of a person. */
  persons(psnNo: string): Promise<Person[]> {
    return this.q<Person & Row>('SELECT * FROM {s}.persons WHERE psn_no = $1 ORDER BY insutype', [psnNo]);
  }

  /** A person's referral filings (dcla_type 21) whose period meets [from, to]. */
  referralsOf(psnNo: string, from: string, to: string): Promise<FilingRecord[]> {
    return this.q<FilingRecord & Row>(
      `${FILING_SELECT} WHERE f.psn_no = $1 AND f.dcla_type = '21'
         AND f.begndate <= $3::date AND (f.enddate IS NULL OR f.enddate >= $2::date)
       ORDER BY f.begndate, f.trt_dcla_detl_sn`,
      [psnNo, from, to],
    );
  }

  chronicFilingsOf(psnNo: string): Promise<ChronicFilingRecord[]> {
    return this.q<ChronicFilingRecord & Row>(
      `${CHRONIC_SELECT} WHERE psn_no = $1 ORDER BY begndate, trt_dcla_detl_sn`,
      [psnNo],
    );
  }
}
