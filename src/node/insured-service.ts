// The insured side of the saga (参保地待遇): eligibility, benefit decisions on the accumulators, and their reversal.
import type { Filing, Person } from '../core/dataset/model.ts';
import { decideBenefits, effectiveFiling, revertAccumulators } from '../core/engine/decide.ts';
import type { Accumulators, BenefitDecision } from '../core/engine/model.ts';
import { type CompiledPolicy, compilePolicy } from '../core/engine/policy.ts';
import { SettlementRefused } from '../core/engine/problems.ts';
import { applicableFiling, isCrossProvince } from '../core/filing/validity.ts';
import { formatChinaDateTime } from '../core/time.ts';
import type { Db } from '../store/db.ts';
import { FilingStore } from '../store/filing-store.ts';
import { InsuredStore, type OrphanReport } from '../store/insured-store.ts';
import type { NodeStore } from '../store/node-store.ts';
import { qualifiedDiseasesOn } from './chronic-qualifications.ts';
import type {
  AccumulatorsReply,
  AccumulatorsRequest,
  DecideReply,
  DecideRequest,
  EligibilityReply,
  EligibilityRequest,
  PersonIdentity,
  RevertReply,
  RevertRequest,
} from './insured-messages.ts';
import { replyRefusal } from './refusal.ts';
import { filingEventSubject } from './subjects.ts';

/** Compiled policies by version; a reloaded policy has a new `loaded_at` and so a new entry. */
const MAX_COMPILED = 512;

/** A decision as stored: the engine's, with the filing category it used. */
type StoredDecision = BenefitDecision & { readonly dcla_type?: string | null };

export class InsuredService {
  readonly store: InsuredStore;
  /** Read only: the hospitals' 2503 filings, for the qualifications an eligibility reply names. */
  private readonly filingStore: FilingStore;
  private readonly compiled = new Map<string, CompiledPolicy>();

  constructor(
    db: Db,
    province: string,
    private readonly nodeStore: NodeStore,
  ) {
    this.store = new InsuredStore(db, province);
    this.filingStore = new FilingStore(db, province, filingEventSubject(province));
  }

  async eligibility(request: EligibilityRequest): Promise<EligibilityReply> {
    const person = await this.personOf(request);
    samePlace(request, person);
    const [filings, chronic] = await Promise.all([
      this.nodeStore.filingsOf(request.psn_no),
      this.filingStore.chronicFilingsOf(request.psn_no),
    ]);
    return {
      person: identityOf(person),
      filing: filingFor(
        request,
        filings.filter((f) => f.insutype === request.insutype),
        request.day,
        request.emergency,
      ),
      // For the treatment side's audit of 门诊慢特病 items (chronic-disease-item, docs/audit.md).
      opsp_dise_codes: qualifiedDiseasesOn(person, chronic, request.day),
    };
  }

