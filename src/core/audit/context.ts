// What every rule group receives and returns: the bill with each line's catalogue version looked up once.
import type { CatalogueItem, FeeLine } from '../engine/model.ts';
import type { AuditHit, AuditInput } from './model.ts';
import type { AuditSettings } from './settings.ts';

export interface AuditContext {
  readonly input: AuditInput;
  readonly settings: AuditSettings;
  /** items[i]: the version of lines[i]'s item valid on its day (CatalogueIndex.findAt), or undefined. */
  readonly items: readonly (CatalogueItem | undefined)[];
}

/** A hit before auditBill gives it the rule's severity and the line's serial. */
export type Finding = Omit<AuditHit, 'severity' | 'feedetl_sn'>;

/** A charge, not a refund: refunds (negative cnt) are not judged themselves, they only net out in the counts. */
export const isCharge = (line: FeeLine): boolean => line.cnt_e4 > 0;

/** The day of a fee, `yyyy-MM-dd`. */
export const dayOf = (time: string): string => time.slice(0, 10);

export const nameOf = (line: FeeLine, item: CatalogueItem | undefined): string =>
  item?.hilist_name ?? line.med_list_codg;
