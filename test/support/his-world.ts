// One HIS world for the saga's edge-case suites: 河北 and 海南 on PGlite or PostgreSQL, the small dataset (adjustable),
// a fixed clock, signed-in hospitals, and the readings the suites check (accumulators, account, what was stored).
import type { FastifyInstance } from 'fastify';
import { HIS_PATH } from '../../src/api/his/route.ts';
import type { HisSigningOptions } from '../../src/api/his/signature.ts';
import { buildServer } from '../../src/api/server.ts';
import { createInProcessBus } from '../../src/bus/in-process.ts';
import { parseChinaDateTime } from '../../src/core/time.ts';
import { loadDataset, type Platform, startPlatform } from '../../src/platform.ts';
import { type HisAnswer, HisClient, type HisInstitution } from '../../src/sim/his-client.ts';
import { type Mutable, smallDataset } from './datasets.ts';

export const NOW_TEXT = '2026-05-12 10:30:00';
export const NOW = parseChinaDateTime(NOW_TEXT)!;

export interface Patient {
  readonly psn_no: string;
  readonly insutype: string;
  readonly insuplc: string;
  /** The schema of the node holding the person's accumulators. */
  readonly node: string;
}

/** 老张 of 石家庄: employee (1101), account 3,200.00, long-term filing (13) for 海南 from 2026-01-05. */
export const LAOZHANG: Patient = {
  psn_no: '13010000000000001234',
  insutype: '310',
  insuplc: '130100',
  node: 'node_130000',
};
export const LAOZHANG_CARD = { mdtrt_cert_type: '03', mdtrt_cert_no: 'A13010001' };

/** 李秀英 of 石家庄: retired (1201), account 1,200.00, one admission so far in 2026, filing 11 for 海南 from 2026-02-01. */
export const LIXIUYING: Patient = {
  psn_no: '13010000000000002001',
  insutype: '310',
  insuplc: '130100',
  node: 'node_130000',
};

export const HOSPITAL: HisInstitution = {
  fixmedins_code: 'H46010800012',
  fixmedins_name: '海口市第一人民医院',
  admdvs: '460108',
};
/** Not in the small dataset: `withSecondHospital` adds it (a 3rd-level hospital in 秀英区, like the first). */
export const SECOND_HOSPITAL: HisInstitution = {
  fixmedins_code: 'H46010500007',
  fixmedins_name: '海南省人民医院',
  admdvs: '460105',
};

/** Adds SECOND_HOSPITAL to a dataset copy: the small dataset's other institution is a pharmacy. */
export function withSecondHospital(raw: Mutable): void {
  raw.institutions.push({
    fixmedins_code: SECOND_HOSPITAL.fixmedins_code,
    fixmedins_name: SECOND_HOSPITAL.fixmedins_name,
    fixmedins_type: '1',
    hosp_lv: '3',
    admdvs: SECOND_HOSPITAL.admdvs,
    services: { inpatient: true, outpatient: true },
  });
}

export interface WorldOptions {
  /** A PostgreSQL server's database; PGlite in memory otherwise. */
  readonly databaseUrl?: string;
  /** Changes to the small dataset copy before it is loaded. */
  readonly adjust?: (raw: Mutable) => void;
}

export interface Readings {
  readonly admissions: number;
  /**
   * Year-to-date counters of 2026 without those at zero unless asked (a revert leaves a counter at 0 rather than
   * absent).
   */
  readonly counters: Readonly<Record<string, number>>;
  /** The personal account in fen. */
  readonly balance: number;
}

export interface ReadingOptions {
  /** Keeps the counters at zero (to see that a revert left every counter at 0). */
  readonly zeros?: boolean;
}

export interface Stored {
  readonly visits: number;
  readonly fee_lines: number;
  readonly settlements: number;
  readonly decisions: number;
  readonly accumulators: string;
  readonly balances: string;
}

export interface HisWorld {
  readonly platform: Platform;
  readonly app: FastifyInstance;
  /** 海口市第一人民医院, signed in. */
  readonly his: HisClient;
  /** The signed-in client of an institution of 海南 (one per institution). */
  client(institution: HisInstitution): Promise<HisClient>;
  /** Sends a raw envelope (for envelope refusals). */
  send(body: unknown): Promise<HisAnswer>;
  readings(patient?: Patient, options?: ReadingOptions): Promise<Readings>;
  /** Counts and sums of every table a refused message must leave alone. */
  stored(): Promise<Stored>;
  close(): Promise<void>;
}

export interface ServerOptions extends WorldOptions {
  /** The server reads the real time rather than the fixed NOW. */
  readonly realClock?: boolean;
  /** The server reads this clock (a test moves it); the fixed NOW otherwise. */
  readonly clock?: () => Date;
  /** The portal's one-time login codes come back in the answer (as in the demo world). */
  readonly showLoginCodes?: boolean;
  /** HIS signatures: required of everyone, the window, the node's key (src/api/his/signature.ts). */
  readonly signing?: HisSigningOptions;
}

