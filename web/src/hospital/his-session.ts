// The workstation's line to the platform: the simulator's envelope (src/sim/his-client.ts has no node: imports, so
// the browser uses it as it is) sent with fetch, msgids that survive a reload, and a log of every message.
import { formatChinaDateTime } from '../../../src/core/time.ts';
import { type HisAnswer, HisClient, type HisTransport } from '../../../src/sim/his-client.ts';
import { hmacSm3Signer } from './signing.ts';

export const HIS_URL = '/fsi/api/rsfComIfsService/callService';
/** The node waits 5 s for the hub and the hub 4 s for the insured node: past this the answer is taken as lost. */
export const HIS_TIMEOUT_MS = 12_000;
/** The msgid's last 4 digits, as the national format has them. */
const SEQUENCE_LIMIT = 10_000;
/** Fresh messages re-sent under a new msgid when another terminal of the hospital already used theirs. */
const MAX_MSGID_COLLISIONS = 3;
const LOG_LIMIT = 200;
/** The platform's wording of a failure that may succeed when the same message is sent again. */
const RETRY_HINT = '相同msgid重试';
const MSGID_TAKEN = 'msgid：该报文ID已使用';

/** An institution as the public directory lists it (GET /api/public/institutions). */
export interface Institution {
  readonly fixmedins_code: string;
  readonly fixmedins_name: string;
  readonly fixmedins_type: string;
  readonly hosp_lv: string;
  readonly admdvs: string;
  readonly pooling_admdvs: string;
  readonly province: string;
  readonly addr: string | null;
}

export type Envelope = Record<string, unknown> & { readonly infno: string; readonly msgid: string };

/** One message as the log shows it: what was sent, whether it was a retry, and what came back. */
export interface LoggedMessage {
  readonly n: number;
  readonly infno: string;
  readonly msgid: string;
  readonly inf_time: string;
  readonly retry: boolean;
  readonly outcome: 'ok' | 'refused' | 'no-answer';
  readonly err_msg: string | null;
  readonly ms: number;
}

/** A call that did not succeed: the national err_msg (or why no answer came), and the envelope for a retry. */
export class HisFailure extends Error {
  constructor(
    readonly envelope: Envelope,
    readonly errMsg: string,
    /** The platform says the same msgid may be sent again, or no answer came at all. */
    readonly retryable: boolean,
    /** False when the message got no answer: the text is the workstation's, not the platform's. */
    readonly answered: boolean,
  ) {
    super(errMsg);
    this.name = 'HisFailure';
  }
}

/** Thrown by the transport when no answer came (network failure or HIS_TIMEOUT_MS). */
class NoAnswer extends Error {}

function fetchTransport(): HisTransport {
  return async (body) => {
    let response: Response;
    try {
      response = await fetch(HIS_URL, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(HIS_TIMEOUT_MS),
      });
    } catch (error) {
      throw new NoAnswer(error instanceof Error ? error.message : String(error));
    }
    // A 400 (unparseable JSON) carries the same envelope; anything else is not an answer of the interface.
    try {
      return (await response.json()) as HisAnswer;
    } catch {
      throw new NoAnswer(`HTTP ${response.status}`);
    }
  };
}

/**
 * One msgid sequence per institution and browser, kept in localStorage as a HIS keeps its own: a reload within the
 * same second must not repeat a msgid. A new terminal starts at a random point, so two terminals of one hospital
 * signing in within the same second rarely meet (and `send` steps past it when they do).
 */
class WorkstationClient extends HisClient {
  override nextMsgid(): string {
    const code = this.institution.fixmedins_code;
    const key = `yidi.hospital.msgid-seq.${code}`;
    const stored = Number(localStorage.getItem(key));
    const previous = Number.isInteger(stored) && stored > 0 ? stored : Math.floor(Math.random() * 9_000);
    const sequence = (previous % (SEQUENCE_LIMIT - 1)) + 1;
    localStorage.setItem(key, String(sequence));
    const stamp = formatChinaDateTime(Date.now()).replace(/\D/g, '');
    return `${code}${stamp}${String(sequence).padStart(4, '0')}`.slice(-30);
  }
}

