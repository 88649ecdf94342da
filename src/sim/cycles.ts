// The visits a hospital's HIS walks through the national interface, one function per kind, message by message.
import { provinceOf } from '../core/regions.ts';
import { formatChinaDateTime } from '../core/time.ts';
import type { Random } from '../demo/random.ts';
import {
  type BillLine,
  type BillShape,
  billTotalFen,
  CHRONIC_BILL,
  feeDetail,
  INPATIENT_BILL,
  makeBill,
  OUTPATIENT_BILL,
  PHARMACY_BILL,
} from './bills.ts';
import { type Caller, CycleFailed } from './caller.ts';
import type { HisClient } from './his-client.ts';
import type { VisitPlan } from './plans.ts';
import type { SimStats } from './stats.ts';
import type { SimWorld } from './world.ts';

export interface CycleOptions {
  /** Share of settlements cancelled afterwards (2305/2208). */
  readonly cancelShare: number;
  /** Share of settlements reversed afterwards (2601 of the 2304/2207). */
  readonly reversalShare: number;
  /** The inpatient bill's shape (the benchmark fixes 20 lines). */
  readonly inpatientBill?: BillShape;
}

export interface CycleContext {
  readonly world: SimWorld;
  readonly caller: Caller;
  readonly random: Random;
  readonly stats: SimStats;
  readonly options: CycleOptions;
}

/** Lines per 2301 upload: a long stay is uploaded in several messages, as hospitals upload day by day. */
const LINES_PER_UPLOAD = 30;
/** Fee times stop this long before now: the platform's clock must not read a fee as later than its settlement. */
const FEE_MARGIN_MS = 60_000;
const DIAGNOSES = [
  ['I21.000', '急性心肌梗死'],
  ['J18.900', '肺炎'],
  ['K35.800', '急性阑尾炎'],
  ['S72.000', '股骨颈骨折'],
  ['I63.900', '脑梗死'],
  ['E11.900', '2型糖尿病'],
] as const;
const REFUSED_FOR_FILING = /备案/;

type Credential = { mdtrt_cert_type: string; mdtrt_cert_no: string; card_sn?: string };

/** When the visit began: an inpatient stay a few days back, an outpatient visit earlier today. */
export function visitBegin(kind: VisitPlan['kind'], random: Random, nowMs: number): number {
  const back =
    kind === 'inpatient' || kind === 'unfiled'
      ? random.int(1, 7) * 86_400_000 + random.int(0, 12) * 3_600_000
      : random.int(10, 180) * 60_000;
  return Math.floor((nowMs - back) / 1000) * 1000;
}

