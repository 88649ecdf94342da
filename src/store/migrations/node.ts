// Schema of a provincial node. `{s}` is the node's schema; each migration runs once, in order, in one transaction.
import type { Migration } from '../migrate.ts';
import { NODE_MANAGEMENT_MIGRATIONS } from './node-management.ts';
import { NODE_SERVICE_MIGRATIONS } from './node-services.ts';

export const NODE_MIGRATIONS: readonly Migration[] = [
  {
    id: '001-reference',
    sql: `
CREATE TABLE {s}.institutions (
  fixmedins_code text PRIMARY KEY,
  fixmedins_name text NOT NULL,
  fixmedins_type text NOT NULL,
  hosp_lv text NOT NULL,
  admdvs text NOT NULL,
  pooling_admdvs text NOT NULL,
  services jsonb NOT NULL,
  addr text,
  tel text
);
CREATE INDEX ON {s}.institutions (pooling_admdvs);

-- 就医地目录: one row per version of an item; a lookup finds the version valid on the day of the fee.
CREATE TABLE {s}.catalogue_items (
  hilist_code text NOT NULL,
  begndate date NOT NULL,
  enddate date,
  hilist_name text NOT NULL,
  list_type text NOT NULL,
  med_chrgitm_type text NOT NULL,
  chrgitm_lv text NOT NULL CHECK (chrgitm_lv IN ('01', '02', '03')),
  selfpay_prop_bp integer NOT NULL CHECK (selfpay_prop_bp BETWEEN 0 AND 10000),
  pric_uplmt_fen bigint CHECK (pric_uplmt_fen >= 0),
  lmt_used_flag text NOT NULL,
  PRIMARY KEY (hilist_code, begndate)
);

-- 参保地待遇: a pooling region's policy versions, validated before they are stored.
CREATE TABLE {s}.policies (
  admdvs text NOT NULL,
  insutype text NOT NULL,
  begndate date NOT NULL,
  enddate date,
  name text NOT NULL,
  doc jsonb NOT NULL,
  loaded_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (admdvs, insutype, begndate)
);
`,
  },
  {
    id: '002-insured',
    sql: `
CREATE TABLE {s}.persons (
  psn_no text NOT NULL,
  insutype text NOT NULL,
  psn_cert_type text NOT NULL,
  certno text NOT NULL,
  psn_name text NOT NULL,
  gend text NOT NULL,
  brdy date NOT NULL,
  naty text NOT NULL,
  insuplc_admdvs text NOT NULL,
  psn_type text NOT NULL,
  psn_insu_stas text NOT NULL,
  psn_insu_date date NOT NULL,
  cvlserv_flag text NOT NULL,
  emp_name text,
  acct_balc_fen bigint NOT NULL CHECK (acct_balc_fen >= 0),
  card_sn text,
  card_no text,
  ectoken text,
  idet jsonb NOT NULL DEFAULT '[]',
  chronic jsonb NOT NULL DEFAULT '[]',
  PRIMARY KEY (psn_no, insutype)
);
CREATE INDEX ON {s}.persons (certno);
CREATE INDEX ON {s}.persons (card_no);
CREATE INDEX ON {s}.persons (ectoken);

-- 异地就医备案, kept by the insured place; the hub holds an index of them for treatment places.
CREATE TABLE {s}.filings (
  trt_dcla_detl_sn text PRIMARY KEY,
  psn_no text NOT NULL,
  insutype text NOT NULL,
  dcla_type text NOT NULL,
  mdtrtarea_admdvs text NOT NULL,
  begndate date NOT NULL,
  enddate date,
  dcla_souc text NOT NULL,
  commitment boolean NOT NULL,
  status text NOT NULL CHECK (status IN ('submitted', 'approved', 'rejected', 'cancelled')),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  FOREIGN KEY (psn_no, insutype) REFERENCES {s}.persons
);
CREATE INDEX ON {s}.filings (psn_no, insutype);

-- Year-to-date counters per person and insurance type; version guards concurrent settlements.
CREATE TABLE {s}.accumulators (
  psn_no text NOT NULL,
  insutype text NOT NULL,
  year integer NOT NULL,
  admissions integer NOT NULL DEFAULT 0 CHECK (admissions >= 0),
  counters jsonb NOT NULL DEFAULT '{}',
  version integer NOT NULL DEFAULT 0,
  PRIMARY KEY (psn_no, insutype, year),
  FOREIGN KEY (psn_no, insutype) REFERENCES {s}.persons
);

-- Benefit decisions the insured side made for other provinces' hospitals, by idempotency key.
CREATE TABLE {s}.benefit_decisions (
  decision_key text PRIMARY KEY,
  psn_no text NOT NULL,
  insutype text NOT NULL,
  year integer NOT NULL,
  treatment_admdvs text NOT NULL,
  decision jsonb NOT NULL,
  status text NOT NULL CHECK (status IN ('decided', 'reverted')),
  created_at timestamptz NOT NULL DEFAULT now()
);
`,
  },
  {
    id: '003-treatment',
    sql: `
-- 就诊: visits of patients in this province's hospitals (local or from another province).
CREATE TABLE {s}.visits (
  mdtrt_id text PRIMARY KEY,
  fixmedins_code text NOT NULL REFERENCES {s}.institutions,
  psn_no text NOT NULL,
  insutype text NOT NULL,
  insuplc_admdvs text NOT NULL,
  med_type text NOT NULL,
  begntime timestamptz NOT NULL,
  endtime timestamptz,
  dise_codg text,
  trt_dcla_detl_sn text,
  status text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX ON {s}.visits (psn_no);

-- 费用明细 with the catalogue split of each line, in fen.
CREATE TABLE {s}.fee_lines (
  mdtrt_id text NOT NULL REFERENCES {s}.visits,
  feedetl_sn text NOT NULL,
  med_list_codg text NOT NULL,
  medins_list_codg text,
  fee_ocur_time timestamptz NOT NULL,
  cnt numeric NOT NULL,
  pric numeric NOT NULL,
  det_item_fee_sumamt_fen bigint NOT NULL,
  fulamt_ownpay_fen bigint NOT NULL,
  overlmt_fen bigint NOT NULL,
  preselfpay_fen bigint NOT NULL,
  inscp_scp_fen bigint NOT NULL,
  result jsonb NOT NULL,
  status text NOT NULL DEFAULT 'uploaded',
  PRIMARY KEY (mdtrt_id, feedetl_sn),
  CHECK (det_item_fee_sumamt_fen = fulamt_ownpay_fen + overlmt_fen + preselfpay_fen + inscp_scp_fen)
);

CREATE TABLE {s}.settlements (
  setl_id text PRIMARY KEY,
  mdtrt_id text NOT NULL REFERENCES {s}.visits,
  fixmedins_code text NOT NULL,
  psn_no text NOT NULL,
  insutype text NOT NULL,
  insuplc_admdvs text NOT NULL,
  setl_time timestamptz NOT NULL,
  medfee_sumamt_fen bigint NOT NULL,
  fund_pay_sumamt_fen bigint NOT NULL,
  psn_part_amt_fen bigint NOT NULL,
  hosp_part_amt_fen bigint NOT NULL,
  acct_pay_fen bigint NOT NULL,
  psn_cash_pay_fen bigint NOT NULL,
  setlinfo jsonb NOT NULL,
  setldetail jsonb NOT NULL,
  status text NOT NULL CHECK (status IN ('settled', 'cancelled')),
  created_at timestamptz NOT NULL DEFAULT now(),
  CHECK (medfee_sumamt_fen = fund_pay_sumamt_fen + psn_part_amt_fen + hosp_part_amt_fen),
  CHECK (psn_part_amt_fen = acct_pay_fen + psn_cash_pay_fen)
);
CREATE INDEX ON {s}.settlements (mdtrt_id);

-- HIS messages by (institution, msgid): a retry returns the stored answer; a reversal is recorded too.
CREATE TABLE {s}.processed_messages (
  fixmedins_code text NOT NULL,
  msgid text NOT NULL,
  infno text NOT NULL,
  request_hash text NOT NULL,
  response jsonb,
  reversed boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (fixmedins_code, msgid)
);
`,
  },
  {
    id: '004-his-sessions',
    sql: `
-- 9001 签到: a hospital's operator signs in and gets a sign_no that every later call carries.
CREATE TABLE {s}.his_sessions (
  sign_no text PRIMARY KEY,
  fixmedins_code text NOT NULL REFERENCES {s}.institutions,
  opter_no text NOT NULL,
  sign_time timestamptz NOT NULL,
  signed_out_at timestamptz
);
`,
  },
  {
    id: '005-settlement',
    sql: `
-- 003's visit tables were never written; they are replaced by the shapes the HIS transactions need.
-- Times of the HIS edge are kept as the interface writes them (yyyy-MM-dd HH:mm:ss, UTC+8): text sorts right.
DROP TABLE {s}.settlements;
DROP TABLE {s}.fee_lines;
DROP TABLE {s}.visits;

-- Platform ids (mdtrt_id, setl_id, trt_dcla_detl_sn) are the province's two digits and this serial.
CREATE SEQUENCE {s}.serial;

-- 就诊: visits of patients in this province's hospitals (local or from another province).
CREATE TABLE {s}.visits (
  mdtrt_id text PRIMARY KEY,
  fixmedins_code text NOT NULL REFERENCES {s}.institutions,
  psn_no text NOT NULL,
  insutype text NOT NULL,
  insuplc_admdvs text NOT NULL,
  inpatient boolean NOT NULL,
  med_type text NOT NULL,
  begntime text NOT NULL,
  endtime text,
  dise_codg text,
  ipt_otp_no text,
  -- the filing that let the visit in (null: emergency, local patient, or none needed)
  trt_dcla_detl_sn text,
  -- identity fields for setlinfo, copied from the insured side at admission
  person jsonb NOT NULL,
  -- the rest of mdtrtinfo / dscginfo and the diagnoses, as the HIS sent them
  info jsonb NOT NULL DEFAULT '{}',
  status text NOT NULL CHECK (status IN ('open', 'discharged', 'cancelled')),
  msgid text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX ON {s}.visits (fixmedins_code, psn_no);
CREATE INDEX ON {s}.visits (msgid);

-- 费用明细 with the catalogue split of each line, in fen; setl_id once a settlement covers the line.
CREATE TABLE {s}.fee_lines (
  mdtrt_id text NOT NULL REFERENCES {s}.visits,
  feedetl_sn text NOT NULL,
  chrg_bchno text,
  line jsonb NOT NULL,
  fee_ocur_time text NOT NULL,
  det_item_fee_sumamt_fen bigint NOT NULL,
  fulamt_ownpay_fen bigint NOT NULL,
  overlmt_fen bigint NOT NULL,
  preselfpay_fen bigint NOT NULL,
  inscp_fen bigint NOT NULL,
  result jsonb NOT NULL,
  setl_id text,
  msgid text NOT NULL,
  PRIMARY KEY (mdtrt_id, feedetl_sn),
  CHECK (det_item_fee_sumamt_fen = fulamt_ownpay_fen + overlmt_fen + preselfpay_fen + inscp_fen)
);
CREATE INDEX ON {s}.fee_lines (msgid);

-- 结算: a settlement (refd_setl_flag 0) and, when cancelled, its cancel record (1) with the amounts negated.
CREATE TABLE {s}.settlements (
  setl_id text PRIMARY KEY,
  mdtrt_id text NOT NULL REFERENCES {s}.visits,
  chrg_bchno text,
  fixmedins_code text NOT NULL,
  psn_no text NOT NULL,
  insutype text NOT NULL,
  insuplc_admdvs text NOT NULL,
  med_type text NOT NULL,
  clr_type text NOT NULL,
  setl_time text NOT NULL,
  refd_setl_flag text NOT NULL CHECK (refd_setl_flag IN ('0', '1')),
  init_setl_id text REFERENCES {s}.settlements,
  cancelled_by text,
  msgid text NOT NULL,
  decision_key text NOT NULL,
  medfee_sumamt_fen bigint NOT NULL,
  fund_pay_sumamt_fen bigint NOT NULL,
  psn_part_amt_fen bigint NOT NULL,
  hosp_part_amt_fen bigint NOT NULL,
  acct_pay_fen bigint NOT NULL,
  psn_cash_pay_fen bigint NOT NULL,
  setlinfo jsonb NOT NULL,
  setldetail jsonb NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  CHECK (medfee_sumamt_fen = fund_pay_sumamt_fen + psn_part_amt_fen + hosp_part_amt_fen),
  CHECK (psn_part_amt_fen = acct_pay_fen + psn_cash_pay_fen)
);
-- One standing settlement per visit (inpatient) or charge batch (outpatient): a second 2304 is refused.
CREATE UNIQUE INDEX ON {s}.settlements (mdtrt_id, coalesce(chrg_bchno, ''))
  WHERE refd_setl_flag = '0' AND cancelled_by IS NULL;
CREATE INDEX ON {s}.settlements (fixmedins_code, setl_time);
CREATE INDEX ON {s}.settlements (msgid);

-- The insured side: a decision may also be a tombstone of a reversal (2601) that arrived before it.
ALTER TABLE {s}.benefit_decisions DROP CONSTRAINT benefit_decisions_status_check;
ALTER TABLE {s}.benefit_decisions
  ADD CONSTRAINT benefit_decisions_status_check CHECK (status IN ('decided', 'reverted', 'refused')),
  ADD COLUMN mdtrt_id text,
  ADD COLUMN reverted_at timestamptz;
ALTER TABLE {s}.benefit_decisions ALTER COLUMN decision DROP NOT NULL;

-- Filings a hospital made (2501 转院备案) name it; 2502 cancels only its own.
ALTER TABLE {s}.filings ADD COLUMN fixmedins_code text, ADD COLUMN memo text;

-- 2503 人员慢特病备案: a hospital qualifies a patient for an outpatient chronic or special disease.
CREATE TABLE {s}.chronic_filings (
  trt_dcla_detl_sn text PRIMARY KEY,
  psn_no text NOT NULL,
  insutype text NOT NULL,
  opsp_dise_code text NOT NULL,
  opsp_dise_name text NOT NULL,
  fixmedins_code text NOT NULL,
  hosp_ide_date date,
  begndate date NOT NULL,
  enddate date,
  status text NOT NULL CHECK (status IN ('approved', 'cancelled')),
  memo text,
  info jsonb NOT NULL DEFAULT '{}',
  created_at timestamptz NOT NULL DEFAULT now(),
  FOREIGN KEY (psn_no, insutype) REFERENCES {s}.persons
);
CREATE INDEX ON {s}.chronic_filings (psn_no);
`,
  },
  {
    id: '006-filing-details',
    sql: `
-- A hospital's filing (2501/2503) is made once per message: a retry after a lost answer finds it by this key.
ALTER TABLE {s}.filings ADD COLUMN request_key text UNIQUE, ADD COLUMN info jsonb NOT NULL DEFAULT '{}';
ALTER TABLE {s}.chronic_filings ADD COLUMN request_key text UNIQUE;
`,
  },
  {
    id: '007-files',
    sql: `
-- 9101 文件上传 / 9102 文件下载: files an institution uploaded (3202's detail statement) and files the node made
-- for it (3202's result), each visible to that institution only, until expiry (dld_endtime).
CREATE TABLE {s}.files (
  file_qury_no text PRIMARY KEY,
  fixmedins_code text NOT NULL REFERENCES {s}.institutions,
  filename text NOT NULL,
  bytes bytea NOT NULL,
  -- the transaction that stored it (9101 an upload, 3202 a result) and its message
  infno text NOT NULL,
  msgid text NOT NULL,
  created_at timestamptz NOT NULL,
  expiry timestamptz NOT NULL
);
CREATE INDEX ON {s}.files (fixmedins_code, expiry);
`,
  },
  {
    id: '008-serial-blocks',
    sql: `
-- A node takes platform ids in blocks (TreatmentStore.nextId): one round trip per block, not per id.
ALTER SEQUENCE {s}.serial INCREMENT BY 64;
`,
  },
  ...NODE_SERVICE_MIGRATIONS,
  ...NODE_MANAGEMENT_MIGRATIONS,
];
