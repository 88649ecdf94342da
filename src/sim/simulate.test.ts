// The simulation driver against an in-process platform over real HTTP: cycles complete, nothing unexpected fails.
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServer } from '../api/server.ts';
import { createInProcessBus } from '../bus/in-process.ts';
import { addDays, chinaDateOf } from '../core/time.ts';
import { generateDemoWorld } from '../demo/index.ts';
import { loadDataset, type Platform, startPlatform } from '../platform.ts';
import { conservationBreach } from './caller.ts';
import { drive } from './driver.ts';
import type { HisAnswer, HisTransport } from './his-client.ts';
import { keepAliveTransport } from './http-transport.ts';
import { SimStats } from './stats.ts';
import { datasetOfProvinces, simWorldOf } from './world.ts';

// The story people's provinces, so that filings to them and from them are part of the traffic.
const PROVINCES = ['130000', '460000', '310000', '620000', '510000', '330000', '440000', '410000'];
const SETTLEMENTS = new Set(['2206', '2207', '2208', '2303', '2304', '2305']);

const KINDS = ['inpatient', 'outpatient', 'chronic', 'pharmacy'] as const;
let platform: Platform;
let app: FastifyInstance;
let stats: SimStats;
const answers: { infno: string; answer: HisAnswer }[] = [];

beforeAll(async () => {
  const raw = datasetOfProvinces(generateDemoWorld({ seed: 3, persons: 3_000 }), PROVINCES);
  platform = await startPlatform({ memory: true, provinces: PROVINCES, bus: createInProcessBus() });
  await loadDataset(platform.db, raw);
  app = await buildServer(platform, { logger: false });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const http = keepAliveTransport(`http://127.0.0.1:${port}`, { maxSockets: 8 });
  // Every answer is kept, to check what the driver checks once more from outside.
  const transport: HisTransport = async (body) => {
    const answer = await http(body);
    answers.push({ infno: body.infno as string, answer });
    return answer;
  };
  const today = chinaDateOf(Date.now());
  // The run stops once it has seen enough, not after a fixed time: a loaded CI machine is slower, not wrong.
  const seen = new SimStats();
  const enough = new AbortController();
  const watch = setInterval(() => {
    const everyKind = KINDS.every((kind) => seen.cycleOf(kind).completed > 0);
    if (everyKind && seen.completedCycles > 40 && seen.settlements > 25 && seen.retries.sent > 0)
      if (seen.cancels + seen.reversals > 0 && seen.cycleOf('unfiled').completed > 0) enough.abort();
  }, 100);
  stats = await drive({
    stats: seen,
    signal: enough.signal,
    transport,
    world: simWorldOf(raw, addDays(today, -10), today),
    durationMs: 50_000,
    concurrency: 8,
    seed: 3,
    // More cancels, reversals and resends than real traffic, so that a short run sees them.
    cancelShare: 0.1,
    reversalShare: 0.05,
    duplicateShare: 0.2,
  });
  clearInterval(watch);
}, 90_000);
afterAll(async () => {
  await app?.close();
  await platform?.close();
});

describe('yidi simulate against a running platform', () => {
  it('completes cycles of every kind with no unexpected failure', () => {
    expect(Object.fromEntries(stats.unexpected)).toEqual({});
    for (const kind of KINDS) expect(stats.cycleOf(kind).completed, kind).toBeGreaterThan(0);
    expect(stats.completedCycles).toBeGreaterThan(20);
    expect(stats.settlements).toBeGreaterThan(20);
  });

  it('gets the same answer again for a resent msgid', () => {
    expect(stats.retries.sent).toBeGreaterThan(0);
    expect(stats.retries.differed).toBe(0);
    expect(stats.retries.identical).toBe(stats.retries.sent);
  });

  it('conserves money on every settlement answer', () => {
    const settled = answers.filter((a) => SETTLEMENTS.has(a.infno) && a.answer.infcode === 0);
    expect(settled.length).toBeGreaterThan(20);
    for (const { answer } of settled) expect(conservationBreach(answer.output.setlinfo)).toBeUndefined();
    expect(stats.conservationBreaches).toEqual([]);
  });

  it('cancels and reverses some settlements, and a visit without a filing is refused as expected', () => {
    expect(stats.cancels + stats.reversals).toBeGreaterThan(0);
    expect(stats.cycleOf('unfiled').completed).toBe(stats.expectedFailures);
  });
});
