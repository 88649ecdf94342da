// 协查 on a provincial node: as the insured place it asks about a settlement and concludes the case; as the treatment
// place it answers with findings and documents. Every change commits with its outbox event, which the hub takes into
// its registry and passes on to the other side's inbox (docs/cross-checks.md).
import { createHash, randomBytes } from 'node:crypto';
import type { Bus, Json, Subscription } from '../bus/port.ts';
import {
  type AnswerMessage,
  adjustableFen,
  adjustmentOf,
  applyAnswer,
  applyOutcome,
  type CrossCheckCase,
  CrossCheckError,
  type CrossCheckMessage,
  type CrossCheckOutcome,
  caseOfRequest,
  MAX_DOCUMENT_BYTES,
  MAX_DOCUMENTS,
  MAX_TEXT,
  manualCaseId,
  type OutcomeMessage,
  type RequestMessage,
  type SettlementRef,
} from '../core/cross-check/case.ts';
import { parseCrossCheckMessage } from '../core/cross-check/messages.ts';
import { provinceOf } from '../core/regions.ts';
import { type CaseRecord, CrossCheckStore, type DocumentInfo } from '../store/cross-check-store.ts';
import type { Db, Queryable } from '../store/db.ts';
import type { OutboxStore } from '../store/outbox-store.ts';
import type { OutboxRelay } from './outbox-relay.ts';
import { crossCheckEventSubject, crossCheckInboxSubject } from './subjects.ts';

export interface AnswerInput {
  readonly findings: string;
  readonly proposal: CrossCheckOutcome;
  readonly proposed_fen?: number;
  readonly documents?: readonly { name: string; content_type: string; data_base64: string }[];
}

export interface OutcomeInput {
  readonly outcome: CrossCheckOutcome;
  readonly adjustment_fen?: number;
  readonly note?: string;
}

/** Who acts and when (China time), given by the edge. */
export interface Actor {
  readonly by: string;
  readonly at: string;
}

export class CrossCheckService {
  readonly store: CrossCheckStore;

  constructor(
    db: Db,
    readonly province: string,
    private readonly outbox: OutboxStore,
    private readonly relay: OutboxRelay,
    private readonly log: (line: string) => void = (line) => console.error(line),
  ) {
    this.store = new CrossCheckStore(db, province);
  }

  /** Delivers the hub's messages for this province (a durable consumer: a crash redelivers, applying twice is once). */
  subscribe(bus: Bus): Promise<Subscription> {
    return bus.subscribe(
      crossCheckInboxSubject(this.province),
      `node-${this.province}-cross-checks`,
      async (event) => {
        try {
          await this.receive(event.data);
        } catch (error) {
          this.log(
            `node ${this.province}: 协查报文${event.id}处理失败，将重新投递：${(error as Error).message}`,
          );
          throw error;
        }
      },
    );
  }

  /** 参保地: asks the treatment place about one of this province's insured's settlements. */
  async request(settlement: SettlementRef, reason: string, actor: Actor): Promise<CaseRecord> {
    if (provinceOf(settlement.insuplc_admdvs) !== this.province)
      throw new CrossCheckError(
        'not-our-insured',
        `setl_id：结算${settlement.setl_id}的参保地是${settlement.insuplc_admdvs}，不是本省参保人员`,
        'setl_id',
      );
    text(reason, 'reason', true);
    const open = await this.store.openCaseOf(settlement.setl_id);
    if (open) throw new CrossCheckError('case-open', `setl_id：该结算已有未办结的协查${open}`, 'setl_id');
    const message: RequestMessage = {
      kind: 'request',
      case_id: manualCaseId(
        this.province,
        `${actor.at.replace(/\D/g, '').slice(0, 8)}${randomBytes(5).toString('hex')}`,
      ),
      automatic: false,
      ...pick(settlement),
      insured_province: this.province,
      reason: reason.trim(),
      requested_by: actor.by,
      requested_at: actor.at,
    };
    const created = caseOfRequest(message, 'insured');
    await this.store.transaction(async (tx) => {
      await this.store.insert(tx, created);
      await this.send(tx, message);
    });
    void this.relay.kick();
    return (await this.store.record(created.case_id))!;
  }

