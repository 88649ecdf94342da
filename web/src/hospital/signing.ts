// Where the workstation's HMAC-SM3 secret comes from: entered on the sign-in screen, or the demo world's own fetched
// from its demo-only endpoint; kept in this tab's sessionStorage only (docs/SECURITY.md).
export { hmacSm3Signer } from './hmac-sm3.ts';

const secretKey = (code: string) => `yidi.hospital.sign-secret.${code}`;

/** The secret this tab holds for the institution, if any. */
export function storedSecret(code: string): string | undefined {
  return sessionStorage.getItem(secretKey(code)) ?? undefined;
}

export function storeSecret(code: string, secret: string | undefined): void {
  if (secret) sessionStorage.setItem(secretKey(code), secret);
  else sessionStorage.removeItem(secretKey(code));
}

/** The demo world's secret of a demo institution, or undefined (not the demo world, or not a demo key). */
export async function demoSecret(code: string): Promise<string | undefined> {
  try {
    const response = await fetch(`/api/demo/institutions/${encodeURIComponent(code)}/signing-key`);
    if (!response.ok) return undefined;
    return ((await response.json()) as { sign_secret?: string }).sign_secret;
  } catch {
    return undefined;
  }
}
