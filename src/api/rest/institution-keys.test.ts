// The agency's API for institution signing keys: register, replace, remove; a secret never comes back.
import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HOSPITAL } from '../../../test/support/his-world.ts';
import { type PortalWorld, STAFF, startPortalWorld } from '../../../test/support/portal-world.ts';
import { envelopeSignerOf, generateSm2KeyPair, publicKeyPem, type Signer } from '../../core/signing/keys.ts';
import { demoSecret } from '../../demo/signing-keys.ts';
import { HisClient } from '../../sim/his-client.ts';
import { institutionKeyStore } from '../../store/institution-key-store.ts';
import { registerDemoSigningKeys } from './institution-keys.ts';

const SECRET = 'registered-through-the-api-01';
const URL = `/api/console/institutions/${HOSPITAL.fixmedins_code}/signing-key`;
const SIGN_IN = { signIn: { opter_no: 'D001', mac: '', ip: '' } };

let world: PortalWorld;
let token: string;
const signIn = (signer?: Signer) =>
  new HisClient(
    world.send,
    { ...HOSPITAL, signer: signer && envelopeSignerOf(signer) },
    () => new Date(world.clock.now),
  ).call('9001', SIGN_IN);
const put = (body: unknown, as = token) =>
  world.app.inject({
    method: 'PUT',
    url: URL,
    headers: { authorization: `Bearer ${as}` },
    payload: body as object,
  });

beforeAll(async () => {
  world = await startPortalWorld();
  token = await world.staffLogin(STAFF.hainan.username);
});
afterAll(async () => world?.close());

describe('institution signing keys', () => {
  it('registers a secret: the answer never holds it, and the institution must sign from then on', async () => {
    expect((await signIn()).infcode).toBe(0);
    const answer = await put({ sign_secret: SECRET });
    expect(answer.statusCode).toBe(200);
    expect(answer.body).not.toContain(SECRET);
    expect(answer.json()).toMatchObject({ fixmedins_code: HOSPITAL.fixmedins_code, sm2: false, sm3: true });
    expect((await signIn()).err_msg).toBe('cainfo：该机构已登记签名密钥，报文须签名');
    expect((await signIn({ signtype: 'SM3', secret: SECRET })).infcode).toBe(0);
  });

  it('replaces the secret with an SM2 key: the old secret no longer verifies', async () => {
    const pair = generateSm2KeyPair();
    expect((await put({ sign_pubkey: publicKeyPem(pair.publicKey) })).json()).toMatchObject({
      sm2: true,
      sm3: false,
    });
    expect((await signIn({ signtype: 'SM3', secret: SECRET })).err_msg).toBe(
      'signtype：该机构未登记HMAC-SM3密钥，应为SM2',
    );
    expect((await signIn({ signtype: 'SM2', privateKey: pair.privateKey })).infcode).toBe(0);
  });

  it('refuses what is not a key, naming the field', async () => {
    const bad = await put({ sign_pubkey: 'MFkwEwYH' });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('sign_pubkey');
    expect((await put({})).statusCode).toBe(400);
    expect((await put({ sign_secret: 'short' })).statusCode).toBe(400);
  });

  it('is for logged-in staff of the institution’s province only', async () => {
    expect((await put({ sign_secret: SECRET }, 'nobody')).statusCode).toBe(401);
    const hebei = await world.staffLogin(STAFF.hebei.username);
    expect((await put({ sign_secret: SECRET }, hebei)).statusCode).toBe(404);
  });

  it('removes the key: unsigned messages are accepted again', async () => {
    const removed = await world.app.inject({
      method: 'DELETE',
      url: URL,
      headers: { authorization: `Bearer ${token}` },
    });
    expect(removed.statusCode).toBe(204);
    expect((await signIn()).infcode).toBe(0);
    const again = await world.app.inject({
      method: 'DELETE',
      url: URL,
      headers: { authorization: `Bearer ${token}` },
    });
    expect(again.statusCode).toBe(404);
  });
});

describe('the demo world’s signing-key endpoint', () => {
  const DEMO_URL = `/api/demo/institutions/${HOSPITAL.fixmedins_code}/signing-key`;

  it('does not exist on a server without the demo world', async () => {
    expect((await world.app.inject({ method: 'GET', url: DEMO_URL })).statusCode).toBe(404);
  });

  it('answers a demo institution’s derived secret, and never a secret the agency registered', async () => {
    const demo = Fastify({ logger: false });
    registerDemoSigningKeys(demo, {
      platform: world.platform,
      now: () => new Date(world.clock.now),
      showLoginCodes: true,
    });
    const keys = institutionKeyStore(world.platform.db, '460000');
    try {
      await keys.setKeys(
        HOSPITAL.fixmedins_code,
        { sign_pubkey: null, sign_secret: demoSecret(HOSPITAL.fixmedins_code) },
        'test',
      );
      const answer = await demo.inject({ method: 'GET', url: DEMO_URL });
      expect(answer.json()).toEqual({ signtype: 'SM3', sign_secret: demoSecret(HOSPITAL.fixmedins_code) });
      await keys.setKeys(HOSPITAL.fixmedins_code, { sign_pubkey: null, sign_secret: SECRET }, 'test');
      const registered = await demo.inject({ method: 'GET', url: DEMO_URL });
      expect(registered.statusCode).toBe(404);
      expect(registered.body).not.toContain(SECRET);
    } finally {
      await keys.removeKeys(HOSPITAL.fixmedins_code);
      await demo.close();
    }
  });
});
