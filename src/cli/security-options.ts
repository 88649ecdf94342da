// The options `yidi start`, `yidi node` and `yidi hub` share for TLS, proxies and the filing materials' key.
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import type { ServerOptions } from '../api/server.ts';
import { configureMaterialsCipher, resolveMaterialsKey } from '../store/materials-cipher.ts';

export interface SecurityCliOptions {
  tlsCert?: string;
  tlsKey?: string;
  trustProxy?: boolean;
  materialsKeyFile?: string;
}

/** Adds --tls-cert, --tls-key, --trust-proxy and (where materials are kept) --materials-key-file. */
export function addSecurityOptions(command: Command, materials: boolean): Command {
  command
    .option('--tls-cert <pem>', 'serve HTTPS with this certificate chain (PEM file); needs --tls-key')
    .option('--tls-key <pem>', 'the private key of --tls-cert (PEM file)')
    .option(
      '--trust-proxy',
      'behind a TLS-terminating reverse proxy: believe its X-Forwarded-Proto/-For/-Host (Secure cookies, client address)',
    );
  if (materials)
    command.option(
      '--materials-key-file <file>',
      'key of the filing materials encrypted at rest: 32 bytes in base64 (or set YIDI_MATERIALS_KEY)',
    );
  return command;
}

/** The server's TLS and proxy settings; a certificate without its key (or the reverse) is refused by name. */
export function serverSecurityOf(options: SecurityCliOptions): Pick<ServerOptions, 'tls' | 'trustProxy'> {
  if (Boolean(options.tlsCert) !== Boolean(options.tlsKey))
    throw new Error('--tls-cert and --tls-key go together: give both PEM files, or neither');
  return {
    ...(options.tlsCert && options.tlsKey
      ? { tls: { cert: readFileSync(options.tlsCert), key: readFileSync(options.tlsKey) } }
      : {}),
    ...(options.trustProxy ? { trustProxy: true } : {}),
  };
}

/**
 * Sets the process's materials key: YIDI_MATERIALS_KEY, --materials-key-file, else one generated once in
 * `generatedKeyFile` (embedded mode's data folder, with a warning). Without any (`--memory`) the key is ephemeral.
 */
export function configureMaterialsKey(
  options: SecurityCliOptions,
  generatedKeyFile?: string,
  required = false,
): void {
  const key = resolveMaterialsKey({
    ...(options.materialsKeyFile ? { keyFile: options.materialsKeyFile } : {}),
    ...(generatedKeyFile ? { generatedKeyFile } : {}),
  });
  // A node process has no data folder to keep a generated key in, and an ephemeral one would lose every material.
  if (!key && required)
    throw new Error(
      'filing materials are encrypted at rest: set YIDI_MATERIALS_KEY (32 bytes in base64, `openssl rand -base64 32`) or --materials-key-file',
    );
  if (key) configureMaterialsCipher(key);
}

/** `https://` when the server serves TLS itself. */
export const schemeOf = (options: SecurityCliOptions): string => (options.tlsCert ? 'https' : 'http');
