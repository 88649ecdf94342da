// Staff roles of the agency console and the hub (docs/SECURITY.md): what an account may do, beside where (its scope).

export const STAFF_ROLES = [
  'filing_reviewer', // 备案审核员
  'catalogue_admin', // 目录管理员
  'policy_admin', // 政策管理员
  'clearing_officer', // 清算经办员
  'audit_officer', // 稽核经办员: audit rules, monitoring thresholds, 协查
  'auditor', // 审计员: reads, never changes
  'national_admin', // 国家级管理员: the hub's national steps (clearing run and post)
] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];

export const ROLE_NAMES: Readonly<Record<StaffRole, string>> = {
  filing_reviewer: '备案审核员',
  catalogue_admin: '目录管理员',
  policy_admin: '政策管理员',
  clearing_officer: '清算经办员',
  audit_officer: '稽核经办员',
  auditor: '审计员',
  national_admin: '国家级管理员',
};

/**
 * The roles of an account written before roles existed (migration 019-staff-roles, a staff.json row without
 * `roles`): every role, which is what any staff member could do then. Narrow them for production.
 */
export const LEGACY_ROLES: readonly StaffRole[] = STAFF_ROLES;

export const isStaffRole = (value: string): value is StaffRole =>
  (STAFF_ROLES as readonly string[]).includes(value);
