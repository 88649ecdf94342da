import { describe } from 'vitest';
import { createTestDatabase, postgresAvailable } from '../../test/support/services.ts';
import { openPostgres } from './postgres.ts';
import { describeStore } from './store.contract.ts';

const available = await postgresAvailable();

describe.skipIf(!available)('PostgreSQL server', () => {
  describeStore('PostgreSQL', async () => {
    const database = await createTestDatabase();
    return { db: await openPostgres(database.url), cleanup: database.drop };
  });
});