/** The platform (河北 and 海南, the small dataset) and its server, with nobody signed in. */
export interface HisServer {
  readonly platform: Platform;
  readonly app: FastifyInstance;
  /** Sends a raw envelope and reads the answer. */
  send(body: unknown): Promise<HisAnswer>;
  close(): Promise<void>;
}

export async function startHisServer(options: ServerOptions = {}): Promise<HisServer> {
  const platform = await startPlatform({
    ...(options.databaseUrl ? { databaseUrl: options.databaseUrl } : { memory: true }),
    provinces: ['130000', '460000'],
    bus: createInProcessBus(),
  });
  const raw = smallDataset();
  options.adjust?.(raw);
  await loadDataset(platform.db, raw);
  const app = await buildServer(platform, {
    logger: false,
    ...(options.realClock ? {} : { clock: options.clock ?? (() => new Date(NOW)) }),
    showLoginCodes: options.showLoginCodes ?? false,
    ...(options.signing && { signing: options.signing }),
  });
  return {
    platform,
    app,
    send: async (body) =>
      (await app.inject({ method: 'POST', url: HIS_PATH, payload: body as Record<string, unknown> })).json(),
    async close() {
      await app.close();
      await platform.close();
    },
  };
}

export async function startHisWorld(options: ServerOptions = {}): Promise<HisWorld> {
  const { platform, app, send, close } = await startHisServer(options);
  // One client per institution: with the fixed clock, a second client would repeat the first one's msgids.
  const clients = new Map<string, HisClient>();
  const client = async (institution: HisInstitution) => {
    const known = clients.get(institution.fixmedins_code);
    if (known) return known;
    const his = new HisClient(send, institution, () => new Date(NOW));
    clients.set(institution.fixmedins_code, his);
    await his.signIn();
    return his;
  };
  const his = await client(HOSPITAL);
  const db = platform.db;
  return {
    platform,
    app,
    his,
    client,
    send,
    async readings(patient = LAOZHANG, options: ReadingOptions = {}) {
      const [row] = await db.query<{ admissions: number; counters: Record<string, number> }>(
        `SELECT admissions, counters FROM ${patient.node}.accumulators WHERE psn_no = $1 AND insutype = $2 AND year = 2026`,
        [patient.psn_no, patient.insutype],
      );
      const [person] = await db.query<{ acct_balc_fen: number }>(
        `SELECT acct_balc_fen FROM ${patient.node}.persons WHERE psn_no = $1 AND insutype = $2`,
        [patient.psn_no, patient.insutype],
      );
      const all = Object.entries(row?.counters ?? {});
      const counters = Object.fromEntries(options.zeros ? all : all.filter(([, v]) => v !== 0));
      return { admissions: row?.admissions ?? 0, counters, balance: Number(person!.acct_balc_fen) };
    },
    async stored() {
      const count = async (table: string) =>
        Number((await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`))[0]!.n);
      const accumulators = await db.query(
        `SELECT psn_no, insutype, year, admissions, counters FROM node_130000.accumulators
         UNION ALL SELECT psn_no, insutype, year, admissions, counters FROM node_460000.accumulators
         ORDER BY 1, 2, 3`,
      );
      const balances = await db.query(
        `SELECT psn_no, insutype, acct_balc_fen FROM node_130000.persons
         UNION ALL SELECT psn_no, insutype, acct_balc_fen FROM node_460000.persons ORDER BY 1, 2`,
      );
      return {
        visits: await count('node_460000.visits'),
        fee_lines: await count('node_460000.fee_lines'),
        settlements: await count('node_460000.settlements'),
        decisions: await count('node_130000.benefit_decisions'),
        accumulators: JSON.stringify(accumulators),
        balances: JSON.stringify(balances),
      };
    },
    close,
  };
}

// ── messages ─────────────────────────────────────────────────────────────────────────────────────────────

export interface AdmissionOptions {
  readonly patient?: Patient;
  readonly med_type?: string;
  readonly begntime?: string;
  readonly exp_content?: unknown;
  /** Envelope insuplc_admdvs; null leaves it out. */
  readonly insuplc_admdvs?: string | null;
}

/** 2401 input: an inpatient admission (急性心肌梗死 in 心内科) on 2026-05-03 unless told otherwise. */
export function admissionInput(options: AdmissionOptions = {}, extra: Record<string, unknown> = {}) {
  const patient = options.patient ?? LAOZHANG;
  return {
    mdtrtinfo: {
      psn_no: patient.psn_no,
      insutype: patient.insutype,
      begntime: options.begntime ?? '2026-05-03 09:00:00',
      mdtrt_cert_type: '02',
      mdtrt_cert_no: patient.psn_no,
      med_type: options.med_type ?? '21',
      ipt_no: 'ZY2026050301',
      atddr_no: 'D123',
      chfpdr_name: '李医生',
      adm_diag_dscr: '急性心肌梗死',
      adm_dept_codg: 'A03',
      adm_dept_name: '心内科',
      dise_codg: 'I21.000',
      dise_name: '急性心肌梗死',
      ...(options.exp_content === undefined ? {} : { exp_content: options.exp_content }),
      ...extra,
    },
    diseinfo: [
      {
        diag_type: '1',
        maindiag_flag: '1',
        diag_srt_no: '1',
        diag_code: 'I21.000',
        diag_name: '急性心肌梗死',
      },
    ],
  };
}

/** Envelope options naming the patient's insured place (or none). */
export function placeOf(options: AdmissionOptions = {}): { insuplc_admdvs?: string } {
  if (options.insuplc_admdvs === null) return {};
  return { insuplc_admdvs: options.insuplc_admdvs ?? (options.patient ?? LAOZHANG).insuplc };
}

/** Admits and returns the mdtrt_id. */
export async function admit(his: HisClient, options: AdmissionOptions = {}): Promise<string> {
  const output = await his.ok('2401', admissionInput(options), placeOf(options));
  return output.result.mdtrt_id as string;
}

/**
 * The standard bill of laozhang.case.json, 25,000.00: 1,000.00 bed (甲), 2,000.00 stent (甲), 20,000.00 of a
 * 乙类 drug with 10% 先行自付 (2,000.00) and 2,000.00 of a 全自费 item; in scope 21,000.00. The prefix goes before
 * each feedetl_sn; medins_list_codg stays HIS-1 to HIS-4.
 */
export function standardBill(mdtrtId: string, patient: Patient = LAOZHANG, prefix = '') {
  return [
    ['1', '001102000010000', 1000, 10, 100, '2026-05-12 08:00:00'],
    ['2', '003312000030000', 2000, 1, 2000, '2026-05-04 10:00:00'],
    ['3', 'XC01EBN123A001010100001', 20000, 200, 100, '2026-05-05 09:00:00'],
    ['4', 'C03010100100000000000000010', 2000, 20, 100, '2026-05-04 10:00:00'],
  ].map(([sn, code, amount, cnt, pric, time]) =>
    feeLine(mdtrtId, patient, `${prefix}${sn}`, code, amount, cnt, pric, time, {
      medins_list_codg: `HIS-${sn}`,
    }),
  );
}

/** One 2301/2204 feedetail row. */
export function feeLine(
  mdtrtId: string,
  patient: Patient,
  sn: unknown,
  code: unknown,
  amount: unknown,
  cnt: unknown,
  pric: unknown,
  time: unknown,
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    feedetl_sn: String(sn),
    mdtrt_id: mdtrtId,
    psn_no: patient.psn_no,
    med_type: '21',
    fee_ocur_time: time,
    med_list_codg: code,
    medins_list_codg: `HIS-${String(sn)}`,
    det_item_fee_sumamt: amount,
    cnt,
    pric,
    bilg_dept_codg: 'A03',
    bilg_dept_name: '心内科',
    bilg_dr_codg: 'D123',
    bilg_dr_name: '李医生',
    ...extra,
  };
}

/** 2303/2304 input for the standard bill (25,000.00) of a visit. */
export function settleInput(
  mdtrtId: string,
  extra: Record<string, unknown> = {},
  patient: Patient = LAOZHANG,
) {
  return {
    data: {
      psn_no: patient.psn_no,
      mdtrt_cert_type: '02',
      mdtrt_cert_no: patient.psn_no,
      medfee_sumamt: '25000.00',
      psn_setlway: '01',
      mdtrt_id: mdtrtId,
      acct_used_flag: '0',
      insutype: patient.insutype,
      mid_setl_flag: '0',
      ...extra,
    },
  };
}

/** 2305/2208 input. */
export const cancelInput = (mdtrtId: string, setlId: string, patient: Patient = LAOZHANG) => ({
  data: { mdtrt_id: mdtrtId, setl_id: setlId, psn_no: patient.psn_no },
});

/** 2601 input. */
export const reversalInput = (omsgid: string, oinfno: string, patient: Patient = LAOZHANG) => ({
  data: { psn_no: patient.psn_no, omsgid, oinfno },
});

/** The conservation every settlement answer keeps (DESIGN.md), in fen to avoid yuan rounding. */
export function conservationOf(setlinfo: Record<string, number>) {
  const fen = (yuan: number) => Math.round(yuan * 100);
  return {
    medfee: fen(setlinfo.medfee_sumamt!),
    parts: fen(setlinfo.fund_pay_sumamt!) + fen(setlinfo.psn_part_amt!) + fen(setlinfo.hosp_part_amt!),
    psn_part: fen(setlinfo.psn_part_amt!),
    paid_by_person: fen(setlinfo.acct_pay!) + fen(setlinfo.psn_cash_pay!),
  };
}
