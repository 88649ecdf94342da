// Filing materials encrypted at rest: what the database holds, what the API gives back, and what does not open.

import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LIUYANG, PDF, type PortalWorld, startPortalWorld } from '../../test/support/portal-world.ts';
import {
  configureMaterialsCipher,
  isSealed,
  MaterialDecryptionError,
  MaterialsCipher,
  resolveMaterialsKey,
} from './materials-cipher.ts';

const KEY = randomBytes(32);
let world: PortalWorld;
let token: string;
/** A material's node, by its id (`M13…`: 河北). */
const schemaOf = (id: string) => `node_${id.slice(1, 3)}0000`;

beforeAll(async () => {
  configureMaterialsCipher(KEY);
  world = await startPortalWorld();
  token = await world.login(LIUYANG.certno);
});
afterAll(async () => {
  configureMaterialsCipher(KEY);
  await world?.close();
});

const storedBytes = async (id: string): Promise<Buffer> => {
  const [row] = await world.platform.db.query<{ bytes: Uint8Array }>(
    `SELECT bytes FROM ${schemaOf(id)}.filing_materials WHERE material_id = $1`,
    [id],
  );
  return Buffer.from(row!.bytes);
};
const download = (id: string) =>
  world.app.inject({
    method: 'GET',
    url: `/api/portal/materials/${id}`,
    headers: { authorization: `Bearer ${token}` },
  });

describe('through the portal', () => {
  it('stores ciphertext, not the file, and gives the file back', async () => {
    const uploaded = await world.upload(token, '居住证明.pdf', 'application/pdf', PDF);
    expect(uploaded.status).toBe(201);
    const id = uploaded.body.material_id as string;
    const stored = await storedBytes(id);
    expect(isSealed(stored)).toBe(true);
    expect(stored.includes(PDF.subarray(0, 8))).toBe(false);
    expect(stored.length).toBe(4 + 12 + PDF.length + 16);
    const answer = await download(id);
    expect(answer.statusCode).toBe(200);
    expect(answer.rawPayload.equals(PDF)).toBe(true);
  });

  it('reads a row stored before encryption, and seals it on that read', async () => {
    const id = (await world.upload(token, 'old.pdf', 'application/pdf', PDF)).body.material_id as string;
    await world.platform.db.query(
      `UPDATE ${schemaOf(id)}.filing_materials SET bytes = $2 WHERE material_id = $1`,
      [id, PDF],
    );
    const answer = await download(id);
    expect(answer.rawPayload.equals(PDF)).toBe(true);
    expect(isSealed(await storedBytes(id))).toBe(true);
    expect((await download(id)).rawPayload.equals(PDF)).toBe(true);
  });

  it('refuses tampered ciphertext with a clear error, and a wrong key the same way', async () => {
    const id = (await world.upload(token, 'tamper.pdf', 'application/pdf', PDF)).body.material_id as string;
    const stored = await storedBytes(id);
    const tampered = Buffer.from(stored);
    tampered[20]! ^= 0x01;
    await world.platform.db.query(
      `UPDATE ${schemaOf(id)}.filing_materials SET bytes = $2 WHERE material_id = $1`,
      [id, tampered],
    );
    const refused = await download(id);
    expect(refused.statusCode).toBe(500);
    expect(refused.json()).toMatchObject({ code: 'material-undecryptable' });
    expect(refused.json().detail).toContain('材料无法解密');

    await world.platform.db.query(
      `UPDATE ${schemaOf(id)}.filing_materials SET bytes = $2 WHERE material_id = $1`,
      [id, stored],
    );
    configureMaterialsCipher(randomBytes(32));
    expect((await download(id)).json().code).toBe('material-undecryptable');
    configureMaterialsCipher(KEY);
    expect((await download(id)).rawPayload.equals(PDF)).toBe(true);
  });
});

describe('the cipher', () => {
  const cipher = new MaterialsCipher(KEY);

  it('uses a fresh nonce per file and binds the sealed bytes to their material', () => {
    const a = cipher.seal('M11aaaa', PDF);
    expect(a.equals(cipher.seal('M11aaaa', PDF))).toBe(false);
    expect(cipher.open('M11aaaa', a).equals(PDF)).toBe(true);
    expect(() => cipher.open('M11bbbb', a)).toThrow(MaterialDecryptionError);
    expect(() => new MaterialsCipher(KEY).open('M11aaaa', a.subarray(0, a.length - 1))).toThrow(
      /cannot be decrypted/,
    );
  });

  it('takes a key from YIDI_MATERIALS_KEY or a key file, refuses a malformed one, and generates one with mode 0600', () => {
    const dir = mkdtempSync(join(tmpdir(), 'yidi-key-'));
    try {
      const env = { YIDI_MATERIALS_KEY: KEY.toString('base64') };
      expect(resolveMaterialsKey({ env })?.equals(KEY)).toBe(true);
      expect(() => resolveMaterialsKey({ env: { YIDI_MATERIALS_KEY: 'c2hvcnQ=' } })).toThrow(
        /YIDI_MATERIALS_KEY must be 32/,
      );
      const file = join(dir, 'given.key');
      writeFileSync(file, `${KEY.toString('base64')}\n`);
      expect(resolveMaterialsKey({ env: {}, keyFile: file })?.equals(KEY)).toBe(true);
      expect(resolveMaterialsKey({ env: {} })).toBeUndefined();

      const warnings: string[] = [];
      const generated = join(dir, 'data', 'materials.key');
      const first = resolveMaterialsKey({
        env: {},
        generatedKeyFile: generated,
        warn: (l) => warnings.push(l),
      });
      expect(statSync(generated).mode & 0o777).toBe(0o600);
      expect(first?.length).toBe(32);
      const again = resolveMaterialsKey({
        env: {},
        generatedKeyFile: generated,
        warn: (l) => warnings.push(l),
      });
      expect(again?.equals(first!)).toBe(true);
      expect(readFileSync(generated, 'utf8').trim()).toBe(first!.toString('base64'));
      expect(warnings[0]).toMatch(/production must configure/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
