// A hospital's side of the national interface: envelopes with msgids as a HIS makes them, sign-in, one call per message.
import { type EnvelopeSigner, signEnvelope } from '../core/signing/envelope.ts';
import { formatChinaDateTime } from '../core/time.ts';

export interface HisAnswer {
  readonly infcode: number;
  readonly inf_refmsgid: string;
  readonly err_msg: string | null;
  // biome-ignore lint/suspicious/noExplicitAny: outputs are the national shapes, read field by field by callers.
  readonly output: any;
}

/** Sends one envelope and returns the answer (over HTTP, or through Fastify's inject in tests). */
export type HisTransport = (body: Record<string, unknown>) => Promise<HisAnswer>;

export interface HisInstitution {
  readonly fixmedins_code: string;
  readonly fixmedins_name: string;
  /** The institution's region (the treatment place). */
  readonly admdvs: string;
  /** How it signs its messages (signtype/cainfo, docs/SECURITY.md); unsigned without. */
  readonly signer?: EnvelopeSigner | undefined;
}

export interface CallOptions {
  readonly insuplc_admdvs?: string;
  /** Reuse a msgid (a retry); by default every call gets a new one. */
  readonly msgid?: string;
}

/**
 * One msgid sequence per institution in this process, as one HIS has: clients of the same hospital (a warm-up run
 * and the measured run, workers of a driver) never mint the same msgid within a second.
 */
const SEQUENCES = new Map<string, number>();

export class HisClient {
  private signNo: string | undefined;

  constructor(
    private readonly transport: HisTransport,
    readonly institution: HisInstitution,
    private readonly clock: () => Date = () => new Date(),
    private readonly operator = { opter: 'D001', opter_name: '收费员' },
  ) {}

  /** 30 characters: the institution's code, yyyyMMddHHmmss and a 4-digit sequence, as the spec describes. */
  nextMsgid(): string {
    const code = this.institution.fixmedins_code;
    const sequence = ((SEQUENCES.get(code) ?? 0) + 1) % 10_000;
    SEQUENCES.set(code, sequence);
    const stamp = formatChinaDateTime(this.clock().getTime()).replace(/\D/g, '');
    return `${code}${stamp}${String(sequence).padStart(4, '0')}`.slice(-30);
  }

  /** The message as the HIS sends it, signed when the institution has a signer. */
  envelope(infno: string, input: unknown, options: CallOptions = {}): Record<string, unknown> {
    const envelope = {
      infno,
      msgid: options.msgid ?? this.nextMsgid(),
      mdtrtarea_admvs: this.institution.admdvs,
      insuplc_admdvs: options.insuplc_admdvs,
      recer_sys_code: 'YBXT',
      infver: 'V1.0',
      opter_type: '1',
      opter: this.operator.opter,
      opter_name: this.operator.opter_name,
      inf_time: formatChinaDateTime(this.clock().getTime()),
      fixmedins_code: this.institution.fixmedins_code,
      fixmedins_name: this.institution.fixmedins_name,
      sign_no: this.signNo,
      input,
    };
    const signer = this.institution.signer;
    return signer ? signEnvelope(envelope, signer) : envelope;
  }

  /** The same message under another msgid, signed again (a fresh message whose msgid another terminal took). */
  renumbered(envelope: Record<string, unknown>, msgid = this.nextMsgid()): Record<string, unknown> {
    const signer = this.institution.signer;
    return signer ? signEnvelope({ ...envelope, msgid }, signer) : { ...envelope, msgid };
  }

  /** Sends a message; the answer as it came (infcode -1 is an answer too). */
  call(infno: string, input: unknown, options: CallOptions = {}): Promise<HisAnswer> {
    return this.transport(this.envelope(infno, input, options));
  }

  /** Sends a prepared envelope as it is: a retry under the same msgid must be the very same message. */
  send(envelope: Record<string, unknown>): Promise<HisAnswer> {
    return this.transport(envelope);
  }

  /** Sends a message and returns its output, or throws with the platform's err_msg. */
  async ok(infno: string, input: unknown, options: CallOptions = {}): Promise<HisAnswer['output']> {
    const answer = await this.call(infno, input, options);
    if (answer.infcode !== 0) throw new HisCallFailed(infno, answer);
    return answer.output;
  }

  /** Adopts a session signed in elsewhere (the simulator's own 9001, timed and counted like any message). */
  useSignNo(signNo: string): void {
    this.signNo = signNo;
  }

  async signIn(): Promise<string> {
    const output = await this.ok('9001', { signIn: { opter_no: this.operator.opter, mac: '', ip: '' } });
    this.signNo = output.signinoutb.sign_no as string;
    return this.signNo;
  }
}

export class HisCallFailed extends Error {
  constructor(
    readonly infno: string,
    readonly answer: HisAnswer,
  ) {
    super(`${infno}: ${answer.err_msg}`);
    this.name = 'HisCallFailed';
  }
}

/** A transport over HTTP to a running platform (`yidi simulate`, `bench:his`). */
export function httpTransport(baseUrl: string): HisTransport {
  const url = new URL('/fsi/api/rsfComIfsService/callService', baseUrl).toString();
  return async (body) => {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    return (await response.json()) as HisAnswer;
  };
}
