// The server log without personal data: session secrets redacted, ID numbers and names masked wherever a log line
// carries them — the request URL, error messages, logged objects (docs/SECURITY.md, "Personal data in logs").
import type { FastifyServerOptions } from 'fastify';
import { maskCertno, maskName } from '../../core/masking.ts';

/** An 18-character 居民身份证号 (17 digits and a digit or X), not inside a longer run of digits. */
const CERTNO_LIKE = /(?<![\dA-Za-z])\d{17}[\dXx](?![\dA-Za-z])/g;
/** Fields that hold a name or an ID number, wherever they appear in a logged object or a query string. */
const NAME_FIELD = /(^|_)name$/i;
const CERTNO_FIELD = /^(certno|mdtrt_cert_no|psn_cert_no|idcard|id_no)$/i;
/** How deep a logged object is walked; deeper parts are logged as they are (logs carry small objects). */
const MASK_DEPTH_MAX = 6;

export const REDACTED_PATHS: readonly string[] = [
  'req.headers.authorization',
  'req.headers.cookie',
  'headers.authorization',
  'headers.cookie',
  'res.headers["set-cookie"]',
  '*.password',
  '*.token',
];

/** Any text with the ID numbers in it masked: 130102197003121238 → 1301**********1238. */
export const maskIdsIn = (text: string): string => text.replace(CERTNO_LIKE, (id) => maskCertno(id));

/** A URL with its ID numbers masked, and the values of name and certno query parameters too. */
export function maskUrl(url: string): string {
  const at = url.indexOf('?');
  if (at < 0) return maskIdsIn(url);
  const query = url
    .slice(at + 1)
    .split('&')
    .map((pair) => {
      const eq = pair.indexOf('=');
      if (eq < 0) return pair;
      const key = pair.slice(0, eq);
      let value: string;
      try {
        value = decodeURIComponent(pair.slice(eq + 1).replaceAll('+', ' '));
      } catch {
        return `${key}=***`;
      }
      if (NAME_FIELD.test(key)) return `${key}=${encodeURIComponent(maskName(value))}`;
      if (CERTNO_FIELD.test(key)) return `${key}=${maskCertno(value)}`;
      return `${key}=${encodeURIComponent(maskIdsIn(value))}`;
    });
  return `${maskIdsIn(url.slice(0, at))}?${query.join('&')}`;
}

/** A logged value with names and ID numbers masked (a copy; the original is left alone). */
export function maskLogged(value: unknown, key = '', depth = 0): unknown {
  if (typeof value === 'string') {
    if (NAME_FIELD.test(key)) return maskName(value);
    if (CERTNO_FIELD.test(key)) return maskCertno(value);
    return maskIdsIn(value);
  }
  if (value === null || typeof value !== 'object' || depth >= MASK_DEPTH_MAX) return value;
  if (Array.isArray(value)) return value.map((v) => maskLogged(v, key, depth + 1));
  // Requests, replies and errors go to their serializers as they are; only plain data is walked here.
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = maskLogged(v, k, depth + 1);
  return out;
}

interface LoggedRequest {
  readonly method: string;
  readonly url: string;
  readonly hostname?: string;
  readonly host?: string;
  readonly ip?: string;
  readonly socket?: { readonly remotePort?: number };
}

/** The request as a log line shows it: Fastify's fields, with the URL masked. */
function serializeRequest(request: LoggedRequest): Record<string, unknown> {
  return {
    method: request.method,
    url: maskUrl(request.url),
    host: request.host ?? request.hostname,
    remoteAddress: request.ip,
    remotePort: request.socket?.remotePort,
  };
}

/** An error as a log line shows it: type, masked message and stack, and a status code if it has one. */
function serializeError(error: Error): {
  [key: string]: unknown;
  type: string;
  message: string;
  stack: string;
} {
  const { statusCode, code } = error as Error & { statusCode?: number; code?: string };
  return {
    type: error.name,
    message: maskIdsIn(String(error.message)),
    stack: maskIdsIn(error.stack ?? ''),
    ...(statusCode !== undefined ? { statusCode } : {}),
    ...(code !== undefined ? { code } : {}),
  };
}

type LoggerOption = boolean | { readonly level: string };

/** Fastify's logger option with redaction and masking; false stays false (tests). */
export function maskedLogger(option: LoggerOption): FastifyServerOptions['logger'] {
  if (option === false) return false;
  const level = option === true ? 'info' : option.level;
  return {
    level,
    redact: { paths: [...REDACTED_PATHS], censor: '[redacted]' },
    serializers: { req: serializeRequest, err: serializeError },
    formatters: { log: (object) => maskLogged(object) as Record<string, unknown> },
    hooks: {
      logMethod(args, method) {
        const masked = args.map((arg) => (typeof arg === 'string' ? maskIdsIn(arg) : arg));
        return method.apply(this, masked as Parameters<typeof method>);
      },
    },
  };
}
