// HTTPS served directly (--tls-cert/--tls-key): a self-signed certificate made here, trusted by the client only.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LIUYANG, type PortalWorld, startPortalWorld } from '../../test/support/portal-world.ts';
import { serverSecurityOf } from '../cli/security-options.ts';
import { buildServer } from './server.ts';

let dir: string;
let world: PortalWorld;
let app: FastifyInstance;
let port: number;
let ca: Buffer;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'yidi-tls-'));
  const cert = join(dir, 'cert.pem');
  const key = join(dir, 'key.pem');
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-days',
      '1',
      '-subj',
      '/CN=localhost',
      '-addext',
      'subjectAltName=DNS:localhost,IP:127.0.0.1',
      '-keyout',
      key,
      '-out',
      cert,
    ],
    { stdio: 'ignore' },
  );
  ca = readFileSync(cert);
  world = await startPortalWorld();
  app = await buildServer(world.platform, {
    logger: false,
    clock: () => new Date(world.clock.now),
    showLoginCodes: true,
    ...serverSecurityOf({ tlsCert: cert, tlsKey: key }),
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  port = typeof address === 'object' && address ? address.port : 0;
});
afterAll(async () => {
  await app?.close();
  await world?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

interface Answer {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly body: string;
}

function call(method: string, path: string, body?: unknown, trusted = true): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const req = request(
      {
        host: '127.0.0.1',
        port,
        path,
        method,
        servername: 'localhost',
        ...(trusted ? { ca } : {}),
        headers: payload
          ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) }
          : {},
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks).toString(),
          }),
        );
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

describe('HTTPS', () => {
  it('answers /healthz over TLS to a client that trusts the certificate, and not to one that does not', async () => {
    const health = await call('GET', '/healthz');
    expect(health.status).toBe(200);
    await expect(call('GET', '/healthz', undefined, false)).rejects.toThrow(/self[- ]signed/i);
  });

  it('marks the session and CSRF cookies Secure', async () => {
    const code = JSON.parse((await call('POST', '/api/portal/login-code', { certno: LIUYANG.certno })).body);
    const login = await call('POST', '/api/portal/login', { certno: LIUYANG.certno, code: code.demo_code });
    expect(login.status).toBe(200);
    const cookies = login.headers['set-cookie'] as string[];
    const session = cookies.find((c) => c.startsWith('yidi_session='))!;
    expect(session).toMatch(/;\s*Secure/i);
    expect(session).toMatch(/;\s*HttpOnly/i);
    expect(session).toMatch(/;\s*SameSite=Strict/i);
    expect(cookies.find((c) => c.startsWith('yidi_csrf='))).toMatch(/;\s*Secure/i);
  });

  it('behind a proxy (--trust-proxy) takes X-Forwarded-Proto: https for Secure cookies', async () => {
    const proxied = await buildServer(world.platform, {
      logger: false,
      clock: () => new Date(world.clock.now),
      showLoginCodes: true,
      trustProxy: true,
    });
    try {
      const code = await proxied.inject({
        method: 'POST',
        url: '/api/portal/login-code',
        payload: { certno: LIUYANG.certno },
      });
      const login = await proxied.inject({
        method: 'POST',
        url: '/api/portal/login',
        headers: { 'x-forwarded-proto': 'https' },
        payload: { certno: LIUYANG.certno, code: code.json().demo_code },
      });
      expect(login.cookies.find((c) => c.name === 'yidi_session')?.secure).toBe(true);
    } finally {
      await proxied.close();
    }
  });

  it('refuses a certificate without its key', () => {
    expect(() => serverSecurityOf({ tlsCert: 'cert.pem' })).toThrow(/--tls-cert and --tls-key go together/);
  });
});