type Listener = () => void;

/** The signed-in (or not yet signed-in) link of one institution. */
export class HisSession {
  private readonly client: WorkstationClient;
  private log: readonly LoggedMessage[] = [];
  private readonly listeners = new Set<Listener>();
  private count = 0;

  constructor(
    readonly institution: Institution,
    signNo?: string,
    /** The institution's HMAC-SM3 secret: every message is signed with it (signtype SM3); unsigned without. */
    readonly signSecret?: string,
  ) {
    this.client = new WorkstationClient(fetchTransport(), {
      fixmedins_code: institution.fixmedins_code,
      fixmedins_name: institution.fixmedins_name,
      admdvs: institution.admdvs,
      signer: signSecret ? hmacSm3Signer(signSecret) : undefined,
    });
    // biome-ignore lint/correctness/useHookAtTopLevel: HisClient.useSignNo adopts a session; it is not a React hook.
    if (signNo) this.client.useSignNo(signNo);
  }

  /** A new message: a new msgid, the sign_no, the time now. */
  envelope(infno: string, input: unknown, options: { insuplc_admdvs?: string | undefined } = {}): Envelope {
    const insuplc = options.insuplc_admdvs ? { insuplc_admdvs: options.insuplc_admdvs } : {};
    return this.client.envelope(infno, input, insuplc) as Envelope;
  }

  adoptSignNo(signNo: string): void {
    // biome-ignore lint/correctness/useHookAtTopLevel: HisClient.useSignNo adopts a session; it is not a React hook.
    this.client.useSignNo(signNo);
  }

  /**
   * Sends an envelope and answers its output, or throws HisFailure. A retry sends the very same envelope (msgid,
   * inf_time and all): the platform answers a message it already handled with its first answer.
   */
  async send(envelope: Envelope, retry = false): Promise<unknown> {
    let message = envelope;
    for (let collisions = 0; ; collisions++) {
      const started = performance.now();
      let answer: HisAnswer;
      try {
        answer = await this.client.send(message);
      } catch (error) {
        if (!(error instanceof NoAnswer)) throw error;
        this.record(message, retry, 'no-answer', `未收到应答（${error.message}）`, started);
        throw new HisFailure(
          message,
          `未收到平台应答（${error.message}）：结果未知，请使用相同msgid重试`,
          true,
          false,
        );
      }
      const errMsg = answer.err_msg ?? '';
      this.record(message, retry, answer.infcode === 0 ? 'ok' : 'refused', answer.err_msg, started);
      if (answer.infcode === 0) return answer.output;
      // A fresh message refused for its msgid did nothing: another terminal used the number, take the next one.
      if (!retry && errMsg.startsWith(MSGID_TAKEN) && collisions < MAX_MSGID_COLLISIONS) {
        message = this.client.renumbered(message) as Envelope;
        continue;
      }
      throw new HisFailure(message, errMsg || '平台拒绝，未给出原因', errMsg.includes(RETRY_HINT), true);
    }
  }

  /** A new message sent at once. */
  call(
    infno: string,
    input: unknown,
    options: { insuplc_admdvs?: string | undefined } = {},
  ): Promise<unknown> {
    return this.send(this.envelope(infno, input, options));
  }

  messages(): readonly LoggedMessage[] {
    return this.log;
  }

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private record(
    envelope: Envelope,
    retry: boolean,
    outcome: LoggedMessage['outcome'],
    errMsg: string | null,
    started: number,
  ): void {
    const entry: LoggedMessage = {
      n: ++this.count,
      infno: envelope.infno,
      msgid: envelope.msgid,
      inf_time: String(envelope.inf_time),
      retry,
      outcome,
      err_msg: errMsg,
      ms: Math.round(performance.now() - started),
    };
    this.log = [entry, ...this.log].slice(0, LOG_LIMIT);
    for (const listener of this.listeners) listener();
  }
}
