// 参保地待遇 maintained from the console: a policy file checked exactly as a dataset load checks it, and written as a
// load writes it (the file replaces what its pooling region had for the insurance type), so the two never differ.
import { POLICY_FILE } from '../core/dataset/problems.ts';
import type { PolicyDoc } from '../core/dataset/schema.ts';
import { validateDataset } from '../core/dataset/validate.ts';
import { provinceOf } from '../core/regions.ts';
import { writeDataset } from '../store/dataset-writer.ts';
import type { Db } from '../store/db.ts';

export interface PolicyFileVersion {
  readonly name: string;
  readonly begndate: string;
  readonly enddate: string | null;
}

export interface PolicyFileCheck {
  readonly ok: boolean;
  /** The file name the problems are reported under, as the loader names it (`policies/130100-310.json`). */
  readonly file: string;
  readonly admdvs: string | null;
  readonly insutype: string | null;
  /** Every problem, worded as `yidi load` words it; empty when the file is good. */
  readonly problems: readonly string[];
  /** The versions the file holds, in file order (only when it is good). */
  readonly versions: readonly PolicyFileVersion[];
}

/** A file name stands in when the content names no region and insurance type (its problems say what is missing). */
const UNNAMED_FILE = 'policy';

/** The `<admdvs>-<insutype>` a policy file's content names, from its first version; undefined when it names none. */
export function policyFileKeyOf(content: unknown): { admdvs: string; insutype: string } | undefined {
  const first = Array.isArray(content) ? content[0] : content;
  if (typeof first !== 'object' || first === null) return undefined;
  const { admdvs, insutype } = first as { admdvs?: unknown; insutype?: unknown };
  return typeof admdvs === 'string' &&
    /^\d{6}$/.test(admdvs) &&
    typeof insutype === 'string' &&
    /^\d{3}$/.test(insutype)
    ? { admdvs, insutype }
    : undefined;
}

/** The check, and the dataset to write when it is good. */
function validate(content: unknown, target?: { readonly admdvs: string; readonly insutype: string }) {
  const named = target ?? policyFileKeyOf(content);
  const key = named ? `${named.admdvs}-${named.insutype}` : UNNAMED_FILE;
  const result = validateDataset({ policies: { [key]: content as PolicyDoc | readonly PolicyDoc[] } });
  const checked: PolicyFileCheck = {
    ok: result.ok,
    file: POLICY_FILE(key),
    admdvs: named?.admdvs ?? null,
    insutype: named?.insutype ?? null,
    problems: result.ok ? [] : result.problems,
    versions: result.ok
      ? result.dataset.policies.map((p) => ({ name: p.name, begndate: p.begndate, enddate: p.enddate }))
      : [],
  };
  return { checked, dataset: result.ok ? result.dataset : undefined };
}

/**
 * Checks a policy file (one object or a list of versions) with the dataset validation. `target` is the file it is
 * meant to be (`PUT …/{admdvs}/{insutype}`); without one the content names it.
 */
export function checkPolicyUpload(
  content: unknown,
  target?: { readonly admdvs: string; readonly insutype: string },
): PolicyFileCheck {
  return validate(content, target).checked;
}

/**
 * Why a clerk may not change a pooling region's policies, or null when they may: the region must belong to the
 * node's province, and to the clerk's pooling region when the account is scoped to one.
 */
export function policyScopeRefusal(admdvs: string, province: string, scopeAdmdvs: string): string | null {
  if (provinceOf(admdvs) !== province) return `统筹区${admdvs}不属于${province}经办范围`;
  if (scopeAdmdvs !== province && admdvs !== scopeAdmdvs)
    return `统筹区${admdvs}不在本账号经办范围${scopeAdmdvs}内`;
  return null;
}

/**
 * Validates the file and, only when it has no problem, replaces the region's versions of the insurance type with it
 * in one transaction, as `yidi load` does with a policies/<admdvs>-<insutype>.json. Nothing is written otherwise.
 */
export async function replacePolicyFile(
  db: Db,
  admdvs: string,
  insutype: string,
  content: unknown,
): Promise<PolicyFileCheck> {
  const { checked, dataset } = validate(content, { admdvs, insutype });
  if (dataset) await writeDataset(db, dataset);
  return checked;
}
