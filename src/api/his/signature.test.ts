// Signed HIS messages (docs/SECURITY.md): SM2 and HMAC-SM3 signatures over the canonical form, the time window,
// replays, keyed institutions and --require-signatures — each refusal with its own err_msg, nothing stored for it.
import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type HisServer,
  HOSPITAL,
  NOW,
  SECOND_HOSPITAL,
  startHisServer,
  withSecondHospital,
} from '../../../test/support/his-world.ts';
import { canonical, signedContent } from '../../core/signing/canonical.ts';
import {
  envelopeSignerOf,
  generateSm2KeyPair,
  parseSm2PublicKey,
  publicKeyPem,
  verifyBytes,
} from '../../core/signing/keys.ts';
import { HisClient, type HisInstitution } from '../../sim/his-client.ts';
import { SIGNING_KEY_PATH } from './route.ts';

const SECRET = 'hospital-shared-secret-0001';
const SM2 = generateSm2KeyPair();
const OTHER_SM2 = generateSm2KeyPair();
const SIGN_IN = { signIn: { opter_no: 'D001', mac: '', ip: '' } };

/** HOSPITAL signs with HMAC-SM3, SECOND_HOSPITAL with SM2. */
const SM3_HOSPITAL: HisInstitution = {
  ...HOSPITAL,
  signer: envelopeSignerOf({ signtype: 'SM3', secret: SECRET }),
};
const SM2_HOSPITAL: HisInstitution = {
  ...SECOND_HOSPITAL,
  signer: envelopeSignerOf({ signtype: 'SM2', privateKey: SM2.privateKey }),
};

let server: HisServer;
const clock = { now: NOW };
let sequence = 0;
/** A fresh client each time, with msgids no other test uses. */
const clientOf = (institution: HisInstitution) =>
  new HisClient(server.send, institution, () => new Date(clock.now));
const msgid = (institution: HisInstitution) =>
  `${institution.fixmedins_code}${String(++sequence).padStart(18, '0')}`;

const storedMessages = async () =>
  Number(
    (
      await server.platform.db.query<{ n: number }>(
        'SELECT count(*)::int AS n FROM node_460000.processed_messages',
      )
    )[0]!.n,
  );

const bytesOf = (envelope: Record<string, unknown>) => Buffer.from(signedContent(envelope), 'utf8');

/** The node's published key, and a check that an answer is signed with it. */
async function expectSignedByNode(answer: Record<string, unknown>): Promise<void> {
  const published = (await server.app.inject({ method: 'GET', url: SIGNING_KEY_PATH })).json();
  const key = parseSm2PublicKey(published.sign_pubkey)!;
  expect(answer.signtype).toBe('SM2');
  expect(verifyBytes(bytesOf(answer), 'SM2', answer.cainfo as string, { publicKey: key })).toBe(true);
  expect(
    verifyBytes(bytesOf({ ...answer, err_msg: 'x' }), 'SM2', answer.cainfo as string, { publicKey: key }),
  ).toBe(false);
}

beforeAll(async () => {
  server = await startHisServer({
    clock: () => new Date(clock.now),
    adjust: (raw) => {
      withSecondHospital(raw);
      const rows = raw.institutions as {
        fixmedins_code: string;
        sign_secret?: string;
        sign_pubkey?: string;
      }[];
      rows.find((i) => i.fixmedins_code === HOSPITAL.fixmedins_code)!.sign_secret = SECRET;
      rows.find((i) => i.fixmedins_code === SECOND_HOSPITAL.fixmedins_code)!.sign_pubkey = publicKeyPem(
        SM2.publicKey,
      );
    },
  });
});
afterAll(async () => server?.close());

