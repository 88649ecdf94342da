// institutions.json's optional signing keys (docs/dataset-extensions.md): checked, and kept out of the institution rows.
import { describe, expect, it } from 'vitest';
import { type Mutable, smallDataset } from '../../../test/support/datasets.ts';
import { generateSm2KeyPair, publicKeyPem } from '../signing/keys.ts';
import { validateDataset } from './validate.ts';

const PEM = publicKeyPem(generateSm2KeyPair().publicKey);

function withKeys(keys: { sign_pubkey?: string; sign_secret?: string }): Mutable {
  const raw = smallDataset();
  Object.assign(raw.institutions![0]!, keys);
  return raw;
}

describe('institution signing keys in a dataset', () => {
  it('loads an SM2 key and a secret into the node’s keys, not into the institution row', () => {
    const result = validateDataset(withKeys({ sign_pubkey: PEM, sign_secret: 'a-secret-of-16-chars' }));
    if (!result.ok) throw new Error(result.problems.join('\n'));
    const code = result.dataset.institutions[0]!.fixmedins_code;
    expect(result.dataset.institutionKeys).toEqual([
      expect.objectContaining({
        fixmedins_code: code,
        sign_pubkey: PEM,
        sign_secret: 'a-secret-of-16-chars',
      }),
    ]);
    expect(result.dataset.institutions.some((i) => 'sign_secret' in i || 'sign_pubkey' in i)).toBe(false);
  });

  it('loads a dataset without keys as before', () => {
    const result = validateDataset(smallDataset());
    expect(result.ok && result.dataset.institutionKeys).toEqual([]);
  });

  it('refuses a public key that is not SM2, and a short secret, naming the field', () => {
    const bad = validateDataset(withKeys({ sign_pubkey: 'not-a-key' }));
    expect(bad.ok ? [] : bad.problems.join('\n')).toContain('[0].sign_pubkey');
    const short = validateDataset(withKeys({ sign_secret: 'short' }));
    expect(short.ok ? [] : short.problems.join('\n')).toContain('sign_secret');
  });
});
