// problem+json (RFC 9457) for the JSON API: one shape for every refusal, with the request field it is about.
import type { FastifyError, FastifyInstance, FastifyReply } from 'fastify';
import { FilingRuleError } from '../../core/filing/application.ts';
import { MaterialDecryptionError } from '../../store/materials-cipher.ts';

/** A refusal of the JSON API: HTTP status, stable code, the field (JSON path of the request) and a reason in Chinese. */
export class ApiProblem extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly detail: string,
    readonly field: string | null = null,
  ) {
    super(detail);
    this.name = 'ApiProblem';
  }
}

export const badRequest = (field: string, detail: string) =>
  new ApiProblem(400, 'invalid-input', detail, field);
export const unauthorized = (detail = '请先登录') => new ApiProblem(401, 'unauthenticated', detail);
export const forbidden = (detail: string) => new ApiProblem(403, 'forbidden', detail);
export const notFound = (detail: string) => new ApiProblem(404, 'not-found', detail);

/** Statuses of the core's rule codes: a rule the request breaks is 422, a clash with what exists is 409. */
const RULE_STATUS: Readonly<Record<FilingRuleError['code'], number>> = {
  'filing-place': 422,
  'filing-period': 422,
  'filing-notice': 422,
  'filing-proof': 422,
  'filing-insutype': 422,
  'filing-duplicate': 409,
  'filing-waiting': 409,
  'filing-state': 409,
};

/** The OpenAPI shape of every error answer. */
export const PROBLEM_SCHEMA = {
  type: 'object',
  properties: {
    type: { type: 'string' },
    title: { type: 'string' },
    status: { type: 'integer' },
    code: { type: 'string' },
    detail: { type: 'string' },
    field: { type: ['string', 'null'] },
  },
} as const;

/** The problem schema under each of the given statuses, for a route's `response`. */
export const problemResponses = (...statuses: readonly number[]): Record<number, typeof PROBLEM_SCHEMA> =>
  Object.fromEntries(statuses.map((status) => [status, PROBLEM_SCHEMA]));

function send(reply: FastifyReply, problem: ApiProblem): FastifyReply {
  return reply
    .code(problem.status)
    .type('application/problem+json')
    .send({
      type: 'about:blank',
      title: problem.code,
      status: problem.status,
      code: problem.code,
      detail: problem.field ? `${problem.field}：${problem.detail}` : problem.detail,
      field: problem.field,
    });
}

/** Maps schema failures, typed refusals and rule errors to problem+json; anything else is a 500 without internals. */
export function registerProblems(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (error instanceof ApiProblem) return send(reply, error);
    if (error instanceof MaterialDecryptionError) {
      request.log.error(error);
      return send(
        reply,
        new ApiProblem(
          500,
          'material-undecryptable',
          '材料无法解密：材料密钥与加密时所用的不符，或存储内容已被篡改',
        ),
      );
    }
    if (error instanceof FilingRuleError)
      return send(reply, new ApiProblem(RULE_STATUS[error.code], error.code, error.message, error.field));
    if (error.validation) {
      const [first] = error.validation;
      const path = first?.instancePath.replace(/^\//, '').replace(/\//g, '.') ?? '';
      const missing = (first?.params as { missingProperty?: string } | undefined)?.missingProperty;
      const extra = (first?.params as { additionalProperty?: string } | undefined)?.additionalProperty;
      const field = [path, missing ?? extra].filter(Boolean).join('.') || (error.validationContext ?? 'body');
      const reason = missing ? '必填' : extra ? '不是可接受的字段' : (first?.message ?? '格式错误');
      return send(
        reply,
        new ApiProblem(
          400,
          'invalid-input',
          reason,
          `${error.validationContext}.${field}`.replace(/^(\w+)\.\1\./, '$1.'),
        ),
      );
    }
    if (error.statusCode && error.statusCode < 500)
      return send(reply, new ApiProblem(error.statusCode, error.code ?? 'bad-request', error.message));
    request.log.error(error);
    return send(reply, new ApiProblem(500, 'internal', '服务内部错误，请稍后重试'));
  });
}
