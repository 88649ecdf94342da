// The worked examples of shared/spec/examples (copied into test/fixtures/examples) come out to the fen.
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { calculate } from './calc.ts';

const DIR = fileURLToPath(new URL('../../../test/fixtures/examples/', import.meta.url));
const read = (name: string): unknown => JSON.parse(readFileSync(`${DIR}${name}`, 'utf8'));

/** An expected file lists a subset; amounts compare to the fen, ratios to 4 decimals, absent counters as 0. */
function expectSubset(got: unknown, want: unknown, path: string): void {
  if (Array.isArray(want)) {
    expect(Array.isArray(got), path).toBe(true);
    expect((got as unknown[]).length, `${path}.length`).toBe(want.length);
    want.forEach((w, i) => {
      expectSubset((got as unknown[])[i], w, `${path}[${i}]`);
    });
  } else if (want !== null && typeof want === 'object') {
    for (const [key, w] of Object.entries(want)) {
      const g = (got as Record<string, unknown>)[key];
      if (key === 'counters') {
        for (const [name, value] of Object.entries(w as Record<string, number>)) {
          expect((g as Record<string, number>)[name] ?? 0, `${path}.counters.${name}`).toBeCloseTo(value, 4);
        }
      } else expectSubset(g, w, `${path}.${key}`);
    }
  } else if (typeof want === 'number') {
    expect(got, path).toBeCloseTo(want, 4);
  } else {
    expect(got, path).toEqual(want);
  }
}

describe('worked examples of the settlement contract', () => {
  const cases = readdirSync(DIR).filter((f) => f.endsWith('.case.json'));
  it('are all here', () => expect(cases.length).toBeGreaterThanOrEqual(3));
  for (const file of cases) {
    it(`${file} reproduces ${file.replace('.case.', '.expected.')}`, () => {
      const result = calculate(read(file), file);
      if (!result.ok) throw new Error(result.problems.join('\n'));
      expectSubset(result.output, read(file.replace('.case.', '.expected.')), 'output');
    });
  }

  it('explains 老张 layer arithmetic as a clerk would write it', () => {
    const result = calculate(read('laozhang.case.json'));
    if (!result.ok) throw new Error(result.problems.join('\n'));
    expect(result.output.setldetail[0]?.setl_proc_info).toBe(
      '起付线1000.00；10000.00×85%+10000.00×90%=17500.00',
    );
  });
});
