// Where regions.json, staff.json and persons' portal passwords land, read back through RegionStore and PortalStore.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Mutable, smallDataset } from '../../test/support/datasets.ts';
import { SCRYPT_HASH_PATTERN } from '../core/dataset/schema.ts';
import { filingSettingsOf } from '../core/filing/settings.ts';
import { LEGACY_ROLES } from '../core/staff-roles.ts';
import { hashPassword, NO_ACCOUNT_HASH, verifyPassword } from '../node/passwords.ts';
import { loadDataset } from '../platform.ts';
import { readDatasetFolder, writeDatasetFolder } from './dataset-folder.ts';
import type { Db } from './db.ts';
import { openPglite } from './pglite.ts';
import { PortalStore } from './portal-store.ts';
import { prepareSchemas } from './prepare.ts';
import { RegionStore } from './region-store.ts';

const HASH = '$scrypt$ln=15,r=8,p=1$BynCY1kVZ8pZfnE797eytw==$GB1BrVyFT1zBKUSCXyxkkCz4d0llDGuBgWK2A7K9P3U=';
const SHIJIAZHUANG_AGENCY = {
  name: '石家庄市医疗保障事务中心',
  tel: '0311-00000000（演示）',
  addr: '石家庄市长安区',
  hours: '工作日 8:30-17:30',
};

function withExtensions(): Mutable {
  const raw: Mutable = smallDataset();
  raw.regions = [
    { admdvs: '130100', agency: SHIJIAZHUANG_AGENCY, filing: { change_wait_months: 3 } },
    { admdvs: '130600', filing: { auto_approve_commitment: false } },
    { admdvs: '460100', agency: { name: '海口市医疗保障事务中心' } },
  ];
  raw.staff = [
    { username: 'reviewer-130000', name: '河北省医保经办 审核员', scope_admdvs: '130000', pwd_hash: HASH },
    {
      username: 'reviewer-130100',
      name: '石家庄市医保经办 审核员',
      scope_admdvs: '130100',
      pwd_hash: HASH,
      roles: ['filing_reviewer'],
    },
    { username: 'reviewer-460000', name: '海南省医保经办 审核员', scope_admdvs: '460000', pwd_hash: HASH },
  ];
  raw.persons[0].portal_pwd_hash = HASH;
  return raw;
}

let db: Db;
beforeAll(async () => {
  db = await openPglite();
  await prepareSchemas(db, ['130000', '460000']);
  await loadDataset(db, withExtensions());
});
afterAll(async () => {
  await db?.close();
});

