// What the console screens read and send: the shapes of the console API (docs/portal.md) and small loading helpers.
import { createContext, useCallback, useContext, useEffect, useRef, useState } from 'react';
import { ApiError, getJson } from '../shared/api.ts';

export interface Staff {
  readonly username: string;
  readonly name: string;
  readonly province: string;
  readonly province_name: string;
  readonly scope_admdvs: string;
  readonly scope_name: string;
  /** The account's roles (docs/SECURITY.md): the console shows only the screens they open. */
  readonly roles: readonly string[];
  readonly regions: readonly { readonly admdvs: string; readonly name: string }[];
}

export interface Page<T> {
  readonly total: number;
  readonly page: number;
  readonly page_size: number;
  readonly items: readonly T[];
}

// A filing's shape is declared once, beside the server code that answers it.
export type {
  FilingMaterialView as MaterialMeta,
  FilingView,
} from '../../../src/core/filing/view-contract.ts';

export interface CatalogueItem {
  readonly hilist_code: string;
  readonly hilist_name: string;
  readonly list_type_name: string;
  readonly med_chrgitm_type_name: string;
  readonly chrgitm_lv: string;
  readonly chrgitm_lv_name: string;
  readonly selfpay_prop: number;
  readonly pric_uplmt_amt: string | null;
  readonly lmt_used_flag: string;
  readonly begndate: string;
  readonly enddate: string | null;
}

export interface PolicyVersion {
  readonly admdvs: string;
  readonly admdvs_name: string;
  readonly insutype: string;
  readonly insutype_name: string;
  readonly name: string;
  readonly begndate: string;
  readonly enddate: string | null;
  readonly loaded_at: string;
  readonly valid_today: boolean;
  readonly document: string;
}

export interface PolicyCheck {
  readonly ok: boolean;
  readonly file: string;
  readonly admdvs: string | null;
  readonly insutype: string | null;
  readonly problems: readonly string[];
  readonly versions: readonly {
    readonly name: string;
    readonly begndate: string;
    readonly enddate: string | null;
  }[];
  readonly scope?: { readonly allowed: boolean; readonly detail: string | null };
}

export interface SettlementRow {
  readonly setl_id: string;
  readonly status: 'settled' | 'cancelled';
  readonly status_name: string;
  readonly cancel: { readonly setl_id: string; readonly setl_time: string; readonly slip: string } | null;
  readonly psn_name: string;
  readonly insuplc_admdvs: string;
  readonly insuplc_name: string;
  readonly fixmedins_code: string;
  readonly fixmedins_name: string;
  readonly med_type_name: string;
  readonly setl_time: string;
  readonly medfee_sumamt: string;
  readonly fund_pay_sumamt: string;
  readonly psn_part_amt: string;
  readonly slip: string;
}

export type Dictionaries = Readonly<Record<string, Readonly<Record<string, string>>>>;

/** The logged-in clerk, and what to do when the session has ended (any 401). */
export const SessionContext = createContext<{ staff: Staff; expired: () => void } | null>(null);

export function useSession() {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside the console');
  return session;
}

/** An error as the screen shows it: the API's Chinese detail, or what went wrong on the way. */
export function errorText(error: unknown): string {
  if (error instanceof ApiError) return error.detail;
  return error instanceof Error ? `请求失败：${error.message}` : '请求失败';
}

/**
 * Loads `url` (null: nothing to load yet) and reloads it on demand; a 401 ends the session. The answer of an older
 * request never overwrites a newer one.
 */
export function useLoad<T>(url: string | null) {
  const { expired } = useSession();
  const [state, setState] = useState<{ data?: T; error?: string; loading: boolean }>({
    loading: url !== null,
  });
  const [tick, setTick] = useState(0);
  const latest = useRef(0);
  // biome-ignore lint/correctness/useExhaustiveDependencies: tick asks for a reload of the same url.
  useEffect(() => {
    if (url === null) {
      setState({ loading: false });
      return;
    }
    const id = ++latest.current;
    setState((s) => ({ ...s, loading: true, error: undefined }));
    getJson<T>(url).then(
      (data) => id === latest.current && setState({ data, loading: false }),
      (error: unknown) => {
        if (id !== latest.current) return;
        if (error instanceof ApiError && error.status === 401) expired();
        setState({ error: errorText(error), loading: false });
      },
    );
  }, [url, tick, expired]);
  const reload = useCallback(() => setTick((t) => t + 1), []);
  return { ...state, reload };
}

let dictionaries: Promise<Dictionaries> | undefined;

/** The code tables (insutype, med_type, …), read once per page load. */
export function useDictionaries(): Dictionaries {
  const [loaded, setLoaded] = useState<Dictionaries>({});
  useEffect(() => {
    dictionaries ??= getJson<Dictionaries>('/api/console/dictionaries').catch((error: unknown) => {
      dictionaries = undefined;
      throw error;
    });
    let live = true;
    dictionaries.then(
      (d) => live && setLoaded(d),
      () => {},
    );
    return () => {
      live = false;
    };
  }, []);
  return loaded;
}

/** Options of a code table for a Select: "21 普通住院". */
export function optionsOf(table: Readonly<Record<string, string>> | undefined) {
  return Object.entries(table ?? {}).map(([value, label]) => ({ value, label: `${value} ${label}` }));
}

export interface PoolingRegion {
  readonly admdvs: string;
  readonly name: string;
  readonly province: string;
  readonly province_name: string;
}

let regions: Promise<readonly PoolingRegion[]> | undefined;

/** Every pooling region of the country (the public 开通情况 list), for choosing a place of treatment. */
export function usePoolingRegions(): readonly PoolingRegion[] {
  const [loaded, setLoaded] = useState<readonly PoolingRegion[]>([]);
  useEffect(() => {
    regions ??= getJson<{ items: PoolingRegion[] }>('/api/public/regions').then(
      (answer) => answer.items,
      (error: unknown) => {
        regions = undefined;
        throw error;
      },
    );
    let live = true;
    regions.then(
      (r) => live && setLoaded(r),
      () => {},
    );
    return () => {
      live = false;
    };
  }, []);
  return loaded;
}

/** 河北省石家庄市 for 130100 (a province reads as itself); the code until the list has arrived. */
export function useRegionName(): (admdvs: string) => string {
  const all = usePoolingRegions();
  return (admdvs: string) => {
    const region = all.find((r) => r.admdvs === admdvs);
    if (region)
      return region.admdvs === region.province ? region.name : `${region.province_name}${region.name}`;
    const province = all.find((r) => r.province === admdvs);
    return province ? province.province_name : admdvs;
  };
}

export const FILING_STATUS_COLORS: Readonly<Record<string, string>> = {
  submitted: 'processing',
  approved: 'success',
  rejected: 'error',
  cancelled: 'default',
  expired: 'default',
};

export const DCLA_TYPES = [
  { value: '11', label: '11 异地安置退休' },
  { value: '12', label: '12 异地长期居住' },
  { value: '13', label: '13 常驻异地工作' },
  { value: '21', label: '21 异地转诊' },
  { value: '22', label: '22 急诊抢救' },
  { value: '23', label: '23 其他临时外出' },
] as const;

export const isLongTerm = (dclaType: string | undefined) =>
  dclaType === '11' || dclaType === '12' || dclaType === '13';
