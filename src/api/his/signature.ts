// The HIS edge's signatures (docs/SECURITY.md): a request's cainfo checked before anything else, answers signed.
import type { KeyObject } from 'node:crypto';
import { signEnvelope } from '../../core/signing/envelope.ts';
import {
  envelopeSignerOf,
  generateSm2KeyPair,
  parseSm2PrivateKey,
  SIGN_TYPES,
  type SignType,
  verifyBytes,
} from '../../core/signing/keys.ts';
import { parseChinaDateTime } from '../../core/time.ts';
import type { VerifyingKeys } from '../../store/institution-key-store.ts';
import { fieldError, type HisError, type HisResponse } from './envelope.ts';

/** A signed message's inf_time may differ from the node's clock by this much either way. */
export const DEFAULT_SIGNATURE_WINDOW_MS = 5 * 60_000;
/** The node's SM2 private key (PEM) in the environment; without it every process generates its own at start. */
export const NODE_SIGN_KEY_ENV = 'YIDI_NODE_SIGN_KEY';

export interface HisSigningOptions {
  /** Every institution must sign (`--require-signatures`, the production setting); by default only keyed ones. */
  readonly requireSignatures?: boolean;
  /** How far a signed message's inf_time may be from the node's clock, in ms (±). */
  readonly windowMs?: number;
  /** The node's key for its answers; nodeSigningKey() by default. */
  readonly nodeKey?: KeyObject;
}

/** The node's answer key: YIDI_NODE_SIGN_KEY when set (refused at start when it is not an SM2 key), else a new one. */
export function nodeSigningKey(env: NodeJS.ProcessEnv = process.env): KeyObject {
  const pem = env[NODE_SIGN_KEY_ENV];
  if (pem === undefined || pem.trim() === '') return generateSm2KeyPair().privateKey;
  const key = parseSm2PrivateKey(pem.replace(/\\n/g, '\n'));
  if (!key) throw new Error(`${NODE_SIGN_KEY_ENV} is not an SM2 private key in PEM (PKCS#8 or SEC1)`);
  return key;
}

const textOf = (value: unknown): string | undefined =>
  typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;

/**
 * Whether the message may go on: undefined, or the refusal naming the field. An institution with a key must sign,
 * and so must every institution where signatures are required; a signed message must verify under the key of its
 * signtype and be no older (or newer) than the window — a signed message replayed later is stale.
 */
export function checkSignature(
  body: Readonly<Record<string, unknown>>,
  /** signedContent(body), computed once by the caller (it also hashes the msgid over it). */
  content: string,
  keys: VerifyingKeys,
  receivedMs: number,
  options: HisSigningOptions,
): HisError | undefined {
  const keyed = keys.publicKey !== undefined || keys.secret !== undefined;
  if (body.cainfo !== undefined && body.cainfo !== null && typeof body.cainfo !== 'string')
    return fieldError('cainfo', '应为base64编码的签名文本');
  const cainfo = textOf(body.cainfo);
  if (cainfo === undefined) {
    if (keyed) return fieldError('cainfo', '该机构已登记签名密钥，报文须签名');
    if (options.requireSignatures)
      return fieldError('cainfo', '本平台要求报文签名，该机构尚未登记签名密钥，请向经办机构登记');
    return undefined;
  }
  const signtype = textOf(body.signtype);
  if (signtype === undefined) return fieldError('signtype', '报文带签名（cainfo）时必填，应为SM2或SM3');
  if (!SIGN_TYPES.includes(signtype as SignType))
    return fieldError('signtype', `不支持的签名类型${signtype.slice(0, 10)}，应为SM2或SM3`);
  if (!keyed) return fieldError('cainfo', '该机构未登记签名密钥，无法验证签名，请向经办机构登记');
  if (signtype === 'SM2' && !keys.publicKey)
    return fieldError('signtype', '该机构未登记SM2公钥，应为SM3（HMAC-SM3）');
  if (signtype === 'SM3' && keys.secret === undefined)
    return fieldError('signtype', '该机构未登记HMAC-SM3密钥，应为SM2');
  if (!verifyBytes(Buffer.from(content, 'utf8'), signtype as SignType, cainfo, keys))
    return fieldError('cainfo', '签名验证失败');
  const windowMs = options.windowMs ?? DEFAULT_SIGNATURE_WINDOW_MS;
  const sentMs = parseChinaDateTime(textOf(body.inf_time) ?? '');
  if (sentMs === undefined || Math.abs(receivedMs - sentMs) > windowMs)
    return fieldError('inf_time', `报文时间与平台时间相差超过${windowText(windowMs)}`);
  return undefined;
}

const windowText = (ms: number): string =>
  ms % 60_000 === 0 ? `${ms / 60_000}分钟` : `${Math.round(ms / 1000)}秒`;

/** The answer with the node's signtype SM2 and cainfo over its canonical form. */
export function signResponse(response: HisResponse, nodeKey: KeyObject): HisResponse {
  return signEnvelope(
    response as unknown as Record<string, unknown>,
    envelopeSignerOf({ signtype: 'SM2', privateKey: nodeKey }),
  ) as unknown as HisResponse;
}

/** The command-line choices (`--require-signatures`, `--signature-window <s>`) as the server's signing options. */
export function signingOptionsOf(options: {
  readonly requireSignatures?: boolean;
  readonly signatureWindow?: number;
}): HisSigningOptions {
  return {
    requireSignatures: options.requireSignatures === true,
    ...(options.signatureWindow !== undefined && { windowMs: options.signatureWindow * 1000 }),
    nodeKey: nodeSigningKey(),
  };
}

/** Help texts of the two options, shared by `yidi start` and `yidi node`. */
export const REQUIRE_SIGNATURES_HELP =
  'every institution must sign its HIS messages (SM2/SM3; the production setting); by default only institutions with a registered key';
export const SIGNATURE_WINDOW_HELP =
  "how far a signed message's inf_time may be from the node's clock, in seconds (default 300)";
