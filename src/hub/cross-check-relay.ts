// 协查 through the national hub: takes every node's 协查 message into the registry and passes it on to the other
// side's inbox, opens the automatic request for a high-cost inpatient stay, and books a concluded adjustment into a
// clearing period, which it tells both sides (docs/cross-checks.md).
import type { Bus, BusEvent, Json, Subscription } from '../bus/port.ts';
import {
  AUTOMATIC_REQUESTER,
  automaticCaseId,
  type CrossCheckMessage,
  DEFAULT_AUTO_THRESHOLD_FEN,
  needsAutomaticRequest,
  type RequestMessage,
  type SettlementRef,
} from '../core/cross-check/case.ts';
import { parseCrossCheckMessage } from '../core/cross-check/messages.ts';
import { provinceOf } from '../core/regions.ts';
import { formatChinaDateTime } from '../core/time.ts';
import { CROSS_CHECK_EVENTS, crossCheckInboxSubject } from '../node/subjects.ts';
import { CrossCheckRegistry, type ThresholdSetting } from '../store/cross-check-registry.ts';
import type { Db } from '../store/db.ts';
import { type SettlementFact, SettlementFactStore } from '../store/settlement-events.ts';
import type { ClearingService } from './clearing-service.ts';

export const HUB_CROSS_CHECK_CONSUMER = 'hub-cross-checks';

export class CrossCheckHub {
  readonly registry: CrossCheckRegistry;
  private readonly facts: SettlementFactStore;
  /** Thresholds by insured province, read once (every cross-province settlement is compared with one). */
  private readonly thresholds = new Map<string, number>();

  constructor(
    db: Db,
    private readonly bus: Bus,
    private readonly clearing: ClearingService,
    private readonly now: () => number = Date.now,
    private readonly log: (line: string) => void = (line) => console.error(line),
  ) {
    this.registry = new CrossCheckRegistry(db);
    this.facts = new SettlementFactStore(db);
  }

  start(): Promise<Subscription> {
    return this.bus.subscribe(CROSS_CHECK_EVENTS, HUB_CROSS_CHECK_CONSUMER, (event) => this.relay(event));
  }

  /** The settlement a node asks about, as the national level recorded it (undefined: not recorded, or a cancel). */
  async settlement(setlId: string): Promise<SettlementRef | undefined> {
    const fact = await this.facts.fact(setlId);
    return fact && fact.refd_setl_flag === '0' ? refOf(fact) : undefined;
  }

  threshold(province: string): Promise<ThresholdSetting> {
    return this.registry.threshold(province, DEFAULT_AUTO_THRESHOLD_FEN);
  }

  async putThreshold(province: string, fen: number, by: string): Promise<ThresholdSetting> {
    await this.registry.putThreshold(province, fen, by);
    this.thresholds.set(province, fen);
    return this.threshold(province);
  }

  /** A settlement the national level just recorded: a one-time inpatient stay above the threshold is asked about. */
  async onSettlement(fact: SettlementFact): Promise<void> {
    const insured = provinceOf(fact.insuplc_admdvs);
    let threshold = this.thresholds.get(insured);
    if (threshold === undefined) {
      threshold = (await this.threshold(insured)).auto_threshold_fen;
      this.thresholds.set(insured, threshold);
    }
    if (!needsAutomaticRequest(fact, threshold)) return;
    const message: RequestMessage = {
      kind: 'request',
      case_id: automaticCaseId(fact.setl_id),
      automatic: true,
      ...refOf(fact),
      insured_province: insured,
      reason: `一次性住院医疗费用${(fact.medfee_fen / 100).toFixed(2)}元，超过参保地协查阈值${(threshold / 100).toFixed(2)}元，自动发起协查`,
      requested_by: AUTOMATIC_REQUESTER,
      requested_at: formatChinaDateTime(this.now()),
    };
    await this.register(message);
    // Both sides learn of it from the hub: the insured place did not ask itself.
    for (const province of [insured, fact.treatment_province])
      await this.pass(`crosscheck:${message.case_id}:request`, province, message);
  }

  /** One node message: checked, registered, passed on. A message that cannot be right is logged and left. */
  private async relay(event: BusEvent): Promise<void> {
    const sender = event.subject.split('.').pop()!;
    let message: CrossCheckMessage;
    try {
      message = parseCrossCheckMessage(event.data);
    } catch (error) {
      this.log(`hub: 协查报文${event.id}被拒收：${(error as Error).message}`);
      return;
    }
    if (message.kind === 'request') {
      const recorded = await this.facts.fact(message.setl_id);
      if (
        message.insured_province !== sender ||
        !recorded ||
        provinceOf(recorded.insuplc_admdvs) !== sender
      ) {
        this.log(
          `hub: 协查${message.case_id}的结算${message.setl_id}不是${sender}参保人员的跨省结算，未转发`,
        );
        return;
      }
      await this.register(message);
      await this.pass(event.id, message.treatment_province, message);
      return;
    }
    const known = await this.registry.get(message.case_id);
    if (!known) throw new Error(`协查${message.case_id}尚未登记，稍后重试`);
    const expected = message.kind === 'answer' ? known.treatment_province : known.insured_province;
    if (sender !== expected) {
      this.log(`hub: 协查${message.case_id}的${message.kind}须由${expected}发出，${sender}的报文未转发`);
      return;
    }
    if (message.kind === 'answer') {
      await this.registry.answered(message.case_id, message.answered_at);
      await this.pass(event.id, known.insured_province, message);
      return;
    }
    // A redelivered outcome keeps the period it was booked in the first time.
    const period =
      known.status === 'concluded'
        ? known.clearing_period
        : message.adjustment_fen > 0
          ? await this.clearing.book(message.concluded_at.slice(0, 7), (p) =>
              this.registry.concluded(
                message.case_id,
                message.outcome,
                message.adjustment_fen,
                message.concluded_at,
                p,
              ),
            )
          : null;
    if (known.status !== 'concluded' && message.adjustment_fen === 0)
      await this.registry.concluded(message.case_id, message.outcome, 0, message.concluded_at, null);
    const booked = { ...message, clearing_period: period ?? null };
    for (const province of [known.treatment_province, known.insured_province])
      await this.pass(event.id, province, booked);
  }

  private register(message: RequestMessage): Promise<void> {
    return this.registry.open({
      case_id: message.case_id,
      setl_id: message.setl_id,
      insured_province: message.insured_province,
      treatment_province: message.treatment_province,
      fixmedins_code: message.fixmedins_code,
      automatic: message.automatic,
      fund_pay_fen: message.fund_pay_fen,
      requested_at: message.requested_at,
    });
  }

  private pass(eventId: string, province: string, message: CrossCheckMessage): Promise<void> {
    return this.bus.publish(
      crossCheckInboxSubject(province),
      `${eventId}@${province}`,
      message as unknown as Json,
    );
  }
}

/** A settlement fact's time as China time text: the node's JSON carries timestamptz in ISO form. */
function chinaTime(text: string): string {
  if (/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/.test(text)) return text;
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? text : formatChinaDateTime(ms);
}

const refOf = (fact: SettlementFact): SettlementRef => ({
  setl_id: fact.setl_id,
  treatment_province: fact.treatment_province,
  fixmedins_code: fact.fixmedins_code,
  insuplc_admdvs: fact.insuplc_admdvs,
  med_type: fact.med_type,
  setl_time: chinaTime(fact.setl_time),
  medfee_fen: Number(fact.medfee_fen),
  fund_pay_fen: Number(fact.fund_pay_fen),
});
