// Node schema, second part: what the portal, the console and clearing added on top of the settlement saga's tables —
// filings online with their history and materials, accounts and sessions, e-vouchers, region settings, the outbox,
// the treatment side's filing copy, and the times clearing reads. `{s}` is the node's schema, as in node.ts.
import type { Migration } from '../migrate.ts';

export const NODE_SERVICE_MIGRATIONS: readonly Migration[] = [
  {
    id: '009-portal',
    sql: `
-- 网上备案 (portal and counter): what the applicant declared, and who decided. version counts the changes that
-- reach the national index (the hub keeps the highest it saw, so a redelivered old event changes nothing).
ALTER TABLE {s}.filings
  ADD COLUMN contact jsonb,
  ADD COLUMN notice_version text,
  ADD COLUMN commitment_doc jsonb,
  ADD COLUMN applicant text,
  ADD COLUMN reviewer text,
  ADD COLUMN reason text,
  ADD COLUMN approved_at timestamptz,
  ADD COLUMN version integer NOT NULL DEFAULT 1;

-- 备案记录: every status a filing went through, with who and why.
CREATE TABLE {s}.filing_history (
  seq bigserial PRIMARY KEY,
  trt_dcla_detl_sn text NOT NULL REFERENCES {s}.filings,
  at timestamptz NOT NULL,
  status text NOT NULL,
  actor text NOT NULL,
  reason text,
  changes jsonb
);
CREATE INDEX ON {s}.filing_history (trt_dcla_detl_sn);

-- Proof a person uploaded (PDF/JPEG/PNG), kept in the database so that it is as durable as the filing.
CREATE TABLE {s}.filing_materials (
  material_id text PRIMARY KEY,
  psn_no text NOT NULL,
  filename text NOT NULL,
  content_type text NOT NULL,
  size_bytes integer NOT NULL,
  sha256 text NOT NULL,
  bytes bytea NOT NULL,
  trt_dcla_detl_sn text REFERENCES {s}.filings,
  uploaded_at timestamptz NOT NULL
);
CREATE INDEX ON {s}.filing_materials (psn_no);

-- Portal passwords (from the dataset) by person; apart from persons so that no lookup ever carries a hash.
CREATE TABLE {s}.portal_accounts (
  psn_no text PRIMARY KEY,
  pwd_hash text NOT NULL
);

-- One-time login codes (验证码): hashed, short-lived, a few attempts.
CREATE TABLE {s}.login_codes (
  certno text PRIMARY KEY,
  code_hash text NOT NULL,
  expires_at timestamptz NOT NULL,
  attempts integer NOT NULL DEFAULT 0
);

-- Agency staff (经办人员) of this node, scoped to the province or one pooling region.
CREATE TABLE {s}.staff_accounts (
  username text PRIMARY KEY,
  name text NOT NULL,
  scope_admdvs text NOT NULL,
  pwd_hash text NOT NULL
);

-- Sessions of persons (portal) and staff (console); only a hash of the token is kept.
CREATE TABLE {s}.sessions (
  token_hash text PRIMARY KEY,
  kind text NOT NULL CHECK (kind IN ('portal', 'staff')),
  subject text NOT NULL,
  expires_at timestamptz NOT NULL
);

-- 医保电子凭证: short-lived tokens the portal issues; a HIS reads one with 1101 mdtrt_cert_type 01.
CREATE TABLE {s}.evouchers (
  token text PRIMARY KEY,
  psn_no text NOT NULL,
  issued_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL
);
CREATE INDEX ON {s}.evouchers (psn_no);

-- Per pooling region: the agency's contacts and its filing settings (absent fields take the national default).
CREATE TABLE {s}.region_settings (
  admdvs text PRIMARY KEY,
  agency jsonb,
  filing jsonb NOT NULL DEFAULT '{}'
);

-- Outbox: durable events written in the transaction of the change they announce, published after commit.
CREATE TABLE {s}.outbox (
  seq bigserial PRIMARY KEY,
  event_id text NOT NULL UNIQUE,
  subject text NOT NULL,
  data jsonb NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  published_at timestamptz
);
CREATE INDEX ON {s}.outbox (seq) WHERE published_at IS NULL;

-- 就医地: filings of other provinces' insured for this province, from the national index.
CREATE TABLE {s}.offsite_filings (
  trt_dcla_detl_sn text PRIMARY KEY,
  psn_no text NOT NULL,
  insutype text NOT NULL,
  insuplc_admdvs text NOT NULL,
  mdtrtarea_admdvs text NOT NULL,
  dcla_type text NOT NULL,
  begndate date NOT NULL,
  enddate date,
  status text NOT NULL,
  version integer NOT NULL DEFAULT 1
);
CREATE INDEX ON {s}.offsite_filings (psn_no);
CREATE INDEX ON {s}.offsite_filings (mdtrtarea_admdvs);
`,
  },
  {
    id: '010-settlement-time',
    sql: `
-- The dashboard and the console read settlements by period (setl_time is China time text, so a range scans in order).
CREATE INDEX ON {s}.settlements (setl_time);
`,
  },
  {
    id: '011-decision-times',
    sql: `
-- The settlement's time (China time text, as the treatment side stamps it) on the insured side's decision and on its
-- reversal: monthly clearing puts both sides' records in the month of the settlement, not of the database clock.
ALTER TABLE {s}.benefit_decisions ADD COLUMN setl_time text, ADD COLUMN reverted_time text;
`,
  },
];
