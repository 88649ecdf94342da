// The one read the portal makes of other nodes: what a treatment node holds of one person's settlements (就医地管理).
import { CatalogueIndex } from '../core/engine/catalogue-index.ts';
import type { Db } from '../store/db.ts';
import { PersonSettlementStore, type SettlementWithVisit } from '../store/person-records-store.ts';
import type { FeeLineRecord, SettlementRecord } from '../store/treatment-store.ts';
import type { ProvincialNode } from './provincial-node.ts';

/** What the person's records need of the platform: the nodes, and (embedded) the database they share. */
export interface RecordsPlatform {
  readonly db: Db;
  readonly nodes: ReadonlyMap<string, ProvincialNode>;
}

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
 * Embedded mode reads the treatment node in this process; in cluster mode this is the place that becomes a request
 * to `yidi.node.<province>.records.query` (the treatment node runs the same body against its own database).
 */
export async function askTreatmentNode(
  platform: RecordsPlatform,
  province: string,
  query: TreatmentRecordsQuery,
): Promise<TreatmentRecords> {
  const node = platform.nodes.get(province);
  if (!node) return NOTHING;
  const settlements =
    query.kind === 'decisions'
      ? await new PersonSettlementStore(platform.db, province).ofDecisions(query.psn_no, query.decisions)
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