/** Runs the plan's cycle; throws CycleFailed at the first unexpected answer. */
export async function runCycle(
  context: CycleContext,
  client: HisClient,
  plan: VisitPlan,
  beginMs: number,
): Promise<void> {
  const { caller, random } = context;
  const person = plan.person.row;
  const credential = credentialOf(person, random);
  // A card's number and an e-voucher carry the insured place; an ID number does not, and the hub asks every node.
  const knownPlace = credential.mdtrt_cert_type === '02' ? {} : { insuplc_admdvs: person.insuplc_admdvs };
  const info = await caller.send(client, '1101', { data: credential }, knownPlace);
  const insuplc = info.output.insuinfo.find((i: { insutype: string }) => i.insutype === person.insutype)
    ?.insuplc_admdvs as string | undefined;
  if (!insuplc) {
    context.stats.recordUnexpected('1101', `insuinfo没有险种${person.insutype}`);
    throw new CycleFailed('1101', `insuinfo没有险种${person.insutype}`);
  }
  const begntime = formatChinaDateTime(beginMs);
  const visit = { psn_no: person.psn_no, insutype: person.insutype, begntime, ...certOf(credential) };
  if (plan.kind === 'inpatient' || plan.kind === 'unfiled') {
    const [dise_codg, dise_name] = random.pick(DIAGNOSES);
    const admitted = await caller.send(
      client,
      '2401',
      {
        mdtrtinfo: {
          ...visit,
          med_type: plan.medType,
          ipt_no: `ZY${beginMs}`,
          atddr_no: 'D001',
          chfpdr_name: '医师',
          adm_diag_dscr: dise_name,
          adm_dept_codg: 'A03',
          adm_dept_name: '内科',
          dise_codg,
          dise_name,
        },
        diseinfo: [
          {
            diag_type: '1',
            maindiag_flag: '1',
            diag_srt_no: '1',
            diag_code: dise_codg,
            diag_name: dise_name,
          },
        ],
      },
      { insuplc_admdvs: insuplc, ...(plan.kind === 'unfiled' ? { expectRefusal: REFUSED_FOR_FILING } : {}) },
    );
    if (plan.kind === 'unfiled') return;
    const mdtrtId = admitted.output.result.mdtrt_id as string;
    await inpatientStay(context, client, plan, { ...visit, mdtrt_id: mdtrtId }, insuplc, beginMs);
    return;
  }
  const registered = await caller.send(
    client,
    '2201',
    {
      data: {
        ...visit,
        med_type: plan.kind === 'chronic' ? '11' : plan.medType,
        ipt_otp_no: `MZ${beginMs}`,
        atddr_no: 'D001',
        dr_name: '医师',
        dept_code: plan.institution.fixmedins_type === '2' ? 'Y01' : 'A01',
        dept_name: plan.institution.fixmedins_type === '2' ? '药房' : '门诊',
        caty: 'A01',
      },
    },
    { insuplc_admdvs: insuplc },
  );
  const mdtrtId = registered.output.data.mdtrt_id as string;
  if (plan.kind === 'chronic') {
    // 门诊慢特病: the visit becomes 14 with the disease of the person's qualification.
    await caller.send(
      client,
      '2203',
      {
        mdtrtinfo: {
          mdtrt_id: mdtrtId,
          psn_no: person.psn_no,
          med_type: '14',
          begntime,
          dise_codg: plan.diseCodg,
        },
        diseinfo: [{ diag_type: '1', diag_srt_no: '1', diag_code: plan.diseCodg, diag_name: '门诊慢特病' }],
      },
      { insuplc_admdvs: insuplc },
    );
  }
  await outpatientVisit(context, client, plan, { ...visit, mdtrt_id: mdtrtId }, insuplc, beginMs);
}

interface OpenVisit {
  readonly mdtrt_id: string;
  readonly psn_no: string;
  readonly insutype: string;
  readonly mdtrt_cert_type: string;
  readonly mdtrt_cert_no: string;
}

async function inpatientStay(
  context: CycleContext,
  client: HisClient,
  plan: VisitPlan,
  visit: OpenVisit,
  insuplc: string,
  beginMs: number,
): Promise<void> {
  const { caller, random } = context;
  const now = Date.now();
  const bill = makeBill(
    catalogueOf(context, plan),
    context.options.inpatientBill ?? INPATIENT_BILL,
    random,
    beginMs + 600_000,
    now - FEE_MARGIN_MS,
  );
  const ordered = [...bill].sort((a, b) => (a.time < b.time ? -1 : 1));
  for (let first = 0; first < ordered.length; first += LINES_PER_UPLOAD) {
    const part = ordered.slice(first, first + LINES_PER_UPLOAD);
    const feedetail = feeDetail(part, { ...visit, med_type: plan.medType }, first + 1);
    await caller.send(client, '2301', { feedetail }, { insuplc_admdvs: insuplc });
  }
  const settled = await settleBill(
    context,
    client,
    ['2303', '2304'],
    settleData(context, plan, visit, bill),
    insuplc,
  );
  await caller.send(
    client,
    '2402',
    {
      dscginfo: {
        mdtrt_id: visit.mdtrt_id,
        psn_no: visit.psn_no,
        insutype: visit.insutype,
        endtime: formatChinaDateTime(Math.max(Date.now(), now)),
        dscg_way: '1',
      },
    },
    { insuplc_admdvs: insuplc },
  );
  await maybeUndo(context, client, visit, insuplc, settled);
}

async function outpatientVisit(
  context: CycleContext,
  client: HisClient,
  plan: VisitPlan,
  visit: OpenVisit,
  insuplc: string,
  beginMs: number,
): Promise<void> {
  const { caller, random } = context;
  const shape =
    plan.kind === 'chronic' ? CHRONIC_BILL : plan.kind === 'pharmacy' ? PHARMACY_BILL : OUTPATIENT_BILL;
  const bill = makeBill(
    catalogueOf(context, plan),
    shape,
    random,
    beginMs + 60_000,
    Date.now() - FEE_MARGIN_MS,
  );
  const chrgBchno = `${visit.mdtrt_id}01`;
  const feedetail = feeDetail(bill, { ...visit, med_type: plan.medType, chrg_bchno: chrgBchno });
  await caller.send(client, '2204', { feedetail }, { insuplc_admdvs: insuplc });
  const data = { ...settleData(context, plan, visit, bill), med_type: plan.medType, chrg_bchno: chrgBchno };
  await maybeUndo(
    context,
    client,
    visit,
    insuplc,
    await settleBill(context, client, ['2206', '2207'], data, insuplc),
  );
}

