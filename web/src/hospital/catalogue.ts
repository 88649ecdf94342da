// The treatment province's catalogue (就医地目录) through 1312. 1312 filters by code only, so a search by name reads
// the catalogue page by page once per session — as a HIS downloads it — and looks in that copy.
import type { HisSession } from './his-session.ts';

export interface CatalogueItem {
  readonly hilist_code: string;
  readonly hilist_name: string;
  readonly med_chrgitm_type: string;
  readonly chrgitm_lv: string;
  readonly lmt_used_flag: string;
  readonly list_type: string;
  readonly begndate: string;
  readonly enddate: string | null;
}

interface CataloguePage {
  readonly pages: number;
  readonly recordCounts: number;
  readonly data: readonly CatalogueItem[];
}

/** 1312's own limit. */
const PAGE_SIZE = 1000;
/** A bound on the download: 20,000 items is more than a province's catalogue of one valid day. */
const MAX_PAGES = 20;

const downloads = new WeakMap<HisSession, Map<string, Promise<readonly CatalogueItem[]>>>();

/** The items with exactly this code valid on the day (1312 hilist_code). */
export async function itemsByCode(session: HisSession, code: string, day: string): Promise<CatalogueItem[]> {
  const page = (await session.call('1312', {
    data: { hilist_code: code, query_date: day, page_num: 1, page_size: 10 },
  })) as CataloguePage;
  return [...page.data];
}

/** The whole catalogue valid on the day, downloaded once per session and day; a failed download is forgotten. */
export function catalogueOf(session: HisSession, day: string): Promise<readonly CatalogueItem[]> {
  const byDay = downloads.get(session) ?? new Map<string, Promise<readonly CatalogueItem[]>>();
  downloads.set(session, byDay);
  const known = byDay.get(day);
  if (known) return known;
  const download = (async () => {
    const items: CatalogueItem[] = [];
    for (let pageNum = 1; pageNum <= MAX_PAGES; pageNum++) {
      const page = (await session.call('1312', {
        data: { query_date: day, page_num: pageNum, page_size: PAGE_SIZE },
      })) as CataloguePage;
      items.push(...page.data);
      if (pageNum >= page.pages) break;
    }
    return items;
  })();
  byDay.set(day, download);
  download.catch(() => byDay.delete(day));
  return download;
}

/** A code looks like letters and digits only; anything with Chinese is a name. */
export const looksLikeCode = (text: string): boolean => /^[A-Za-z0-9.-]{6,}$/.test(text);

export function matchName(items: readonly CatalogueItem[], text: string): CatalogueItem[] {
  const needle = text.trim().toLowerCase();
  return items.filter(
    (i) => i.hilist_name.toLowerCase().includes(needle) || i.hilist_code.toLowerCase().startsWith(needle),
  );
}
