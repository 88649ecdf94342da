// The national message envelope (his.md): request fields checked with the field named, responses with infcode 0 / -1.
import { parseChinaDateTime } from '../../core/time.ts';

export interface HisRequest {
  readonly infno: string;
  readonly msgid: string;
  readonly mdtrtarea_admvs: string;
  readonly insuplc_admdvs: string | undefined;
  readonly fixmedins_code: string;
  readonly sign_no: string | undefined;
  readonly inf_time: string;
  readonly opter: string;
  readonly input: Readonly<Record<string, unknown>>;
}

/** A business failure: HTTP 200, infcode -1 and this err_msg, which names the field and the reason in Chinese. */
export class HisError extends Error {
  constructor(
    message: string,
    /** A retryable failure (the insured side did not answer in time) is not stored under the msgid. */
    readonly retryable = false,
  ) {
    super(message);
    this.name = 'HisError';
  }
}

/** `field：reason`, as the national platform writes its err_msg. */
export const fieldError = (field: string, reason: string): HisError => new HisError(`${field}：${reason}`);

const REQUIRED = ['infno', 'msgid', 'mdtrtarea_admvs', 'fixmedins_code', 'inf_time', 'opter'] as const;

/** Real HIS send numbers and strings alike; the envelope's codes are read as text. */
function textOf(body: Record<string, unknown>, field: string): string | undefined {
  const value = body[field];
  if (typeof value === 'string') return value.trim() || undefined;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return undefined;
}

export function parseEnvelope(body: unknown): HisRequest {
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    throw new HisError('请求报文应为JSON对象');
  const b = body as Record<string, unknown>;
  for (const field of REQUIRED) if (textOf(b, field) === undefined) throw fieldError(field, '必填');
  const request: HisRequest = {
    infno: textOf(b, 'infno')!,
    msgid: textOf(b, 'msgid')!,
    mdtrtarea_admvs: textOf(b, 'mdtrtarea_admvs')!,
    insuplc_admdvs: textOf(b, 'insuplc_admdvs'),
    fixmedins_code: textOf(b, 'fixmedins_code')!,
    sign_no: textOf(b, 'sign_no'),
    inf_time: textOf(b, 'inf_time')!,
    opter: textOf(b, 'opter')!,
    input: (b.input ?? {}) as Record<string, unknown>,
  };
  if (request.msgid.length > 30) throw fieldError('msgid', '长度不能超过30位');
  if (!/^\d{6}$/.test(request.mdtrtarea_admvs)) throw fieldError('mdtrtarea_admvs', '应为6位医保区划代码');
  if (request.insuplc_admdvs !== undefined && !/^\d{6}$/.test(request.insuplc_admdvs)) {
    throw fieldError('insuplc_admdvs', '应为6位医保区划代码');
  }
  if (parseChinaDateTime(request.inf_time) === undefined)
    throw fieldError('inf_time', '时间格式应为yyyy-MM-dd HH:mm:ss');
  if (typeof b.input !== 'object' || b.input === null || Array.isArray(b.input))
    throw fieldError('input', '应为JSON对象');
  return request;
}

/** `yyyyMMddHHmmssSSS` in UTC+8, the envelope's time stamps. */
export function stampOf(epochMs: number): string {
  return new Date(epochMs + 8 * 3600_000).toISOString().replace(/\D/g, '').slice(0, 17);
}

let serial = 0;
/** 接收方报文ID: the receiver's region (6) + yyyyMMddHHmmss (14) + a serial (10). */
export function refMessageId(region: string, epochMs: number): string {
  serial = (serial + 1) % 10_000_000_000;
  return `${region}${stampOf(epochMs).slice(0, 14)}${String(serial).padStart(10, '0')}`;
}

export interface HisResponse {
  readonly infcode: 0 | -1;
  readonly inf_refmsgid: string;
  readonly refmsg_time: string;
  readonly respond_time: string;
  readonly err_msg: string | null;
  readonly output: unknown;
}
