// 全国统计: the nodes' cross-province settlement aggregates merged, with coverage from the hub's directory, live.
import { PROVINCES } from '../core/regions.ts';
import { type Coverage, coverageOf, type ProvinceCoverage } from '../core/stats/coverage.ts';
import {
  mergeAggregates,
  type SettlementStatistics,
  summarizeSettlements,
} from '../core/stats/settlement-stats.ts';
import type { SettlementStatsRequest } from '../node/settlement-stats.ts';
import { CoverageStore } from '../store/coverage-store.ts';
import type { Db } from '../store/db.ts';
import type { NationalHub } from './national-hub.ts';

export interface NationalStatistics extends SettlementStatistics {
  readonly from: string;
  readonly to: string;
  /** Which nodes answered: figures without a node's hospitals are incomplete, and say so. */
  readonly nodes: {
    readonly asked: number;
    readonly answered: number;
    readonly missing: readonly { readonly province: string; readonly error: string }[];
  };
  readonly coverage: { readonly national: Coverage; readonly provinces: readonly ProvinceCoverage[] };
}

export class NationalStats {
  private readonly coverage: CoverageStore;
  /** Requests for the same range while one is being computed share it (dashboards refresh every few seconds). */
  private readonly inFlight = new Map<string, Promise<NationalStatistics>>();

  constructor(
    private readonly hub: NationalHub,
    db: Db,
  ) {
    this.coverage = new CoverageStore(db);
  }

  of(range: SettlementStatsRequest): Promise<NationalStatistics> {
    const key = `${range.from}|${range.to}`;
    const running = this.inFlight.get(key);
    if (running) return running;
    const computing = this.compute(range).finally(() => this.inFlight.delete(key));
    this.inFlight.set(key, computing);
    return computing;
  }

  private async compute(range: SettlementStatsRequest): Promise<NationalStatistics> {
    const [answers, counts, hospitalRegions] = await Promise.all([
      this.hub.settlementStats(range),
      this.coverage.institutionCounts(),
      this.coverage.hospitalRegions(),
    ]);
    const provinces = PROVINCES.map((p) => p.admdvs);
    const aggregates = mergeAggregates(answers.flatMap((a) => (a.up ? [a.answer] : [])));
    return {
      from: range.from,
      to: range.to,
      nodes: {
        asked: answers.length,
        answered: answers.filter((a) => a.up).length,
        missing: answers.flatMap((a) => (a.up ? [] : [{ province: a.province, error: a.error }])),
      },
      ...summarizeSettlements(aggregates, range, provinces),
      coverage: coverageOf(provinces, counts, hospitalRegions),
    };
  }
}
