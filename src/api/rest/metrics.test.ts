// GET /metrics and GET /readyz on a minimal app, from plain inputs (a db-like object, a bus flag, components).
import Fastify, { type FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { createInProcessBus } from '../../bus/in-process.ts';
import { createMetrics } from '../metrics.ts';
import { answersOnBus, type ReadinessInputs, registerMetrics, registerReadiness } from './metrics.ts';

const apps: FastifyInstance[] = [];
afterEach(async () => {
  await Promise.all(apps.splice(0).map((app) => app.close()));
});

async function appWith(inputs: ReadinessInputs): Promise<FastifyInstance> {
  const app = Fastify({ logger: false });
  apps.push(app);
  const metrics = createMetrics();
  metrics.observeHis({ infno: '2304', outcome: 'ok', seconds: 0.12, replayed: false });
  registerMetrics(app, metrics);
  registerReadiness(app, inputs);
  await app.ready();
  return app;
}

const answeringDb = { query: async () => [{ '?column?': 1 }] };

describe('GET /metrics', () => {
  it('serves the registry in the Prometheus text format', async () => {
    const app = await appWith({ db: answeringDb, busReady: () => true });
    const response = await app.inject({ method: 'GET', url: '/metrics' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(response.body).toContain('yidi_his_requests_total{infno="2304",outcome="ok"} 1');
    expect(response.body).toContain('yidi_settlements_total{kind="settle"} 1');
    expect(response.body).toContain('# TYPE yidi_bus_timeouts_total counter');
    expect(response.body).toContain('nodejs_eventloop_lag_seconds');
  });
});

describe('GET /readyz', () => {
  it('answers 200 when the database answers, the bus is connected and every component started', async () => {
    const app = await appWith({
      db: answeringDb,
      busReady: async () => true,
      components: { hub: () => true, 'node-460000': () => true },
    });
    const response = await app.inject({ method: 'GET', url: '/readyz' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({
      ready: true,
      checks: { database: 'ok', bus: 'ok', hub: 'ok', 'node-460000': 'ok' },
      not_ready: [],
    });
  });

  it('answers 503 naming what is not ready', async () => {
    const app = await appWith({
      db: { query: async () => Promise.reject(new Error('connection refused')) },
      busReady: () => false,
      components: { hub: () => true, 'node-460000': () => false },
    });
    const response = await app.inject({ method: 'GET', url: '/readyz' });
    expect(response.statusCode).toBe(503);
    expect(response.json()).toMatchObject({
      ready: false,
      checks: {
        database: 'failed: connection refused',
        bus: 'not connected',
        hub: 'ok',
        'node-460000': 'not started',
      },
      not_ready: ['database', 'bus', 'node-460000'],
    });
  });

  it('gives up on a database or bus probe that hangs', async () => {
    const app = await appWith({
      db: { query: () => new Promise(() => {}) },
      busReady: () => {
        throw new Error('no connection object');
      },
      timeoutMs: 20,
    });
    const response = await app.inject({ method: 'GET', url: '/readyz' });
    expect(response.statusCode).toBe(503);
    expect(response.json().checks).toEqual({
      database: 'no answer within 20 ms',
      bus: 'failed: no connection object',
    });
  });

  it('sees a node as started when it answers its health subject over the bus', async () => {
    const bus = createInProcessBus();
    try {
      await bus.serve('yidi.node.460000.health', async () => ({ up: true }));
      const app = await appWith({
        db: answeringDb,
        busReady: () => true,
        components: {
          'node-460000': answersOnBus(bus, 'yidi.node.460000.health'),
          'node-130000': answersOnBus(bus, 'yidi.node.130000.health'),
        },
      });
      const response = await app.inject({ method: 'GET', url: '/readyz' });
      expect(response.statusCode).toBe(503);
      expect(response.json().checks).toEqual({
        database: 'ok',
        bus: 'ok',
        'node-460000': 'ok',
        'node-130000': 'failed: nobody serves yidi.node.130000.health',
      });
    } finally {
      await bus.close();
    }
  });

  it('turns ready once the bus reconnects', async () => {
    let connected = false;
    const app = await appWith({ db: answeringDb, busReady: () => connected });
    expect((await app.inject({ method: 'GET', url: '/readyz' })).statusCode).toBe(503);
    connected = true;
    expect((await app.inject({ method: 'GET', url: '/readyz' })).statusCode).toBe(200);
  });
});
