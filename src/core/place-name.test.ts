import { describe, expect, it } from 'vitest';
import { placeName } from './place-name.ts';

describe('place names', () => {
  it('names a province, a pooling region and a county from the province down', () => {
    expect(placeName('460000')).toBe('海南省');
    expect(placeName('460100')).toBe('海南省海口市');
    expect(placeName('460108')).toBe('海南省海口市美兰区');
    expect(placeName('130100')).toBe('河北省石家庄市');
  });

  it('names a municipality once', () => {
    expect(placeName('110000')).toBe('北京市');
    expect(placeName('110101')).toBe('北京市东城区');
  });

  it('keeps a code it does not know', () => {
    expect(placeName('999999')).toBe('999999');
  });
});
