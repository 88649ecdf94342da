import { openPglite } from './pglite.ts';
import { describeStore } from './store.contract.ts';

describeStore('PGlite (embedded)', async () => ({ db: await openPglite() }));
