// The national hub: routing table, national filing index, institution directory; reaches nodes over the bus.
import { type Bus, BusError, type Json, ReplyError, type Subscription } from '../bus/port.ts';
import type { SettlementRef } from '../core/cross-check/case.ts';
import { provinceOf } from '../core/regions.ts';
import { addMonths, aggregatesOfNode, type SettlementAggregate } from '../core/stats/settlement-stats.ts';
import { provinceOfEvoucher } from '../node/evoucher-service.ts';
import { INSURED_OPERATIONS, INSURED_UNAVAILABLE } from '../node/insured-messages.ts';
import type { PersonLookup, PersonQuery } from '../node/person-lookup.ts';
import type { NodeStats } from '../node/provincial-node.ts';
import {
  SETTLEMENT_STATS_OPERATION,
  SETTLEMENT_STATS_TIMEOUT_MS,
  type SettlementStatsRequest,
} from '../node/settlement-stats.ts';
import { hubSubject, nodeSubject } from '../node/subjects.ts';
import { ChronicDirectoryStore, type ChronicInstitution } from '../store/chronic-directory-store.ts';
import type { ThresholdSetting } from '../store/cross-check-registry.ts';
import type { Db } from '../store/db.ts';
import { HubStore } from '../store/hub-store.ts';
import { SettlementFactStore } from '../store/settlement-events.ts';
import { ClearingService } from './clearing-service.ts';
import { CrossCheckHub } from './cross-check-relay.ts';
import { syncFilingIndex } from './filing-index-sync.ts';
import { type DirectoryRow, type HubPort, type InstitutionFilter, serveHubPort } from './hub-port.ts';
import { LedgerService } from './ledger-service.ts';
import { syncSettlementFacts } from './settlement-facts-sync.ts';

/** How long the hub waits for a node's health answer before calling it down. */
export const NODE_HEALTH_TIMEOUT_MS = 2_000;
/** How long a 1101 waits for the insured side; a HIS retries a timeout with the same msgid. */
export const PERSON_LOOKUP_TIMEOUT_MS = 3_000;

/**
 * How long the hub waits for an insured node; the treatment node waits a second longer (INSURED_CALL_TIMEOUT_MS)
 * so that a silent insured node reaches the hospital as the hub's timeout, not as a silent hub.
 */
export const FORWARD_TIMEOUT_MS = 4_000;
export const INSURED_CALL_TIMEOUT_MS = FORWARD_TIMEOUT_MS + 1_000;

export type NodeStatus<T> =
  | { readonly province: string; readonly up: true; readonly answer: T }
  | { readonly province: string; readonly up: false; readonly error: string };

export class NationalHub implements HubPort {
  readonly store: HubStore;
  /** 月度清算: collects the nodes' facts of a period, reconciles them, keeps each period's confirmations and posting. */
  readonly clearing: ClearingService;
  /** The double-entry ledger: clearing postings, hospital advances, 预付金. */
  readonly ledger: LedgerService;
  /** 协查: the registry of cross-check cases, their relay between the nodes, and adjustments booked for clearing. */
  readonly crossChecks: CrossCheckHub;
  private readonly subscriptions: Subscription[] = [];

  private readonly settlementFacts: SettlementFactStore;

  constructor(
    private readonly db: Db,
    private readonly bus: Bus,
  ) {
    this.store = new HubStore(db);
    this.settlementFacts = new SettlementFactStore(db);
    this.clearing = new ClearingService(db, bus, this.store, () => this.ledger);
    this.crossChecks = new CrossCheckHub(db, bus, this.clearing);
    this.ledger = new LedgerService(db, {
      provinces: async () => (await this.store.routes()).map((r) => r.province),
      // 预付金 usage counts the settlements of periods not posted yet, from the national level's own copy (no node
      // is asked on each dashboard refresh, and a node that is down still counts).
      settlementStats: async (range) => [{ up: true, answer: await this.recordedSettlements(range) }],
    });
  }

