// A filing as the portal and the console show it: the record, its state as of a day, its proof and its history.

import { DCLA_TYPE, FILING_STATUS, isLongTermFiling } from '../core/dictionaries.ts';
import { changeAllowedFrom, shownStatus } from '../core/filing/application.ts';
import type { FilingSettings } from '../core/filing/settings.ts';
import type { FilingHistoryView, FilingView, ShownFilingStatus } from '../core/filing/view-contract.ts';
import { placeName } from '../core/place-name.ts';
import { chinaDateOf } from '../core/time.ts';
import type { DeskFiling, HistoryEntry, MaterialMeta } from '../store/filing-desk-store.ts';

export type { FilingView };

export const STATUS_NAMES: Readonly<Record<string, string>> = { ...FILING_STATUS, expired: '已过期' };

export function viewOf(
  f: DeskFiling,
  history: readonly HistoryEntry[],
  materials: readonly MaterialMeta[],
  settings: FilingSettings,
  today: string,
): FilingView {
  const status = shownStatus(f.status, f.enddate, today);
  const approvedOn = f.approved_at ? chinaDateOf(new Date(f.approved_at).getTime()) : null;
  const shownHistory: FilingHistoryView[] = history.map((h) => ({
    at: new Date(h.at).toISOString(),
    status: h.status,
    actor: h.actor,
    reason: h.reason,
    changes: h.changes,
  }));
  // A filing from a dataset or a hospital has no desk history: its current state stands for it.
  if (shownHistory.length === 0)
    shownHistory.push({
      at: new Date(f.created_at).toISOString(),
      status: f.status,
      actor: f.dcla_souc,
      reason: f.reason,
      changes: null,
    });
  if (status === 'expired')
    shownHistory.push({
      at: `${f.enddate}T16:00:00.000Z`,
      status: 'expired',
      actor: 'system',
      reason: null,
      changes: null,
    });
  return {
    trt_dcla_detl_sn: f.trt_dcla_detl_sn,
    psn_no: f.psn_no,
    psn_name: f.psn_name,
    insutype: f.insutype,
    insuplc_admdvs: f.insuplc_admdvs,
    dcla_type: f.dcla_type,
    dcla_type_name: DCLA_TYPE[f.dcla_type as keyof typeof DCLA_TYPE] ?? f.dcla_type,
    long_term: isLongTermFiling(f.dcla_type),
    mdtrtarea_admdvs: f.mdtrtarea_admdvs,
    mdtrtarea_name: placeName(f.mdtrtarea_admdvs),
    begndate: f.begndate,
    enddate: f.enddate,
    status: status as ShownFilingStatus,
    status_name: STATUS_NAMES[status] ?? status,
    dcla_souc: f.dcla_souc,
    contact: f.contact,
    notice_version: f.notice_version,
    proof: f.commitment_doc
      ? { kind: 'commitment', ...f.commitment_doc }
      : materials.length > 0
        ? {
            kind: 'materials',
            materials: materials.map(({ trt_dcla_detl_sn: _, uploaded_at, ...m }) => ({
              ...m,
              uploaded_at: new Date(uploaded_at).toISOString(),
            })),
          }
        : null,
    reason: f.reason,
    reviewer: f.reviewer,
    approved_at: f.approved_at ? new Date(f.approved_at).toISOString() : null,
    change_allowed_from: approvedOn
      ? changeAllowedFrom({ dcla_type: f.dcla_type, status: f.status, approved_on: approvedOn }, settings)
      : null,
    history: shownHistory,
  };
}
