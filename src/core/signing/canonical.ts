// The canonical form of a message: what a msgid's hash and a signature (cainfo) are computed over. No node: imports:
// the hospital workstation signs in the browser with the same code.

/** JSON with keys sorted recursively (by UTF-16 code unit), no whitespace; a retry that reorders fields is the same message. */
export function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      // JSON.stringify leaves out undefined members; so does the canonical form.
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** The field that carries the signature; it is the one member the signature does not cover. */
export const SIGNATURE_FIELD = 'cainfo';

/** The text a signature covers (signed as its UTF-8 bytes): the envelope without `cainfo`, in canonical form. */
export function signedContent(envelope: Readonly<Record<string, unknown>>): string {
  const { [SIGNATURE_FIELD]: _, ...covered } = envelope;
  return canonical(covered);
}
