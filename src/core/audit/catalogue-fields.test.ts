// The catalogue's optional audit restrictions (gend_lmt, age_min, age_max, daily_once): loaded when present, absent as before.
import { describe, expect, it } from 'vitest';
import { type Mutable, smallDataset } from '../../../test/support/datasets.ts';
import { validateDataset } from '../dataset/validate.ts';

function load(change: (rows: Mutable[]) => void) {
  const raw: Mutable = smallDataset();
  change(raw.catalogues['460000']);
  return validateDataset(raw);
}

describe('catalogue restriction fields', () => {
  it('loads a catalogue without them as before, with no restriction keys on the items', () => {
    const loaded = load(() => {});
    expect(loaded.ok).toBe(true);
    if (!loaded.ok) return;
    const restrictionKeys = ['gend_lmt', 'age_min', 'age_max', 'daily_once'];
    for (const item of loaded.dataset.catalogue)
      expect(Object.keys(item).filter((key) => restrictionKeys.includes(key))).toEqual([]);
  });

  it('carries them onto the catalogue item', () => {
    const loaded = load((rows) =>
      Object.assign(rows[0], { gend_lmt: '2', age_min: 18, age_max: 60, daily_once: true }),
    );
    expect(loaded.ok).toBe(true);
    if (!loaded.ok) return;
    expect(loaded.dataset.catalogue[0]).toMatchObject({
      gend_lmt: '2',
      age_min: 18,
      age_max: 60,
      daily_once: true,
    });
  });

  it('names a bad value by its path', () => {
    const bad = load((rows) => Object.assign(rows[1], { gend_lmt: 'F', age_min: 70, age_max: 65.5 }));
    expect(bad.ok).toBe(false);
    if (bad.ok) return;
    expect(bad.problems).toEqual([
      'catalogue/460000.json: [1].gend_lmt: must be one of 1, 2',
      'catalogue/460000.json: [1].age_max: must be integer',
    ]);
    const reversed = load((rows) => Object.assign(rows[1], { age_min: 70, age_max: 65 }));
    expect(reversed.ok ? [] : reversed.problems).toEqual([
      'catalogue/460000.json: [1].age_max: must not be below age_min 70',
    ]);
  });
});
