// 清算事实 over the bus: what a node answers the hub for monthly clearing, one page at a time (a national month is
// far too large for one message): as treatment place its hospitals' records, as insured place its decisions.
import { type Bus, type Json, ReplyError, type Subscription } from '../bus/port.ts';
import {
  fundByTypeOfLayers,
  fundByTypeOfSetldetail,
  type InsuredFact,
  institutionOfKey,
  isPeriod,
  negatedAmounts,
  periodWindow,
  type TreatmentFact,
} from '../core/clearing/facts.ts';
import { provinceOf } from '../core/regions.ts';
import { ClearingFactsStore } from '../store/clearing-facts-store.ts';
import type { Db } from '../store/db.ts';
import { nodeSubject } from './subjects.ts';

/** The node operation (`yidi.node.<province>.clearing.facts`). */
export const CLEARING_FACTS_OPERATION = 'clearing.facts';
/** Facts per page unless the hub asks for fewer; a page of 2,000 is about 1 MB of JSON. */
export const CLEARING_FACTS_PAGE_SIZE = 2_000;
export const MAX_CLEARING_FACTS_PAGE_SIZE = 5_000;
/** How long the hub waits for one page. */
export const CLEARING_FACTS_TIMEOUT_MS = 15_000;

export interface ClearingFactsRequest {
  readonly side: 'treatment' | 'insured';
  readonly period: string;
  /** The cursor the previous page answered; '' for the first page. */
  readonly after: string;
  readonly limit?: number;
}

export type ClearingFactsPage<F> = {
  readonly facts: readonly F[];
  /** The cursor of the next page, or null when this was the last. */
  readonly next: string | null;
};

export class ClearingFactsService {
  private readonly store: ClearingFactsStore;

  constructor(
    db: Db,
    private readonly province: string,
  ) {
    this.store = new ClearingFactsStore(db, province);
  }

  async page(request: ClearingFactsRequest): Promise<ClearingFactsPage<TreatmentFact | InsuredFact>> {
    const {
      side,
      period,
      after = '',
      limit = CLEARING_FACTS_PAGE_SIZE,
    } = request ?? ({} as ClearingFactsRequest);
    if (side !== 'treatment' && side !== 'insured')
      throw new ReplyError('invalid-input', 'side 须为 treatment 或 insured');
    if (!isPeriod(period)) throw new ReplyError('invalid-input', '清算期须为 yyyy-MM');
    if (typeof after !== 'string') throw new ReplyError('invalid-input', 'after 须为字符串');
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_CLEARING_FACTS_PAGE_SIZE)
      throw new ReplyError('invalid-input', `每页条数须为 1 到 ${MAX_CLEARING_FACTS_PAGE_SIZE}`);
    return side === 'treatment'
      ? this.treatmentPage(period, after, limit)
      : this.insuredPage(period, after, limit);
  }

  private async treatmentPage(
    period: string,
    after: string,
    limit: number,
  ): Promise<ClearingFactsPage<TreatmentFact>> {
    const window = periodWindow(period);
    const rows = await this.store.treatmentPage(window.from, window.to, after, limit);
    const facts = rows.map(
      (r): TreatmentFact => ({
        setl_id: r.setl_id,
        decision_key: r.decision_key,
        kind: r.refd_setl_flag === '1' ? 'cancel' : 'settle',
        treatment_province: this.province,
        insured_province: provinceOf(r.insuplc_admdvs),
        fixmedins_code: r.fixmedins_code,
        psn_no: r.psn_no,
        med_type: r.med_type,
        at: r.setl_time,
        medfee_fen: r.medfee_sumamt_fen,
        fund_fen: r.fund_pay_sumamt_fen,
        fund_by_type: fundByTypeOfSetldetail(r.funds),
        acct_pay_fen: r.acct_pay_fen,
        psn_cash_fen: r.psn_cash_pay_fen,
      }),
    );
    return { facts, next: rows.length < limit ? null : rows[rows.length - 1]!.setl_id };
  }

  /**
   * The decisions of the month, then its reversals: the cursor is `settle:<decision key>` or `cancel:<decision key>`
   * (`''` the start), so each page reads the table in key order from where the last one stopped.
   */
  private async insuredPage(
    period: string,
    after: string,
    limit: number,
  ): Promise<ClearingFactsPage<InsuredFact>> {
    const [phase, key] = after === '' ? ['settle', ''] : [after.slice(0, 6), after.slice(7)];
    const known = after === '' || ((phase === 'settle' || phase === 'cancel') && after.charAt(6) === ':');
    if (!known) throw new ReplyError('invalid-input', 'after 不是本接口给出的游标');
    const kind = phase as 'settle' | 'cancel';
    const window = periodWindow(period);
    const rows = await this.store.insuredPage(kind, window.from, window.to, key, limit);
    const facts = rows.map((r): InsuredFact => {
      const amounts = {
        medfee_fen: r.fund_pay_fen + r.psn_part_fen + r.hosp_part_fen,
        fund_fen: r.fund_pay_fen,
        fund_by_type: fundByTypeOfLayers(r.layers),
        acct_pay_fen: r.acct_pay_fen,
        psn_cash_fen: r.psn_cash_fen,
      };
      return {
        decision_key: r.decision_key,
        kind,
        treatment_province: provinceOf(r.treatment_admdvs),
        insured_province: this.province,
        fixmedins_code: institutionOfKey(r.decision_key),
        psn_no: r.psn_no,
        at: r.at,
        ...(kind === 'cancel' ? negatedAmounts(amounts) : amounts),
      };
    });
    const next =
      rows.length === limit
        ? `${kind}:${rows[rows.length - 1]!.decision_key}`
        : kind === 'settle'
          ? 'cancel:'
          : null;
    return { facts, next };
  }
}

/** Serves the node's clearing facts on the bus. */
export function serveClearingFacts(bus: Bus, db: Db, province: string): Promise<Subscription> {
  const service = new ClearingFactsService(db, province);
  return bus.serve(
    nodeSubject(province, CLEARING_FACTS_OPERATION),
    async (request) => (await service.page(request as unknown as ClearingFactsRequest)) as unknown as Json,
  );
}
