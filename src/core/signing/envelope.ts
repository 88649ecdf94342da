// Signing a whole envelope: `signtype` and `cainfo` over the canonical form (canonical.ts). No node: imports: the
// sender's signer holds the primitive (Node's crypto in keys.ts, sm-crypto in the browser workstation).
import { SIGNATURE_FIELD, signedContent } from './canonical.ts';

/** How a sender signs: its signtype (`SM2` / `SM3`) and the base64 signature of the content's UTF-8 bytes. */
export interface EnvelopeSigner {
  readonly signtype: string;
  sign(content: string): string;
}

/** The envelope with `signtype` set and `cainfo` computed over everything else (signtype included). */
export function signEnvelope<T extends Readonly<Record<string, unknown>>>(
  envelope: T,
  signer: EnvelopeSigner,
): T & { signtype: string; cainfo: string } {
  const { [SIGNATURE_FIELD]: _, ...rest } = envelope;
  const unsigned = { ...rest, signtype: signer.signtype };
  return { ...unsigned, cainfo: signer.sign(signedContent(unsigned)) } as T & {
    signtype: string;
    cainfo: string;
  };
}