  /** 就医地: answers a requested case with findings, a proposal and documents. */
  async answer(caseId: string, input: AnswerInput, actor: Actor): Promise<CaseRecord> {
    text(input.findings, 'findings', true);
    const documents = documentsOf(input.documents ?? []);
    await this.store.transaction(async (tx) => {
      const current = await this.mine(caseId, 'treatment', tx);
      if (current.status !== 'requested')
        throw new CrossCheckError('already-answered', `协查${caseId}已答复，不能再次答复`);
      const adjustable = adjustableFen(
        current.fund_pay_fen,
        await this.store.adjustedBefore(current.setl_id, caseId, tx),
      );
      const settlement = await this.store.settlement(current.setl_id, tx);
      if (settlement?.cancelled && input.proposal !== 'confirmed')
        throw new CrossCheckError(
          'settlement-cancelled',
          `proposal：结算${current.setl_id}已撤销，基金支付已退回，无可核减或拒付的金额`,
          'proposal',
        );
      const proposed = adjustmentOf(input.proposal, input.proposed_fen, adjustable, 'proposed_fen');
      const message: AnswerMessage = {
        kind: 'answer',
        case_id: caseId,
        findings: input.findings.trim(),
        proposal: input.proposal,
        proposed_fen: proposed,
        psn_no: current.psn_no,
        psn_name: current.psn_name,
        documents: documents.map((d) => ({
          name: d.name,
          content_type: d.content_type,
          data: Buffer.from(d.data).toString('base64'),
        })),
        answered_by: actor.by,
        answered_at: actor.at,
      };
      await this.store.update(tx, applyAnswer(current, message));
      await this.store.addDocuments(tx, caseId, documents);
      await this.send(tx, message);
    });
    void this.relay.kick();
    return (await this.store.record(caseId))!;
  }

  /** 参保地: concludes an answered case; an adjustment is booked into a clearing period by the hub. */
  async conclude(caseId: string, input: OutcomeInput, actor: Actor): Promise<CaseRecord> {
    const note = input.note ?? '';
    text(note, 'note', false);
    await this.store.transaction(async (tx) => {
      const current = await this.mine(caseId, 'insured', tx);
      if (current.status === 'requested')
        throw new CrossCheckError('not-answered', `协查${caseId}尚未答复，不能认定结果`);
      if (current.status === 'concluded')
        throw new CrossCheckError('already-concluded', `协查${caseId}已办结，不能再次认定`);
      const adjustable = adjustableFen(
        current.fund_pay_fen,
        await this.store.adjustedBefore(current.setl_id, caseId, tx),
      );
      const message: OutcomeMessage = {
        kind: 'outcome',
        case_id: caseId,
        outcome: input.outcome,
        adjustment_fen: adjustmentOf(input.outcome, input.adjustment_fen, adjustable),
        note: note.trim(),
        concluded_by: actor.by,
        concluded_at: actor.at,
        clearing_period: null,
      };
      await this.store.update(tx, applyOutcome(current, message));
      await this.send(tx, message);
    });
    void this.relay.kick();
    return (await this.store.record(caseId))!;
  }

