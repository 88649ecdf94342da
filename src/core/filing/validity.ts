// Whether an off-site filing (备案) lets a visit settle directly: place, status and period, judged on the admission day.
import { isEmergencyMedType } from '../dictionaries.ts';
import { poolingRegionOf, provinceOf } from '../regions.ts';
import { isWithin } from '../time.ts';

/** The parts of a filing the rules read. */
export interface FilingTerms {
  readonly trt_dcla_detl_sn: string;
  readonly dcla_type: string;
  readonly mdtrtarea_admdvs: string;
  readonly begndate: string;
  readonly enddate: string | null;
  readonly status: string;
}

/**
 * An approved filing for the treatment place's province or pooling region, valid on `day`. A filing approved
 * after the admission still counts when its period covers the admission day (补办): only the day is judged.
 */
export function isFilingValidFor(filing: FilingTerms, treatmentAdmdvs: string, day: string): boolean {
  const place =
    filing.mdtrtarea_admdvs === provinceOf(treatmentAdmdvs) ||
    filing.mdtrtarea_admdvs === poolingRegionOf(treatmentAdmdvs);
  return filing.status === 'approved' && place && isWithin(day, filing.begndate, filing.enddate);
}

/** The filing that applies to a visit: a long-term one before a temporary one, then the earliest. */
export function applicableFiling<F extends FilingTerms>(
  filings: readonly F[],
  treatmentAdmdvs: string,
  day: string,
): F | undefined {
  const valid = filings.filter((f) => isFilingValidFor(f, treatmentAdmdvs, day));
  return valid.find((f) => f.dcla_type.startsWith('1')) ?? valid[0];
}

/** An emergency counts as filed (his.md): med_type 13 / 24, or the HIS's `exp_content.er_flag` 1. */
export function isEmergencyVisit(medType: string, erFlag: string | undefined): boolean {
  return isEmergencyMedType(medType) || erFlag === '1';
}

/** A patient insured in another province than the treatment place: the cross-province rules apply. */
export const isCrossProvince = (insuplcAdmdvs: string, treatmentAdmdvs: string): boolean =>
  provinceOf(insuplcAdmdvs) !== provinceOf(treatmentAdmdvs);
