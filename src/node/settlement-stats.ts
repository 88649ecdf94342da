// 就医地统计 over the bus: what a treatment node answers the hub for national statistics (its hospitals' cross-province
// settlements by month × insured province × kind of care, net of cancels).
import { ReplyError } from '../bus/port.ts';
import {
  aggregatesOfNode,
  isMonth,
  MAX_STATS_MONTHS,
  monthSpan,
  type SettlementAggregate,
} from '../core/stats/settlement-stats.ts';
import type { Db } from '../store/db.ts';
import { SettlementStatsStore } from '../store/settlement-stats-store.ts';

/** The node operation (`yidi.node.<province>.stats.settlements`). */
export const SETTLEMENT_STATS_OPERATION = 'stats.settlements';

/** How long the hub waits for a node's aggregates: a read of a month range, longer than a liveness check. */
export const SETTLEMENT_STATS_TIMEOUT_MS = 5_000;

/** The months asked, both included (yyyy-MM, China time). */
export interface SettlementStatsRequest {
  readonly from: string;
  readonly to: string;
}

export class SettlementStatsService {
  private readonly store: SettlementStatsStore;

  constructor(
    db: Db,
    private readonly province: string,
  ) {
    this.store = new SettlementStatsStore(db, province);
  }

  async aggregates(request: SettlementStatsRequest): Promise<SettlementAggregate[]> {
    const { from, to } = request ?? {};
    if (typeof from !== 'string' || typeof to !== 'string' || !isMonth(from) || !isMonth(to))
      throw new ReplyError('invalid-input', '统计月份须为 yyyy-MM');
    const months = monthSpan(from, to);
    if (months < 1 || months > MAX_STATS_MONTHS)
      throw new ReplyError('invalid-input', `统计区间须为 1 到 ${MAX_STATS_MONTHS} 个月`);
    return aggregatesOfNode(this.province, await this.store.crossProvinceGroups(from, to));
  }
}
