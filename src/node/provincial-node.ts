// A provincial node: owns its province's data and serves the other nodes and the hub over the bus.
import type { Bus, Json, Subscription } from '../bus/port.ts';
import type { Db } from '../store/db.ts';
import type { FilingIndexEvent } from '../store/filing-events.ts';
import { NodeStore } from '../store/node-store.ts';
import { OffsiteFilingStore } from '../store/offsite-filing-store.ts';
import { OutboxStore } from '../store/outbox-store.ts';
import { serveClearingFacts } from './clearing-facts.ts';
import { CrossCheckService } from './cross-checks.ts';
import { EvoucherService } from './evoucher-service.ts';
import { FilingDesk } from './filing-desk.ts';
import { FilingService } from './filing-service.ts';
import { InsuredClient } from './insured-client.ts';
import type { InsuredOperation } from './insured-messages.ts';
import { InsuredService } from './insured-service.ts';
import {
  OrphanDecisions,
  type OrphanSettings,
  orphanSettingsFromEnv,
  serveSettlementExists,
} from './orphan-decisions.ts';
import { OutboxRelay } from './outbox-relay.ts';
import { lookupPerson, type PersonQuery } from './person-lookup.ts';
import { PortalService } from './portal-service.ts';
import { SettlementService } from './settlement-service.ts';
import { SETTLEMENT_STATS_OPERATION, SettlementStatsService } from './settlement-stats.ts';
import { nodeSubject, offsiteFilingSubject } from './subjects.ts';
import { answerRecordsQuery, RECORDS_QUERY_OPERATION } from './treatment-records.ts';
import { TreatmentService } from './treatment-service.ts';

/** What a node holds, for the console and /api/nodes. */
export interface NodeStats {
  readonly province: string;
  readonly institutions: number;
  readonly catalogueItems: number;
  readonly policies: number;
  readonly persons: number;
  readonly filings: number;
}

export interface ProvincialNodeOptions {
  /** Orphan-decision rounds; absent fields from YIDI_ORPHAN_* (orphanSettingsFromEnv), then the defaults. */
  readonly orphans?: Partial<OrphanSettings>;
  /** Where a round's findings are logged (console.warn by default). */
  readonly log?: (line: string) => void;
}

export class ProvincialNode {
  readonly store: NodeStore;
  /** 参保地: decisions on this province's insured persons, asked by any treatment node through the hub. */
  readonly insured: InsuredService;
  /** 就医地: visits, bills and settlements in this province's hospitals. */
  readonly treatment: TreatmentService;
  /** 就医地结算: settlements of those visits, decided by the insured node through the hub. */
  readonly settlement: SettlementService;
  /** 参保地: filings hospitals make for this province's insured (2501–2504) and their queries (5301, 5304). */
  readonly filings: FilingService;
  /** 参保地: filings made online or at the agency's counter, their review, change and cancel. */
  readonly desk: FilingDesk;
  /** 就医地: other provinces' filings for this province's places, as the national index passed them on. */
  readonly offsiteFilings: OffsiteFilingStore;
  /** Publishes the events this node's changes wrote to its outbox (filings to the national index). */
  readonly outbox: OutboxRelay;
  /** Logins and sessions of this province's insured persons (portal) and agency staff (console). */
  readonly portal: PortalService;
  /** 医保电子凭证: short-lived tokens the portal issues this province's insured, read by 1101 (mdtrt_cert_type 01). */
  readonly evouchers: EvoucherService;
  /** 就医地统计: its hospitals' cross-province settlements by month, for the hub's national statistics. */
  readonly settlementStats: SettlementStatsService;
  /** 协查: asks about other provinces' settlements of this province's insured, and answers about its own hospitals'. */
  readonly crossChecks: CrossCheckService;
  /** 参保地对账: reverts decisions that have no settlement at the treatment node after a grace, and reports them. */
  readonly orphans: OrphanDecisions;
  private readonly subscriptions: Subscription[] = [];

