// The demo world's signing keys (docs/SECURITY.md): derived from the institution's code, so the simulator, the
// benches and the demo workstation can sign without a key file. Public knowledge by construction: demo only.
import { createHash, createHmac, createPrivateKey, type KeyObject } from 'node:crypto';
import type { InstitutionRow } from '../core/dataset/schema.ts';
import type { EnvelopeSigner } from '../core/signing/envelope.ts';
import { envelopeSignerOf, publicKeyPem } from '../core/signing/keys.ts';

const LABEL = 'yidi-demo-signing-key';
/** One generated institution in this many also gets an SM2 key (besides its HMAC-SM3 secret). */
const SM2_EVERY = 5;

/** The HMAC-SM3 shared secret of a demo institution: 32 hex digits. */
export function demoSecret(fixmedinsCode: string): string {
  return createHmac('sm3', LABEL).update(`secret/${fixmedinsCode}`).digest('hex').slice(0, 32);
}

/** DER of the SM2 curve's OID, for the SEC1 private key below. */
const SM2_OID = Buffer.from('06082a811ccf5501822d', 'hex');

/**
 * The SM2 private key of a demo institution: its scalar is the SM3 of the code (redrawn in the negligible case that
 * OpenSSL refuses it), wrapped as a SEC1 ECPrivateKey; OpenSSL derives the public point.
 */
export function demoSm2PrivateKey(fixmedinsCode: string): KeyObject {
  for (let round = 0; ; round++) {
    const scalar = createHash('sm3').update(`${LABEL}/sm2/${fixmedinsCode}/${round}`).digest();
    const body = Buffer.concat([
      Buffer.from([0x02, 0x01, 0x01, 0x04, scalar.length]),
      scalar,
      Buffer.from([0xa0, SM2_OID.length]),
      SM2_OID,
    ]);
    try {
      return createPrivateKey({
        key: Buffer.concat([Buffer.from([0x30, body.length]), body]),
        format: 'der',
        type: 'sec1',
      });
    } catch (error) {
      if (round >= 3) throw error;
    }
  }
}

/** Every demo institution gets a secret; every fifth generated one an SM2 key too (the story hospitals: secrets). */
export function withDemoKeys(rows: readonly InstitutionRow[], story: ReadonlySet<string>): InstitutionRow[] {
  let generated = 0;
  return rows.map((row) => {
    const sm2 = !story.has(row.fixmedins_code) && generated++ % SM2_EVERY === SM2_EVERY - 1;
    return {
      ...row,
      sign_secret: demoSecret(row.fixmedins_code),
      ...(sm2 && { sign_pubkey: publicKeyPem(demoSm2PrivateKey(row.fixmedins_code)) }),
    };
  });
}

/**
 * How a client of the demo world signs for an institution of a dataset: SM2 when the row's public key is the demo
 * key, else HMAC-SM3 with the row's secret; undefined for an institution without keys (it sends unsigned).
 */
export function signerOf(
  row: Pick<InstitutionRow, 'fixmedins_code' | 'sign_pubkey' | 'sign_secret'>,
): EnvelopeSigner | undefined {
  if (row.sign_pubkey) {
    const privateKey = demoSm2PrivateKey(row.fixmedins_code);
    if (publicKeyPem(privateKey).trim() === row.sign_pubkey.trim())
      return envelopeSignerOf({ signtype: 'SM2', privateKey });
  }
  return row.sign_secret ? envelopeSignerOf({ signtype: 'SM3', secret: row.sign_secret }) : undefined;
}
