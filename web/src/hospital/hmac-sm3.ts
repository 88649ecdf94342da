// The workstation signs its messages with HMAC-SM3 (signtype SM3) using sm-crypto, byte for byte as the node checks
// with Node's createHmac('sm3') (src/core/signing/browser-hmac.test.ts). No DOM: the test runs it in Node.
import { sm3 } from 'sm-crypto';
import type { EnvelopeSigner } from '../../../src/core/signing/envelope.ts';

const hexOf = (bytes: Uint8Array): string =>
  Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');

function base64OfHex(hex: string): string {
  let binary = '';
  for (let i = 0; i < hex.length; i += 2)
    binary += String.fromCharCode(Number.parseInt(hex.slice(i, i + 2), 16));
  return btoa(binary);
}

/** HMAC-SM3 over the content's UTF-8 bytes with the secret's UTF-8 bytes as key; cainfo in base64. */
export function hmacSm3Signer(secret: string): EnvelopeSigner {
  const key = hexOf(new TextEncoder().encode(secret));
  return { signtype: 'SM3', sign: (content) => base64OfHex(sm3(content, { key, mode: 'hmac' })) };
}