  constructor(
    readonly province: string,
    private readonly db: Db,
    private readonly bus: Bus,
    options: ProvincialNodeOptions = {},
  ) {
    this.store = new NodeStore(db, province);
    this.insured = new InsuredService(db, province, this.store);
    const insured = new InsuredClient(bus);
    this.treatment = new TreatmentService(province, db, this.store, insured);
    // A settlement's event for the national level leaves at once; the relay is made just below.
    this.settlement = new SettlementService(
      this.treatment,
      this.store,
      insured,
      () => void this.outbox.kick(),
    );
    const outboxStore = new OutboxStore(db, province);
    this.outbox = new OutboxRelay(outboxStore, bus, (error) =>
      console.error(`node ${province}: outbox relay failed, retrying on the next sweep`, error),
    );
    this.filings = new FilingService(db, province, this.outbox);
    this.desk = new FilingDesk(db, province, this.outbox);
    this.offsiteFilings = new OffsiteFilingStore(db, province);
    this.portal = new PortalService(db, province);
    this.crossChecks = new CrossCheckService(db, province, outboxStore, this.outbox, options.log);
    this.evouchers = new EvoucherService(db, province);
    this.settlementStats = new SettlementStatsService(db, province);
    this.orphans = new OrphanDecisions(
      db,
      province,
      bus,
      this.insured,
      { ...orphanSettingsFromEnv(), ...options.orphans },
      options.log,
    );
  }

  async start(): Promise<void> {
    this.subscriptions.push(
      await this.bus.subscribe(
        offsiteFilingSubject(this.province),
        `node-${this.province}-offsite-filings`,
        (event) => this.offsiteFilings.record(event.data as unknown as FilingIndexEvent),
      ),
      await this.crossChecks.subscribe(this.bus),
      // Liveness stays cheap (one round trip to the database); counting rows is for stats.
      await this.bus.serve(nodeSubject(this.province, 'health'), async () => {
        await this.store.ping();
        return { province: this.province, up: true };
      }),
      await this.bus.serve(
        nodeSubject(this.province, 'stats'),
        async () => (await this.stats()) as unknown as Json,
      ),
      await this.bus.serve(
        nodeSubject(this.province, SETTLEMENT_STATS_OPERATION),
        async (range) => (await this.settlementStats.aggregates(range as never)) as unknown as Json,
      ),
      await serveClearingFacts(this.bus, this.db, this.province),
      // Another province's portal asking for its person's records at this province's hospitals (cluster mode).
      await this.bus.serve(
        nodeSubject(this.province, RECORDS_QUERY_OPERATION),
        async (query) => (await answerRecordsQuery(this, this.db, query as never)) as unknown as Json,
      ),
      // 就医地: which of an insured node's decisions have a settlement here (the others are fenced).
      await serveSettlementExists(this.bus, this.db, this.province),
      await this.bus.serve(
        nodeSubject(this.province, 'person.lookup'),
        async (query) => (await lookupPerson(this, query as unknown as PersonQuery)) as unknown as Json,
      ),
      ...(await Promise.all(
        Object.entries(this.insuredHandlers()).map(([operation, handle]) =>
          this.bus.serve(nodeSubject(this.province, operation), async (data) => (await handle(data)) as Json),
        ),
      )),
    );
    this.outbox.start();
    this.orphans.start();
  }

  /** What this node answers as the insured place, by operation (the hub forwards them here). */
  private insuredHandlers(): Partial<Record<InsuredOperation, (data: Json) => Promise<unknown>>> {
    const s = this.insured;
    return {
      'visit.eligibility': (data) => s.eligibility(data as never),
      'benefit.decide': (data) => s.decide(data as never),
      'benefit.revert': (data) => s.revert(data as never),
      'accumulators.query': (data) => s.accumulators(data as never),
      'filing.create': (data) => this.filings.create(data as never),
      'filing.cancel': (data) => this.filings.cancel(data as never),
      'filing.query': (data) => this.filings.query(data as never),
    };
  }

  async stats(): Promise<NodeStats> {
    return { province: this.province, ...(await this.store.counts()) };
  }

  async stop(): Promise<void> {
    await this.orphans.stop();
    await this.outbox.stop();
    await Promise.all(this.subscriptions.splice(0).map((s) => s.close()));
  }
}
