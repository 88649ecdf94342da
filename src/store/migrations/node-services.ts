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
  {
    id: '012-clearing-digests',
    sql: `
-- Monthly clearing compares the two sides by digest instead of moving every record to the hub: each record carries,
-- computed by the database from its own columns (so a record changed in place gets a new digest), its group (the
-- counterpart province, the hospital, settle/cancel, the list of fund types), a bucket of its decision key and a
-- 64-bit hash of what reconciliation compares — key, settle/cancel, medfee, fund, account, fund by type. Both sides
-- sum the hashes per group; only groups that differ are split into buckets, and only buckets that differ move record
-- by record. MD5 is used as a stable spread, not for secrecy: every node and PostgreSQL version computes the same value.
CREATE FUNCTION {s}.clearing_bucket(decision_key text) RETURNS integer
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$ SELECT ('x' || substr(md5(decision_key), 1, 3))::bit(12)::integer $$;
CREATE FUNCTION {s}.clearing_hash(decision_key text, kind text, medfee numeric, fund numeric, acct numeric,
                                  funds jsonb) RETURNS bigint
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$ SELECT ('x' || substr(md5(decision_key || '|' || kind || '|' || medfee || '|' || fund || '|' || acct || '|'
                                  || funds::text), 1, 16))::bit(64)::bigint $$;
-- Fund payments by fund type in fen as {"310100": 1750000}: from setldetail's yuan (the personal account 310200 is
-- not a fund), or from a decision's layers (sign −1 for its reversal); zeros left out, like the facts the hub reads.
CREATE FUNCTION {s}.clearing_funds_of_setldetail(setldetail jsonb) RETURNS jsonb
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$ SELECT COALESCE(jsonb_object_agg(t, f), '{}'::jsonb) FROM (
          SELECT d->>'fund_pay_type' AS t, sum(round((d->>'fund_payamt')::numeric * 100))::bigint AS f
          FROM jsonb_array_elements(setldetail) d
          WHERE COALESCE(d->>'fund_pay_type', '') NOT IN ('', '310200')
          GROUP BY 1 HAVING sum(round((d->>'fund_payamt')::numeric * 100)) <> 0) x $$;
CREATE FUNCTION {s}.clearing_funds_of_decision(decision jsonb, sign integer) RETURNS jsonb
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$ SELECT COALESCE(jsonb_object_agg(t, f), '{}'::jsonb) FROM (
          SELECT l->>'fund_pay_type' AS t, sign * sum((l->>'paid_fen')::bigint) AS f
          FROM jsonb_array_elements(COALESCE(decision->'layers', '[]'::jsonb)) l
          GROUP BY 1 HAVING sum((l->>'paid_fen')::bigint) <> 0) x $$;
CREATE FUNCTION {s}.clearing_decision_hash(decision_key text, decision jsonb, sign integer) RETURNS bigint
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$ SELECT {s}.clearing_hash(decision_key, CASE WHEN sign = 1 THEN '0' ELSE '1' END,
          sign * ((decision->>'fund_pay_fen')::numeric + (decision->>'psn_part_fen')::numeric
                  + (decision->>'hosp_part_fen')::numeric),
          sign * (decision->>'fund_pay_fen')::numeric,
          sign * COALESCE((decision->'account'->>'paid_fen')::numeric, 0),
          {s}.clearing_funds_of_decision(decision, sign)) $$;
-- The fund types of a record in order, and their amounts in the same order: totals per type are then plain sums
-- over array slots, grouped by the list of types (a handful of distinct lists), with no JSON expanded per row.
CREATE FUNCTION {s}.clearing_fund_types(funds jsonb) RETURNS text
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$ SELECT COALESCE(string_agg(k, ',' ORDER BY k COLLATE "C"), '') FROM jsonb_object_keys(funds) k $$;
CREATE FUNCTION {s}.clearing_fund_amounts(funds jsonb) RETURNS bigint[]
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$ SELECT COALESCE(array_agg(v::bigint ORDER BY k COLLATE "C"), '{}') FROM jsonb_each_text(funds) AS e(k, v) $$;

-- Decisions recorded before 011 get their times from the database clock, once, so clearing reads plain columns.
UPDATE {s}.benefit_decisions
SET setl_time = COALESCE(setl_time, to_char(created_at AT TIME ZONE INTERVAL '+08:00', 'YYYY-MM-DD HH24:MI:SS')),
    reverted_time = COALESCE(reverted_time, to_char(reverted_at AT TIME ZONE INTERVAL '+08:00', 'YYYY-MM-DD HH24:MI:SS'))
WHERE status IN ('decided', 'reverted') AND (setl_time IS NULL OR (reverted_time IS NULL AND reverted_at IS NOT NULL));

ALTER TABLE {s}.settlements
  ADD COLUMN clearing_counterpart text GENERATED ALWAYS AS (substr(insuplc_admdvs, 1, 2)) STORED,
  ADD COLUMN clearing_bucket smallint GENERATED ALWAYS AS ({s}.clearing_bucket(decision_key)) STORED,
  ADD COLUMN clearing_hash bigint GENERATED ALWAYS AS ({s}.clearing_hash(decision_key, refd_setl_flag,
    medfee_sumamt_fen, fund_pay_sumamt_fen, acct_pay_fen, {s}.clearing_funds_of_setldetail(setldetail))) STORED,
  ADD COLUMN clearing_fund_types text
    GENERATED ALWAYS AS ({s}.clearing_fund_types({s}.clearing_funds_of_setldetail(setldetail))) STORED,
  ADD COLUMN clearing_fund_amounts bigint[]
    GENERATED ALWAYS AS ({s}.clearing_fund_amounts({s}.clearing_funds_of_setldetail(setldetail))) STORED;
ALTER TABLE {s}.benefit_decisions
  ADD COLUMN clearing_bucket smallint GENERATED ALWAYS AS ({s}.clearing_bucket(decision_key)) STORED,
  ADD COLUMN clearing_fixmedins_code text GENERATED ALWAYS AS (split_part(decision_key, ':', 1)) STORED,
  ADD COLUMN clearing_fund_types text
    GENERATED ALWAYS AS ({s}.clearing_fund_types({s}.clearing_funds_of_decision(decision, 1))) STORED,
  ADD COLUMN clearing_settle_hash bigint
    GENERATED ALWAYS AS ({s}.clearing_decision_hash(decision_key, decision, 1)) STORED,
  ADD COLUMN clearing_cancel_hash bigint
    GENERATED ALWAYS AS ({s}.clearing_decision_hash(decision_key, decision, -1)) STORED;

-- A month of either side is then one index-only range scan. The settlements index also serves what 010's did.
DROP INDEX {s}.settlements_setl_time_idx;
CREATE INDEX settlements_clearing_idx ON {s}.settlements (setl_time)
  INCLUDE (insuplc_admdvs, clearing_counterpart, fixmedins_code, refd_setl_flag, clearing_bucket, clearing_hash, medfee_sumamt_fen,
           fund_pay_sumamt_fen, acct_pay_fen, psn_cash_pay_fen, clearing_fund_types, clearing_fund_amounts);
CREATE INDEX decisions_clearing_settle_idx ON {s}.benefit_decisions (setl_time)
  INCLUDE (treatment_admdvs, clearing_fixmedins_code, clearing_fund_types, clearing_bucket, clearing_settle_hash)
  WHERE status IN ('decided', 'reverted');
CREATE INDEX decisions_clearing_cancel_idx ON {s}.benefit_decisions (reverted_time)
  INCLUDE (treatment_admdvs, clearing_fixmedins_code, clearing_fund_types, clearing_bucket, clearing_cancel_hash)
  WHERE status = 'reverted';
`,
  },
  {
    id: '013-orphan-decisions',
    sql: `
-- 对账 of the saga between the two sides (docs/his.md, "Orphan decisions"): the insured node asks the treatment node,
-- after a grace, whether each of its decisions has a settlement. One it has is verified and never asked again; the
-- others are reverted as a 2601 would and reported. Only decisions still to be asked are in the index.
ALTER TABLE {s}.benefit_decisions ADD COLUMN verified_at timestamptz;
CREATE INDEX decisions_unverified_idx ON {s}.benefit_decisions (created_at)
  WHERE status = 'decided' AND verified_at IS NULL;

-- The insured side's report: each decision reverted because the treatment side had no settlement for it.
CREATE TABLE {s}.orphan_reversals (
  decision_key text PRIMARY KEY,
  psn_no text NOT NULL,
  insutype text NOT NULL,
  insuplc_admdvs text NOT NULL,
  treatment_admdvs text NOT NULL,
  mdtrt_id text,
  setl_time text,
  medfee_fen bigint NOT NULL,
  fund_pay_fen bigint NOT NULL,
  acct_pay_fen bigint NOT NULL,
  psn_cash_fen bigint NOT NULL,
  decided_at timestamptz NOT NULL,
  detected_at timestamptz NOT NULL,
  reverted_time text NOT NULL,
  reason text NOT NULL
);
CREATE INDEX ON {s}.orphan_reversals (detected_at);

-- The treatment side: decision keys it told an insured node it has no settlement for. From then on a settlement under
-- such a key is refused (TreatmentStore.recordSettlement), so the insured node may revert the decision safely.
CREATE TABLE {s}.decision_fences (
  decision_key text PRIMARY KEY,
  fenced_at timestamptz NOT NULL DEFAULT now()
);
`,
  },
  {
    id: '014-audit',
    sql: `
-- 智能审核 (docs/audit.md): the catalogue's optional restrictions, the province's rule settings and the hits referred
-- for review. A catalogue without the restriction fields keeps NULL here and its items carry no such keys.
ALTER TABLE {s}.catalogue_items
  ADD COLUMN gend_lmt text CHECK (gend_lmt IN ('1', '2')),
  ADD COLUMN age_min integer CHECK (age_min BETWEEN 0 AND 150),
  ADD COLUMN age_max integer CHECK (age_max BETWEEN 0 AND 150),
  ADD COLUMN daily_once boolean;

-- The province's settings document as the agency wrote it (validated); no row = the national defaults.
CREATE TABLE {s}.audit_settings (
  id boolean PRIMARY KEY DEFAULT true CHECK (id),
  doc jsonb NOT NULL,
  updated_by text NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- Hits of fee uploads: review hits for the agency's queue (转人工复核). One per message, line and rule.
CREATE TABLE {s}.audit_hits (
  id bigserial PRIMARY KEY,
  rule text NOT NULL,
  severity text NOT NULL,
  mdtrt_id text NOT NULL,
  fixmedins_code text NOT NULL,
  -- The institution's pooling region: a region's clerk sees the hits of its own institutions.
  pooling_admdvs text NOT NULL,
  insuplc_admdvs text NOT NULL,
  line_index integer NOT NULL,
  feedetl_sn text NOT NULL,
  explanation text NOT NULL,
  data jsonb NOT NULL,
  msgid text NOT NULL,
  at timestamptz NOT NULL,
  UNIQUE (msgid, feedetl_sn, rule)
);
CREATE INDEX ON {s}.audit_hits (at DESC, id DESC);
`,
  },
];
