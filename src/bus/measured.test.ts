// The measured bus keeps the bus contract and reports each request's outcome by subject kind.
import { describe, expect, it } from 'vitest';
import { describeBusContract } from './bus.contract.ts';
import { createInProcessBus } from './in-process.ts';
import { type BusOutcome, measuredBus, subjectKind } from './measured.ts';
import { BusError, ReplyError } from './port.ts';

describeBusContract('measured in-process', async (scope) =>
  measuredBus(createInProcessBus({ eventSubjects: [scope.eventSubjects] }), { observeBusRequest() {} }),
);

function recorder() {
  const seen: { kind: string; outcome: BusOutcome; seconds: number }[] = [];
  return {
    seen,
    meter: {
      observeBusRequest(kind: string, outcome: BusOutcome, seconds: number) {
        seen.push({ kind, outcome, seconds });
      },
    },
  };
}

describe('subjectKind', () => {
  it('drops yidi. and the province so that one operation is one series', () => {
    expect(subjectKind('yidi.node.460000.benefit.decide')).toBe('node.benefit.decide');
    expect(subjectKind('yidi.node.130000.benefit.decide')).toBe('node.benefit.decide');
    expect(subjectKind('yidi.hub.benefit.decide')).toBe('hub.benefit.decide');
    expect(subjectKind('yidi.node.460000.health')).toBe('node.health');
    expect(subjectKind('other.thing')).toBe('other.thing');
  });
});

describe('measuredBus', () => {
  it('reports ok, remote, no-responder, timeout, closed and a malformed subject by outcome', async () => {
    const { seen, meter } = recorder();
    const bus = measuredBus(createInProcessBus(), meter);
    await bus.serve('yidi.node.460000.benefit.decide', async (data) => data);
    await bus.serve('yidi.node.460000.benefit.revert', async () => {
      throw new ReplyError('policy-not-found', 'no policy');
    });
    // Slower than the request's timeout, but it settles: a handler that never does would hold close().
    await bus.serve(
      'yidi.node.460000.slow',
      () => new Promise((resolve) => setTimeout(() => resolve(null), 100)),
    );

    expect(await bus.request('yidi.node.460000.benefit.decide', { a: 1 })).toEqual({ a: 1 });
    await expect(bus.request('yidi.node.460000.benefit.revert', null)).rejects.toMatchObject({
      code: 'remote',
    });
    await expect(bus.request('yidi.node.130000.benefit.decide', null)).rejects.toMatchObject({
      code: 'no-responder',
    });
    await expect(bus.request('yidi.node.460000.slow', null, { timeoutMs: 20 })).rejects.toMatchObject({
      code: 'timeout',
    });
    await expect(bus.request('yidi.node.*.x', null)).rejects.toBeInstanceOf(TypeError);
    await bus.close();
    await expect(bus.request('yidi.node.460000.benefit.decide', null)).rejects.toBeInstanceOf(BusError);

    expect(seen.map(({ kind, outcome }) => [kind, outcome])).toEqual([
      ['node.benefit.decide', 'ok'],
      ['node.benefit.revert', 'remote'],
      ['node.benefit.decide', 'no-responder'],
      ['node.slow', 'timeout'],
      ['node.*.x', 'error'],
      ['node.benefit.decide', 'closed'],
    ]);
    const timeout = seen.find((s) => s.outcome === 'timeout')!;
    expect(timeout.seconds).toBeGreaterThanOrEqual(0.015);
  });

  it('passes publish and subscribe through unmeasured', async () => {
    const { seen, meter } = recorder();
    const bus = measuredBus(createInProcessBus(), meter);
    const got: string[] = [];
    await bus.subscribe('yidi.events.filing.>', 'metrics-test', async (event) => {
      got.push(event.id);
    });
    await bus.publish('yidi.events.filing.130000', 'e1', null);
    await expect.poll(() => got).toEqual(['e1']);
    expect(seen).toEqual([]);
    await bus.close();
  });
});
