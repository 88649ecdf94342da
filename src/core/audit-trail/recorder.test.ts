// The recorder's queue: entries reach their chain in order, in batches, and a failed append loses nothing.
import { describe, expect, it } from 'vitest';
import type { AuditEntryInput } from './chain.ts';
import { AUDIT_BATCH_MAX, AuditRecorder } from './recorder.ts';

const entry = (n: number): AuditEntryInput => ({
  at: `2026-05-12T02:30:00.${String(n).padStart(3, '0')}Z`,
  at_china: '2026-05-12 10:30:00.000',
  actor_kind: 'staff',
  actor: `user-${n}`,
  role: 'auditor',
  actor_province: '130000',
  action: 'GET /x',
  kind: 'read',
  psn_no: null,
  certno_masked: null,
  refs: null,
  ip: null,
  status: 200,
  infcode: null,
});

describe('AuditRecorder', () => {
  it('appends each chain’s entries in order, in batches of at most AUDIT_BATCH_MAX', async () => {
    const batches: Record<string, string[][]> = {};
    const recorder = new AuditRecorder((chain) => ({
      async append(entries) {
        batches[chain] = [...(batches[chain] ?? []), entries.map((e) => e.actor!)];
        await new Promise((resolve) => setTimeout(resolve, 1));
      },
    }));
    for (let n = 0; n < 450; n++) await recorder.record(n % 2 ? 'a' : 'b', entry(n));
    await recorder.flush();
    for (const chain of ['a', 'b']) {
      const all = batches[chain]!.flat();
      expect(all).toEqual([...Array(225)].map((_, i) => `user-${i * 2 + (chain === 'a' ? 1 : 0)}`));
      expect(Math.max(...batches[chain]!.map((b) => b.length))).toBeLessThanOrEqual(AUDIT_BATCH_MAX);
    }
    expect(recorder.backlog()).toEqual({ a: 0, b: 0 });
  });

  it('keeps entries whose append failed and appends them on the retry', async () => {
    let failures = 1;
    const appended: string[] = [];
    const errors: number[] = [];
    const recorder = new AuditRecorder(
      () => ({
        async append(entries) {
          if (failures-- > 0) throw new Error('database away');
          appended.push(...entries.map((e) => e.actor!));
        },
      }),
      (_error, _chain, dropped) => errors.push(dropped),
    );
    await recorder.record('a', entry(1));
    await recorder.record('a', entry(2));
    await recorder.flush();
    expect(appended).toEqual(['user-1', 'user-2']);
    expect(errors).toEqual([0]);
  });
});
