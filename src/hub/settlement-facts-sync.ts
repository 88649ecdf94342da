// The national level's copy of the nodes' cross-province settlement records: a durable consumer of the settlement
// events the treatment nodes publish from their outboxes (JetStream in cluster mode), stored once by setl_id.
import type { Bus, Subscription } from '../bus/port.ts';
import type { Db } from '../store/db.ts';
import { SETTLEMENT_EVENTS, type SettlementFact, SettlementFactStore } from '../store/settlement-events.ts';

/** The hub's durable consumer: acknowledged events are not delivered again after a restart. */
export const SETTLEMENT_FACTS_CONSUMER = 'hub-settlement-facts';

/** `onFact` runs after the fact is stored (协查's automatic request); it runs again on a redelivery. */
export function syncSettlementFacts(
  bus: Bus,
  db: Db,
  onFact: (fact: SettlementFact) => Promise<void> = async () => {},
): Promise<Subscription> {
  const store = new SettlementFactStore(db);
  return bus.subscribe(SETTLEMENT_EVENTS, SETTLEMENT_FACTS_CONSUMER, async (event) => {
    const fact = event.data as unknown as SettlementFact;
    await store.record(fact);
    await onFact(fact);
  });
}