  /** A message from the hub: a request for this side, the other side's answer or outcome, or the booked period. */
  async receive(data: Json): Promise<void> {
    let message: CrossCheckMessage;
    try {
      message = parseCrossCheckMessage(data);
    } catch (error) {
      // A malformed message would block the inbox for ever if it were retried: it is logged and left.
      this.log(`node ${this.province}: 协查报文被拒收：${(error as Error).message}`);
      return;
    }
    await this.store.transaction(async (tx) => {
      if (message.kind === 'request') {
        const role = message.treatment_province === this.province ? 'treatment' : 'insured';
        let created = caseOfRequest(message, role);
        if (role === 'treatment') {
          const settlement = await this.store.settlement(message.setl_id, tx);
          if (settlement) created = { ...created, psn_no: settlement.psn_no, psn_name: settlement.psn_name };
        }
        await this.store.insert(tx, created);
        return;
      }
      const current = await this.store.get(message.case_id, tx);
      // Messages reach an inbox in the order the hub passed them on, so a case is always there before its answer.
      if (!current) throw new Error(`协查${message.case_id}不存在，稍后重试`);
      try {
        const next =
          message.kind === 'answer' ? applyAnswer(current, message) : applyOutcome(current, message);
        if (next === current) return;
        await this.store.update(tx, next);
        if (message.kind === 'answer')
          await this.store.addDocuments(
            tx,
            current.case_id,
            documentsOf(
              message.documents.map((d) => ({
                name: d.name,
                content_type: d.content_type,
                data_base64: d.data,
              })),
            ),
          );
      } catch (error) {
        if (!(error instanceof CrossCheckError)) throw error;
        this.log(`node ${this.province}: 协查报文未生效：${error.message}`);
      }
    });
  }

  private async mine(caseId: string, role: 'insured' | 'treatment', tx: Queryable): Promise<CrossCheckCase> {
    const current = await this.store.get(caseId, tx);
    if (!current || current.role !== role)
      throw new CrossCheckError(
        'case-not-found',
        `协查${caseId}不存在，或本省不是该协查的${role === 'insured' ? '参保地' : '就医地'}`,
      );
    return current;
  }

  private send(tx: Queryable, message: CrossCheckMessage): Promise<void> {
    return this.outbox.append(
      tx,
      `crosscheck:${message.case_id}:${message.kind}`,
      crossCheckEventSubject(this.province),
      message as unknown as Json,
    );
  }
}

const pick = (s: SettlementRef): SettlementRef => ({
  setl_id: s.setl_id,
  treatment_province: s.treatment_province,
  fixmedins_code: s.fixmedins_code,
  insuplc_admdvs: s.insuplc_admdvs,
  med_type: s.med_type,
  setl_time: s.setl_time,
  medfee_fen: s.medfee_fen,
  fund_pay_fen: s.fund_pay_fen,
});

function text(value: string, field: string, required: boolean): void {
  if (required && value.trim().length === 0)
    throw new CrossCheckError('text-missing', `${field}：不能为空`, field);
  if (value.length > MAX_TEXT)
    throw new CrossCheckError('text-too-long', `${field}：至多${MAX_TEXT}字`, field);
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** The documents decoded and described; refused naming the field when too many, too large or not base64. */
function documentsOf(
  documents: readonly { name: string; content_type: string; data_base64: string }[],
): (DocumentInfo & { data: Uint8Array })[] {
  if (documents.length > MAX_DOCUMENTS)
    throw new CrossCheckError('documents-too-many', `documents：至多${MAX_DOCUMENTS}个附件`, 'documents');
  let total = 0;
  return documents.map((d, i) => {
    const field = `documents[${i}]`;
    if (d.name.trim().length === 0 || d.name.length > 200)
      throw new CrossCheckError('document-invalid', `${field}.name：附件名须为1到200字`, `${field}.name`);
    if (!/^[\w.+-]+\/[\w.+-]+$/.test(d.content_type))
      throw new CrossCheckError(
        'document-invalid',
        `${field}.content_type：须为MIME类型`,
        `${field}.content_type`,
      );
    if (d.data_base64.length % 4 !== 0 || !BASE64.test(d.data_base64))
      throw new CrossCheckError(
        'document-invalid',
        `${field}.data_base64：不是base64`,
        `${field}.data_base64`,
      );
    const data = Buffer.from(d.data_base64, 'base64');
    total += data.length;
    if (total > MAX_DOCUMENT_BYTES)
      throw new CrossCheckError(
        'documents-too-large',
        `${field}.data_base64：附件合计超过${MAX_DOCUMENT_BYTES / 1024} KiB`,
        `${field}.data_base64`,
      );
    return {
      n: i + 1,
      name: d.name.trim(),
      content_type: d.content_type,
      size: data.length,
      sha256: createHash('sha256').update(data).digest('hex'),
      data: new Uint8Array(data),
    };
  });
}