describe('signed HIS messages', () => {
  it('accepts a message signed with HMAC-SM3 and answers signed with the published node key', async () => {
    const envelope = clientOf(SM3_HOSPITAL).envelope('9001', SIGN_IN);
    expect(envelope.signtype).toBe('SM3');
    // The canonical form: without cainfo, keys sorted recursively, no whitespace, UTF-8.
    const expected = createHmac('sm3', SECRET)
      .update(canonical({ ...envelope, cainfo: undefined }), 'utf8')
      .digest('base64');
    expect(envelope.cainfo).toBe(expected);
    const answer = await server.send(envelope);
    expect(answer.err_msg).toBeNull();
    expect(answer.infcode).toBe(0);
    await expectSignedByNode(answer as unknown as Record<string, unknown>);
  });

  it('accepts a message signed with SM2 (SM3 digest) under the registered public key', async () => {
    const answer = await clientOf(SM2_HOSPITAL).call('9001', SIGN_IN);
    expect(answer.err_msg).toBeNull();
    expect(answer.infcode).toBe(0);
  });

  it('accepts the public key as base64 DER as well as PEM', () => {
    const der = SM2.publicKey.export({ type: 'spki', format: 'der' }).toString('base64');
    expect(parseSm2PublicKey(der)).toBeDefined();
    expect(parseSm2PublicKey('not a key')).toBeUndefined();
  });

  it('refuses a message signed with another key, and stores nothing', async () => {
    const before = await storedMessages();
    const wrong: HisInstitution = {
      ...SECOND_HOSPITAL,
      signer: envelopeSignerOf({ signtype: 'SM2', privateKey: OTHER_SM2.privateKey }),
    };
    const answer = await clientOf(wrong).call('9001', SIGN_IN);
    expect(answer.infcode).toBe(-1);
    expect(answer.err_msg).toBe('cainfo：签名验证失败');
    const wrongSecret: HisInstitution = {
      ...HOSPITAL,
      signer: envelopeSignerOf({ signtype: 'SM3', secret: 'another-secret-00000' }),
    };
    expect((await clientOf(wrongSecret).call('9001', SIGN_IN)).err_msg).toBe('cainfo：签名验证失败');
    expect(await storedMessages()).toBe(before);
    await expectSignedByNode(answer as unknown as Record<string, unknown>);
  });

  it('refuses a body altered after signing', async () => {
    const envelope = clientOf(SM3_HOSPITAL).envelope('9001', SIGN_IN);
    const altered = { ...envelope, opter: 'D999' };
    expect((await server.send(altered)).err_msg).toBe('cainfo：签名验证失败');
    const nested = { ...envelope, input: { signIn: { ...SIGN_IN.signIn, ip: '10.0.0.1' } } };
    expect((await server.send(nested)).err_msg).toBe('cainfo：签名验证失败');
    // Reordering the fields is not an alteration: the canonical form sorts them.
    const reordered = Object.fromEntries(Object.entries(envelope).reverse());
    expect((await server.send(reordered)).infcode).toBe(0);
  });

  it('refuses a signed message whose inf_time is outside the window', async () => {
    const client = clientOf(SM3_HOSPITAL);
    const stale = new HisClient(server.send, SM3_HOSPITAL, () => new Date(clock.now - 6 * 60_000));
    expect((await stale.call('9001', SIGN_IN)).err_msg).toBe('inf_time：报文时间与平台时间相差超过5分钟');
    const early = new HisClient(server.send, SM3_HOSPITAL, () => new Date(clock.now + 6 * 60_000));
    expect((await early.call('9001', SIGN_IN)).err_msg).toBe('inf_time：报文时间与平台时间相差超过5分钟');
    const inside = new HisClient(server.send, SM3_HOSPITAL, () => new Date(clock.now - 4 * 60_000));
    expect((await inside.call('9001', SIGN_IN)).infcode).toBe(0);
    expect((await client.call('9001', SIGN_IN)).infcode).toBe(0);
  });

  it('returns the stored answer to a retry, refuses a replayed msgid with another body, and a late retry as stale', async () => {
    const client = clientOf(SM3_HOSPITAL);
    const id = msgid(SM3_HOSPITAL);
    const first = client.envelope('9001', SIGN_IN, { msgid: id });
    const answer = await server.send(first);
    expect(answer.infcode).toBe(0);
    // A HIS that lost the answer sends the very same message again: the same answer, signature and all.
    expect(await server.send(first)).toEqual(answer);
    const other = client.envelope('9001', { signIn: { ...SIGN_IN.signIn, opter_no: 'D002' } }, { msgid: id });
    expect((await server.send(other)).err_msg).toBe('msgid：该报文ID已使用，且报文内容不同');
    // The same content signed again (SM2 signatures differ each time) is another message under a used msgid.
    const sm2 = clientOf(SM2_HOSPITAL);
    const sm2Id = msgid(SM2_HOSPITAL);
    expect((await sm2.call('9001', SIGN_IN, { msgid: sm2Id })).infcode).toBe(0);
    expect((await sm2.call('9001', SIGN_IN, { msgid: sm2Id })).err_msg).toBe(
      'msgid：该报文ID已使用，且报文内容不同',
    );
    // Replayed after the window: stale, even though it is byte for byte the first message.
    clock.now += 10 * 60_000;
    try {
      expect((await server.send(first)).err_msg).toBe('inf_time：报文时间与平台时间相差超过5分钟');
    } finally {
      clock.now -= 10 * 60_000;
    }
  });

  it('refuses an unsigned message from an institution with a registered key', async () => {
    const before = await storedMessages();
    const answer = await clientOf(HOSPITAL).call('9001', SIGN_IN);
    expect(answer.err_msg).toBe('cainfo：该机构已登记签名密钥，报文须签名');
    expect(await storedMessages()).toBe(before);
  });

  it('refuses an unsupported or mismatched signtype, naming signtype', async () => {
    const envelope = clientOf(SM3_HOSPITAL).envelope('9001', SIGN_IN);
    expect((await server.send({ ...envelope, signtype: 'RSA' })).err_msg).toBe(
      'signtype：不支持的签名类型RSA，应为SM2或SM3',
    );
    expect((await server.send({ ...envelope, signtype: undefined })).err_msg).toBe(
      'signtype：报文带签名（cainfo）时必填，应为SM2或SM3',
    );
    expect((await server.send({ ...envelope, signtype: 'SM2' })).err_msg).toBe(
      'signtype：该机构未登记SM2公钥，应为SM3（HMAC-SM3）',
    );
    expect((await server.send({ ...envelope, cainfo: 42 })).err_msg).toBe('cainfo：应为base64编码的签名文本');
  });

  it('signs the answer to an envelope it cannot parse', async () => {
    const answer = await server.send({ infno: '9001' });
    expect(answer.err_msg).toBe('msgid：必填');
    await expectSignedByNode(answer as unknown as Record<string, unknown>);
  });
});

