// Demo accounts: one reviewer per province, one for 石家庄 alone, and the one password they all share.
import type { StaffRow } from '../core/dataset/schema.ts';
import { PROVINCES, regionOf } from '../core/regions.ts';

/** The password of every demo account (console staff and the story people's 参保人服务), shown in docs/demo-world.md. */
export const DEMO_PASSWORD = 'yidi2026';

/**
 * `hashPassword(DEMO_PASSWORD)` computed once and pasted here. A scrypt hash costs about 0.1 s by design, so
 * hashing ~40 accounts at every generation would add seconds to a first start (and a fresh salt each time would
 * break byte-identical output); a demo world whose accounts share one known password may share its hash too.
 */
export const DEMO_PASSWORD_HASH =
  '$scrypt$ln=15,r=8,p=1$BynCY1kVZ8pZfnE797eytw==$GB1BrVyFT1zBKUSCXyxkkCz4d0llDGuBgWK2A7K9P3U=';

/** A pooling region with a reviewer of its own, to show a console scoped below the province. */
export const REGION_REVIEWER_ADMDVS = '130100';

const reviewer = (scope: string): StaffRow => ({
  username: `reviewer-${scope}`,
  name: `${regionOf(scope)!.name}医保经办 审核员`,
  scope_admdvs: scope,
  pwd_hash: DEMO_PASSWORD_HASH,
});

/** `reviewer-<province>` for each of the 31 provinces, then `reviewer-130100` (石家庄 only). */
export function generateStaff(): StaffRow[] {
  return [...PROVINCES.map((p) => reviewer(p.admdvs)), reviewer(REGION_REVIEWER_ADMDVS)];
}
