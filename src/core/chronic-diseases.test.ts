import { describe, expect, it } from 'vitest';
import { CHRONIC_DISEASES } from '../demo/chronic.ts';
import { chronicDiseaseName } from './chronic-diseases.ts';

describe('门诊慢特病 names', () => {
  it('names every disease the demo world qualifies people for', () => {
    for (const { code, name } of CHRONIC_DISEASES) expect(chronicDiseaseName(code)).toBe(name);
    expect(chronicDiseaseName('M03900')).toBe('高血压');
  });

  it('knows no name for an unknown code, nor for inherited properties', () => {
    expect(chronicDiseaseName('M99999')).toBeUndefined();
    expect(chronicDiseaseName('toString')).toBeUndefined();
  });
});