  async decide(request: DecideRequest): Promise<DecideReply> {
    const day = request.visit.begntime.slice(0, 10);
    const year = Number(request.setl_time.slice(0, 4));
    // The policy is read before the transaction, which then holds the person's row for as short as it can.
    const policy = await this.policyOf(request.insuplc_admdvs, request.insutype, request.setl_time);
    const decideOn = (person: Person, filings: readonly Filing[], accumulators: Accumulators) => {
      samePlace(request, person);
      const filing = filingFor(request, filings, day, request.emergency);
      const dclaType = isCrossProvince(request.insuplc_admdvs, request.treatment_admdvs)
        ? effectiveFiling(filing?.dcla_type ?? null, request.emergency ? '13' : request.visit.med_type)
        : null;
      const decision: StoredDecision = {
        ...this.run(policy, request, person, accumulators, dclaType),
        dcla_type: dclaType,
      };
      return decision;
    };
    if (request.trial) {
      const snapshot = await this.store.snapshot(request.psn_no, request.insutype);
      if (!snapshot) throw notInsured(request);
      const decision = decideOn(snapshot.person, snapshot.filings, snapshot.accumulators(year));
      return {
        decision,
        person: identityOf(snapshot.person),
        dcla_type: decision.dcla_type ?? null,
        replayed: false,
      };
    }
    const reply = await this.store.withPerson(
      request.psn_no,
      request.insutype,
      request.decision_key,
      async (tx): Promise<DecideReply> => {
        if (tx.stored?.status === 'decided') {
          const decision = tx.stored.decision as StoredDecision;
          return {
            decision,
            person: identityOf(tx.person),
            dcla_type: decision.dcla_type ?? null,
            replayed: true,
          };
        }
        if (tx.stored) {
          throw replyRefusal(
            'decision-reversed',
            '该结算报文已被冲正（2601）或撤销，不能再结算，请使用新的msgid',
          );
        }
        const decision = decideOn(tx.person, tx.filings, tx.accumulators(year));
        await tx.recordDecision(decision, {
          treatment_admdvs: request.treatment_admdvs,
          mdtrt_id: request.mdtrt_id,
          setl_time: request.setl_time,
        });
        return {
          decision,
          person: identityOf(tx.person),
          dcla_type: decision.dcla_type ?? null,
          replayed: false,
        };
      },
    );
    return reply ?? notFound(request);
  }

  async revert(request: RevertRequest): Promise<RevertReply> {
    return this.revertDecision(request);
  }

  /**
   * Reconciliation's reversal of a decision the treatment side has no settlement for: the same reversal as a 2601's
   * (the same accumulator arithmetic, one transaction), with its report row written by the reversal's statement.
   * A decision reverted meanwhile (a 2601 or 2305 came first) answers `already` and is not reported.
   */
  revertOrphan(request: RevertRequest & { readonly at: string }, detectedAt: Date, reason: string) {
    return this.revertDecision(request, (decision) => ({
      insuplc_admdvs: request.insuplc_admdvs,
      medfee_fen: decision.fund_pay_fen + decision.psn_part_fen + decision.hosp_part_fen,
      fund_pay_fen: decision.fund_pay_fen,
      acct_pay_fen: decision.account?.paid_fen ?? 0,
      psn_cash_fen: decision.psn_cash_fen,
      detected_at: detectedAt,
      reason,
    }));
  }

  private async revertDecision(
    request: RevertRequest,
    orphanOf?: (decision: BenefitDecision) => OrphanReport,
  ): Promise<RevertReply> {
    const reply = await this.store.withPerson(
      request.psn_no,
      request.insutype,
      request.decision_key,
      async (tx): Promise<RevertReply> => {
        const balance = tx.person.acct_balc_fen;
        if (!tx.stored) {
          await tx.recordRefusal({ treatment_admdvs: request.treatment_admdvs });
          return { outcome: 'spent', decision: null, balance_fen: balance };
        }
        if (tx.stored.status !== 'decided')
          return { outcome: 'already', decision: tx.stored.decision, balance_fen: balance };
        const decision = tx.stored.decision!;
        const paid = decision.account?.paid_fen ?? 0;
        const before = revertAccumulators(tx.accumulators(decision.delta.year), decision.delta);
        await tx.recordReversion(
          before,
          balance + paid,
          request.at ?? formatChinaDateTime(Date.now()),
          orphanOf?.(decision),
        );
        return { outcome: 'reverted', decision, balance_fen: balance + paid };
      },
    );
    return reply ?? notFound(request);
  }

  async accumulators(request: AccumulatorsRequest): Promise<AccumulatorsReply> {
    const person = await this.personOf(request);
    return { person: identityOf(person), accumulators: await this.store.accumulatorsOf(request.psn_no) };
  }

  private async personOf(request: { psn_no: string; insutype: string }): Promise<Person> {
    return (await this.nodeStore.findPerson(request.psn_no, request.insutype)) ?? notFound(request);
  }

