// Filing materials (证明材料): which files are accepted, told by their first bytes rather than by what the client claims.

/** One file at most this large: a phone photo of a residence permit or a scanned letter fits. */
export const MAX_MATERIAL_BYTES = 5 * 1024 * 1024;
/** Materials a person may hold uploaded but not yet attached to a filing. */
export const MAX_PENDING_MATERIALS = 20;

export const MATERIAL_TYPES = ['application/pdf', 'image/jpeg', 'image/png'] as const;
export type MaterialType = (typeof MATERIAL_TYPES)[number];

const SIGNATURES: readonly (readonly [MaterialType, readonly number[]])[] = [
  ['application/pdf', [0x25, 0x50, 0x44, 0x46, 0x2d]], // %PDF-
  ['image/jpeg', [0xff, 0xd8, 0xff]],
  ['image/png', [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]],
];

/** The type the file's own signature shows, or undefined when it is none of the accepted ones. */
export function sniffMaterialType(bytes: Uint8Array): MaterialType | undefined {
  return SIGNATURES.find(([, signature]) => signature.every((b, i) => bytes[i] === b))?.[0];
}
