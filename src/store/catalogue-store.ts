// Paged reads of a node's catalogue (就医地目录) for the HIS's 1312/1318/1319 queries.
import type { CatalogueItem } from '../core/dataset/model.ts';
import type { Db } from './db.ts';
import { inSchema } from './migrate.ts';
import { type CatalogueRow, catalogueItemOf } from './node-store.ts';
import { nodeSchema } from './schemas.ts';

export interface CatalogueFilter {
  readonly hilist_code?: string | undefined;
  /** Only versions valid on this day. */
  readonly valid_on?: string | undefined;
  readonly med_chrgitm_type?: string | undefined;
  readonly chrgitm_lv?: string | undefined;
  readonly list_type?: string | undefined;
  readonly lmt_used_flag?: string | undefined;
  /** 1318: only items with a price cap; 1319: only 乙类 items (a pre-self-pay share). */
  readonly only?: 'capped' | 'class-b' | undefined;
}

export interface CataloguePage {
  readonly total: number;
  readonly rows: readonly CatalogueItem[];
}

export class CatalogueStore {
  private readonly schema: string;

  constructor(
    private readonly db: Db,
    private readonly province: string,
  ) {
    this.schema = nodeSchema(province);
  }

  async page(filter: CatalogueFilter, pageNum: number, pageSize: number): Promise<CataloguePage> {
    const where: string[] = [];
    const params: unknown[] = [];
    const add = (condition: (placeholder: string) => string, value: unknown) => {
      params.push(value);
      where.push(condition(`$${params.length}`));
    };
    if (filter.hilist_code) add((p) => `hilist_code = ${p}`, filter.hilist_code);
    if (filter.valid_on)
      add((p) => `begndate <= ${p}::date AND (enddate IS NULL OR enddate >= ${p}::date)`, filter.valid_on);
    if (filter.med_chrgitm_type) add((p) => `med_chrgitm_type = ${p}`, filter.med_chrgitm_type);
    if (filter.chrgitm_lv) add((p) => `chrgitm_lv = ${p}`, filter.chrgitm_lv);
    if (filter.list_type) add((p) => `list_type = ${p}`, filter.list_type);
    if (filter.lmt_used_flag) add((p) => `lmt_used_flag = ${p}`, filter.lmt_used_flag);
    if (filter.only === 'capped') where.push('pric_uplmt_fen IS NOT NULL');
    if (filter.only === 'class-b') where.push("chrgitm_lv = '02'");
    const clause = where.length > 0 ? `WHERE ${where.join(' AND ')}` : '';
    const [count] = await this.db.query<{ n: number }>(
      inSchema(this.schema, `SELECT count(*)::int AS n FROM {s}.catalogue_items ${clause}`),
      params,
    );
    const rows = await this.db.query<CatalogueRow>(
      inSchema(
        this.schema,
        `SELECT $${params.length + 1}::text AS province, * FROM {s}.catalogue_items ${clause}
         ORDER BY hilist_code, begndate LIMIT $${params.length + 2} OFFSET $${params.length + 3}`,
      ),
      [...params, this.province, pageSize, (pageNum - 1) * pageSize],
    );
    return { total: count!.n, rows: rows.map(catalogueItemOf) };
  }
}
