// 就医地目录 lookups: the version of an item valid on a day, found through a Map, never by scanning.
import type { CatalogueItem } from '../dataset/model.ts';

const NO_VERSIONS: readonly CatalogueItem[] = [];

export class CatalogueIndex {
  private readonly versions = new Map<string, CatalogueItem[]>();

  constructor(items: Iterable<CatalogueItem>) {
    for (const item of items) {
      const list = this.versions.get(item.hilist_code);
      if (list) list.push(item);
      else this.versions.set(item.hilist_code, [item]);
    }
    for (const list of this.versions.values()) list.sort((a, b) => (a.begndate < b.begndate ? -1 : 1));
  }

  get size(): number {
    return this.versions.size;
  }

  /** Every version of a code, oldest first; empty when the catalogue does not know the code at all. */
  versionsOf(code: string): readonly CatalogueItem[] {
    return this.versions.get(code) ?? NO_VERSIONS;
  }

  /** The version valid on `day` (`yyyy-MM-dd`; begndate and enddate inclusive), or undefined. */
  find(code: string, day: string): CatalogueItem | undefined {
    const list = this.versions.get(code);
    if (!list) return undefined;
    // Versions of one code are few (a handful a year): walk them newest first.
    for (let i = list.length - 1; i >= 0; i--) {
      const item = list[i]!;
      if (item.begndate <= day) return item.enddate === null || item.enddate >= day ? item : undefined;
    }
    return undefined;
  }

  /**
   * The version valid on the day of `time` (`yyyy-MM-dd HH:mm:ss`): the same as `find(code, time.slice(0, 10))`
   * without cutting a new string for every fee line. Dates are `yyyy-MM-dd`, so `begndate <= time` says
   * `begndate <= day`, and the day is at most `enddate` when the time sorts before it or starts with it.
   */
  findAt(code: string, time: string): CatalogueItem | undefined {
    const list = this.versions.get(code);
    if (!list) return undefined;
    for (let i = list.length - 1; i >= 0; i--) {
      const item = list[i]!;
      if (item.begndate <= time) {
        const end = item.enddate;
        return end === null || time < end || time.startsWith(end) ? item : undefined;
      }
    }
    return undefined;
  }
}
