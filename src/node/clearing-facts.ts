// 清算事实 over the bus: what a node answers the hub for monthly clearing, as treatment place (its hospitals' records)
// and as insured place (its decisions) — by digest first (groups, then the buckets of the groups that differ), record
// by record only for the buckets that differ: a national month is far too large to move whole.
import { type Bus, type Json, ReplyError, type Subscription } from '../bus/port.ts';
import {
  BUCKETS,
  type Cell,
  type CellDigest,
  type GroupDigest,
  type GroupKey,
  type TreatmentGroup,
} from '../core/clearing/digest.ts';
import {
  type FactKind,
  fundByTypeOfLayers,
  fundByTypeOfSetldetail,
  type InsuredFact,
  institutionOfKey,
  isPeriod,
  negatedAmounts,
  periodWindow,
  type TreatmentFact,
  withoutZeros,
} from '../core/clearing/facts.ts';
import { provinceOf } from '../core/regions.ts';
import {
  type CellFilter,
  ClearingFactsStore,
  type GroupFilter,
  type GroupRow,
  type TreatmentGroupRow,
} from '../store/clearing-facts-store.ts';
import type { Db } from '../store/db.ts';
import { nodeSubject } from './subjects.ts';

/** The node operation (`yidi.node.<province>.clearing.facts`). */
export const CLEARING_FACTS_OPERATION = 'clearing.facts';
/** Groups or buckets one request may name; the hub splits longer lists. */
export const MAX_CLEARING_KEYS = 1_000;
/** How long the hub waits for one answer (a month's groups are one scan of the node's records). */
export const CLEARING_FACTS_TIMEOUT_MS = 60_000;

export type ClearingSide = 'treatment' | 'insured';

export type ClearingFactsRequest =
  | { readonly side: ClearingSide; readonly period: string; readonly level: 'groups' }
  | {
      readonly side: ClearingSide;
      readonly period: string;
      readonly level: 'cells';
      readonly groups: readonly GroupKey[];
    }
  | {
      readonly side: ClearingSide;
      readonly period: string;
      readonly level: 'facts';
      readonly cells: readonly Cell[];
    };

export interface ClearingFactsAnswer {
  readonly groups?: readonly (TreatmentGroup | GroupDigest)[];
  readonly cells?: readonly CellDigest[];
  readonly facts?: readonly (TreatmentFact | InsuredFact)[];
}

const KIND_OF_FLAG: Readonly<Record<'0' | '1', FactKind>> = { '0': 'settle', '1': 'cancel' };
const flagOf = (kind: FactKind): '0' | '1' => (kind === 'settle' ? '0' : '1');

export class ClearingFactsService {
  private readonly store: ClearingFactsStore;

  constructor(
    db: Db,
    private readonly province: string,
  ) {
    this.store = new ClearingFactsStore(db, province);
  }

  async answer(request: ClearingFactsRequest): Promise<ClearingFactsAnswer> {
    const { side, period, level } = request ?? ({} as ClearingFactsRequest);
    if (side !== 'treatment' && side !== 'insured')
      throw new ReplyError('invalid-input', 'side 须为 treatment 或 insured');
    if (!isPeriod(period)) throw new ReplyError('invalid-input', 'period 须为 yyyy-MM');
    // Digests count the month exactly; records are read with the margin, for events across the 1st's midnight.
    const month = periodWindow(period, 0);
    if (level === 'groups') {
      if (side === 'treatment') {
        const rows = await this.store.treatmentGroups(month.from, month.to);
        return { groups: rows.map((r) => this.treatmentGroupOf(r)) };
      }
      const rows = await this.store.insuredGroups(month.from, month.to);
      return { groups: rows.map((r) => ({ ...this.keyOf(side, r), count: r.count, hash: r.hash })) };
    }
    if (level === 'cells') {
      const groups = this.filtersOf(side, 'groups', (request as { groups?: unknown }).groups, false);
      const rows = await this.store.cells(side, month.from, month.to, groups);
      return {
        cells: rows.map((r) => ({ ...this.keyOf(side, r), bucket: r.bucket, count: r.count, hash: r.hash })),
      };
    }
    if (level === 'facts') {
      const cells = this.filtersOf(
        side,
        'cells',
        (request as { cells?: unknown }).cells,
        true,
      ) as CellFilter[];
      const window = periodWindow(period);
      return {
        facts:
          side === 'treatment'
            ? await this.treatmentFacts(window.from, window.to, cells)
            : await this.insuredFacts(window.from, window.to, cells),
      };
    }
    throw new ReplyError('invalid-input', 'level 须为 groups、cells 或 facts');
  }

