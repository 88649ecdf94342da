// What a HIS transaction handler gets and gives; one file per transaction implements it.
import type { Institution } from '../../core/dataset/model.ts';
import { isCode } from '../../core/dictionaries.ts';
import { describeDecimalProblem, parseYuan } from '../../core/money.ts';
import { parseChinaDateTime } from '../../core/time.ts';
import type { ProvincialNode } from '../../node/provincial-node.ts';
import type { NodesPlatform } from '../../platform.ts';
import type { HisStore } from '../../store/his-store.ts';
import { type HisRequest, inputError } from './envelope.ts';

export interface HisContext {
  readonly request: HisRequest;
  /** The treatment-side node serving the institution (chosen by mdtrtarea_admvs). */
  readonly node: ProvincialNode;
  readonly his: HisStore;
  /** The calling institution (it belongs to the node: checked before any transaction runs). */
  readonly institution: Institution;
  readonly platform: NodesPlatform;
  /** When the message arrived: the edge reads the clock once, the rules below take it as input. */
  readonly now: Date;
}

export interface HisTransaction {
  readonly infno: string;
  readonly name: string;
  /** Whether the call must carry a valid sign_no of its institution (all but 9001). */
  readonly needsSignIn: boolean;
  /** Where a Refusal's field lives in the request (default `input.data`): `input.mdtrtinfo` for 2401. */
  readonly inputPath?: string;
  handle(context: HisContext): Promise<unknown>;
}

/** An object node of `input`, e.g. `input.data`, or a clear error naming it. */
export function inputNode(request: HisRequest, name: string): Record<string, unknown> {
  const node = request.input[name];
  if (typeof node !== 'object' || node === null || Array.isArray(node))
    throw inputError(`input.${name}`, '必填，应为JSON对象');
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
  if (required) throw inputError(`${path}.${field}`, '必填');
  if (value !== undefined && value !== null && value !== '')
    throw inputError(`${path}.${field}`, '应为字符串');
  return undefined;
}

/** A list node of `input` (e.g. `input.feedetail`), non-empty, or a clear error naming it. */
export function inputList(request: HisRequest, name: string): Record<string, unknown>[] {
  const list = request.input[name];
  if (!Array.isArray(list) || list.length === 0) throw inputError(`input.${name}`, '必填，应为非空JSON数组');
  list.forEach((item, i) => {
    if (typeof item !== 'object' || item === null || Array.isArray(item))
      throw inputError(`input.${name}[${i}]`, '应为JSON对象');
  });
  return list as Record<string, unknown>[];
}

/** An optional list node of `input` (e.g. `input.diseinfo`). */
export function optionalList(request: HisRequest, name: string): Record<string, unknown>[] {
  return request.input[name] === undefined || request.input[name] === null ? [] : inputList(request, name);
}

/** A time `yyyy-MM-dd HH:mm:ss`, validated. */
export function inputDateTime(
  node: Record<string, unknown>,
  path: string,
  field: string,
  required: true,
): string;
export function inputDateTime(
  node: Record<string, unknown>,
  path: string,
  field: string,
  required?: boolean,
): string | undefined;
export function inputDateTime(
  node: Record<string, unknown>,
  path: string,
  field: string,
  required = false,
): string | undefined {
  const text = inputText(node, path, field, required);
  if (text !== undefined && parseChinaDateTime(text) === undefined)
    throw inputError(`${path}.${field}`, '时间格式应为yyyy-MM-dd HH:mm:ss');
  return text;
}

/** A date `yyyy-MM-dd` (a time is accepted and cut to its day). */
export function inputDate(node: Record<string, unknown>, path: string, field: string, required: true): string;
export function inputDate(
  node: Record<string, unknown>,
  path: string,
  field: string,
  required?: boolean,
): string | undefined;
export function inputDate(
  node: Record<string, unknown>,
  path: string,
  field: string,
  required = false,
): string | undefined {
  const text = inputText(node, path, field, required);
  if (text === undefined) return undefined;
  const day = text.length === 19 && parseChinaDateTime(text) !== undefined ? text.slice(0, 10) : text;
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day) || parseChinaDateTime(`${day} 00:00:00`) === undefined)
    throw inputError(`${path}.${field}`, '日期格式应为yyyy-MM-dd');
  return day;
}