describe('--require-signatures', () => {
  let strict: HisServer;
  beforeAll(async () => {
    strict = await startHisServer({
      signing: { requireSignatures: true },
      adjust: (raw) => {
        const rows = raw.institutions as { fixmedins_code: string; sign_secret?: string }[];
        rows.find((i) => i.fixmedins_code === HOSPITAL.fixmedins_code)!.sign_secret = SECRET;
      },
    });
  });
  afterAll(async () => strict?.close());

  it('refuses an unsigned message from an institution without a key', async () => {
    const pharmacy = (
      await strict.platform.db.query<{ fixmedins_code: string; fixmedins_name: string; admdvs: string }>(
        `SELECT fixmedins_code, fixmedins_name, admdvs FROM node_460000.institutions WHERE fixmedins_code <> $1 LIMIT 1`,
        [HOSPITAL.fixmedins_code],
      )
    )[0]!;
    const answer = await new HisClient(strict.send, pharmacy, () => new Date(NOW)).call('9001', SIGN_IN);
    expect(answer.err_msg).toBe('cainfo：本平台要求报文签名，该机构尚未登记签名密钥，请向经办机构登记');
  });

  it('accepts a signed message', async () => {
    expect(
      (await new HisClient(strict.send, SM3_HOSPITAL, () => new Date(NOW)).call('9001', SIGN_IN)).infcode,
    ).toBe(0);
  });
});