  async start(provinces: readonly string[], nodeIdOf: (province: string) => string): Promise<void> {
    await this.store.setRoutes(provinces, nodeIdOf);
    this.subscriptions.push(await syncFilingIndex(this.bus, this.store));
    this.subscriptions.push(
      await syncSettlementFacts(this.bus, this.db, (fact) => this.crossChecks.onSettlement(fact)),
    );
    this.subscriptions.push(await this.crossChecks.start());
    // Nodes in other processes reach the hub's own services over the bus (HubClient).
    this.subscriptions.push(...(await serveHubPort(this.bus, this)));
    // The saga's calls from a treatment node to an insured node pass through the hub, routed by insuplc_admdvs.
    for (const operation of INSURED_OPERATIONS) {
      this.subscriptions.push(
        await this.bus.serve(hubSubject(operation), (data) => this.forwardToInsured(operation, data)),
      );
    }
  }

  async stop(): Promise<void> {
    await Promise.all(this.subscriptions.splice(0).map((s) => s.close()));
  }

  private async forwardToInsured(operation: string, data: Json): Promise<Json> {
    const admdvs = (data as { insuplc_admdvs?: unknown } | null)?.insuplc_admdvs;
    if (typeof admdvs !== 'string' || !/^\d{6}$/.test(admdvs))
      throw new ReplyError('person-not-found', '参保地医保区划缺失或格式错误');
    const province = provinceOf(admdvs);
    if (!(await this.isRouted(province)))
      throw new ReplyError('person-not-found', `参保地${admdvs}未接入全国平台`);
    try {
      return await this.bus.request(nodeSubject(province, operation), data, {
        timeoutMs: FORWARD_TIMEOUT_MS,
      });
    } catch (error) {
      // The insured node's own refusals pass through unchanged; its silence becomes a retryable answer.
      if (error instanceof BusError && error.code === 'remote')
        throw new ReplyError(error.remoteCode ?? 'internal', error.message);
      if (error instanceof BusError)
        throw new ReplyError(INSURED_UNAVAILABLE, `参保地${province}未响应（${error.code}）`);
      throw error;
    }
  }

  searchInstitutions(filter: InstitutionFilter, limit: number): Promise<DirectoryRow[]> {
    return this.store.searchInstitutions(filter, limit);
  }

  chronicSettling(diseaseCode: string, provinces: readonly string[]): Promise<ChronicInstitution[]> {
    return new ChronicDirectoryStore(this.db).settling(diseaseCode, provinces);
  }

  async institutionNames(codes: readonly string[]): Promise<Record<string, string>> {
    return Object.fromEntries(await new ChronicDirectoryStore(this.db).names(codes));
  }

  crossCheckSettlement(setlId: string): Promise<SettlementRef | undefined> {
    return this.crossChecks.settlement(setlId);
  }

  crossCheckThreshold(province: string): Promise<ThresholdSetting> {
    return this.crossChecks.threshold(province);
  }

  putCrossCheckThreshold(province: string, fen: number, by: string): Promise<ThresholdSetting> {
    return this.crossChecks.putThreshold(province, fen, by);
  }

  /** A node (re)announcing itself: the routing table names it for the province from now on. */
  async registerRoute(province: string, nodeId: string): Promise<void> {
    await this.store.setRoutes([province], () => nodeId);
    this.routed?.add(province);
  }

  /** The cross-province settlements the nodes announced, aggregated as a node aggregates its own (national copy). */
  async recordedSettlements(range: SettlementStatsRequest): Promise<SettlementAggregate[]> {
    const groups = await this.settlementFacts.groups(`${range.from}-01`, `${addMonths(range.to, 1)}-01`);
    const byProvince = new Map<string, typeof groups>();
    for (const g of groups) {
      const rows = byProvince.get(g.treatment_province);
      if (rows) rows.push(g);
      else byProvince.set(g.treatment_province, [g]);
    }
    return [...byProvince].flatMap(([province, rows]) => aggregatesOfNode(province, rows));
  }

  private routed: Set<string> | undefined;

  /** Whether a node serves the province; the routing table is read once and again on a miss. */
  private async isRouted(province: string): Promise<boolean> {
    if (this.routed?.has(province)) return true;
    this.routed = new Set((await this.store.routes()).map((r) => r.province));
    return this.routed.has(province);
  }

