// What a HIS transaction handler gets and gives; one file per transaction implements it.
import type { ProvincialNode } from '../../node/provincial-node.ts';
import type { Platform } from '../../platform.ts';
import { HisStore } from '../../store/his-store.ts';
import { fieldError, type HisRequest } from './envelope.ts';

export interface HisContext {
  readonly request: HisRequest;
  /** The treatment-side node serving the institution (chosen by mdtrtarea_admvs). */
  readonly node: ProvincialNode;
  readonly his: HisStore;
  readonly platform: Platform;
  /** When the message arrived: the edge reads the clock once, the rules below take it as input. */
  readonly now: Date;
}

export interface HisTransaction {
  readonly infno: string;
  readonly name: string;
  /** Whether the call must carry a valid sign_no of its institution (all but 9001). */
  readonly needsSignIn: boolean;
  handle(context: HisContext): Promise<unknown>;
}

/** An object node of `input`, e.g. `input.data`, or a clear error naming it. */
export function inputNode(request: HisRequest, name: string): Record<string, unknown> {
  const node = request.input[name];
  if (typeof node !== 'object' || node === null || Array.isArray(node))
    throw fieldError(`input.${name}`, '必填，应为JSON对象');
  return node as Record<string, unknown>;
}

/** A text field of an input node, trimmed; numbers are accepted as text. */
export function inputText(node: Record<string, unknown>, path: string, field: string, required: true): string;
export function inputText(
  node: Record<string, unknown>,
  path: string,
  field: string,
  required?: boolean,
): string | undefined;
export function inputText(
  node: Record<string, unknown>,
  path: string,
  field: string,
  required = false,
): string | undefined {
  const value = node[field];
  const text =
    typeof value === 'string' ? value.trim() : typeof value === 'number' ? String(value) : undefined;
  if (text) return text;
  if (required) throw fieldError(`${path}.${field}`, '必填');
  if (value !== undefined && value !== null && value !== '')
    throw fieldError(`${path}.${field}`, '应为字符串');
  return undefined;
}

export { HisStore };