/** Pre-settles, then settles under a msgid kept for a later reversal, and counts the answer. */
async function settleBill(
  context: CycleContext,
  client: HisClient,
  [trial, settle]: readonly ['2303', '2304'] | readonly ['2206', '2207'],
  data: Record<string, unknown>,
  insuplc: string,
) {
  await context.caller.send(client, trial, { data }, { insuplc_admdvs: insuplc });
  const msgid = client.nextMsgid();
  const settled = await context.caller.send(client, settle, { data }, { insuplc_admdvs: insuplc, msgid });
  recordSettlement(context.stats, settled.output.setlinfo);
  return { infno: settle, msgid, setlinfo: settled.output.setlinfo };
}

function settleData(context: CycleContext, plan: VisitPlan, visit: OpenVisit, bill: readonly BillLine[]) {
  const balance = Number(plan.person.row.acct_balc);
  return {
    psn_no: visit.psn_no,
    mdtrt_cert_type: visit.mdtrt_cert_type,
    mdtrt_cert_no: visit.mdtrt_cert_no,
    medfee_sumamt: (billTotalFen(bill) / 100).toFixed(2),
    psn_setlway: '01',
    mdtrt_id: visit.mdtrt_id,
    insutype: visit.insutype,
    acct_used_flag: balance > 0 && context.random.chance(0.5) ? '1' : '0',
    mid_setl_flag: '0',
  };
}

/** Now and then a settlement is cancelled (2305/2208) or its message reversed (2601). */
async function maybeUndo(
  context: CycleContext,
  client: HisClient,
  visit: OpenVisit,
  insuplc: string,
  settlement: { infno: '2304' | '2207'; msgid: string; setlinfo: Record<string, unknown> },
): Promise<void> {
  const { caller, random, stats, options } = context;
  const draw = random.next();
  if (draw < options.cancelShare) {
    const infno = settlement.infno === '2304' ? '2305' : '2208';
    const data = { mdtrt_id: visit.mdtrt_id, setl_id: settlement.setlinfo.setl_id, psn_no: visit.psn_no };
    const cancelled = await caller.send(client, infno, { data }, { insuplc_admdvs: insuplc });
    stats.cancels++;
    stats.fundPaidFen += toFen(cancelled.output.setlinfo.fund_pay_sumamt);
  } else if (draw < options.cancelShare + options.reversalShare) {
    const data = { psn_no: visit.psn_no, omsgid: settlement.msgid, oinfno: settlement.infno };
    const reversed = await caller.send(client, '2601', { data }, { insuplc_admdvs: insuplc });
    stats.reversals++;
    if (reversed.output.data.rvs_rslt === 'reversed')
      stats.fundPaidFen -= toFen(settlement.setlinfo.fund_pay_sumamt);
  }
}

function recordSettlement(stats: SimStats, setlinfo: Record<string, unknown>): void {
  stats.settlements++;
  stats.fundPaidFen += toFen(setlinfo.fund_pay_sumamt);
}

const toFen = (yuan: unknown): number => Math.round(Number(yuan ?? 0) * 100);

function catalogueOf(context: CycleContext, plan: VisitPlan) {
  return context.world.catalogues.get(provinceOf(plan.institution.admdvs))!;
}

function credentialOf(
  person: { ectoken?: string | null; certno: string; card_no?: string | null; card_sn?: string | null },
  random: Random,
): Credential {
  const choices: Credential[] = [{ mdtrt_cert_type: '02', mdtrt_cert_no: person.certno }];
  if (person.ectoken) choices.push({ mdtrt_cert_type: '01', mdtrt_cert_no: person.ectoken });
  if (person.card_no && person.card_sn)
    choices.push({ mdtrt_cert_type: '03', mdtrt_cert_no: person.card_no, card_sn: person.card_sn });
  return random.pick(choices);
}

const certOf = (credential: Credential) => ({
  mdtrt_cert_type: credential.mdtrt_cert_type,
  mdtrt_cert_no: credential.mdtrt_cert_no,
});
