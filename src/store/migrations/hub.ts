// Schema of the national hub: routing, the national filing index and the directory of networked institutions.
import type { Migration } from '../migrate.ts';

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
];