/** An amount in yuan (number or numeric text, at most 2 decimals) as fen. */
export function inputYuan(node: Record<string, unknown>, path: string, field: string, required: true): number;
export function inputYuan(
  node: Record<string, unknown>,
  path: string,
  field: string,
  required?: boolean,
): number | undefined;
export function inputYuan(
  node: Record<string, unknown>,
  path: string,
  field: string,
  required = false,
): number | undefined {
  const value = node[field];
  if (value === undefined || value === null || value === '') {
    if (required) throw inputError(`${path}.${field}`, '必填');
    return undefined;
  }
  const parsed = parseYuan(value);
  if (!parsed.ok)
    throw inputError(`${path}.${field}`, chineseDecimalProblem(describeDecimalProblem(parsed.problem)));
  return parsed.value;
}

function chineseDecimalProblem(message: string): string {
  if (message === 'must be a number') return '应为数值';
  if (message === 'is too large') return '数值过大';
  const m = /^more than (\d+) decimals$/.exec(message);
  return m ? `小数位超过${m[1]}位` : message;
}

/** A code of a dictionary (e.g. insutype), named with its allowed values when wrong. */
export function inputCode<D extends object>(
  node: Record<string, unknown>,
  path: string,
  field: string,
  dictionary: D,
  required: true,
): keyof D & string;
export function inputCode<D extends object>(
  node: Record<string, unknown>,
  path: string,
  field: string,
  dictionary: D,
  required?: boolean,
): (keyof D & string) | undefined;
export function inputCode<D extends object>(
  node: Record<string, unknown>,
  path: string,
  field: string,
  dictionary: D,
  required = false,
): (keyof D & string) | undefined {
  const text = inputText(node, path, field, required);
  if (text === undefined) return undefined;
  if (!isCode(dictionary, text))
    throw inputError(
      `${path}.${field}`,
      `代码${text}不在字典中（可选：${Object.keys(dictionary).join('、')}）`,
    );
  return text;
}

/** A 0/1 flag; absent is the default. */
export function inputFlag(
  node: Record<string, unknown>,
  path: string,
  field: string,
  fallback: '0' | '1',
): '0' | '1' {
  const text = inputText(node, path, field) ?? fallback;
  if (text !== '0' && text !== '1') throw inputError(`${path}.${field}`, '应为0或1');
  return text;
}

/** `exp_content`: a JSON string (as the interface defines it) or an object; its `er_flag` marks an emergency. */
export function erFlagOf(node: Record<string, unknown>, path: string): string | undefined {
  const raw = node.exp_content;
  if (raw === undefined || raw === null || raw === '') return undefined;
  let content: unknown = raw;
  if (typeof raw === 'string') {
    try {
      content = JSON.parse(raw);
    } catch {
      throw inputError(`${path}.exp_content`, '应为JSON字符串');
    }
  }
  if (typeof content !== 'object' || content === null)
    throw inputError(`${path}.exp_content`, '应为JSON对象');
  const flag = (content as Record<string, unknown>).er_flag;
  return flag === undefined || flag === null ? undefined : String(flag);
}

/** 医疗类别: a national or local code (2 to 6 digits). */
export function inputMedType(node: Record<string, unknown>, path: string, required: true): string;
export function inputMedType(
  node: Record<string, unknown>,
  path: string,
  required?: boolean,
): string | undefined;
export function inputMedType(
  node: Record<string, unknown>,
  path: string,
  required = false,
): string | undefined {
  const text = inputText(node, path, 'med_type', required);
  if (text !== undefined && !/^\d{2,6}$/.test(text))
    throw inputError(`${path}.med_type`, '应为2至6位数字的医疗类别代码');
  return text;
}
