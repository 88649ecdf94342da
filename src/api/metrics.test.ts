// The metrics module: HIS answers, settlements, bus requests and timeouts, and the outbox read on each scrape.
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { smallDataset } from '../../test/support/datasets.ts';
import { NOW } from '../../test/support/his-world.ts';
import { createInProcessBus } from '../bus/in-process.ts';
import { measuredBus } from '../bus/measured.ts';
import { loadDataset, type Platform, startPlatform } from '../platform.ts';
import { HisClient } from '../sim/his-client.ts';
import { HIS_PATH, registerHis } from './his/route.ts';
import { createMetrics, type Metrics, outboxBacklogOf } from './metrics.ts';

/** The value of one series, 0 when it does not exist yet. */
async function seriesValue(
  metrics: Metrics,
  name: string,
  labels: Record<string, string> = {},
  /** A histogram's series: `_count` or `_sum` (its buckets carry an `le` label and would match first). */
  series = '',
): Promise<number> {
  const metric = metrics.registry.getSingleMetric(name);
  if (!metric) throw new Error(`no metric ${name}`);
  const { values } = await metric.get();
  const match = values.find(
    (v) =>
      (series === '' || (v as { metricName?: string }).metricName === `${name}${series}`) &&
      Object.entries(labels).every(
        ([key, value]) => String((v.labels as Record<string, unknown>)[key]) === value,
      ),
  );
  return match?.value ?? 0;
}

describe('createMetrics', () => {
  it('keeps each server in its own registry, with the process metrics', async () => {
    const a = createMetrics();
    const b = createMetrics();
    a.observeHis({ infno: '1101', outcome: 'ok', seconds: 0.002, replayed: false });
    expect(await seriesValue(a, 'yidi_his_requests_total', { infno: '1101', outcome: 'ok' })).toBe(1);
    expect(await seriesValue(b, 'yidi_his_requests_total', { infno: '1101', outcome: 'ok' })).toBe(0);
    expect(await a.registry.metrics()).toContain('process_cpu_user_seconds_total');
    expect(await createMetrics({ defaultMetrics: false }).registry.metrics()).not.toContain('process_cpu');
  });

  it('counts a settlement or a cancellation once, from a first successful 2207/2304/2208/2305 answer', async () => {
    const metrics = createMetrics({ defaultMetrics: false });
    const seen = (infno: string, outcome: 'ok' | 'refused' | 'error', replayed = false) =>
      metrics.observeHis({ infno, outcome, seconds: 0.05, replayed });
    expect(await seriesValue(metrics, 'yidi_settlements_total', { kind: 'settle' })).toBe(0);
    seen('2304', 'ok');
    seen('2207', 'ok');
    seen('2207', 'ok', true); // a retry returns the stored answer: no second settlement
    seen('2304', 'refused');
    seen('2305', 'ok');
    seen('2208', 'error');
    seen('2303', 'ok'); // a presettlement settles nothing
    expect(await seriesValue(metrics, 'yidi_settlements_total', { kind: 'settle' })).toBe(2);
    expect(await seriesValue(metrics, 'yidi_settlements_total', { kind: 'cancel' })).toBe(1);
    expect(await seriesValue(metrics, 'yidi_his_requests_total', { infno: '2207', outcome: 'ok' })).toBe(2);
    const text = await metrics.registry.metrics();
    expect(text).toContain('yidi_his_request_duration_seconds_bucket{le="0.001",infno="2304"} 0');
    expect(text).toContain('yidi_his_request_duration_seconds_bucket{le="0.05",infno="2304"} 2');
  });

  it('counts bus requests by subject kind and outcome, and timeouts apart', async () => {
    const metrics = createMetrics({ defaultMetrics: false });
    const bus = measuredBus(createInProcessBus(), metrics);
    try {
      await bus.serve('yidi.node.*.benefit.decide', async () => ({ ok: true }));
      await bus.serve(
        'yidi.node.130000.slow',
        () => new Promise((resolve) => setTimeout(() => resolve(null), 100)),
      );
      await bus.request('yidi.node.130000.benefit.decide', null);
      await bus.request('yidi.node.460000.benefit.decide', null);
      await expect(bus.request('yidi.node.130000.slow', null, { timeoutMs: 10 })).rejects.toMatchObject({
        code: 'timeout',
      });
      await expect(bus.request('yidi.hub.nobody', null)).rejects.toMatchObject({ code: 'no-responder' });
    } finally {
      await bus.close();
    }
    const requests = (subject_kind: string, outcome: string) =>
      seriesValue(metrics, 'yidi_bus_requests_total', { subject_kind, outcome });
    expect(await requests('node.benefit.decide', 'ok')).toBe(2);
    expect(await requests('node.slow', 'timeout')).toBe(1);
    expect(await requests('hub.nobody', 'no-responder')).toBe(1);
    expect(await seriesValue(metrics, 'yidi_bus_timeouts_total', { subject_kind: 'node.slow' })).toBe(1);
    expect(
      await seriesValue(metrics, 'yidi_bus_timeouts_total', { subject_kind: 'node.benefit.decide' }),
    ).toBe(0);
    expect(await metrics.registry.metrics()).not.toContain('130000');
  });

  it('reads the outbox on each scrape, once for both gauges, and leaves them out when the read fails', async () => {
    let reads = 0;
    let fail = false;
    const metrics = createMetrics({
      defaultMetrics: false,
      outboxBacklog: async () => {
        reads += 1;
        if (fail) throw new Error('database down');
        return [
          { province: '130000', pending: reads, oldest_age_s: 1.5 },
          { province: '460000', pending: 0, oldest_age_s: 0 },
        ];
      },
    });
    const first = await metrics.registry.metrics();
    expect(reads).toBe(1);
    expect(first).toContain('yidi_outbox_lag{province="130000"} 1');
    expect(first).toContain('yidi_outbox_lag{province="460000"} 0');
    expect(first).toContain('yidi_outbox_lag_seconds{province="130000"} 1.5');
    expect(await metrics.registry.metrics()).toContain('yidi_outbox_lag{province="130000"} 2');
    fail = true;
    const failed = await metrics.registry.metrics();
    expect(failed).not.toContain('yidi_outbox_lag{province=');
    expect(failed).toContain('yidi_outbox_lag_read_failures_total 1');
  });
});

