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
    /**
     * Refused before the message reached any effect (its shape, not the state of the world): not stored under the
     * msgid, so the database is unchanged; a retry is read afresh and refused the same way.
     */
    readonly unreached = false,
  ) {
    super(message);
    this.name = 'HisError';
  }
}

/** `field：reason`, as the national platform writes its err_msg. */
export const fieldError = (field: string, reason: string): HisError => new HisError(`${field}：${reason}`);

/** `field：reason` for input that is malformed whatever the state: refused before any effect, and not stored. */
export const inputError = (field: string, reason: string): HisError =>
  new HisError(`${field}：${reason}`, false, true);

const REQUIRED = ['infno', 'msgid', 'mdtrtarea_admvs', 'fixmedins_code', 'inf_time', 'opter'] as const;

/** Real HIS send numbers and strings alike; the envelope's codes are read as text. */
function textOf(body: Record<string, unknown>, field: string): string | undefined {
  const value = body[field];
  if (typeof value === 'string') return value.trim() || undefined;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return undefined;
}

/**
 * How deep a message may nest: the national messages go four levels down (`input.feedetail[3].pric`); a body nested
 * thousands deep would exhaust the stack of every recursive reader after this one (hashing, signing, logging).
 */
export const MAX_NESTING_DEPTH = 16;

/** A path as far as it can be written (`input.data.extra[0]`); a first key that cannot be is the body itself. */
function pathName(path: readonly (string | number)[]): string {
  const first = String(path[0]);
  if (!/^[^\s.[\]：]+$/.test(first)) return '请求报文';
  let named = first;
  for (const step of path.slice(1, 5)) {
    if (typeof step === 'number') named += `[${step}]`;
    else if (/^[A-Za-z_][A-Za-z0-9_]*$/.test(step)) named += `.${step}`;
    else break;
  }
  return named;
}

/** NUL is valid JSON but no database text column or JSON value can hold it: refused, not a failure of the store. */
const hasNul = (text: string) => text.includes('\u0000');

/**
 * The first problem of the message's structure, read without recursion: a value nested deeper than
 * MAX_NESTING_DEPTH, or a NUL character in a text or a key.
 */
function structureProblemOf(body: Record<string, unknown>): HisError | undefined {
  const nul = (path: readonly (string | number)[]) => inputError(pathName(path), '含有空字符（U+0000）');
  const stack: [unknown, readonly (string | number)[]][] = [];
  for (const [key, value] of Object.entries(body)) {
    if (hasNul(key)) return new HisError('请求报文：字段名含有空字符（U+0000）', false, true);
    if (typeof value === 'string' && hasNul(value)) return nul([key]);
    stack.push([value, [key]]);
  }
  while (stack.length > 0) {
    const [value, path] = stack.pop()!;
    if (typeof value !== 'object' || value === null) continue;
    if (path.length >= MAX_NESTING_DEPTH)
      return inputError(pathName(path), `嵌套层数超过${MAX_NESTING_DEPTH}层`);
    // Only containers go on the stack: a 9101 file of ten million byte numbers is looked at once, not copied.
    const visit = (step: string | number, child: unknown): HisError | undefined => {
      if (typeof child === 'string') return hasNul(child) ? nul([...path, step]) : undefined;
      if (typeof child === 'object' && child !== null) stack.push([child, [...path, step]]);
      return undefined;
    };
    if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) {
        const problem = visit(i, value[i]);
        if (problem) return problem;
      }
    } else
      for (const [step, child] of Object.entries(value)) {
        const problem = hasNul(step) ? nul(path) : visit(step, child);
        if (problem) return problem;
      }
  }
  return undefined;
}

export function parseEnvelope(body: unknown): HisRequest {
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    throw new HisError('请求报文应为JSON对象');
  const b = body as Record<string, unknown>;
  const structureProblem = structureProblemOf(b);
  if (structureProblem) throw structureProblem;
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
  /** The node's signature of the answer (signature.ts): `SM2` and base64 over the canonical form without cainfo. */
  readonly signtype?: string;
  readonly cainfo?: string;
}