  /** The policy of the pooling region valid on the settlement day, compiled once per loaded version. */
  private async policyOf(admdvs: string, insutype: string, setlTime: string): Promise<CompiledPolicy> {
    const day = setlTime.slice(0, 10);
    const policy = await this.nodeStore.policyFor(admdvs, insutype, day);
    if (!policy) throw replyRefusal('no-policy', `参保地${admdvs}在${day}没有险种${insutype}的有效待遇政策`);
    const key = `${policy.admdvs}|${policy.insutype}|${policy.begndate}|${policy.loaded_at}`;
    let compiled = this.compiled.get(key);
    if (!compiled) {
      compiled = compilePolicy(policy.doc);
      if (this.compiled.size >= MAX_COMPILED) this.compiled.clear();
      this.compiled.set(key, compiled);
    }
    return compiled;
  }

  private run(
    policy: CompiledPolicy,
    request: DecideRequest,
    person: Person,
    accumulators: BenefitDecision['accumulators'],
    dclaType: string | null,
  ): BenefitDecision {
    try {
      return decideBenefits({
        policy,
        totals: request.totals,
        visit: request.visit,
        insured: {
          psn_type: person.psn_type,
          brdy: person.brdy,
          cvlserv_flag: person.cvlserv_flag,
          acct_balc_fen: person.acct_balc_fen,
          idet: person.idet ?? [],
        },
        dcla_type: dclaType,
        accumulators,
        acct_used: request.acct_used,
        setl_time: request.setl_time,
      });
    } catch (error) {
      if (error instanceof SettlementRefused) throw replyRefusal('settlement-refused', error.message);
      throw error;
    }
  }
}

export function identityOf(person: Person): PersonIdentity {
  return {
    psn_no: person.psn_no,
    psn_name: person.psn_name,
    psn_cert_type: person.psn_cert_type,
    certno: person.certno,
    gend: person.gend,
    naty: person.naty,
    brdy: person.brdy,
    insutype: person.insutype,
    psn_type: person.psn_type,
    cvlserv_flag: person.cvlserv_flag,
    insuplc_admdvs: person.insuplc_admdvs,
  };
}

function notFound(request: { psn_no: string; insutype: string }): never {
  throw notInsured(request);
}

function notInsured(request: { psn_no: string; insutype: string }) {
  return replyRefusal(
    'person-not-found',
    `参保地未查询到人员${request.psn_no}的${request.insutype}险种参保信息`,
  );
}

/**
 * The filing a visit settles under, judged on the admission day. A patient of this province needs none; a
 * cross-province one needs an approved filing for the place, except in an emergency (which counts as filed).
 */
function filingFor(
  request: EligibilityRequest | DecideRequest,
  filings: readonly Filing[],
  day: string,
  emergency: boolean,
): EligibilityReply['filing'] {
  if (!isCrossProvince(request.insuplc_admdvs, request.treatment_admdvs)) return null;
  const filing = applicableFiling(filings, request.treatment_admdvs, day);
  if (filing) return { trt_dcla_detl_sn: filing.trt_dcla_detl_sn, dcla_type: filing.dcla_type };
  if (emergency) return null;
  throw replyRefusal(
    'no-filing',
    `参保人在${day}没有到${request.treatment_admdvs}就医的有效异地就医备案，不能直接结算；请先办理备案（可补办），急诊抢救除外`,
  );
}

/** The policy applied is that of the pooling region the HIS named: it must be the person's own (from 1101). */
function samePlace(request: { readonly insuplc_admdvs: string }, person: Person): void {
  if (person.insuplc_admdvs !== request.insuplc_admdvs)
    throw replyRefusal(
      'no-policy',
      `参保地医保区划应为${person.insuplc_admdvs}（取1101返回的insuinfo.insuplc_admdvs），不是${request.insuplc_admdvs}`,
    );
}
