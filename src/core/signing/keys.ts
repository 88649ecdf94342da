// Signing keys as the national envelope names them: signtype SM2 (SM2 signature with SM3) or SM3 (HMAC-SM3).
import {
  createHmac,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  type KeyObject,
  sign,
  timingSafeEqual,
  verify,
} from 'node:crypto';
import type { EnvelopeSigner } from './envelope.ts';

/** 签名类型 as the envelope carries it. */
export type SignType = 'SM2' | 'SM3';
export const SIGN_TYPES: readonly SignType[] = ['SM2', 'SM3'];

/** A shared secret shorter than this is refused: HMAC-SM3 is only as strong as its key. */
export const MIN_SECRET_LENGTH = 16;
export const MAX_SECRET_LENGTH = 256;

/** What a node holds for one institution: an SM2 public key, an HMAC-SM3 secret, or both. */
export interface InstitutionKeys {
  readonly sign_pubkey: string | null;
  readonly sign_secret: string | null;
}

/** How a sender signs: with its SM2 private key or with its shared secret. */
export type Signer =
  | { readonly signtype: 'SM2'; readonly privateKey: KeyObject }
  | { readonly signtype: 'SM3'; readonly secret: string };

/** The sm2 curve's OID (1.2.156.10197.1.301) as DER, to tell an SM2 key from another EC key. */
const SM2_CURVE_OID = Buffer.from('06082a811ccf5501822d', 'hex');

/**
 * An SM2 public key from SPKI PEM (`-----BEGIN PUBLIC KEY-----`) or the same DER in base64; undefined when the
 * text is not one. Node reports SM2 keys without a curve name, so the curve is read from the DER itself.
 */
export function parseSm2PublicKey(text: string): KeyObject | undefined {
  const trimmed = text.trim();
  try {
    const key = trimmed.startsWith('-----BEGIN')
      ? createPublicKey({ key: trimmed, format: 'pem' })
      : createPublicKey({ key: Buffer.from(trimmed, 'base64'), format: 'der', type: 'spki' });
    const der = key.export({ type: 'spki', format: 'der' });
    return key.type === 'public' && der.includes(SM2_CURVE_OID) ? key : undefined;
  } catch {
    return undefined;
  }
}

/** An SM2 private key from PKCS#8 or SEC1 PEM; undefined when the text is not one. */
export function parseSm2PrivateKey(pem: string): KeyObject | undefined {
  try {
    const key = createPrivateKey({ key: pem.trim(), format: 'pem' });
    const der = createPublicKey(key).export({ type: 'spki', format: 'der' });
    return der.includes(SM2_CURVE_OID) ? key : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Node (OpenSSL 3) treats a key made by generateKeyPairSync('ec', { namedCurve: 'SM2' }) as a plain EC key and signs
 * ECDSA with it; the same key read back from DER is an SM2 key and signs SM2 (SM3 digest, default ID). Every key we
 * sign or verify with goes through DER once, so both sides always do SM2.
 */
const SM2_KEYS = new WeakMap<KeyObject, KeyObject>();
export function asSm2Key(key: KeyObject): KeyObject {
  if (key.asymmetricKeyType !== 'ec') return key;
  let sm2 = SM2_KEYS.get(key);
  if (!sm2) {
    sm2 =
      key.type === 'private'
        ? createPrivateKey({
            key: key.export({ type: 'pkcs8', format: 'der' }),
            format: 'der',
            type: 'pkcs8',
          })
        : createPublicKey({ key: key.export({ type: 'spki', format: 'der' }), format: 'der', type: 'spki' });
    SM2_KEYS.set(key, sm2);
  }
  return sm2;
}

export function generateSm2KeyPair(): { readonly privateKey: KeyObject; readonly publicKey: KeyObject } {
  const pair = generateKeyPairSync('ec', { namedCurve: 'SM2' });
  const privateKey = asSm2Key(pair.privateKey);
  return { privateKey, publicKey: createPublicKey(privateKey) };
}

/** The SPKI PEM of a public key (or of a private key's public half), as `sign_pubkey` holds it. */
export function publicKeyPem(key: KeyObject): string {
  const publicKey = key.type === 'private' ? createPublicKey(key) : key;
  return publicKey.export({ type: 'spki', format: 'pem' }).toString();
}

/** The signer of an envelope (envelope.ts) with this key. */
export function envelopeSignerOf(signer: Signer): EnvelopeSigner {
  return {
    signtype: signer.signtype,
    sign: (content) => signBytes(Buffer.from(content, 'utf8'), signer),
  };
}

/** The base64 `cainfo` of the bytes. */
export function signBytes(bytes: Buffer, signer: Signer): string {
  const signature =
    signer.signtype === 'SM2'
      ? sign(null, bytes, asSm2Key(signer.privateKey)) // SM2 keys sign with SM3 (OpenSSL's default for SM2)
      : createHmac('sm3', signer.secret).update(bytes).digest();
  return signature.toString('base64');
}

/** Whether `cainfo` (base64) is a valid signature of the bytes under the institution's key of that signtype. */
export function verifyBytes(
  bytes: Buffer,
  signtype: SignType,
  cainfo: string,
  key: { readonly publicKey?: KeyObject; readonly secret?: string },
): boolean {
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(cainfo)) return false;
  const signature = Buffer.from(cainfo, 'base64');
  if (signtype === 'SM2') {
    if (!key.publicKey) return false;
    try {
      return verify(null, bytes, asSm2Key(key.publicKey), signature);
    } catch {
      return false; // a malformed DER signature
    }
  }
  if (key.secret === undefined) return false;
  const expected = createHmac('sm3', key.secret).update(bytes).digest();
  return signature.length === expected.length && timingSafeEqual(signature, expected);
}
