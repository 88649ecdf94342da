import { describe, expect, it } from 'vitest';
import { sniffMaterialType } from './materials.ts';

describe('sniffMaterialType', () => {
  it('tells PDF, JPEG and PNG by their first bytes', () => {
    expect(sniffMaterialType(Buffer.from('%PDF-1.7\n'))).toBe('application/pdf');
    expect(sniffMaterialType(Uint8Array.from([0xff, 0xd8, 0xff, 0xe0, 0]))).toBe('image/jpeg');
    expect(sniffMaterialType(Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0]))).toBe(
      'image/png',
    );
  });

  it('refuses anything else, however it is named', () => {
    expect(sniffMaterialType(Buffer.from('GIF89a'))).toBeUndefined();
    expect(sniffMaterialType(Buffer.from('<html>'))).toBeUndefined();
    expect(sniffMaterialType(new Uint8Array())).toBeUndefined();
  });
});