  private async routedProvinces(): Promise<string[]> {
    this.routed ??= new Set((await this.store.routes()).map((r) => r.province));
    return [...this.routed];
  }

  /**
   * Finds an insured person for a treatment place (1101). With the insured place known the hub asks that
   * province's node; otherwise every node, concurrently, and the one that knows the person answers.
   */
  async locatePerson(query: PersonQuery, insuplcAdmdvs?: string): Promise<PersonLookup | undefined> {
    if (insuplcAdmdvs) return this.askForPerson([provinceOf(insuplcAdmdvs)], query);
    // Most people are insured where their ID number or card was issued, and a portal e-voucher names its node: ask
    // that province first, and every other one only when it does not know the person (a broadcast is 31 lookups).
    const routed = await this.routedProvinces();
    const likely = likelyProvinceOf(query);
    if (likely && routed.includes(likely)) {
      const found = await this.askForPerson([likely], query);
      if (found) return found;
    }
    return this.askForPerson(
      routed.filter((p) => p !== likely),
      query,
    );
  }

  private async askForPerson(
    provinces: readonly string[],
    query: PersonQuery,
  ): Promise<PersonLookup | undefined> {
    const answers = await Promise.allSettled(
      provinces.map((province) =>
        this.bus.request(nodeSubject(province, 'person.lookup'), query as unknown as Json, {
          timeoutMs: PERSON_LOOKUP_TIMEOUT_MS,
        }),
      ),
    );
    const found = answers.find((a) => a.status === 'fulfilled' && a.value !== null);
    if (found) return (found as PromiseFulfilledResult<Json>).value as unknown as PersonLookup;
    // Nobody knows the person; but if a node did not answer, it may be the one that does.
    const failed = answers.find((a) => a.status === 'rejected');
    if (failed) throw (failed as PromiseRejectedResult).reason;
    return undefined;
  }

  /** Asks every routed node whether it is up, over the bus, concurrently. */
  nodeHealth(): Promise<NodeStatus<unknown>[]> {
    return this.askEveryNode('health');
  }

  /** Asks every routed node what it holds. */
  nodeStats(): Promise<NodeStatus<NodeStats>[]> {
    return this.askEveryNode<NodeStats>('stats');
  }

  /**
   * Asks every routed node, concurrently, for its hospitals' cross-province settlement aggregates of a month range
   * (national statistics); a node that does not answer is reported as down, not left out silently.
   */
  async settlementStats(range: SettlementStatsRequest): Promise<NodeStatus<SettlementAggregate[]>[]> {
    const routes = await this.store.routes();
    return Promise.all(
      routes.map(async ({ province }): Promise<NodeStatus<SettlementAggregate[]>> => {
        try {
          const answer = await this.bus.request(
            nodeSubject(province, SETTLEMENT_STATS_OPERATION),
            { from: range.from, to: range.to },
            { timeoutMs: SETTLEMENT_STATS_TIMEOUT_MS },
          );
          return { province, up: true, answer: answer as unknown as SettlementAggregate[] };
        } catch (error) {
          return { province, up: false, error: (error as Error).message };
        }
      }),
    );
  }

  private async askEveryNode<T>(operation: string): Promise<NodeStatus<T>[]> {
    const routes = await this.store.routes();
    return Promise.all(
      routes.map(async ({ province }): Promise<NodeStatus<T>> => {
        try {
          const answer = await this.bus.request(nodeSubject(province, operation), null, {
            timeoutMs: NODE_HEALTH_TIMEOUT_MS,
          });
          return { province, up: true, answer: answer as T };
        } catch (error) {
          return { province, up: false, error: (error as Error).message };
        }
      }),
    );
  }
}

/**
 * The province that issued an ID number (its first two digits), a card (its 识别码 starts with the region) or a portal
 * e-voucher (`EC` + the issuing province's digits: only that node knows the token). A static dataset token names none.
 */
function likelyProvinceOf(query: PersonQuery): string | undefined {
  if (query.kind === 'ectoken') return provinceOfEvoucher(query.value);
  const code = query.kind === 'certno' ? query.value.slice(0, 2) : query.card_sn?.slice(0, 2);
  return code && /^\d{2}$/.test(code) ? `${code}0000` : undefined;
}
