// 医保电子凭证 on the insured node: issuing, expiry, pruning, and how the hub and person.lookup read a token.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { smallDataset } from '../../test/support/datasets.ts';
import { createInProcessBus } from '../bus/in-process.ts';
import { BusError } from '../bus/port.ts';
import { parseChinaDateTime } from '../core/time.ts';
import { loadDataset, type Platform, startPlatform } from '../platform.ts';
import {
  EVOUCHER_EXPIRED_KEPT_MS,
  EVOUCHER_TTL_MS,
  type EvoucherService,
  provinceOfEvoucher,
} from './evoucher-service.ts';
import { EVOUCHER_EXPIRED_REASON } from './person-lookup.ts';
import { nodeSubject } from './subjects.ts';

const LAOZHANG = '13010000000000001234';
const LIXIUYING = '13010000000000002001';
const NOW_MS = parseChinaDateTime('2026-05-12 10:30:00')!;
const at = (offsetMs: number) => new Date(NOW_MS + offsetMs);

let platform: Platform;
let evouchers: EvoucherService;

beforeAll(async () => {
  platform = await startPlatform({
    memory: true,
    provinces: ['130000', '460000'],
    bus: createInProcessBus(),
  });
  await loadDataset(platform.db, smallDataset());
  evouchers = platform.nodes.get('130000')!.evouchers;
});
afterAll(async () => {
  await platform?.close();
});

describe('issuing e-vouchers', () => {
  it('issues EC + the insured province + 28 random hex digits, live for EVOUCHER_TTL_MS', async () => {
    const first = await evouchers.issue(LAOZHANG, at(0));
    const second = await evouchers.issue(LAOZHANG, at(0));
    expect(first.token).toMatch(/^EC13[0-9a-f]{28}$/);
    expect(second.token).not.toBe(first.token);
    expect(first.expires_at.getTime()).toBe(NOW_MS + EVOUCHER_TTL_MS);
    expect(provinceOfEvoucher(first.token)).toBe('130000');
  });

  it('leaves an older live token valid when a new one is issued, until it expires', async () => {
    const older = await evouchers.issue(LAOZHANG, at(0));
    await evouchers.issue(LAOZHANG, at(60_000));
    expect((await evouchers.read(older.token, at(EVOUCHER_TTL_MS - 1)))?.state).toBe('live');
    expect(await evouchers.read(older.token, at(EVOUCHER_TTL_MS))).toEqual({
      state: 'expired',
      expired_at: older.expires_at,
    });
  });

  it('names every insurance row of the person while live', async () => {
    const { token } = await evouchers.issue(LIXIUYING, at(0));
    const reading = await evouchers.read(token, at(1_000));
    expect(reading?.state === 'live' && reading.persons.map((p) => p.psn_no)).toEqual([LIXIUYING]);
  });

  it('reads a token it never issued, or one of another province, as unknown', async () => {
    expect(await evouchers.read(`EC13${'0'.repeat(28)}`, at(0))).toBeUndefined();
    const hainan = await platform.nodes.get('460000')!.evouchers.issue('46010000000000000001', at(0));
    expect(await evouchers.read(hainan.token, at(0))).toBeUndefined();
    expect(await evouchers.read('ec0123456789abcdef0123456789abcd', at(0))).toBeUndefined();
  });

  it('prunes tokens expired longer than EVOUCHER_EXPIRED_KEPT_MS when it issues, and keeps the others', async () => {
    const stale = await evouchers.issue(LAOZHANG, at(-EVOUCHER_EXPIRED_KEPT_MS - EVOUCHER_TTL_MS - 1));
    const recent = await evouchers.issue(LAOZHANG, at(-EVOUCHER_TTL_MS - 1));
    await evouchers.issue(LAOZHANG, at(0));
    expect(await evouchers.read(stale.token, at(0))).toBeUndefined();
    expect((await evouchers.read(recent.token, at(0)))?.state).toBe('expired');
  });
});

describe('person.lookup and the hub with an e-voucher', () => {
  const lookup = (value: string, atMs: number) =>
    platform.bus.request(nodeSubject('130000', 'person.lookup'), { kind: 'ectoken', value, at: atMs });

  it('finds the person by a live token, with their filings, as of the edge clock it is given', async () => {
    const { token } = await evouchers.issue(LAOZHANG, at(0));
    const found = (await lookup(token, NOW_MS + 1_000)) as {
      persons: { psn_no: string }[];
      filings: unknown[];
    };
    expect(found.persons.map((p) => p.psn_no)).toEqual([LAOZHANG]);
    expect(found.filings).not.toHaveLength(0);
  });

  it('refuses an expired token with the stable code evoucher-expired and the message for the clerk', async () => {
    const { token } = await evouchers.issue(LAOZHANG, at(0));
    const refused = await lookup(token, NOW_MS + EVOUCHER_TTL_MS).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(BusError);
    expect(refused).toMatchObject({
      code: 'remote',
      remoteCode: 'evoucher-expired',
      message: EVOUCHER_EXPIRED_REASON,
    });
  });

  it('still finds a static dataset ectoken', async () => {
    const found = (await lookup('ec0123456789abcdef0123456789abcd', NOW_MS)) as {
      persons: { psn_no: string }[];
    };
    expect(found.persons[0]?.psn_no).toBe(LAOZHANG);
  });

  it('makes the hub ask only the issuing node for a portal token, not every node', async () => {
    const { token } = await evouchers.issue(LAOZHANG, at(0));
    const request = vi.spyOn(platform.bus, 'request');
    try {
      const found = await platform.hub.locatePerson({ kind: 'ectoken', value: token, at: NOW_MS });
      expect(found?.persons[0]?.psn_no).toBe(LAOZHANG);
      expect(request.mock.calls.map(([subject]) => subject)).toEqual([
        nodeSubject('130000', 'person.lookup'),
      ]);
    } finally {
      request.mockRestore();
    }
  });
});
