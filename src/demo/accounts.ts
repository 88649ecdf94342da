// Demo accounts: one per role and province, a reviewer for 石家庄 alone, a national admin, and their one password.
import type { StaffRow } from '../core/dataset/schema.ts';
import { PROVINCES, regionOf } from '../core/regions.ts';
import type { StaffRole } from '../core/staff-roles.ts';

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

/** The province whose node hosts the demo's 国家级管理员 (an account lives on some node; its powers are national). */
export const NATIONAL_ADMIN_HOST = '110000';

/** One demo account per role and province: `<prefix>-<province>` (docs/SECURITY.md). */
const PER_PROVINCE: readonly { prefix: string; title: string; role: StaffRole }[] = [
  { prefix: 'reviewer', title: '审核员', role: 'filing_reviewer' },
  { prefix: 'catalogue', title: '目录管理员', role: 'catalogue_admin' },
  { prefix: 'policy', title: '政策管理员', role: 'policy_admin' },
  { prefix: 'clearing', title: '清算经办员', role: 'clearing_officer' },
  { prefix: 'audit', title: '稽核经办员', role: 'audit_officer' },
  { prefix: 'auditor', title: '审计员', role: 'auditor' },
];

const account = (prefix: string, scope: string, title: string, roles: StaffRole[]): StaffRow => ({
  username: `${prefix}-${scope}`,
  name: `${regionOf(scope)!.name}医保经办 ${title}`,
  scope_admdvs: scope,
  pwd_hash: DEMO_PASSWORD_HASH,
  roles,
});

/**
 * `reviewer-<province>` for each of the 31 provinces, then `reviewer-130100` (石家庄 only), then the other roles'
 * `<prefix>-<province>` accounts, then `national-admin` (国家级管理员, hosted on 110000).
 */
export function generateStaff(): StaffRow[] {
  const [reviewer, ...others] = PER_PROVINCE;
  return [
    ...PROVINCES.map((p) => account(reviewer!.prefix, p.admdvs, reviewer!.title, [reviewer!.role])),
    account(reviewer!.prefix, REGION_REVIEWER_ADMDVS, reviewer!.title, [reviewer!.role]),
    ...others.flatMap((r) => PROVINCES.map((p) => account(r.prefix, p.admdvs, r.title, [r.role]))),
    {
      username: 'national-admin',
      name: '国家医保局 国家级管理员',
      scope_admdvs: NATIONAL_ADMIN_HOST,
      pwd_hash: DEMO_PASSWORD_HASH,
      roles: ['national_admin', 'auditor'],
    },
  ];
}
