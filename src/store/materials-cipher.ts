// Filing materials encrypted at rest: AES-256-GCM per file (Node's crypto), the key from configuration.

import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/** `YDM` and format version 1: what a sealed file starts with. PDF, JPEG and PNG files never do. */
const MAGIC = Buffer.from([0x59, 0x44, 0x4d, 0x01]);
const KEY_BYTES = 32;
const NONCE_BYTES = 12;
const TAG_BYTES = 16;

/** The stored bytes cannot be opened: another key, or bytes changed after they were sealed. */
export class MaterialDecryptionError extends Error {
  constructor(readonly materialId: string) {
    super(
      `filing material ${materialId} cannot be decrypted: the materials key is not the one it was sealed with, or the stored bytes were altered`,
    );
    this.name = 'MaterialDecryptionError';
  }
}

export const isSealed = (stored: Uint8Array): boolean =>
  stored.length >= MAGIC.length + NONCE_BYTES + TAG_BYTES && MAGIC.every((b, i) => stored[i] === b);

export class MaterialsCipher {
  private readonly key: Buffer;

  constructor(key: Uint8Array) {
    if (key.length !== KEY_BYTES)
      throw new RangeError(`the materials key must be ${KEY_BYTES} bytes, not ${key.length}`);
    this.key = Buffer.from(key);
  }

  /**
   * MAGIC ‖ nonce (96 bits, random per file) ‖ ciphertext ‖ tag. The material's id is authenticated data: sealed
   * bytes copied onto another material's row do not open there.
   */
  seal(materialId: string, plain: Uint8Array): Buffer {
    const nonce = randomBytes(NONCE_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.key, nonce);
    cipher.setAAD(Buffer.from(materialId, 'utf8'));
    const body = Buffer.concat([cipher.update(plain), cipher.final()]);
    return Buffer.concat([MAGIC, nonce, body, cipher.getAuthTag()]);
  }

  /** The file of sealed bytes; MaterialDecryptionError when they do not open. Unsealed bytes (older rows) as they are. */
  open(materialId: string, stored: Uint8Array): Buffer {
    const bytes = Buffer.from(stored.buffer, stored.byteOffset, stored.byteLength);
    if (!isSealed(bytes)) return Buffer.from(bytes);
    const nonce = bytes.subarray(MAGIC.length, MAGIC.length + NONCE_BYTES);
    const tag = bytes.subarray(bytes.length - TAG_BYTES);
    const decipher = createDecipheriv('aes-256-gcm', this.key, nonce);
    decipher.setAAD(Buffer.from(materialId, 'utf8'));
    decipher.setAuthTag(tag);
    try {
      return Buffer.concat([
        decipher.update(bytes.subarray(MAGIC.length + NONCE_BYTES, bytes.length - TAG_BYTES)),
        decipher.final(),
      ]);
    } catch {
      throw new MaterialDecryptionError(materialId);
    }
  }
}

/** A key given as base64 (YIDI_MATERIALS_KEY, or a key file's text) must be exactly 32 bytes. */
export function parseMaterialsKey(text: string, source: string): Buffer {
  const trimmed = text.trim();
  const key = Buffer.from(trimmed, 'base64');
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(trimmed) || key.length !== KEY_BYTES)
    throw new Error(
      `${source} must be ${KEY_BYTES} random bytes in base64 (e.g. \`openssl rand -base64 32\`)`,
    );
  return key;
}

export interface MaterialsKeySource {
  readonly env?: NodeJS.ProcessEnv;
  /** `--materials-key-file`: a file holding the key in base64. */
  readonly keyFile?: string;
  /**
   * Embedded mode's data folder: without a configured key, one is generated there once (mode 0600) and reused —
   * the demo keeps working across restarts; production configures its own, kept apart from the database's disk.
   */
  readonly generatedKeyFile?: string;
  readonly warn?: (line: string) => void;
}

/** YIDI_MATERIALS_KEY, else the key file, else the generated one, else (nothing configured) undefined. */
export function resolveMaterialsKey(source: MaterialsKeySource): Buffer | undefined {
  const env = source.env ?? process.env;
  if (env.YIDI_MATERIALS_KEY) return parseMaterialsKey(env.YIDI_MATERIALS_KEY, 'YIDI_MATERIALS_KEY');
  if (source.keyFile)
    return parseMaterialsKey(readFileSync(source.keyFile, 'utf8'), `--materials-key-file ${source.keyFile}`);
  const file = source.generatedKeyFile;
  if (!file) return undefined;
  if (!existsSync(file)) {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, `${randomBytes(KEY_BYTES).toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
    chmodSync(file, 0o600);
  }
  (source.warn ?? ((line) => console.warn(line)))(
    `warning: filing materials are encrypted with the key generated in ${file}; production must configure its own (YIDI_MATERIALS_KEY or --materials-key-file, docs/SECURITY.md)`,
  );
  return parseMaterialsKey(readFileSync(file, 'utf8'), file);
}

let configured: MaterialsCipher | undefined;

/**
 * Sets this process's key (the composition root, once at start). A process that sets none — tests, `--memory` —
 * gets an ephemeral key: what it stores it can read back, nobody can after it ends.
 */
export function configureMaterialsCipher(key: Uint8Array): void {
  configured = new MaterialsCipher(key);
}

export function materialsCipher(): MaterialsCipher {
  configured ??= new MaterialsCipher(randomBytes(KEY_BYTES));
  return configured;
}