describe('loading regions.json, staff.json and portal passwords', () => {
  it('puts a region’s settings in the node of its province and its agency in the hub’s directory', async () => {
    const hebei = new RegionStore(db, '130000');
    expect(await hebei.filingSettings('130100')).toEqual({ change_wait_months: 3 });
    expect(await hebei.agency('130100')).toEqual(SHIJIAZHUANG_AGENCY);
    expect(await hebei.filingSettings('130600')).toEqual({ auto_approve_commitment: false });
    expect(await hebei.agency('130600')).toBeNull();
    expect(await hebei.filingSettings('130200')).toBeNull();
    expect(await new RegionStore(db, '460000').agency('460100')).toEqual({
      name: '海口市医疗保障事务中心',
      tel: null,
      addr: null,
      hours: null,
    });
    expect(await db.query('SELECT * FROM hub.agency_directory ORDER BY admdvs')).toEqual([
      { admdvs: '130100', province: '130000', ...SHIJIAZHUANG_AGENCY },
      {
        admdvs: '460100',
        province: '460000',
        name: '海口市医疗保障事务中心',
        tel: null,
        addr: null,
        hours: null,
      },
    ]);
  });

  it('puts staff in the node of their scope’s province', async () => {
    expect(await new PortalStore(db, '130000').staff('reviewer-130100')).toEqual({
      username: 'reviewer-130100',
      name: '石家庄市医保经办 审核员',
      scope_admdvs: '130100',
      pwd_hash: HASH,
      roles: ['filing_reviewer'],
    });
    // A row without roles has every role (as before roles existed).
    expect(await new PortalStore(db, '460000').staff('reviewer-460000')).toMatchObject({
      scope_admdvs: '460000',
      roles: LEGACY_ROLES,
    });
    expect(await new PortalStore(db, '460000').staff('reviewer-130000')).toBeUndefined();
  });

  it('keeps a portal password in portal_accounts and nowhere in the persons table', async () => {
    expect(await new PortalStore(db, '130000').passwordHashOf('13010000000000001234')).toBe(HASH);
    expect(await new PortalStore(db, '130000').passwordHashOf('13010000000000002001')).toBeUndefined();
    const columns = await db.query<{ column_name: string }>(
      "SELECT column_name FROM information_schema.columns WHERE table_schema = 'node_130000' AND table_name = 'persons'",
    );
    expect(columns.map((c) => c.column_name)).not.toContain('portal_pwd_hash');
    const rows = await db.query('SELECT * FROM node_130000.persons');
    expect(JSON.stringify(rows)).not.toContain('$scrypt$');
  });

  it('upserts by key: a second load replaces a region’s settings and a reviewer’s name, and drops an unlisted agency', async () => {
    const raw = withExtensions();
    raw.regions[0] = { admdvs: '130100', filing: { temporary_shorter_allowed: false } };
    raw.staff[1].name = '石家庄市医保经办 复核员';
    const summary = await loadDataset(db, raw);
    expect(summary).toMatchObject({ regions: 3, staff: 3, portalAccounts: 1 });
    const hebei = new RegionStore(db, '130000');
    expect(await hebei.filingSettings('130100')).toEqual({ temporary_shorter_allowed: false });
    expect(await hebei.agency('130100')).toBeNull();
    expect(await db.query("SELECT admdvs FROM hub.agency_directory WHERE admdvs = '130100'")).toEqual([]);
    expect((await new PortalStore(db, '130000').staff('reviewer-130100'))?.name).toBe(
      '石家庄市医保经办 复核员',
    );
    expect(await db.query('SELECT count(*)::int AS n FROM node_130000.staff_accounts')).toEqual([{ n: 2 }]);
  });

  it('upsertFilingSettings replaces the local choices and keeps the agency; defaults fill the rest', async () => {
    const haikou = new RegionStore(db, '460000');
    await haikou.upsertFilingSettings('460100', { backdate_max_days: 30 });
    await haikou.upsertFilingSettings('460200', { change_wait_months: 0 });
    expect(await haikou.filingSettings('460100')).toEqual({ backdate_max_days: 30 });
    expect((await haikou.agency('460100'))?.name).toBe('海口市医疗保障事务中心');
    expect(filingSettingsOf(await haikou.filingSettings('460200'))).toMatchObject({
      change_wait_months: 0,
      auto_approve_commitment: true,
      temporary_months: 6,
    });
    await expect(haikou.upsertFilingSettings('130100', {})).rejects.toThrow(RangeError);
  });
});

describe('the dataset folder with the extension files', () => {
  it('writes regions.json and staff.json and reads back the same dataset', () => {
    const dir = mkdtempSync(join(tmpdir(), 'yidi-extensions-'));
    try {
      const raw = withExtensions();
      const written = writeDatasetFolder(dir, raw);
      expect(written).toEqual(expect.arrayContaining(['regions.json', 'staff.json', 'persons.json']));
      const read = readDatasetFolder(dir);
      expect(read.ok && read.raw).toEqual(raw);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('password hashes', () => {
  it('have the shape the dataset validator checks, as src/node/passwords.ts makes them', async () => {
    const hash = await hashPassword('yidi2026');
    expect(hash).toMatch(new RegExp(SCRYPT_HASH_PATTERN));
    expect(NO_ACCOUNT_HASH).toMatch(new RegExp(SCRYPT_HASH_PATTERN));
    expect(await verifyPassword('yidi2026', HASH)).toBe(true);
  });
});
