import { describe, expect, it } from 'vitest';
import { TtlCache } from './ttl-cache.ts';

describe('TtlCache', () => {
  it('forgets an entry once it is older than the age limit', () => {
    let now = 0;
    const cache = new TtlCache<string, number>(1_000, 10, () => now);
    cache.set('a', 1);
    now = 999;
    expect(cache.get('a')).toBe(1);
    now = 1_000;
    expect(cache.get('a')).toBeUndefined();
  });

  it('drops the oldest entry when full', () => {
    const cache = new TtlCache<string, number>(60_000, 2);
    cache.set('a', 1);
    cache.set('b', 2);
    cache.set('c', 3);
    expect([cache.get('a'), cache.get('b'), cache.get('c')]).toEqual([undefined, 2, 3]);
  });

  it('loads through once and does not keep a miss', async () => {
    const cache = new TtlCache<string, number>(60_000, 10);
    let loads = 0;
    const load = async () => {
      loads += 1;
      return loads === 1 ? undefined : 7;
    };
    expect(await cache.through('k', load)).toBeUndefined();
    expect(await cache.through('k', load)).toBe(7);
    expect(await cache.through('k', load)).toBe(7);
    expect(loads).toBe(2);
  });
});
