// The insured node's filings made online or at the counter: applications, reviews, changes, cancels and their history.
import type { Person } from '../core/dataset/model.ts';
import type { Db, Queryable, Row } from './db.ts';
import { announceFiling } from './filing-events.ts';
import { isSealed, materialsCipher } from './materials-cipher.ts';
import { inSchema } from './migrate.ts';
import { lockPerson, nextSerial } from './person-lock.ts';
import { nodeSchema } from './schemas.ts';

/** A filing with everything the applicant declared and the agency decided. Dates `yyyy-MM-dd`. */
export interface DeskFiling {
  readonly trt_dcla_detl_sn: string;
  readonly psn_no: string;
  readonly insutype: string;
  readonly insuplc_admdvs: string;
  readonly psn_name: string;
  readonly certno: string;
  readonly dcla_type: string;
  readonly mdtrtarea_admdvs: string;
  readonly begndate: string;
  readonly enddate: string | null;
  readonly dcla_souc: string;
  readonly status: string;
  readonly commitment: boolean;
  readonly contact: { name: string; tel: string; addr: string | null } | null;
  readonly notice_version: string | null;
  readonly commitment_doc: { text_version: string; signed_name: string; signed_at: string } | null;
  readonly applicant: string | null;
  readonly reviewer: string | null;
  readonly reason: string | null;
  readonly fixmedins_code: string | null;
  readonly approved_at: Date | null;
  readonly version: number;
  readonly created_at: Date;
}

export interface HistoryEntry {
  readonly at: Date;
  readonly status: string;
  readonly actor: string;
  readonly reason: string | null;
  readonly changes: Readonly<Record<string, unknown>> | null;
}

export interface MaterialMeta {
  readonly material_id: string;
  readonly filename: string;
  readonly content_type: string;
  readonly size_bytes: number;
  readonly sha256: string;
  readonly trt_dcla_detl_sn: string | null;
  readonly uploaded_at: Date;
}

export interface NewFiling {
  readonly trt_dcla_detl_sn: string;
  readonly psn_no: string;
  readonly insutype: string;
  readonly dcla_type: string;
  readonly mdtrtarea_admdvs: string;
  readonly begndate: string;
  readonly enddate: string | null;
  readonly dcla_souc: string;
  readonly status: 'approved' | 'submitted';
  readonly contact: DeskFiling['contact'];
  readonly notice_version: string;
  readonly commitment_doc: DeskFiling['commitment_doc'];
  readonly applicant: string;
  readonly material_ids: readonly string[];
}

export interface SearchFilter {
  /** Persons insured in this region (a province or a pooling region). */
  readonly scope_admdvs: string;
  readonly status?: string;
  readonly psn_no?: string;
  readonly certno?: string;
  readonly dcla_type?: string;
  readonly mdtrtarea_admdvs?: string;
  /** Submitted on or after / before, China dates. */
  readonly from?: string;
  readonly to?: string;
  /** Oldest first (the review queue) rather than newest first. */
  readonly oldestFirst?: boolean;
  readonly limit: number;
  readonly offset: number;
}

const DESK_SELECT = `SELECT f.trt_dcla_detl_sn, f.psn_no, f.insutype, p.insuplc_admdvs, p.psn_name, p.certno, f.dcla_type,
  f.mdtrtarea_admdvs, f.begndate, f.enddate, f.dcla_souc, f.status, f.commitment, f.contact, f.notice_version,
  f.commitment_doc, f.applicant, f.reviewer, f.reason, f.fixmedins_code, f.approved_at, f.version, f.created_at
  FROM {s}.filings f JOIN {s}.persons p USING (psn_no, insutype)`;

/** What one transaction holding the person's row lock reads and writes. */
export interface DeskTransaction {
  readonly person: Person;
  /** Every filing of the person (all insurance types), oldest first. */
  filings(): Promise<DeskFiling[]>;
  /** The person's materials not yet attached to a filing, among `ids`. */
  unattachedMaterials(ids: readonly string[]): Promise<string[]>;
  serial(): Promise<number>;
  insert(filing: NewFiling, at: Date): Promise<void>;
}

export class FilingDeskStore {
  private readonly schema: string;

