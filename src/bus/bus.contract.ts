// The behaviour every Bus adapter must show, as a Vitest suite that each adapter's test file runs.

import { randomBytes } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { busError, collector, openLater, sleep, waitFor } from './contract-helpers.ts';
import { type Bus, type Json, ReplyError } from './port.ts';

/** What one test may use, unique to it so that suites can run again and again against one NATS server. */
export interface BusContractScope {
  /** A random token, valid inside subjects, stream names and durable names. */
  readonly id: string;
  /** Every durable event subject of the test falls under this; give it to the adapter as its event subjects. */
  readonly eventSubjects: string;
}

/** Long enough for a loaded CI machine to answer a local request, short enough to keep the suite fast. */
const SHORT_TIMEOUT_MS = 150;

export function describeBusContract(name: string, makeBus: (scope: BusContractScope) => Promise<Bus>): void {
  describe(`${name} bus`, () => {
    let scope: BusContractScope;
    let bus: Bus;
    const rpc = (tokens: string): string => `yidi-test-rpc.${scope.id}.${tokens}`;
    const event = (tokens: string): string => `yidi-test.${scope.id}.${tokens}`;
    const durable = (label: string): string => `${label}_${scope.id}`;

    beforeEach(async () => {
      const id = randomBytes(6).toString('hex');
      scope = { id, eventSubjects: `yidi-test.${id}.>` };
      bus = await makeBus(scope);
    });
    afterEach(async () => {
      await bus.close();
    });

    describe('request/reply', () => {
      it('a request reaches a responder and returns its reply', async () => {
        await bus.serve(rpc('decide'), async (data) => ({ decided: data }));
        expect(await bus.request(rpc('decide'), { amount_fen: 1250 })).toEqual({
          decided: { amount_fen: 1250 },
        });
      });

      it('requester and responder each work on their own copy of the message', async () => {
        const answer = { items: ['a'] };
        let received: Json = null;
        await bus.serve(rpc('copy'), async (data) => {
          received = data;
          return answer;
        });
        const request = { items: ['x'] };
        const reply = await bus.request(rpc('copy'), request);
        request.items.push('y');
        answer.items.push('b');
        expect(received).toEqual({ items: ['x'] });
        expect(reply).toEqual({ items: ['a'] });
      });

      it('a request without a responder fails with no-responder', async () => {
        expect(await busError(bus.request(rpc('nobody'), null))).toMatchObject({ code: 'no-responder' });
      });

      it('a ReplyError arrives as a remote error with its code', async () => {
        await bus.serve(rpc('policy'), async () => {
          throw new ReplyError('policy-not-found', '参保地没有该险种的待遇政策');
        });
        expect(await busError(bus.request(rpc('policy'), null))).toMatchObject({
          code: 'remote',
          remoteCode: 'policy-not-found',
          message: '参保地没有该险种的待遇政策',
        });
      });

      it('any other thrown error arrives as a remote error with code internal', async () => {
        await bus.serve(rpc('broken'), async () => {
          throw new Error('database unreachable');
        });
        expect(await busError(bus.request(rpc('broken'), null))).toMatchObject({
          code: 'remote',
          remoteCode: 'internal',
          message: 'database unreachable',
        });
      });

      it('a request times out with timeout', async () => {
        const gate = openLater();
        await bus.serve(rpc('slow'), async () => {
          await gate.promise;
          return 'too late';
        });
        const started = Date.now();
        const error = await busError(bus.request(rpc('slow'), null, { timeoutMs: SHORT_TIMEOUT_MS }));
        gate.open();
        expect(error.code).toBe('timeout');
        expect(Date.now() - started).toBeGreaterThanOrEqual(SHORT_TIMEOUT_MS - 5);
      });

      it('responders of one subject share its requests, each handled once', async () => {
        const handledBy = [0, 0];
        for (const responder of [0, 1]) {
          await bus.serve(rpc('shared'), async (data) => {
            handledBy[responder] = (handledBy[responder] ?? 0) + 1;
            return data;
          });
        }
        const requests = Array.from({ length: 20 }, (_, index) => bus.request(rpc('shared'), index));
        expect(await Promise.all(requests)).toEqual(Array.from({ length: 20 }, (_, index) => index));
        expect(handledBy[0]! + handledBy[1]!).toBe(20);
        expect(Math.min(...handledBy)).toBeGreaterThan(0);
      });

      it('a closed responder no longer serves its subject', async () => {
        const subscription = await bus.serve(rpc('gone'), async () => 'here');
        await subscription.close();
        expect(await busError(bus.request(rpc('gone'), null))).toMatchObject({ code: 'no-responder' });
      });

      it('close rejects pending requests with closed', async () => {
        const gate = openLater();
        let started = false;
        await bus.serve(rpc('pending'), async () => {
          started = true;
          await gate.promise;
          return 'after close';
        });
        const pending = busError(bus.request(rpc('pending'), null));
        await waitFor(() => started, 'the responder to start');
        const closing = bus.close();
        expect(await pending).toMatchObject({ code: 'closed' });
        gate.open();
        await closing;
      });

      it('a closed bus refuses requests with closed', async () => {
        await bus.close();
        expect(await busError(bus.request(rpc('any'), null))).toMatchObject({ code: 'closed' });
      });

      it('a wildcard or event subject is refused as a request subject', async () => {
        await expect(bus.request(rpc('*'), null)).rejects.toBeInstanceOf(TypeError);
        await expect(bus.request(event('settled'), null)).rejects.toBeInstanceOf(TypeError);
      });
    });

    describe('durable events', () => {
      it('events published before subscribing are delivered, in publish order', async () => {
        for (const id of ['e1', 'e2', 'e3']) await bus.publish(event('settled'), id, { id });
        const seen = collector();
        await bus.subscribe(event('settled'), durable('order'), seen.handler);
        await waitFor(() => seen.ids().length === 3, 'three events');
        expect(seen.events).toEqual([
          { id: 'e1', subject: event('settled'), data: { id: 'e1' } },
          { id: 'e2', subject: event('settled'), data: { id: 'e2' } },
          { id: 'e3', subject: event('settled'), data: { id: 'e3' } },
        ]);
      });

      it('publishing the same id twice delivers it once', async () => {
        await bus.publish(event('settled'), 'twice', 1);
        await bus.publish(event('settled'), 'twice', 2);
        await bus.publish(event('settled'), 'marker', 3);
        const seen = collector();
        await bus.subscribe(event('settled'), durable('dedupe'), seen.handler);
        await waitFor(() => seen.ids().includes('marker'), 'the marker event');
        expect(seen.events.map((e) => [e.id, e.data])).toEqual([
          ['twice', 1],
          ['marker', 3],
        ]);
      });

      it('a handler that throws gets the event again, and later events wait for it', async () => {
        const seen: string[] = [];
        await bus.subscribe(event('settled'), durable('retry'), async ({ id }) => {
          seen.push(id);
          if (id === 'flaky' && seen.filter((s) => s === 'flaky').length < 3) throw new Error('not yet');
        });
        await bus.publish(event('settled'), 'flaky', null);
        await bus.publish(event('settled'), 'next', null);
        await waitFor(() => seen.includes('next'), 'the event after the flaky one');
        expect(seen).toEqual(['flaky', 'flaky', 'flaky', 'next']);
      });

      it('a durable consumer resumes after the last acknowledged event', async () => {
        const first = collector();
        const before = await bus.subscribe(event('settled'), durable('resume'), first.handler);
        await bus.publish(event('settled'), 'e1', null);
        await bus.publish(event('settled'), 'e2', null);
        await waitFor(() => first.ids().length === 2, 'two events');
        await before.close();
        await bus.publish(event('settled'), 'e3', null);
        const second = collector();
        await bus.subscribe(event('settled'), durable('resume'), second.handler);
        await waitFor(() => second.ids().length > 0, 'the event published while away');
        expect(second.ids()).toEqual(['e3']);
        expect(first.ids()).toEqual(['e1', 'e2']);
      });

      it('closing a subscription lets its in-flight handler finish and keeps its acknowledgement', async () => {
        const gate = openLater();
        const first = collector(() => gate.promise);
        const subscription = await bus.subscribe(event('settled'), durable('inflight'), first.handler);
        await bus.publish(event('settled'), 'e1', null);
        await waitFor(() => first.ids().length === 1, 'the handler to start');
        let closed = false;
        const closing = subscription.close().then(() => {
          closed = true;
        });
        await sleep(20);
        expect(closed).toBe(false);
        gate.open();
        await closing;
        await bus.publish(event('settled'), 'e2', null);
        const second = collector();
        await bus.subscribe(event('settled'), durable('inflight'), second.handler);
        await waitFor(() => second.ids().length > 0, 'the next event');
        expect(second.ids()).toEqual(['e2']);
      });

      it('each durable name receives every event', async () => {
        const billing = collector();
        const statistics = collector();
        await bus.subscribe(event('settled'), durable('billing'), billing.handler);
        await bus.subscribe(event('settled'), durable('statistics'), statistics.handler);
        for (const id of ['e1', 'e2']) await bus.publish(event('settled'), id, null);
        await waitFor(() => billing.ids().length === 2 && statistics.ids().length === 2, 'both consumers');
        expect(billing.ids()).toEqual(['e1', 'e2']);
        expect(statistics.ids()).toEqual(['e1', 'e2']);
      });

      it('subscriptions sharing a durable name share its events, each delivered once', async () => {
        const left = collector();
        const right = collector();
        await bus.subscribe(event('settled'), durable('pair'), left.handler);
        await bus.subscribe(event('settled'), durable('pair'), right.handler);
        const ids = ['e1', 'e2', 'e3', 'e4', 'e5', 'e6'];
        for (const id of ids) await bus.publish(event('settled'), id, null);
        await waitFor(() => left.ids().length + right.ids().length === ids.length, 'all events');
        expect([...left.ids(), ...right.ids()].sort()).toEqual(ids);
      });

      it('wildcard subscriptions receive matching subjects', async () => {
        const anyProvince = collector();
        const hainan = collector();
        await bus.subscribe(event('*.settled'), durable('star'), anyProvince.handler);
        await bus.subscribe(event('460000.>'), durable('tail'), hainan.handler);
        await bus.publish(event('460000.settled'), 'hainan-settled', null);
        await bus.publish(event('130000.settled'), 'hebei-settled', null);
        await bus.publish(event('460000.reversed'), 'hainan-reversed', null);
        await bus.publish(event('460000.settled.late'), 'hainan-late', null);
        await bus.publish(event('settled'), 'no-province', null);
        await bus.publish(event('460000.settled'), 'marker', null);
        await waitFor(
          () => anyProvince.ids().includes('marker') && hainan.ids().includes('marker'),
          'markers',
        );
        expect(anyProvince.ids()).toEqual(['hainan-settled', 'hebei-settled', 'marker']);
        expect(hainan.ids()).toEqual(['hainan-settled', 'hainan-reversed', 'hainan-late', 'marker']);
      });

      it('a durable name stays bound to the subject it was created with', async () => {
        await bus.subscribe(event('settled'), durable('bound'), async () => {});
        await expect(
          bus.subscribe(event('reversed'), durable('bound'), async () => {}),
        ).rejects.toBeInstanceOf(TypeError);
      });

      it('a subject outside the event subjects is refused for publish and subscribe', async () => {
        const outside = `yidi-test-elsewhere.${scope.id}.settled`;
        await expect(bus.publish(outside, 'e1', null)).rejects.toBeInstanceOf(TypeError);
        await expect(bus.subscribe(outside, durable('outside'), async () => {})).rejects.toBeInstanceOf(
          TypeError,
        );
      });

      it('a closed bus refuses to publish with closed', async () => {
        await bus.close();
        expect(await busError(bus.publish(event('settled'), 'e1', null))).toMatchObject({ code: 'closed' });
      });
    });
  });
}
