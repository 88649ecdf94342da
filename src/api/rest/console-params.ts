// Pieces the console's reference routes share: search parameters as forms send them, paging, and small schemas.
import { type TSchema, Type } from '@sinclair/typebox';
import type { FastifyRequest } from 'fastify';
import { MAX_CONSOLE_PAGE_SIZE } from '../../store/console-reference-store.ts';
import { PROBLEM_SCHEMA } from './problem.ts';

export const DEFAULT_PAGE_SIZE = 20;

export const CONSOLE_ERRORS = {
  400: PROBLEM_SCHEMA,
  401: PROBLEM_SCHEMA,
  403: PROBLEM_SCHEMA,
  404: PROBLEM_SCHEMA,
};

export const Paging = {
  page: Type.Optional(Type.Integer({ minimum: 1, default: 1, description: '页码，从 1 起' })),
  page_size: Type.Optional(
    Type.Integer({
      minimum: 1,
      maximum: MAX_CONSOLE_PAGE_SIZE,
      default: DEFAULT_PAGE_SIZE,
      description: '每页条数',
    }),
  ),
};

export const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);
/** Yuan with exactly two decimals, as text: "17500.00" (a JSON number would print 17500). */
export const YuanText = (description: string) =>
  Type.String({ pattern: '^-?\\d+\\.\\d{2}$', description: `${description}（元，两位小数）` });
export const Admdvs6 = (description: string) => Type.String({ pattern: '^\\d{6}$', description });
export const ChinaDate = (description: string) =>
  Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', format: 'date', description });

/**
 * An empty parameter (`name=`, as a search form sends a field left blank) means no filter; the schema refuses
 * unknown ones by name (a typo must not quietly answer everything).
 */
export async function blankMeansNone(request: FastifyRequest): Promise<void> {
  const query = request.query as Record<string, unknown>;
  for (const [key, value] of Object.entries(query)) if (value === '') delete query[key];
}

/** Page number and size with their defaults, and the rows to skip. */
export function pagingOf(query: { page?: number; page_size?: number }) {
  const page = query.page ?? 1;
  const pageSize = query.page_size ?? DEFAULT_PAGE_SIZE;
  return { page, page_size: pageSize, offset: (page - 1) * pageSize };
}
