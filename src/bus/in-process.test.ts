// Runs the bus contract against the embedded in-process bus, plus what only the embedded bus promises.

import { describe, expect, it } from 'vitest';
import { describeBusContract } from './bus.contract.ts';
import { createInProcessBus } from './in-process.ts';
import { DEFAULT_EVENT_SUBJECTS } from './port.ts';

describeBusContract('in-process', async (scope) =>
  createInProcessBus({ eventSubjects: [scope.eventSubjects] }),
);

describe('in-process bus defaults', () => {
  it('stores durable events under yidi.events. by default', async () => {
    const bus = createInProcessBus();
    try {
      expect(DEFAULT_EVENT_SUBJECTS).toEqual(['yidi.events.>']);
      await expect(bus.publish('yidi.events.460000.settled', 'e1', null)).resolves.toBeUndefined();
      await expect(bus.publish('yidi.other.settled', 'e2', null)).rejects.toBeInstanceOf(TypeError);
    } finally {
      await bus.close();
    }
  });
});
