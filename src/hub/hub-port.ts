// What a provincial node's edges (the HIS interface, the portal) ask of the national hub, as one port: the hub itself
// in the embedded platform, a client over the bus when the hub is another process (cluster mode).
import { type Bus, BusError, type Json, ReplyError, type Subscription } from '../bus/port.ts';
import type { SettlementRef } from '../core/cross-check/case.ts';
import { INSURED_UNAVAILABLE } from '../node/insured-messages.ts';
import type { PersonLookup, PersonQuery } from '../node/person-lookup.ts';
import { hubSubject } from '../node/subjects.ts';
import type { ChronicInstitution } from '../store/chronic-directory-store.ts';
import type { ThresholdSetting } from '../store/cross-check-registry.ts';
import type { DirectoryRow, InstitutionFilter } from '../store/hub-store.ts';

export type { DirectoryRow, InstitutionFilter };

export interface HubPort {
  /** Finds an insured person anywhere (1101, portal login); undefined when no node knows the person. */
  locatePerson(query: PersonQuery, insuplcAdmdvs?: string): Promise<PersonLookup | undefined>;
  /** The national directory of networked institutions (1201). */
  searchInstitutions(filter: InstitutionFilter, limit: number): Promise<DirectoryRow[]>;
  /** A node announces that it serves a province (cluster mode: the hub learns its routing table from the nodes). */
  registerRoute(province: string, nodeId: string): Promise<void>;
  /** 门诊慢特病告知书: the networked institutions of these provinces that settle the disease. */
  chronicSettling(diseaseCode: string, provinces: readonly string[]): Promise<ChronicInstitution[]>;
  /** Names of institutions by code, from the national directory (unknown codes are left out). */
  institutionNames(codes: readonly string[]): Promise<Record<string, string>>;
  /** 协查: a settlement as the national level recorded it (no person), undefined when not recorded or a cancel. */
  crossCheckSettlement(setlId: string): Promise<SettlementRef | undefined>;
  /** 协查: the insured province's automatic-request threshold. */
  crossCheckThreshold(province: string): Promise<ThresholdSetting>;
  putCrossCheckThreshold(province: string, fen: number, by: string): Promise<ThresholdSetting>;
}

/** The hub's operations on the bus (`yidi.hub.<operation>`). */
const OPERATIONS = {
  locatePerson: 'person.locate',
  searchInstitutions: 'institutions.search',
  registerRoute: 'route.register',
  chronicSettling: 'institutions.chronic',
  institutionNames: 'institutions.names',
  crossCheckSettlement: 'crosscheck.settlement',
  crossCheckThreshold: 'crosscheck.threshold',
  putCrossCheckThreshold: 'crosscheck.threshold.put',
} as const;

const provinceOf = (value: unknown): string => {
  if (typeof value !== 'string' || !/^\d{2}0000$/.test(value))
    throw new ReplyError('invalid-input', 'province 须为六位省级区划代码');
  return value;
};

/** Codes (or provinces) one directory request may name. */
const MAX_DIRECTORY_KEYS = 1_000;

const stringList = (value: unknown, field: string): string[] => {
  if (!Array.isArray(value) || value.length > MAX_DIRECTORY_KEYS || value.some((v) => typeof v !== 'string'))
    throw new ReplyError('invalid-input', `${field} 须为至多 ${MAX_DIRECTORY_KEYS} 个字符串`);
  return value as string[];
};

/**
 * A person lookup fans out to up to 31 nodes with their own timeout (PERSON_LOOKUP_TIMEOUT_MS); the hop to the hub
 * waits a little longer, so that a silent insured node reaches the HIS as the hub's answer, not as a silent hub.
 */
export const HUB_CALL_TIMEOUT_MS = 4_000;

