// Schema of the national hub: routing, the national filing index and the directory of networked institutions.
import type { Migration } from '../migrate.ts';
import { AUDIT_TRAIL_SQL } from './audit-trail.ts';

export const HUB_MIGRATIONS: readonly Migration[] = [
  {
    id: '001-hub',
    sql: `
-- Routing table: which node serves which province.
CREATE TABLE {s}.routes (
  province text PRIMARY KEY,
  name text NOT NULL,
  node_id text NOT NULL
);

-- 全国备案索引: lets a treatment node see a filing made at the insured place.
CREATE TABLE {s}.filing_index (
  trt_dcla_detl_sn text PRIMARY KEY,
  psn_no text NOT NULL,
  insutype text NOT NULL,
  insuplc_admdvs text NOT NULL,
  mdtrtarea_admdvs text NOT NULL,
  dcla_type text NOT NULL,
  begndate date NOT NULL,
  enddate date,
  status text NOT NULL
);
CREATE INDEX ON {s}.filing_index (psn_no);
CREATE INDEX ON {s}.filing_index (mdtrtarea_admdvs);

-- 全国联网定点医药机构目录 (查定点).
CREATE TABLE {s}.institution_directory (
  fixmedins_code text PRIMARY KEY,
  fixmedins_name text NOT NULL,
  fixmedins_type text NOT NULL,
  hosp_lv text NOT NULL,
  admdvs text NOT NULL,
  pooling_admdvs text NOT NULL,
  province text NOT NULL,
  services jsonb NOT NULL,
  addr text,
  tel text
);
CREATE INDEX ON {s}.institution_directory (province);
`,
  },
  {
    id: '002-portal',
    sql: `
-- The highest filing version seen: a redelivered older event does not overwrite a newer state.
ALTER TABLE {s}.filing_index ADD COLUMN version integer NOT NULL DEFAULT 1;

-- 经办机构联系方式 per pooling region (public: 查经办机构).
CREATE TABLE {s}.agency_directory (
  admdvs text PRIMARY KEY,
  province text NOT NULL,
  name text NOT NULL,
  tel text,
  addr text,
  hours text
);
CREATE INDEX ON {s}.agency_directory (province);
`,
  },
  {
    id: '003-ledger',
    sql: `
-- The double-entry ledger (docs/clearing.md): balances move only with a transfer, in the same transaction.
CREATE TABLE {s}.ledger_accounts (
  id text PRIMARY KEY,
  ledger integer NOT NULL,
  debits_must_not_exceed_credits boolean NOT NULL,
  credits_must_not_exceed_debits boolean NOT NULL,
  debits_posted_fen bigint NOT NULL DEFAULT 0 CHECK (debits_posted_fen >= 0),
  credits_posted_fen bigint NOT NULL DEFAULT 0 CHECK (credits_posted_fen >= 0),
  CHECK (NOT debits_must_not_exceed_credits OR debits_posted_fen <= credits_posted_fen),
  CHECK (NOT credits_must_not_exceed_debits OR credits_posted_fen <= debits_posted_fen)
);

-- The id is the idempotency key: a transfer posted again is found, never inserted twice.
CREATE TABLE {s}.ledger_transfers (
  id text PRIMARY KEY,
  debit_account_id text NOT NULL REFERENCES {s}.ledger_accounts (id),
  credit_account_id text NOT NULL REFERENCES {s}.ledger_accounts (id),
  amount_fen bigint NOT NULL CHECK (amount_fen > 0),
  ledger integer NOT NULL,
  code text NOT NULL,
  period text NOT NULL,
  memo text NOT NULL,
  seq bigserial NOT NULL,
  posted_at timestamptz NOT NULL DEFAULT now(),
  CHECK (debit_account_id <> credit_account_id)
);
CREATE INDEX ON {s}.ledger_transfers (period, code);
CREATE INDEX ON {s}.ledger_transfers (debit_account_id);
CREATE INDEX ON {s}.ledger_transfers (credit_account_id);

-- A confirmed period posted once: its pairs and net positions, to answer a re-run with the original.
CREATE TABLE {s}.ledger_clearings (
  period text PRIMARY KEY,
  pairs jsonb NOT NULL,
  positions jsonb NOT NULL,
  transfers integer NOT NULL,
  posted_at timestamptz NOT NULL DEFAULT now()
);

-- 支付指令: who pays whom how much through the national arrangement.
CREATE TABLE {s}.payment_instructions (
  id text PRIMARY KEY,
  period text NOT NULL REFERENCES {s}.ledger_clearings (period),
  kind text NOT NULL,
  payer text NOT NULL,
  payee text NOT NULL,
  amount_fen bigint NOT NULL CHECK (amount_fen > 0)
);
CREATE INDEX ON {s}.payment_instructions (period);

-- 紧急调增 requests to an insured province: one open request per province and warning level.
CREATE TABLE {s}.prepaid_topup_requests (
  id bigserial PRIMARY KEY,
  province text NOT NULL,
  level text NOT NULL CHECK (level IN ('yellow', 'red')),
  usage_bp integer,
  balance_fen bigint NOT NULL,
  owed_fen bigint NOT NULL,
  requested_fen bigint NOT NULL,
  requested_at timestamptz NOT NULL DEFAULT now(),
  resolved_at timestamptz
);
CREATE UNIQUE INDEX ON {s}.prepaid_topup_requests (province, level) WHERE resolved_at IS NULL;
`,
  },
  {
    id: '004-clearing',
    sql: `
-- 清算: one row per period and its state (blocked, reconciled, confirmed, posted).
CREATE TABLE {s}.clearing_runs (
  period text PRIMARY KEY,
  status text NOT NULL CHECK (status IN ('blocked', 'reconciled', 'confirmed', 'posted')),
  treatment_facts integer NOT NULL,
  insured_facts integer NOT NULL,
  matched integer NOT NULL,
  -- the ledger's answer when posted: transfers and payment instructions
  posting jsonb,
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- Totals per (treatment province, insured province), net of cancels.
CREATE TABLE {s}.clearing_pairs (
  period text NOT NULL REFERENCES {s}.clearing_runs ON DELETE CASCADE,
  treatment_province text NOT NULL,
  insured_province text NOT NULL,
  person_times integer NOT NULL,
  settlements integer NOT NULL,
  cancels integer NOT NULL,
  medfee_fen bigint NOT NULL,
  fund_fen bigint NOT NULL,
  fund_by_type jsonb NOT NULL,
  acct_pay_fen bigint NOT NULL,
  psn_cash_fen bigint NOT NULL,
  PRIMARY KEY (period, treatment_province, insured_province)
);

-- 就医地经办机构对医院的月度结算单: advanced (all its cross-province records) and cleared (the matched ones).
CREATE TABLE {s}.clearing_hospitals (
  period text NOT NULL REFERENCES {s}.clearing_runs ON DELETE CASCADE,
  treatment_province text NOT NULL,
  fixmedins_code text NOT NULL,
  person_times integer NOT NULL,
  settlements integer NOT NULL,
  cancels integer NOT NULL,
  medfee_fen bigint NOT NULL,
  fund_fen bigint NOT NULL,
  fund_by_type jsonb NOT NULL,
  acct_pay_fen bigint NOT NULL,
  psn_cash_fen bigint NOT NULL,
  cleared_fund_fen bigint NOT NULL,
  cleared_acct_pay_fen bigint NOT NULL,
  PRIMARY KEY (period, treatment_province, fixmedins_code)
);

-- Every difference reconciliation found; any one blocks confirmation.
CREATE TABLE {s}.clearing_differences (
  period text NOT NULL REFERENCES {s}.clearing_runs ON DELETE CASCADE,
  seq integer NOT NULL,
  key text NOT NULL,
  decision_key text NOT NULL,
  fact_kind text NOT NULL,
  kind text NOT NULL,
  treatment_province text NOT NULL,
  insured_province text NOT NULL,
  fixmedins_code text NOT NULL,
  setl_id text,
  amounts jsonb NOT NULL,
  description text NOT NULL,
  PRIMARY KEY (period, seq)
);

-- Who confirmed, per province and side.
CREATE TABLE {s}.clearing_confirmations (
  period text NOT NULL REFERENCES {s}.clearing_runs ON DELETE CASCADE,
  province text NOT NULL,
  side text NOT NULL CHECK (side IN ('treatment', 'insured')),
  confirmed_by text NOT NULL,
  confirmed_at text NOT NULL,
  PRIMARY KEY (period, province, side)
);
`,
  },
  {
    id: '005-settlement-facts',
    sql: `
-- 跨省结算事实: every cross-province settlement and cancel record the treatment nodes announced (JetStream, through
-- their outboxes), as the national level keeps them for statistics and 预付金 usage — amounts and places, no person.
-- The record's id is its key, so a redelivered event is stored once.
CREATE TABLE {s}.settlement_facts (
  setl_id text PRIMARY KEY,
  treatment_province text NOT NULL,
  fixmedins_code text NOT NULL,
  insuplc_admdvs text NOT NULL,
  med_type text NOT NULL,
  setl_time text NOT NULL,
  refd_setl_flag text NOT NULL CHECK (refd_setl_flag IN ('0', '1')),
  medfee_fen bigint NOT NULL,
  fund_pay_fen bigint NOT NULL,
  psn_part_fen bigint NOT NULL,
  acct_pay_fen bigint NOT NULL,
  psn_cash_fen bigint NOT NULL,
  received_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX ON {s}.settlement_facts (setl_time);
`,
  },
  {
    id: '006-cross-checks',
    sql: `
-- 协查 registry (docs/cross-checks.md): the cases the nodes exchange through the hub, without the person — which
-- settlement, which provinces, where the case stands, and the adjustment booked into a clearing period.
CREATE TABLE {s}.cross_checks (
  case_id text PRIMARY KEY,
  setl_id text NOT NULL,
  insured_province text NOT NULL,
  treatment_province text NOT NULL,
  fixmedins_code text NOT NULL,
  automatic boolean NOT NULL,
  status text NOT NULL CHECK (status IN ('requested', 'answered', 'concluded')),
  fund_pay_fen bigint NOT NULL,
  requested_at text NOT NULL,
  answered_at text,
  concluded_at text,
  outcome text CHECK (outcome IN ('confirmed', 'adjusted', 'refused')),
  adjustment_fen bigint NOT NULL DEFAULT 0 CHECK (adjustment_fen >= 0),
  clearing_period text
);
CREATE INDEX ON {s}.cross_checks (clearing_period) WHERE adjustment_fen > 0;

-- 参保地 settings: above which medical fee a one-time inpatient stay is asked about automatically.
CREATE TABLE {s}.cross_check_settings (
  province text PRIMARY KEY,
  auto_threshold_fen bigint NOT NULL CHECK (auto_threshold_fen > 0),
  updated_by text NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);
`,
  },
  { id: '007-audit-trail', sql: AUDIT_TRAIL_SQL },
];
