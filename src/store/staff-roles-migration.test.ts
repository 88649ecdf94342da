// Migration 019-staff-roles: accounts that existed before roles keep every role; new rows must name theirs.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LEGACY_ROLES } from '../core/staff-roles.ts';
import type { Db } from './db.ts';
import { migrate } from './migrate.ts';
import { NODE_MIGRATIONS } from './migrations/node.ts';
import { openPglite } from './pglite.ts';
import { PortalStore } from './portal-store.ts';

const SCHEMA = 'node_roles_test';
let db: Db;

beforeAll(async () => {
  db = await openPglite();
  const at = NODE_MIGRATIONS.findIndex((m) => m.id === '019-staff-roles');
  expect(at).toBeGreaterThan(0);
  await migrate(db, [SCHEMA], NODE_MIGRATIONS.slice(0, at));
  await db.query(
    `INSERT INTO ${SCHEMA}.staff_accounts (username, name, scope_admdvs, pwd_hash) VALUES ('old-130000', '老账号', '130000', 'x')`,
  );
  await migrate(db, [SCHEMA], NODE_MIGRATIONS);
});

afterAll(async () => {
  await db?.close();
});

describe('019-staff-roles', () => {
  it('gives an account that existed before roles every role, as it could do everything then', async () => {
    const [row] = await db.query<{ roles: string[] }>(`SELECT roles FROM ${SCHEMA}.staff_accounts`);
    expect(row?.roles).toEqual(LEGACY_ROLES);
  });

  it('leaves no default: a new account must name its roles', async () => {
    await expect(
      db.query(
        `INSERT INTO ${SCHEMA}.staff_accounts (username, name, scope_admdvs, pwd_hash) VALUES ('new', '新', '130000', 'x')`,
      ),
    ).rejects.toThrow(/roles/);
  });

  it('stores and reads back the roles an account is given, and replaces them on upsert', async () => {
    const store = new PortalStore(db, 'roles_test');
    const clerk = { username: 'clerk', name: '清算', scope_admdvs: '130000', pwd_hash: 'x' };
    await store.upsertStaff({ ...clerk, roles: ['clearing_officer'] });
    expect((await store.staff('clerk'))?.roles).toEqual(['clearing_officer']);
    await store.upsertStaff({ ...clerk, roles: ['auditor', 'clearing_officer'] });
    expect((await store.staff('clerk'))?.roles).toEqual(['auditor', 'clearing_officer']);
  });
});