/** Serves the port's operations on the bus for nodes in other processes. */
export async function serveHubPort(bus: Bus, hub: HubPort): Promise<Subscription[]> {
  return Promise.all([
    bus.serve(hubSubject(OPERATIONS.locatePerson), async (data) => {
      const { query, insuplc_admdvs } = (data ?? {}) as { query?: PersonQuery; insuplc_admdvs?: string };
      if (!query || typeof query !== 'object') throw new ReplyError('invalid-input', 'query 缺失');
      try {
        return ((await hub.locatePerson(query, insuplc_admdvs ?? undefined)) ?? null) as unknown as Json;
      } catch (error) {
        // An insured node's refusal keeps its code; its silence stays a retryable unavailability, not `internal`.
        if (error instanceof BusError)
          throw new ReplyError(
            error.code === 'remote' ? (error.remoteCode ?? 'internal') : INSURED_UNAVAILABLE,
            error.message,
          );
        throw error;
      }
    }),
    bus.serve(hubSubject(OPERATIONS.searchInstitutions), async (data) => {
      const { filter, limit } = (data ?? {}) as { filter?: InstitutionFilter; limit?: number };
      if (!Number.isInteger(limit) || (limit as number) < 1 || (limit as number) > 1_000)
        throw new ReplyError('invalid-input', 'limit 须为 1 到 1000 的整数');
      return (await hub.searchInstitutions(filter ?? {}, limit as number)) as unknown as Json;
    }),
    bus.serve(hubSubject(OPERATIONS.registerRoute), async (data) => {
      const { province: given, node_id } = (data ?? {}) as { province?: unknown; node_id?: unknown };
      const province = provinceOf(given);
      if (typeof node_id !== 'string' || node_id.length === 0 || node_id.length > 100)
        throw new ReplyError('invalid-input', 'node_id 缺失');
      await hub.registerRoute(province, node_id);
      return { province, node_id };
    }),
    bus.serve(hubSubject(OPERATIONS.chronicSettling), async (data) => {
      const { disease, provinces } = (data ?? {}) as { disease?: unknown; provinces?: unknown };
      if (typeof disease !== 'string' || disease.length === 0)
        throw new ReplyError('invalid-input', 'disease 缺失');
      return (await hub.chronicSettling(disease, stringList(provinces, 'provinces'))) as unknown as Json;
    }),
    bus.serve(hubSubject(OPERATIONS.institutionNames), async (data) =>
      hub.institutionNames(stringList((data as { codes?: unknown } | null)?.codes, 'codes')),
    ),
    bus.serve(hubSubject(OPERATIONS.crossCheckSettlement), async (data) => {
      const setlId = (data as { setl_id?: unknown } | null)?.setl_id;
      if (typeof setlId !== 'string' || setlId.length === 0 || setlId.length > 60)
        throw new ReplyError('invalid-input', 'setl_id 缺失');
      return ((await hub.crossCheckSettlement(setlId)) ?? null) as unknown as Json;
    }),
    bus.serve(
      hubSubject(OPERATIONS.crossCheckThreshold),
      async (data) =>
        (await hub.crossCheckThreshold(
          provinceOf((data as { province?: unknown } | null)?.province),
        )) as unknown as Json,
    ),
    bus.serve(hubSubject(OPERATIONS.putCrossCheckThreshold), async (data) => {
      const { province, fen, by } = (data ?? {}) as { province?: unknown; fen?: unknown; by?: unknown };
      if (!Number.isSafeInteger(fen) || (fen as number) <= 0)
        throw new ReplyError('invalid-input', 'fen 须为正整数');
      if (typeof by !== 'string' || by.length === 0) throw new ReplyError('invalid-input', 'by 缺失');
      return (await hub.putCrossCheckThreshold(provinceOf(province), fen as number, by)) as unknown as Json;
    }),
  ]);
}

/** The port over the bus: what a node process uses when the hub runs elsewhere. */
export class HubClient implements HubPort {
  constructor(
    private readonly bus: Bus,
    private readonly timeoutMs = HUB_CALL_TIMEOUT_MS,
  ) {}

  async locatePerson(query: PersonQuery, insuplcAdmdvs?: string): Promise<PersonLookup | undefined> {
    const answer = await this.call(OPERATIONS.locatePerson, {
      query: query as unknown as Json,
      insuplc_admdvs: insuplcAdmdvs ?? null,
    });
    return (answer ?? undefined) as unknown as PersonLookup | undefined;
  }

  async searchInstitutions(filter: InstitutionFilter, limit: number): Promise<DirectoryRow[]> {
    return (await this.call(OPERATIONS.searchInstitutions, {
      filter: filter as unknown as Json,
      limit,
    })) as unknown as DirectoryRow[];
  }

  async registerRoute(province: string, nodeId: string): Promise<void> {
    await this.call(OPERATIONS.registerRoute, { province, node_id: nodeId });
  }

  async chronicSettling(diseaseCode: string, provinces: readonly string[]): Promise<ChronicInstitution[]> {
    return (await this.call(OPERATIONS.chronicSettling, {
      disease: diseaseCode,
      provinces: [...provinces],
    })) as unknown as ChronicInstitution[];
  }

  async institutionNames(codes: readonly string[]): Promise<Record<string, string>> {
    return (await this.call(OPERATIONS.institutionNames, { codes: [...codes] })) as Record<string, string>;
  }

  async crossCheckSettlement(setlId: string): Promise<SettlementRef | undefined> {
    return ((await this.call(OPERATIONS.crossCheckSettlement, { setl_id: setlId })) ??
      undefined) as unknown as SettlementRef | undefined;
  }

  async crossCheckThreshold(province: string): Promise<ThresholdSetting> {
    return (await this.call(OPERATIONS.crossCheckThreshold, { province })) as unknown as ThresholdSetting;
  }

  async putCrossCheckThreshold(province: string, fen: number, by: string): Promise<ThresholdSetting> {
    return (await this.call(OPERATIONS.putCrossCheckThreshold, {
      province,
      fen,
      by,
    })) as unknown as ThresholdSetting;
  }

  /** Failures stay BusErrors, as in the embedded platform: a refusal is `remote` with its code, silence a timeout. */
  private call(operation: string, data: Json): Promise<Json> {
    return this.bus.request(hubSubject(operation), data, { timeoutMs: this.timeoutMs });
  }
}
