// When a second filing would duplicate one that stands: same place (or one inside the other) and a shared day.
import { provinceOf } from '../regions.ts';

/** Filings that stand in the way of a second one for the same place and period. */
export const STANDING_STATUSES: ReadonlySet<string> = new Set(['approved', 'submitted']);

/** Two filing places meet when they are the same region or one is the province of the other. */
export function placesMeet(a: string, b: string): boolean {
  return (
    a === b || (a === provinceOf(a) && provinceOf(b) === a) || (b === provinceOf(b) && provinceOf(a) === b)
  );
}

/** Two periods (inclusive, null end = open) share at least a day. */
export function periodsMeet(
  aBegin: string,
  aEnd: string | null,
  bBegin: string,
  bEnd: string | null,
): boolean {
  return (aEnd === null || aEnd >= bBegin) && (bEnd === null || bEnd >= aBegin);
}

interface Placed {
  readonly trt_dcla_detl_sn: string;
  readonly mdtrtarea_admdvs: string;
  readonly begndate: string;
  readonly enddate: string | null;
  readonly status: string;
}

/** The standing filing a new one for `place` over [begin, end] would duplicate, if any. */
export function clashingFiling<F extends Placed>(
  filings: readonly F[],
  place: string,
  begin: string,
  end: string | null,
): F | undefined {
  return filings.find(
    (f) =>
      STANDING_STATUSES.has(f.status) &&
      placesMeet(f.mdtrtarea_admdvs, place) &&
      periodsMeet(f.begndate, f.enddate, begin, end),
  );
}

/** 「已有备案信息，无需重复备案」 naming the filing that stands. */
export function duplicateFilingMessage(
  sn: string,
  begndate: string,
  enddate: string | null,
  what: string,
): string {
  return `已有备案信息，无需重复备案（备案流水号${sn}，${what}，${begndate}至${enddate ?? '长期'}）`;
}
