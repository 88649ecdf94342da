// 就医地: the treatment node's copy of other provinces' filings for its places, fed by the hub's index.
import type { Db, Row } from './db.ts';
import { type FilingIndexEvent, upsertIndexedFiling } from './filing-events.ts';
import { inSchema } from './migrate.ts';
import { nodeSchema } from './schemas.ts';

export class OffsiteFilingStore {
  private readonly schema: string;

  constructor(
    private readonly db: Db,
    private readonly province: string,
  ) {
    this.schema = nodeSchema(province);
  }

  record(filing: FilingIndexEvent): Promise<void> {
    return upsertIndexedFiling(this.db, this.schema, 'offsite_filings', filing);
  }

  /** A person's filings as this treatment place knows them. */
  filingsOf(psnNo: string): Promise<FilingIndexEvent[]> {
    return this.db.query<FilingIndexEvent & Row>(
      inSchema(
        this.schema,
        'SELECT * FROM {s}.offsite_filings WHERE psn_no = $1 ORDER BY begndate, trt_dcla_detl_sn',
      ),
      [psnNo],
    );
  }

  /**
   * Filings for this province's places (or one of them) in a status, for the treatment agency's view. A filing that
   * moved to another province stays in the copy with its new place, so it is left out here.
   */
  byPlace(place: string | null, status: string, limit: number, offset: number): Promise<FilingIndexEvent[]> {
    return this.db.query<FilingIndexEvent & Row>(
      inSchema(
        this.schema,
        `SELECT * FROM {s}.offsite_filings WHERE status = $1 AND substr(mdtrtarea_admdvs, 1, 2) = $5
           AND ($2::text IS NULL OR mdtrtarea_admdvs = $2 OR mdtrtarea_admdvs = substr($2, 1, 2) || '0000')
         ORDER BY begndate DESC, trt_dcla_detl_sn LIMIT $3 OFFSET $4`,
      ),
      [status, place, limit, offset, this.province.slice(0, 2)],
    );
  }
}
