// The dataset after validation: the file rows with money in fen and ratios in basis points.
import type { FilingSettings } from '../filing/settings.ts';
import type { FilingRow, InstitutionRow, PersonRow, PolicyDoc } from './schema.ts';

/** An institution as the institutions table keeps it: its signing keys live apart (InstitutionKey). */
export interface Institution extends Omit<InstitutionRow, 'sign_pubkey' | 'sign_secret'> {
  /** The pooling region (统筹区) the institution's admdvs belongs to. */
  readonly pooling_admdvs: string;
  readonly province: string;
}

export interface CatalogueItem {
  /** The treatment province whose catalogue this is (就医地目录). */
  readonly province: string;
  readonly hilist_code: string;
  readonly hilist_name: string;
  readonly list_type: string;
  readonly med_chrgitm_type: string;
  /** Normalised to `01` 甲类 / `02` 乙类 / `03` 丙类. */
  readonly chrgitm_lv: '01' | '02' | '03';
  readonly selfpay_prop_bp: number;
  readonly pric_uplmt_fen: number | null;
  readonly lmt_used_flag: '0' | '1';
  readonly begndate: string;
  readonly enddate: string | null;
  // Optional restrictions read by the audit rules (docs/audit.md); absent = no restriction, as before.
  /** 性别限制: the item is for this gender only (`1` 男, `2` 女). */
  readonly gend_lmt?: '1' | '2';
  /** 年龄限制: youngest age in whole years on the day of the fee, inclusive. */
  readonly age_min?: number;
  /** 年龄限制: oldest age in whole years on the day of the fee, inclusive. */
  readonly age_max?: number;
  /** At most one unit a day per visit (e.g. 诊察费 of a ward round, 一级护理). */
  readonly daily_once?: boolean;
}

/** One version of a pooling region's benefit policy; the document stays as written (the engine reads it). */
export interface Policy {
  readonly admdvs: string;
  readonly insutype: string;
  readonly name: string;
  readonly begndate: string;
  readonly enddate: string | null;
  readonly doc: PolicyDoc;
}

/** A person row as the persons table keeps it: without the portal password, which lives apart (PortalAccount). */
export interface Person extends Omit<PersonRow, 'acct_balc' | 'portal_pwd_hash'> {
  readonly acct_balc_fen: number;
}

/** A person's 参保人服务 password hash, held by the node of the insured province (one per psn_no). */
export interface PortalAccount {
  readonly psn_no: string;
  readonly province: string;
  readonly pwd_hash: string;
}

/** 经办机构 contacts of a pooling region; absent fields are null. */
export interface AgencyContact {
  readonly name: string;
  readonly tel: string | null;
  readonly addr: string | null;
  readonly hours: string | null;
}

/** A pooling region's agency and its local filing choices (absent choices take the national default). */
export interface RegionSettings {
  readonly admdvs: string;
  readonly province: string;
  readonly agency: AgencyContact | null;
  readonly filing: Partial<FilingSettings>;
}

/** An agency staff account of the node of its scope's province. */
export interface StaffAccount {
  readonly username: string;
  readonly name: string;
  readonly scope_admdvs: string;
  readonly province: string;
  readonly pwd_hash: string;
  /** `StaffRole`s (src/core/staff-roles.ts); a staff.json row without them has every role. */
  readonly roles: readonly string[];
}

export type Filing = FilingRow;

export interface Accumulator {
  readonly psn_no: string;
  readonly insutype: string;
  readonly year: number;
  readonly admissions: number;
  readonly counters_fen: Readonly<Record<string, number>>;
}

/** An institution's signing keys, for the node of its province only (never the hub's directory, never the bus). */
export interface InstitutionKey {
  readonly fixmedins_code: string;
  readonly province: string;
  readonly sign_pubkey: string | null;
  readonly sign_secret: string | null;
}

export interface Dataset {
  readonly institutions: readonly Institution[];
  readonly institutionKeys: readonly InstitutionKey[];
  readonly catalogue: readonly CatalogueItem[];
  readonly policies: readonly Policy[];
  readonly persons: readonly Person[];
  readonly filings: readonly Filing[];
  readonly accumulators: readonly Accumulator[];
  readonly portalAccounts: readonly PortalAccount[];
  readonly regions: readonly RegionSettings[];
  readonly staff: readonly StaffAccount[];
}

export const EMPTY_DATASET: Dataset = {
  institutions: [],
  institutionKeys: [],
  catalogue: [],
  policies: [],
  persons: [],
  filings: [],
  accumulators: [],
  portalAccounts: [],
  regions: [],
  staff: [],
};
