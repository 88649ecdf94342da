// The JSON shape of a filing the portal and the console answer: one declaration for the server and the web UI.

/** submitted, approved, rejected, cancelled — or expired: approved, and its end has passed. */
export type ShownFilingStatus = 'submitted' | 'approved' | 'rejected' | 'cancelled' | 'expired';

export interface FilingContact {
  readonly name: string;
  readonly tel: string;
  readonly addr: string | null;
}

export interface FilingMaterialView {
  readonly material_id: string;
  readonly filename: string;
  readonly content_type: string;
  readonly size_bytes: number;
  readonly sha256: string;
  /** ISO instant. */
  readonly uploaded_at: string;
}

export type FilingProofView =
  | {
      readonly kind: 'commitment';
      readonly text_version: string;
      readonly signed_name: string;
      readonly signed_at: string;
    }
  | { readonly kind: 'materials'; readonly materials: readonly FilingMaterialView[] }
  | null;

export interface FilingHistoryView {
  /** ISO instant. */
  readonly at: string;
  /** A status, or `changed`. */
  readonly status: string;
  /** The person's psn_no, a staff username, a channel or `system`. */
  readonly actor: string;
  readonly reason: string | null;
  /** What a change changed: field → [before, after] (the contact: its new value). */
  readonly changes: Readonly<Record<string, unknown>> | null;
}

/** A filing as the portal and the console show it: what was declared, its state as of today, and its history. */
export interface FilingView {
  readonly trt_dcla_detl_sn: string;
  readonly psn_no: string;
  readonly psn_name: string;
  readonly insutype: string;
  readonly insuplc_admdvs: string;
  readonly dcla_type: string;
  readonly dcla_type_name: string;
  readonly long_term: boolean;
  readonly mdtrtarea_admdvs: string;
  readonly mdtrtarea_name: string;
  readonly begndate: string;
  readonly enddate: string | null;
  readonly status: ShownFilingStatus;
  readonly status_name: string;
  readonly dcla_souc: string;
  readonly contact: FilingContact | null;
  readonly notice_version: string | null;
  readonly proof: FilingProofView;
  readonly reason: string | null;
  readonly reviewer: string | null;
  readonly approved_at: string | null;
  /** The first day a long-term filing may be changed or cancelled by the person, if a waiting time applies. */
  readonly change_allowed_from: string | null;
  readonly history: readonly FilingHistoryView[];
}