describe('the HIS edge observed', () => {
  let platform: Platform;
  let app: FastifyInstance;
  let metrics: Metrics;
  const send = async (body: unknown) =>
    (await app.inject({ method: 'POST', url: HIS_PATH, payload: body as Record<string, unknown> })).json();

  beforeAll(async () => {
    platform = await startPlatform({
      memory: true,
      provinces: ['130000', '460000'],
      bus: createInProcessBus(),
    });
    await loadDataset(platform.db, smallDataset());
    metrics = createMetrics({ defaultMetrics: false });
    // As a process does: the metrics exist before the database (the bus is measured first), the outbox comes later.
    metrics.observeOutbox(outboxBacklogOf(platform.db, platform.nodes.keys()));
    app = Fastify({ logger: false });
    registerHis(
      app,
      platform,
      () => new Date(NOW),
      (answer) => metrics.observeHis(answer),
    );
    await app.ready();
  });
  afterAll(async () => {
    await app?.close();
    await platform?.close();
  });

  it('sees each answer with its infno and outcome, a retry as replayed, garbage as unknown', async () => {
    const his = new HisClient(
      send,
      { fixmedins_code: 'H46010800012', fixmedins_name: '海口市第一人民医院', admdvs: '460108' },
      () => new Date(NOW),
    );
    const signIn = his.envelope('9001', { signIn: { opter_no: 'D001', mac: '', ip: '' } });
    expect((await his.send(signIn)).infcode).toBe(0);
    expect((await his.send(signIn)).infcode).toBe(0); // the same msgid: the stored answer
    expect((await his.call('9999', {})).infcode).toBe(-1);
    const broken = await app.inject({
      method: 'POST',
      url: HIS_PATH,
      headers: { 'content-type': 'application/json' },
      payload: '{"infno":',
    });
    expect(broken.statusCode).toBe(400);

    expect(await seriesValue(metrics, 'yidi_his_requests_total', { infno: '9001', outcome: 'ok' })).toBe(2);
    expect(
      await seriesValue(metrics, 'yidi_his_requests_total', { infno: 'unknown', outcome: 'refused' }),
    ).toBe(2);
    expect(await seriesValue(metrics, 'yidi_his_request_duration_seconds', { infno: '9001' }, '_count')).toBe(
      2,
    );
  });

  it('reads the outbox lag of every province of the database', async () => {
    const text = await metrics.registry.metrics();
    expect(text).toMatch(/yidi_outbox_lag\{province="130000"\} \d+/);
    expect(text).toMatch(/yidi_outbox_lag_seconds\{province="460000"\} [\d.]+/);
  });
});
