// Runs the bus contract against a real NATS server with JetStream; skips loudly when unreachable outside CI.

import { randomBytes } from 'node:crypto';
import { connect, type NatsConnection } from 'nats';
import { afterAll, describe, expect, it } from 'vitest';
import { type BusContractScope, describeBusContract } from './bus.contract.ts';
import { collector, waitFor } from './contract-helpers.ts';
import { connectNatsBus } from './nats.ts';
import type { Bus } from './port.ts';

const NATS_URL = process.env.NATS_URL ?? '127.0.0.1:4222';
const IN_CI = (process.env.CI ?? '') !== '' && process.env.CI !== 'false';
const PROBE_TIMEOUT_MS = 1_000;
const TEST_STREAM_PREFIX = 'YIDI_TEST_';
/** Test streams left by a run that crashed before its afterAll are swept once this old. */
const STALE_TEST_STREAM_AGE_MS = 10 * 60_000;

/** Why NATS with JetStream cannot be used, or undefined when it can. */
async function probeNats(): Promise<string | undefined> {
  let nc: NatsConnection | undefined;
  try {
    nc = await connect({ servers: NATS_URL, timeout: PROBE_TIMEOUT_MS, maxReconnectAttempts: 0 });
    await nc.jetstreamManager(); // fails when the server runs without JetStream
    return undefined;
  } catch (error) {
    return String(error);
  } finally {
    await nc?.close();
  }
}

const unreachable = await probeNats();
if (unreachable !== undefined && !IN_CI) {
  console.warn(
    `NATS not reachable at ${NATS_URL}: skipping the NATS bus contract suite (CI runs it). ${unreachable}`,
  );
}

describe.skipIf(unreachable !== undefined && !IN_CI)('NATS', () => {
  if (unreachable !== undefined) {
    it(`reaches NATS with JetStream at ${NATS_URL} (required in CI)`, () => {
      expect.fail(`NATS not reachable at ${NATS_URL}: ${unreachable}`);
    });
    return;
  }

  const createdStreams: string[] = [];
  afterAll(async () => {
    const nc = await connect({ servers: NATS_URL });
    try {
      const jsm = await nc.jetstreamManager();
      const staleBefore = Date.now() - STALE_TEST_STREAM_AGE_MS;
      for await (const stream of jsm.streams.list()) {
        const name = stream.config.name;
        const stale = name.startsWith(TEST_STREAM_PREFIX) && Date.parse(stream.created) < staleBefore;
        if (createdStreams.includes(name) || stale) await jsm.streams.delete(name);
      }
    } finally {
      await nc.close();
    }
  });

  /** A bus on a stream of its own, so that runs never see each other's events. */
  async function connectTestBus(scope: BusContractScope): Promise<Bus> {
    const streamName = `${TEST_STREAM_PREFIX}${scope.id}`;
    if (!createdStreams.includes(streamName)) createdStreams.push(streamName);
    return connectNatsBus({
      servers: NATS_URL,
      streamName,
      name: `yidi-bus-test-${scope.id}`,
      eventSubjects: [scope.eventSubjects],
    });
  }

  describeBusContract('NATS', connectTestBus);

  it('a durable consumer resumes on a new connection, as after a process restart', async () => {
    const id = randomBytes(6).toString('hex');
    const scope = { id, eventSubjects: `yidi-test.${id}.>` };
    const subject = `yidi-test.${id}.settled`;
    const before = await connectTestBus(scope);
    const first = collector();
    await before.subscribe(subject, `restart_${id}`, first.handler);
    await before.publish(subject, 'e1', null);
    await waitFor(() => first.ids().length === 1, 'the first event');
    await before.close();

    const after = await connectTestBus(scope);
    try {
      await after.publish(subject, 'e1', null); // a retried publish from the restarted process
      await after.publish(subject, 'e2', null);
      const second = collector();
      await after.subscribe(subject, `restart_${id}`, second.handler);
      await waitFor(() => second.ids().length > 0, 'the event published after the restart');
      expect(second.ids()).toEqual(['e2']);
    } finally {
      await after.close();
    }
  });
});
