// The shared reading of 1312/1318/1319: filters, paging (page_num from 1, page_size at most MAX_PAGE_SIZE), rows.
import { normalizeChrgitmLv } from '../../core/dictionaries.ts';
import { type CatalogueFilter, type CataloguePage, CatalogueStore } from '../../store/catalogue-store.ts';
import { fieldError } from './envelope.ts';
import { type HisContext, inputDate, inputNode, inputText } from './transaction.ts';

export const MAX_PAGE_SIZE = 1000;
const DEFAULT_PAGE_SIZE = 100;
const PATH = 'input.data';

function positiveInteger(
  data: Record<string, unknown>,
  field: string,
  fallback: number,
  max: number,
): number {
  const text = inputText(data, PATH, field);
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1 || value > max)
    throw fieldError(`${PATH}.${field}`, `应为1至${max}的整数`);
  return value;
}

/** Reads the query, pages through the node's catalogue, and shapes each row with `shape`. */
export async function catalogueQuery(
  context: HisContext,
  only: CatalogueFilter['only'],
  shape: (row: CataloguePage['rows'][number], insuAdmdvs: string) => Record<string, unknown>,
) {
  const data = inputNode(context.request, 'data');
  const level = inputText(data, PATH, 'chrgitm_lv');
  const chrgitmLv = level === undefined ? undefined : normalizeChrgitmLv(level);
  if (level !== undefined && chrgitmLv === undefined)
    throw fieldError(`${PATH}.chrgitm_lv`, '应为01（甲类）、02（乙类）或03（丙类）');
  const pageNum = positiveInteger(data, 'page_num', 1, 1_000_000);
  const pageSize = positiveInteger(data, 'page_size', DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE);
  const page = await new CatalogueStore(context.platform.db, context.node.province).page(
    {
      hilist_code: inputText(data, PATH, 'hilist_code'),
      valid_on: inputDate(data, PATH, 'query_date'),
      med_chrgitm_type: inputText(data, PATH, 'med_chrgitm_type'),
      chrgitm_lv: chrgitmLv,
      list_type: inputText(data, PATH, 'list_type'),
      lmt_used_flag: inputText(data, PATH, 'lmt_used_flag'),
      only,
    },
    pageNum,
    pageSize,
  );
  return {
    pageNum,
    pageSize,
    recordCounts: page.total,
    pages: Math.ceil(page.total / pageSize),
    data: page.rows.map((row) => shape(row, context.node.province)),
  };
}