  constructor(
    private readonly db: Db,
    province: string,
    /** The durable subject filing events of this node go to. */
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

  /** Runs `work` holding the person's row (of that insurance type); undefined when there is no such row. */
  withPerson<T>(
    psnNo: string,
    insutype: string,
    work: (tx: DeskTransaction) => Promise<T>,
  ): Promise<T | undefined> {
    return this.db.transaction(async (tx) => {
      const person = await lockPerson(tx, this.schema, psnNo, insutype);
      if (!person) return undefined;
      return work({
        person,
        filings: () =>
          this.q<DeskFiling & Row>(
            `${DESK_SELECT} WHERE f.psn_no = $1 ORDER BY f.created_at, f.trt_dcla_detl_sn`,
            [psnNo],
            tx,
          ),
        unattachedMaterials: async (ids) =>
          (
            await this.q<{ material_id: string }>(
              'SELECT material_id FROM {s}.filing_materials WHERE psn_no = $1 AND material_id = ANY($2) AND trt_dcla_detl_sn IS NULL',
              [psnNo, ids],
              tx,
            )
          ).map((r) => r.material_id),
        serial: () => nextSerial(tx, this.schema),
        insert: (filing, at) => this.insert(tx, filing, at),
      });
    });
  }

  private async insert(tx: Queryable, f: NewFiling, at: Date): Promise<void> {
    await this.q(
      `INSERT INTO {s}.filings (trt_dcla_detl_sn, psn_no, insutype, dcla_type, mdtrtarea_admdvs, begndate, enddate,
         dcla_souc, commitment, status, contact, notice_version, commitment_doc, applicant, approved_at, created_at,
         updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11::jsonb, $12, $13::jsonb, $14, $15, $16, $16)`,
      [
        f.trt_dcla_detl_sn,
        f.psn_no,
        f.insutype,
        f.dcla_type,
        f.mdtrtarea_admdvs,
        f.begndate,
        f.enddate,
        f.dcla_souc,
        f.commitment_doc !== null,
        f.status,
        JSON.stringify(f.contact),
        f.notice_version,
        JSON.stringify(f.commitment_doc),
        f.applicant,
        f.status === 'approved' ? at : null,
        at,
      ],
      tx,
    );
    await this.history(tx, f.trt_dcla_detl_sn, at, 'submitted', f.applicant, null, null);
    if (f.status === 'approved') {
      await this.history(tx, f.trt_dcla_detl_sn, at, 'approved', f.applicant, null, null);
      await announceFiling(tx, this.schema, this.eventSubject, f.trt_dcla_detl_sn);
    }
    if (f.material_ids.length > 0)
      await this.q(
        'UPDATE {s}.filing_materials SET trt_dcla_detl_sn = $1 WHERE material_id = ANY($2)',
        [f.trt_dcla_detl_sn, f.material_ids],
        tx,
      );
  }

  private async history(
    tx: Queryable,
    sn: string,
    at: Date,
    status: string,
    actor: string,
    reason: string | null,
    changes: Record<string, unknown> | null,
  ): Promise<void> {
    await this.q(
      'INSERT INTO {s}.filing_history (trt_dcla_detl_sn, at, status, actor, reason, changes) VALUES ($1, $2, $3, $4, $5, $6::jsonb)',
      [sn, at, status, actor, reason, changes === null ? null : JSON.stringify(changes)],
      tx,
    );
  }

  /**
   * Moves a filing to a new state under its row lock: `decide` reads it as it is now and answers the update (or
   * throws, changing nothing). The version rises and, when the filing is or was approved, its event is written.
   */
  async transition(
    sn: string,
    at: Date,
    actor: string,
    decide: (filing: DeskFiling) => {
      status: string;
      reason?: string | null;
      reviewer?: string | null;
      mdtrtarea_admdvs?: string;
      enddate?: string | null;
      contact?: DeskFiling['contact'];
      changes?: Record<string, unknown> | null;
    },
  ): Promise<DeskFiling | undefined> {
    return this.db.transaction(async (tx) => {
      const [locked] = await this.q<{ sn: string }>(
        'SELECT trt_dcla_detl_sn AS sn FROM {s}.filings WHERE trt_dcla_detl_sn = $1 FOR UPDATE',
        [sn],
        tx,
      );
      if (!locked) return undefined;
      const [current] = await this.q<DeskFiling & Row>(
        `${DESK_SELECT} WHERE f.trt_dcla_detl_sn = $1`,
        [sn],
        tx,
      );
      const next = decide(current!);
      const approvedNow = next.status === 'approved' && current!.status !== 'approved';
      await this.q(
        `UPDATE {s}.filings SET status = $2, reason = coalesce($3, reason), reviewer = coalesce($4, reviewer),
           mdtrtarea_admdvs = $5, enddate = $6, contact = $7::jsonb, version = version + 1, updated_at = $8,
           approved_at = CASE WHEN $9 THEN $8 ELSE approved_at END
         WHERE trt_dcla_detl_sn = $1`,
        [
          sn,
          next.status,
          next.reason ?? null,
          next.reviewer ?? null,
          next.mdtrtarea_admdvs ?? current!.mdtrtarea_admdvs,
          next.enddate === undefined ? current!.enddate : next.enddate,
          JSON.stringify(next.contact === undefined ? current!.contact : next.contact),
          at,
          approvedNow,
        ],
        tx,
      );
      await this.history(
        tx,
        sn,
        at,
        next.status === current!.status ? 'changed' : next.status,
        actor,
        next.reason ?? null,
        next.changes ?? null,
      );
      // Only filings that were ever approved are known to the index; a withdrawn or rejected application never was.
      if (next.status === 'approved' || current!.approved_at !== null)
        await announceFiling(tx, this.schema, this.eventSubject, sn);
      const [after] = await this.q<DeskFiling & Row>(
        `${DESK_SELECT} WHERE f.trt_dcla_detl_sn = $1`,
        [sn],
        tx,
      );
      return after;
    });
  }

  /** Every insurance-type row of a person. */
  personsOf(psnNo: string): Promise<Person[]> {
    return this.q<Person & Row>('SELECT * FROM {s}.persons WHERE psn_no = $1 ORDER BY insutype', [psnNo]);
  }

  async filing(sn: string): Promise<DeskFiling | undefined> {
    const [row] = await this.q<DeskFiling & Row>(`${DESK_SELECT} WHERE f.trt_dcla_detl_sn = $1`, [sn]);
    return row;
  }

  filingsOf(psnNo: string): Promise<DeskFiling[]> {
    return this.q<DeskFiling & Row>(
      `${DESK_SELECT} WHERE f.psn_no = $1 ORDER BY f.created_at DESC, f.trt_dcla_detl_sn DESC`,
      [psnNo],
    );
  }

  historyOf(sn: string): Promise<HistoryEntry[]> {
    return this.q<HistoryEntry & Row>(
      'SELECT at, status, actor, reason, changes FROM {s}.filing_history WHERE trt_dcla_detl_sn = $1 ORDER BY seq',
      [sn],
    );
  }

  /** Filings of persons insured in the scope, by the filter; with the total for paging. */
  async search(filter: SearchFilter): Promise<{ total: number; items: DeskFiling[] }> {
    const where = `WHERE (p.insuplc_admdvs = $1 OR substr(p.insuplc_admdvs, 1, 2) || '0000' = $1)
        AND ($2::text IS NULL OR f.status = $2) AND ($3::text IS NULL OR f.psn_no = $3)
        AND ($4::text IS NULL OR p.certno = $4) AND ($5::text IS NULL OR f.dcla_type = $5)
        AND ($6::text IS NULL OR f.mdtrtarea_admdvs = $6)
        AND ($7::text IS NULL OR f.created_at >= ($7::text || ' 00:00:00+08')::timestamptz)
        AND ($8::text IS NULL OR f.created_at < ($8::text || ' 00:00:00+08')::timestamptz + interval '1 day')`;
    const params = [
      filter.scope_admdvs,
      filter.status ?? null,
      filter.psn_no ?? null,
      filter.certno ?? null,
      filter.dcla_type ?? null,
      filter.mdtrtarea_admdvs ?? null,
      filter.from ?? null,
      filter.to ?? null,
    ];
    const [count] = await this.q<{ n: number }>(
      `SELECT count(*)::int AS n FROM {s}.filings f JOIN {s}.persons p USING (psn_no, insutype) ${where}`,
      params,
    );
    const order = filter.oldestFirst
      ? 'f.created_at, f.trt_dcla_detl_sn'
      : 'f.created_at DESC, f.trt_dcla_detl_sn DESC';
    const items = await this.q<DeskFiling & Row>(
      `${DESK_SELECT} ${where} ORDER BY ${order} LIMIT $9 OFFSET $10`,
      [...params, filter.limit, filter.offset],
    );
    return { total: count!.n, items };
  }

  async saveMaterial(
    material: Omit<MaterialMeta, 'trt_dcla_detl_sn'> & { psn_no: string; bytes: Buffer },
    maxPending: number,
  ): Promise<boolean> {
    // One statement: the count of the person's pending materials and the insert cannot race each other apart.
    const rows = await this.q(
      `INSERT INTO {s}.filing_materials (material_id, psn_no, filename, content_type, size_bytes, sha256, bytes, uploaded_at)
       SELECT $1, $2, $3, $4, $5, $6, $7, $8
       WHERE (SELECT count(*) FROM {s}.filing_materials WHERE psn_no = $2 AND trt_dcla_detl_sn IS NULL) < $9
       RETURNING material_id`,
      [
        material.material_id,
        material.psn_no,
        material.filename,
        material.content_type,
        material.size_bytes,
        material.sha256,
        // Encrypted at rest (materials-cipher.ts): the database, its disk and its backups hold no readable file.
        materialsCipher().seal(material.material_id, material.bytes),
        material.uploaded_at,
        maxPending,
      ],
    );
    return rows.length === 1;
  }

  materialsOf(sn: string): Promise<MaterialMeta[]> {
    return this.q<MaterialMeta & Row>(
      `SELECT material_id, filename, content_type, size_bytes, sha256, trt_dcla_detl_sn, uploaded_at
       FROM {s}.filing_materials WHERE trt_dcla_detl_sn = $1 ORDER BY uploaded_at, material_id`,
      [sn],
    );
  }

  async material(
    materialId: string,
  ): Promise<(MaterialMeta & { psn_no: string; bytes: Buffer }) | undefined> {
    const [row] = await this.q<MaterialMeta & { psn_no: string; bytes: Buffer } & Row>(
      'SELECT * FROM {s}.filing_materials WHERE material_id = $1',
      [materialId],
    );
    if (!row) return undefined;
    const bytes = materialsCipher().open(materialId, row.bytes);
    // A row from before encryption is sealed the first time it is read (unless another reader sealed it meanwhile).
    if (!isSealed(row.bytes))
      await this.q('UPDATE {s}.filing_materials SET bytes = $2 WHERE material_id = $1 AND bytes = $3', [
        materialId,
        materialsCipher().seal(materialId, bytes),
        row.bytes,
      ]);
    return { ...row, bytes };
  }
}
