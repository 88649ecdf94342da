// 全国备案索引: the hub takes every filing event of the insured nodes into its index and passes it to the treatment place.
import type { Bus, BusEvent, Json, Subscription } from '../bus/port.ts';
import { provinceOf } from '../core/regions.ts';
import { FILING_EVENTS, offsiteFilingSubject } from '../node/subjects.ts';
import type { FilingIndexEvent } from '../store/filing-events.ts';
import type { HubStore } from '../store/hub-store.ts';

export const HUB_FILING_CONSUMER = 'hub-filing-index';

/**
 * Subscribes the index to the insured nodes' filing events. Each event is indexed, then passed on under its own id
 * to the node of the place it is for (and of the place it left, on a change of place): a redelivery after a crash
 * between the two steps indexes nothing new and publishes nothing twice.
 */
export function syncFilingIndex(bus: Bus, store: HubStore): Promise<Subscription> {
  return bus.subscribe(FILING_EVENTS, HUB_FILING_CONSUMER, async (event: BusEvent) => {
    const filing = event.data as unknown as FilingIndexEvent;
    const { previousPlace } = await store.indexFiling(filing);
    const provinces = new Set([provinceOf(filing.mdtrtarea_admdvs)]);
    if (previousPlace) provinces.add(provinceOf(previousPlace));
    for (const province of provinces)
      await bus.publish(offsiteFilingSubject(province), `${event.id}@${province}`, filing as unknown as Json);
  });
}
