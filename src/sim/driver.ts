// Drives cross-province traffic through the HIS interface: concurrent hospitals' workers, at a rate or flat out.
import type { InstitutionRow } from '../core/dataset/schema.ts';
import { chinaDateOf } from '../core/time.ts';
import { createRandom } from '../demo/random.ts';
import { signerOf } from '../demo/signing-keys.ts';
import type { BillShape } from './bills.ts';
import { Caller, CycleFailed } from './caller.ts';
import { type CycleContext, runCycle, visitBegin } from './cycles.ts';
import { HisClient, type HisTransport } from './his-client.ts';
import { type CycleKind, personKey, planVisit } from './plans.ts';
import { SimStats } from './stats.ts';
import { isPharmacy, type SimWorld } from './world.ts';

export interface DriveOptions {
  readonly transport: HisTransport;
  readonly world: SimWorld;
  readonly durationMs: number;
  /** Cycles in flight at most (HIS workers). */
  readonly concurrency: number;
  /** Cycles started per second; flat out (each worker starts its next cycle at once) when absent. */
  readonly rate?: number;
  readonly seed: number;
  /** Relative weights of the cycle kinds; kinds the world cannot offer are left out. */
  readonly mix?: Partial<Record<CycleKind, number>>;
  readonly cancelShare?: number;
  readonly reversalShare?: number;
  /** Share of messages sent twice under one msgid. */
  readonly duplicateShare?: number;
  readonly inpatientBill?: BillShape;
  /** Counts go here (a progress display reads them while the run goes on). */
  readonly stats?: SimStats;
  /** Stops starting cycles; those in flight finish. */
  readonly signal?: AbortSignal;
}

/** A plausible day of cross-province traffic: outpatient visits most, then stays, 门诊慢特病 and pharmacies. */
export const DEFAULT_MIX: Readonly<Record<CycleKind, number>> = {
  inpatient: 0.25,
  outpatient: 0.4,
  chronic: 0.15,
  pharmacy: 0.18,
  unfiled: 0.02,
};
export const DEFAULT_CANCEL_SHARE = 0.01;
export const DEFAULT_REVERSAL_SHARE = 0.001;
export const DEFAULT_DUPLICATE_SHARE = 0.02;

export async function drive(options: DriveOptions): Promise<SimStats> {
  const stats = options.stats ?? new SimStats();
  const random = createRandom(options.seed, 'simulate');
  const context: CycleContext = {
    world: options.world,
    caller: new Caller(stats, random, options.duplicateShare ?? DEFAULT_DUPLICATE_SHARE),
    random,
    stats,
    options: {
      cancelShare: options.cancelShare ?? DEFAULT_CANCEL_SHARE,
      reversalShare: options.reversalShare ?? DEFAULT_REVERSAL_SHARE,
      ...(options.inpatientBill ? { inpatientBill: options.inpatientBill } : {}),
    },
  };
  const kinds = availableKinds(options.world, options.mix ?? DEFAULT_MIX);
  if (kinds.length === 0) throw new Error('the world offers no cross-province visit to simulate');
  const clients = new Map<string, Promise<HisClient>>();
  const busy = new Set<string>();
  const startedMs = performance.now();
  const deadline = startedMs + options.durationMs;
  let slot = 0;
  const stopped = () => options.signal?.aborted === true || performance.now() >= deadline;

  // Each hospital signs in once (9001), on its first visit; its workers share the session.
  const clientFor = (institution: InstitutionRow): Promise<HisClient> => {
    let client = clients.get(institution.fixmedins_code);
    if (!client) {
      // A hospital with a key in the dataset signs (the demo world's keys are derivable: src/demo/signing-keys.ts).
      const { fixmedins_code, fixmedins_name, admdvs } = institution;
      const fresh = new HisClient(options.transport, {
        fixmedins_code,
        fixmedins_name,
        admdvs,
        signer: signerOf(institution),
      });
      client = context.caller
        .send(fresh, '9001', { signIn: { opter_no: 'D001', mac: '', ip: '' } })
        .then((answer) => {
          fresh.useSignNo(answer.output.signinoutb.sign_no);
          return fresh;
        });
      client.catch(() => clients.delete(institution.fixmedins_code));
      clients.set(institution.fixmedins_code, client);
    }
    return client;
  };

  const worker = async (): Promise<void> => {
    while (!stopped()) {
      if (options.rate) {
        const wait = startedMs + (slot++ * 1000) / options.rate - performance.now();
        if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
        if (stopped()) return;
      }
      const kind = random.weighted(kinds);
      const nowMs = Date.now();
      const beginMs = visitBegin(kind, random, nowMs);
      const plan = planVisit(options.world, kind, random, chinaDateOf(beginMs), busy);
      if (!plan) {
        // Nothing to offer this draw (busy people, a place without such an institution): let others run.
        await new Promise((resolve) => setImmediate(resolve));
        continue;
      }
      const key = personKey(plan.person);
      const counts = stats.cycleOf(kind);
      busy.add(key);
      counts.started++;
      try {
        const client = await clientFor(plan.institution);
        await runCycle(context, client, plan, beginMs);
        counts.completed++;
      } catch (error) {
        counts.failed++;
        // A bug of the simulator's own (or a malformed answer it read) is a failure too, shown like the others.
        if (!(error instanceof CycleFailed))
          stats.recordUnexpected(kind, `模拟器异常：${(error as Error).message}`);
      } finally {
        busy.delete(key);
      }
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, worker));
  return stats;
}

function availableKinds(
  world: SimWorld,
  mix: Partial<Record<CycleKind, number>>,
): (readonly [CycleKind, number])[] {
  const hasPharmacy = [...world.byPlace.values()].some((list) => list.some(isPharmacy));
  const offered: Record<CycleKind, boolean> = {
    inpatient: world.persons.length > 0,
    outpatient: world.persons.length > 0,
    chronic: world.chronicFiled.length > 0,
    pharmacy: hasPharmacy && world.filed.length > 0,
    unfiled: world.persons.length > 0 && world.provinces.length > 1,
  };
  return (Object.entries(mix) as [CycleKind, number][]).filter(
    ([kind, weight]) => weight > 0 && offered[kind],
  );
}