  /** Core's key of a stored group: this node is one party, `counterpart` the other. */
  private keyOf(side: ClearingSide, r: GroupRow): GroupKey {
    const other = `${r.counterpart}0000`;
    return {
      treatment_province: side === 'treatment' ? this.province : other,
      insured_province: side === 'treatment' ? other : this.province,
      fixmedins_code: r.fixmedins_code,
      kind: KIND_OF_FLAG[r.flag],
      fund_types: r.fund_types,
    };
  }

  private treatmentGroupOf(r: TreatmentGroupRow): TreatmentGroup {
    const types = r.fund_types === '' ? [] : r.fund_types.split(',');
    return {
      ...this.keyOf('treatment', r),
      count: r.count,
      hash: r.hash,
      medfee_fen: r.medfee_fen,
      fund_fen: r.fund_fen,
      fund_by_type: withoutZeros(Object.fromEntries(types.map((t, k) => [t, r.slots[k] ?? 0]))),
      acct_pay_fen: r.acct_pay_fen,
      psn_cash_fen: r.psn_cash_fen,
    };
  }

  /** Validates the hub's list of groups (or buckets) and turns it into the store's filters. */
  private filtersOf(
    side: ClearingSide,
    field: string,
    list: unknown,
    withBucket: boolean,
  ): (GroupFilter | CellFilter)[] {
    if (!Array.isArray(list) || list.length === 0 || list.length > MAX_CLEARING_KEYS)
      throw new ReplyError('invalid-input', `${field} 须为 1 到 ${MAX_CLEARING_KEYS} 项`);
    return list.map((item: Partial<Cell>, n) => {
      const at = `${field}[${n}]`;
      const mine = side === 'treatment' ? item?.treatment_province : item?.insured_province;
      const other = side === 'treatment' ? item?.insured_province : item?.treatment_province;
      if (mine !== this.province)
        throw new ReplyError('invalid-input', `${at}: 不属于本节点（${this.province}）`);
      if (typeof other !== 'string' || !/^\d{2}0000$/.test(other))
        throw new ReplyError('invalid-input', `${at}: 对方省份须为六位省级区划代码`);
      if (typeof item.fixmedins_code !== 'string' || item.fixmedins_code.length > 30)
        throw new ReplyError('invalid-input', `${at}.fixmedins_code: 须为定点医药机构编号`);
      if (item.kind !== 'settle' && item.kind !== 'cancel')
        throw new ReplyError('invalid-input', `${at}.kind: 须为 settle 或 cancel`);
      if (typeof item.fund_types !== 'string' || !/^(\d{6}(,\d{6})*)?$/.test(item.fund_types))
        throw new ReplyError('invalid-input', `${at}.fund_types: 须为逗号分隔的基金支付类型`);
      const filter: GroupFilter = {
        counterpart: other.slice(0, 2),
        fixmedins_code: item.fixmedins_code,
        flag: flagOf(item.kind),
        fund_types: item.fund_types,
      };
      if (!withBucket) return filter;
      if (!Number.isInteger(item.bucket) || item.bucket! < 0 || item.bucket! >= BUCKETS)
        throw new ReplyError('invalid-input', `${at}.bucket: 须为 0 到 ${BUCKETS - 1} 的整数`);
      return { ...filter, bucket: item.bucket! };
    });
  }

  private async treatmentFacts(from: string, to: string, cells: CellFilter[]): Promise<TreatmentFact[]> {
    const rows = await this.store.treatmentFacts(from, to, cells);
    return rows.map((r) => ({
      setl_id: r.setl_id,
      decision_key: r.decision_key,
      kind: KIND_OF_FLAG[r.refd_setl_flag],
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
    }));
  }

  private async insuredFacts(from: string, to: string, cells: CellFilter[]): Promise<InsuredFact[]> {
    const rows = await this.store.insuredFacts(from, to, cells);
    return rows.map((r) => {
      const kind = KIND_OF_FLAG[r.flag];
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
  }
}

/** Serves the node's clearing facts on the bus. */
export function serveClearingFacts(bus: Bus, db: Db, province: string): Promise<Subscription> {
  const service = new ClearingFactsService(db, province);
  return bus.serve(
    nodeSubject(province, CLEARING_FACTS_OPERATION),
    async (request) => (await service.answer(request as unknown as ClearingFactsRequest)) as unknown as Json,
  );
}
