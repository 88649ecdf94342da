// The one read the portal makes of other nodes: what a treatment node holds of one person's settlements (就医地管理).

import { type Bus, BusError, type Json } from '../bus/port.ts';
import { CatalogueIndex } from '../core/engine/catalogue-index.ts';
import type { HubPort } from '../hub/hub-port.ts';
import type { Db } from '../store/db.ts';
import { PersonSettlementStore, type SettlementWithVisit } from '../store/person-records-store.ts';
import type { FeeLineRecord, SettlementRecord } from '../store/treatment-store.ts';
import type { ProvincialNode } from './provincial-node.ts';
import { nodeSubject } from './subjects.ts';

/** What the person's records need of the platform: the nodes in this process, their database, the bus to the rest. */
export interface RecordsPlatform {
  readonly db: Db;
  readonly bus: Bus;
  /** The national directory (institution names, who settles a chronic disease). */
  readonly hub: HubPort;
  readonly nodes: ReadonlyMap<string, ProvincialNode>;
}

/** The node operation a treatment node answers for another province's portal (`yidi.node.<province>.records.query`). */
export const RECORDS_QUERY_OPERATION = 'records.query';
/** How long a portal page waits for a treatment node. */
export const RECORDS_QUERY_TIMEOUT_MS = 5_000;

/**
 * Asked of the treatment node of one province, always naming the person: the node answers only that person's
 * records. `decisions` come from the insured node (the person's own province knows every decision made for them).
 */
export type TreatmentRecordsQuery =
  | {
      readonly kind: 'decisions';
      readonly psn_no: string;
      readonly decisions: readonly { readonly mdtrt_id: string; readonly decision_key: string }[];
    }
  | { readonly kind: 'settlement'; readonly psn_no: string; readonly setl_id: string };

/** A fee line with the name its catalogue gives the item (null: the item is not in the catalogue, 目录外). */
export type NamedFeeLine = FeeLineRecord & { readonly hilist_name: string | null };

/** The answer: plain JSON (fen as integers), so that it can travel over the bus as it is. */
export interface TreatmentRecords {
  /** Settlements and cancel records with their visits, newest first. */
  readonly settlements: readonly SettlementWithVisit[];
  /** Names of the institutions of those records, by code. */
  readonly institutions: Readonly<Record<string, string>>;
  /** For one settlement still standing: the lines it covered (a cancel frees them; they are no longer its). */
  readonly lines: readonly NamedFeeLine[];
}

const NOTHING: TreatmentRecords = { settlements: [], institutions: {}, lines: [] };

/**
 * A treatment node in this process is read directly; one in another process (cluster mode) is asked over the bus,
 * and runs the same body (answerRecordsQuery) against its own database. A province nobody serves has no records.
 */
export async function askTreatmentNode(
  platform: RecordsPlatform,
  province: string,
  query: TreatmentRecordsQuery,
): Promise<TreatmentRecords> {
  const node = platform.nodes.get(province);
  if (node) return answerRecordsQuery(node, platform.db, query);
  try {
    return (await platform.bus.request(
      nodeSubject(province, RECORDS_QUERY_OPERATION),
      query as unknown as Json,
      {
        timeoutMs: RECORDS_QUERY_TIMEOUT_MS,
      },
    )) as unknown as TreatmentRecords;
  } catch (error) {
    if (error instanceof BusError && error.code === 'no-responder') return NOTHING;
    throw error;
  }
}

/** The treatment node's side: the person's records at its hospitals (its own database). */
export async function answerRecordsQuery(
  node: ProvincialNode,
  db: Db,
  query: TreatmentRecordsQuery,
): Promise<TreatmentRecords> {
  const settlements =
    query.kind === 'decisions'
      ? await new PersonSettlementStore(db, node.province).ofDecisions(query.psn_no, query.decisions)
      : await oneSettlement(node, query.psn_no, query.setl_id);
  const codes = [...new Set(settlements.map((s) => s.fixmedins_code))];
  const institutions = Object.fromEntries(
    await Promise.all(
      codes.map(async (code) => [code, (await node.store.institution(code))?.fixmedins_name ?? code]),
    ),
  );
  const asked =
    query.kind === 'settlement' ? settlements.find((s) => s.setl_id === query.setl_id) : undefined;
  const standing = asked && asked.refd_setl_flag === '0' && asked.cancelled_by === null;
  return { settlements, institutions, lines: standing ? await namedLines(node, asked) : [] };
}

/** The settlement asked for and its counterpart (its cancel record, or the settlement a cancel record undoes). */
async function oneSettlement(
  node: ProvincialNode,
  psnNo: string,
  setlId: string,
): Promise<SettlementWithVisit[]> {
  const store = node.treatment.store;
  const settlement = await store.settlement(setlId);
  if (!settlement || settlement.psn_no !== psnNo) return [];
  const counterpartId = settlement.refd_setl_flag === '1' ? settlement.init_setl_id : settlement.cancelled_by;
  const counterpart = counterpartId ? await store.settlement(counterpartId) : undefined;
  const visit = await store.visit(settlement.mdtrt_id);
  if (!visit) return [];
  const withVisit = (s: SettlementRecord): SettlementWithVisit => ({
    ...s,
    visit: {
      inpatient: visit.inpatient,
      begntime: visit.begntime,
      endtime: visit.endtime,
      dise_codg: visit.dise_codg,
      status: visit.status,
    },
  });
  return [settlement, ...(counterpart ? [counterpart] : [])].map(withVisit);
}

/** The settlement's lines, each named by the catalogue version valid on its day (the one that split it). */
async function namedLines(node: ProvincialNode, settlement: SettlementRecord): Promise<NamedFeeLine[]> {
  const lines = await node.treatment.store.feeLines(settlement.mdtrt_id, { setl_id: settlement.setl_id });
  const codes = [...new Set(lines.map((l) => l.line.med_list_codg))];
  const catalogue = new CatalogueIndex(await node.store.catalogueVersions(codes));
  return lines.map((l) => ({
    ...l,
    hilist_name: catalogue.findAt(l.line.med_list_codg, l.line.fee_ocur_time)?.hilist_name ?? null,
  }));
}
