// A Bus decorator that reports every request's outcome and duration to a meter (Prometheus metrics), nothing else.
import { type Bus, BusError, type BusErrorCode, type Json, type RequestOptions } from './port.ts';

/** `ok`, the BusError's code, or `error` for anything else (a malformed subject's TypeError). */
export type BusOutcome = 'ok' | BusErrorCode | 'error';

/** What the decorator reports to; the metrics module implements it, a test may count by hand. */
export interface BusMeter {
  observeBusRequest(subjectKind: string, outcome: BusOutcome, seconds: number): void;
}

const PROVINCE_TOKEN = /^\d{6}$/;

/**
 * A subject as a low-cardinality label: `yidi.` and the province dropped, so `yidi.node.460000.benefit.decide` is
 * `node.benefit.decide` and `yidi.hub.benefit.decide` is `hub.benefit.decide` (one series per operation and side,
 * not per province).
 */
export function subjectKind(subject: string): string {
  const tokens = subject.split('.');
  const rest = tokens[0] === 'yidi' ? tokens.slice(1) : tokens;
  return rest.filter((token) => !PROVINCE_TOKEN.test(token)).join('.');
}

/** The same bus, with each request() measured; serve, publish, subscribe and close pass through untouched. */
export function measuredBus(bus: Bus, meter: BusMeter): Bus {
  return {
    connected: () => bus.connected(),
    async request(subject: string, data: Json, options?: RequestOptions): Promise<Json> {
      const startedMs = performance.now();
      const report = (outcome: BusOutcome) =>
        meter.observeBusRequest(subjectKind(subject), outcome, (performance.now() - startedMs) / 1000);
      try {
        const reply = await bus.request(subject, data, options);
        report('ok');
        return reply;
      } catch (error) {
        report(error instanceof BusError ? error.code : 'error');
        throw error;
      }
    },
    serve: (subject, handler) => bus.serve(subject, handler),
    publish: (subject, id, data) => bus.publish(subject, id, data),
    subscribe: (subject, durableName, handler) => bus.subscribe(subject, durableName, handler),
    close: () => bus.close(),
  };
}
