// Node schema, third part: 就医地管理 (issue 9) — the cross-province 协查 cases both sides keep, and what the audit
// and monitoring of the treatment place store beyond 014-audit. `{s}` is the node's schema, as in node.ts.
// Each migration here touches its own tables, so their order in this list does not matter.
import type { Migration } from '../migrate.ts';
import { AUDIT_TRAIL_SQL } from './audit-trail.ts';

export const NODE_MANAGEMENT_MIGRATIONS: readonly Migration[] = [
  {
    id: '015-cross-checks',
    sql: `
-- 协查 (docs/cross-checks.md): one row per case on each side, in this node's role. Times are China time text
-- (yyyy-MM-dd HH:mm:ss) as the messages carry them; amounts in fen.
CREATE TABLE {s}.cross_checks (
  case_id text PRIMARY KEY,
  role text NOT NULL CHECK (role IN ('insured', 'treatment')),
  automatic boolean NOT NULL,
  status text NOT NULL CHECK (status IN ('requested', 'answered', 'concluded')),
  setl_id text NOT NULL,
  insured_province text NOT NULL,
  treatment_province text NOT NULL,
  fixmedins_code text NOT NULL,
  insuplc_admdvs text NOT NULL,
  med_type text NOT NULL,
  setl_time text NOT NULL,
  medfee_fen bigint NOT NULL,
  fund_pay_fen bigint NOT NULL,
  reason text NOT NULL,
  requested_by text NOT NULL,
  requested_at text NOT NULL,
  -- Who was treated: the treatment side from its settlement; the insured side once the answer names them.
  psn_no text,
  psn_name text,
  findings text,
  proposal text CHECK (proposal IN ('confirmed', 'adjusted', 'refused')),
  proposed_fen bigint,
  answered_by text,
  answered_at text,
  outcome text CHECK (outcome IN ('confirmed', 'adjusted', 'refused')),
  adjustment_fen bigint CHECK (adjustment_fen >= 0),
  outcome_note text,
  concluded_by text,
  concluded_at text,
  -- The clearing period the adjustment was booked in, as the national hub assigned it.
  clearing_period text
);
CREATE INDEX ON {s}.cross_checks (requested_at DESC, case_id);
CREATE INDEX ON {s}.cross_checks (setl_id);

CREATE TABLE {s}.cross_check_documents (
  case_id text NOT NULL REFERENCES {s}.cross_checks (case_id),
  n integer NOT NULL,
  name text NOT NULL,
  content_type text NOT NULL,
  size integer NOT NULL,
  sha256 text NOT NULL,
  data bytea NOT NULL,
  PRIMARY KEY (case_id, n)
);
`,
  },
  {
    id: '016-monitoring-settings',
    sql: `
-- 医疗行为监控 thresholds (docs/audit.md, "Monitoring"): the province's document as the agency wrote it (validated;
-- basis points and fen); no row = the defaults.
CREATE TABLE {s}.monitoring_settings (
  id boolean PRIMARY KEY DEFAULT true CHECK (id),
  doc jsonb NOT NULL,
  updated_by text NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);
`,
  },
  {
    id: '019-staff-roles',
    sql: `
-- Staff roles (docs/SECURITY.md). Accounts that existed before roles could do everything, so they keep every
-- role (today's behaviour) until an administrator narrows them; new rows must name their roles (no default).
ALTER TABLE {s}.staff_accounts ADD COLUMN roles jsonb NOT NULL DEFAULT
  '["filing_reviewer","catalogue_admin","policy_admin","clearing_officer","audit_officer","auditor","national_admin"]';
ALTER TABLE {s}.staff_accounts ALTER COLUMN roles DROP DEFAULT;
`,
  },
  {
    id: '018-institution-keys',
    sql: `
-- HIS message signing (docs/SECURITY.md): an institution's SM2 public key and/or HMAC-SM3 shared secret. Its own
-- table, not columns of institutions: institution rows are copied to the hub's directory, a secret must not be.
CREATE TABLE {s}.institution_keys (
  fixmedins_code text PRIMARY KEY REFERENCES {s}.institutions,
  sign_pubkey text,
  sign_secret text,
  updated_by text NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK (sign_pubkey IS NOT NULL OR sign_secret IS NOT NULL)
);
`,
  },
  { id: '020-audit-trail', sql: AUDIT_TRAIL_SQL },
  {
    id: '021-login-throttle',
    sql: `
-- Login throttling (docs/SECURITY.md): attempts per account or address in the current window, and the lockout
-- they earned. One row per key ('portal-account:<certno>', 'console-ip:<address>', …): a process that restarts, or
-- several serving the node, see the same counts.
CREATE TABLE {s}.login_throttle (
  key text PRIMARY KEY,
  attempts integer NOT NULL,
  window_started_at timestamptz NOT NULL,
  locked_until timestamptz
);
`,
  },
];
