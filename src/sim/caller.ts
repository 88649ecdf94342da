// One message as a careful HIS sends it: timed, retried under the same msgid when the platform asks for it (and
// now and then for no reason, to check that the answer is the same), every unexpected infcode -1 counted.

import { canonical } from '../core/signing/canonical.ts';
import type { Random } from '../demo/random.ts';
import type { CallOptions, HisAnswer, HisClient } from './his-client.ts';
import type { SimStats } from './stats.ts';

/** Settlement answers whose setlinfo must add up. */
const SETTLEMENT_INFNOS = new Set(['2206', '2207', '2208', '2303', '2304', '2305']);
/** A retryable refusal (the insured side did not answer in time) asks for the same msgid again. */
const RETRYABLE = /相同msgid重试/;
const MAX_RETRIES = 3;
const RETRY_PAUSE_MS = 200;

/** A cycle stops at its first unexpected answer; the answer is already counted. */
export class CycleFailed extends Error {
  constructor(
    readonly infno: string,
    readonly errMsg: string,
  ) {
    super(`${infno}: ${errMsg}`);
    this.name = 'CycleFailed';
  }
}

export interface SendOptions extends CallOptions {
  /** The cycle expects a refusal whose err_msg matches: that -1 is not a failure, a 0 is. */
  readonly expectRefusal?: RegExp;
}

export class Caller {
  constructor(
    private readonly stats: SimStats,
    private readonly random: Random,
    /** Share of messages sent twice under the same msgid, to check the platform answers the same. */
    private readonly duplicateShare: number,
  ) {}

  /** Sends a message; returns the answer when it is what the cycle expects, throws CycleFailed otherwise. */
  async send(
    client: HisClient,
    infno: string,
    input: unknown,
    options: SendOptions = {},
  ): Promise<HisAnswer> {
    const envelope = client.envelope(infno, input, options);
    let answer = await this.timed(client, infno, envelope);
    for (let retry = 0; retry < MAX_RETRIES && isRetryable(answer); retry++) {
      await new Promise((resolve) => setTimeout(resolve, RETRY_PAUSE_MS * (retry + 1)));
      answer = await this.timed(client, infno, envelope);
    }
    if (!isRetryable(answer) && this.duplicateShare > 0 && this.random.chance(this.duplicateShare)) {
      const again = await this.timed(client, infno, envelope);
      this.stats.retries.sent++;
      if (canonical(again) === canonical(answer)) this.stats.retries.identical++;
      else {
        this.stats.retries.differed++;
        this.stats.recordUnexpected(infno, '相同msgid重发得到不同的应答');
      }
    }
    if (answer.infcode !== 0) {
      const errMsg = answer.err_msg ?? '(无err_msg)';
      if (options.expectRefusal?.test(errMsg)) {
        this.stats.expectedFailures++;
        return answer;
      }
      this.stats.recordUnexpected(infno, errMsg);
      throw new CycleFailed(infno, errMsg);
    }
    if (options.expectRefusal) {
      const errMsg = `应被拒绝（${options.expectRefusal.source}）却成功了`;
      this.stats.recordUnexpected(infno, errMsg);
      throw new CycleFailed(infno, errMsg);
    }
    if (SETTLEMENT_INFNOS.has(infno)) this.checkConservation(infno, answer);
    return answer;
  }

  private async timed(client: HisClient, infno: string, envelope: Record<string, unknown>) {
    const started = performance.now();
    let answer: HisAnswer;
    try {
      answer = await client.send(envelope);
    } catch (error) {
      const errMsg = `HTTP: ${(error as Error).message}`;
      this.stats.recordUnexpected(infno, errMsg);
      throw new CycleFailed(infno, errMsg);
    } finally {
      this.stats.recordLatency(infno, performance.now() - started);
    }
    if (typeof answer?.infcode !== 'number') {
      const errMsg = `不是应答报文：${JSON.stringify(answer).slice(0, 200)}`;
      this.stats.recordUnexpected(infno, errMsg);
      throw new CycleFailed(infno, errMsg);
    }
    return answer;
  }

  /** medfee_sumamt = fund_pay_sumamt + psn_part_amt + hosp_part_amt; psn_part_amt = acct_pay + psn_cash_pay. */
  private checkConservation(infno: string, answer: HisAnswer): void {
    const breach = conservationBreach(answer.output?.setlinfo);
    if (breach) this.stats.conservationBreaches.push(`${infno} ${breach}`);
  }
}

/** What does not add up in a setlinfo, or undefined; in fen, so that yuan decimals compare exactly. */
export function conservationBreach(setlinfo: Record<string, unknown> | undefined): string | undefined {
  if (!setlinfo) return 'no setlinfo';
  const fen = (field: string) => Math.round(Number(setlinfo[field] ?? 0) * 100);
  const [medfee, fund, psn, hosp] = ['medfee_sumamt', 'fund_pay_sumamt', 'psn_part_amt', 'hosp_part_amt'].map(
    fen,
  ) as [number, number, number, number];
  if (medfee !== fund + psn + hosp)
    return `setl_id ${setlinfo.setl_id}: medfee_sumamt ${medfee} ≠ ${fund} + ${psn} + ${hosp} (fen)`;
  const [acct, cash] = [fen('acct_pay'), fen('psn_cash_pay')];
  if (psn !== acct + cash)
    return `setl_id ${setlinfo.setl_id}: psn_part_amt ${psn} ≠ ${acct} + ${cash} (fen)`;
  return undefined;
}

const isRetryable = (answer: HisAnswer): boolean =>
  answer.infcode !== 0 && RETRYABLE.test(answer.err_msg ?? '');
