// One Ajv instance with the dataset keywords (yuan, ratio, date, dateTime, admdvs) and problem messages as the loader reports them.
import { Ajv, type ErrorObject, type SchemaObject, type ValidateFunction } from 'ajv';
import { describeDecimalProblem, parseRatio, parseYuan } from '../money.ts';
import { isKnownRegion, isPoolingRegion, poolingRegionOf, provinceOf, regionOf } from '../regions.ts';
import { isValidDate, parseChinaDateTime } from '../time.ts';
import type { AdmdvsKind } from './schema.ts';

type KeywordCheck = (schema: unknown, data: unknown) => string | undefined;

const checks: Record<string, KeywordCheck> = {
  yuan(_schema, data) {
    const parsed = parseYuan(data);
    if (!parsed.ok) return describeDecimalProblem(parsed.problem);
    return parsed.value < 0 ? 'must not be negative' : undefined;
  },
  ratio(_schema, data) {
    const parsed = parseRatio(data);
    if (!parsed.ok) return describeDecimalProblem(parsed.problem);
    return parsed.value < 0 || parsed.value > 10_000 ? 'must be between 0 and 1' : undefined;
  },
  date: (_schema, data) => (isValidDate(String(data)) ? undefined : 'must be a date yyyy-MM-dd'),
  dateTime: (_schema, data) =>
    parseChinaDateTime(String(data)) === undefined ? 'must be a time yyyy-MM-dd HH:mm:ss' : undefined,
  admdvs: (schema, data) => checkAdmdvs(schema as AdmdvsKind, String(data)),
};

function checkAdmdvs(kind: AdmdvsKind, code: string): string | undefined {
  if (!/^\d{6}$/.test(code)) return 'must be a 6-digit region code';
  if (!isKnownRegion(code)) return `${code} is not a region of GB/T 2260`;
  const region = regionOf(code)!;
  switch (kind) {
    case 'region':
      return undefined;
    case 'pooling':
      return isPoolingRegion(code)
        ? undefined
        : `${code} is not a pooling region (a prefecture XXYY00 or 北京/天津/上海/重庆)`;
    case 'province':
      return region.level === 'province' ? undefined : `${code} is not a province code XX0000`;
    case 'province-or-prefecture':
      return region.level === 'province' || isPoolingRegion(code)
        ? undefined
        : `${code} is not a province or a prefecture`;
    case 'institution':
      return poolingRegionOf(code) !== undefined && provinceOf(code) !== undefined
        ? undefined
        : `${code} is a province; an institution's admdvs is its county or prefecture`;
  }
}

const ajv = new Ajv({ allErrors: true, verbose: true, strict: true, allowUnionTypes: true });
ajv.addVocabulary(['x-message']);
for (const [keyword, check] of Object.entries(checks)) {
  ajv.addKeyword({
    keyword,
    errors: true,
    validate: function validate(schema: unknown, data: unknown) {
      // null passes here: whether null is allowed is the type list's business.
      const message = data === null ? undefined : check(schema, data);
      if (message === undefined) return true;
      (validate as unknown as { errors: Partial<ErrorObject>[] }).errors = [{ keyword, message, params: {} }];
      return false;
    },
  });
}

/** Compiles a schema once. */
export const compile = <T>(schema: SchemaObject): ValidateFunction<T> => ajv.compile<T>(schema);

/** JSON Pointer `/benefits/0/layers/1` → `benefits[0].layers[1]`. */
export function pointerToPath(pointer: string): string {
  let path = '';
  for (const raw of pointer.split('/').slice(1)) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    path = joinPath(path, /^\d+$/.test(key) ? Number(key) : key);
  }
  return path;
}

/** Appends a key the way JavaScript would write it: `.name`, `[3]`, or `["pool.paid"]` for other keys. */
export function joinPath(path: string, key: string | number): string {
  if (typeof key === 'number') return `${path}[${key}]`;
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(key)) return `${path}[${JSON.stringify(key)}]`;
  return path === '' ? key : `${path}.${key}`;
}

/** One Ajv error as `path: reason`, with the path of the offending field itself. */
export function describeError(error: ErrorObject): { path: string; message: string } {
  const at = pointerToPath(error.instancePath);
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'required':
      return { path: joinPath(at, String(params.missingProperty)), message: 'is required' };
    case 'additionalProperties': {
      // Maps keyed by codes (offsite, counters) explain which keys they take; records of fields say "unknown field".
      const custom = (error.parentSchema as Record<string, unknown> | undefined)?.['x-message'];
      const message = typeof custom === 'string' ? custom : 'unknown field';
      return { path: joinPath(at, String(params.additionalProperty)), message };
    }
    case 'enum':
      return { path: at, message: `must be one of ${(params.allowedValues as unknown[]).join(', ')}` };
    case 'type':
      return { path: at, message: `must be ${String(params.type).replace(',', ' or ')}` };
    case 'pattern': {
      const custom = (error.parentSchema as Record<string, unknown> | undefined)?.['x-message'];
      return {
        path: at,
        message: typeof custom === 'string' ? custom : `must match ${String(params.pattern)}`,
      };
    }
    case 'minimum':
    case 'maximum': {
      // A bounded setting says its range and why (a national rule); other bounds read as Ajv puts them.
      const custom = (error.parentSchema as Record<string, unknown> | undefined)?.['x-message'];
      return { path: at, message: typeof custom === 'string' ? custom : (error.message ?? error.keyword) };
    }
    case 'minLength':
      return {
        path: at,
        message: params.limit === 1 ? 'must not be empty' : `must be at least ${params.limit} characters`,
      };
    case 'propertyNames':
      return { path: joinPath(at, String(params.propertyName)), message: 'is not an allowed name' };
    default:
      return { path: at, message: error.message ?? error.keyword };
  }
}
