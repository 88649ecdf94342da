// Reads behind a person's own records in the portal: the insured side's decisions for them, the treatment side's settlements.
import type { Db, Row } from './db.ts';
import { inSchema } from './migrate.ts';
import { nodeSchema } from './schemas.ts';
import type { SettlementRecord, VisitRecord } from './treatment-store.ts';

/** A benefit decision the insured node made for one of its persons, without the engine's figures. */
export interface DecisionReference {
  readonly decision_key: string;
  readonly psn_no: string;
  readonly insutype: string;
  readonly year: number;
  /** The treating institution's region (its admdvs); its province's node holds the settlement. */
  readonly treatment_admdvs: string;
  readonly mdtrt_id: string;
  readonly status: 'decided' | 'reverted';
}

/** A settlement or cancel record with the visit it belongs to (the times and kind of stay the person recognises). */
export type SettlementWithVisit = SettlementRecord & {
  readonly visit: Pick<VisitRecord, 'inpatient' | 'begntime' | 'endtime' | 'dise_codg' | 'status'>;
};

/** At most this many decisions answer one list (years of a heavy user's visits; a page beyond is not needed yet). */
export const MAX_DECISIONS_LISTED = 1_000;

/** The insured node's decisions of a person (参保地: it knows every decision made for its insured). */
export class PersonDecisionStore {
  private readonly schema: string;

  constructor(
    private readonly db: Db,
    province: string,
  ) {
    this.schema = nodeSchema(province);
  }

  /**
   * Decisions that a settlement may stand on: decided, or reverted (a cancelled settlement). Tombstones of a 2601
   * that came first ('refused') never had a settlement. Newest first; `year` is the settlement year.
   */
  decisionsOf(psnNo: string, year?: number): Promise<DecisionReference[]> {
    return this.db.query<DecisionReference & Row>(
      inSchema(
        this.schema,
        `SELECT decision_key, psn_no, insutype, year, treatment_admdvs, mdtrt_id, status FROM {s}.benefit_decisions
         WHERE psn_no = $1 AND status IN ('decided', 'reverted') AND mdtrt_id IS NOT NULL
           AND ($2::int IS NULL OR year = $2)
         ORDER BY created_at DESC, decision_key DESC LIMIT $3`,
      ),
      [psnNo, year ?? null, MAX_DECISIONS_LISTED],
    );
  }

  /** The decision under a key, when it was made for this person. */
  async decisionOf(psnNo: string, decisionKey: string): Promise<DecisionReference | undefined> {
    const [row] = await this.db.query<DecisionReference & Row>(
      inSchema(
        this.schema,
        `SELECT decision_key, psn_no, insutype, year, treatment_admdvs, mdtrt_id, status FROM {s}.benefit_decisions
         WHERE decision_key = $1 AND psn_no = $2 AND status IN ('decided', 'reverted')`,
      ),
      [decisionKey, psnNo],
    );
    return row;
  }
}

/** The treatment node's settlements of one person, found by the insured side's decisions (就医地管理). */
export class PersonSettlementStore {
  private readonly schema: string;

  constructor(
    private readonly db: Db,
    province: string,
  ) {
    this.schema = nodeSchema(province);
  }

  /**
   * The settlement and cancel records made under the given decisions, with their visits, in one statement. The
   * visit ids narrow the search to an index (settlements have none on decision_key); the person's number guards
   * against a decision key that names somebody else's record.
   */
  ofDecisions(
    psnNo: string,
    decisions: readonly { readonly mdtrt_id: string; readonly decision_key: string }[],
  ): Promise<SettlementWithVisit[]> {
    if (decisions.length === 0) return Promise.resolve([]);
    return this.db.query<SettlementWithVisit & Row>(
      inSchema(
        this.schema,
        `SELECT s.*, jsonb_build_object('inpatient', v.inpatient, 'begntime', v.begntime, 'endtime', v.endtime,
                  'dise_codg', v.dise_codg, 'status', v.status) AS visit
         FROM {s}.settlements s JOIN {s}.visits v USING (mdtrt_id)
         WHERE s.mdtrt_id = ANY($1::text[]) AND s.decision_key = ANY($2::text[]) AND s.psn_no = $3
         ORDER BY s.setl_time DESC, s.setl_id DESC`,
      ),
      [[...new Set(decisions.map((d) => d.mdtrt_id))], decisions.map((d) => d.decision_key), psnNo],
    );
  }
}
