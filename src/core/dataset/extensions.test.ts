// Validation of the optional extension files regions.json and staff.json and of persons' portal_pwd_hash.
import { describe, expect, it } from 'vitest';
import { type Mutable, smallDataset } from '../../../test/support/datasets.ts';
import { LEGACY_ROLES } from '../staff-roles.ts';
import { validateDataset } from './validate.ts';

const HASH = '$scrypt$ln=15,r=8,p=1$BynCY1kVZ8pZfnE797eytw==$GB1BrVyFT1zBKUSCXyxkkCz4d0llDGuBgWK2A7K9P3U=';
const OTHER_HASH =
  '$scrypt$ln=15,r=8,p=1$AAAAAAAAAAAAAAAAAAAAAA==$GB1BrVyFT1zBKUSCXyxkkCz4d0llDGuBgWK2A7K9P3U=';

/** The small dataset with one region (石家庄, agency and filing settings) and one reviewer. */
function withExtensions(): Mutable {
  const raw: Mutable = smallDataset();
  raw.regions = [
    {
      admdvs: '130100',
      agency: {
        name: '石家庄市医疗保障事务中心',
        tel: '0311-00000000',
        addr: null,
        hours: '工作日 8:30-17:30',
      },
      filing: {
        auto_approve_commitment: true,
        change_wait_months: 6,
        temporary_months: 6,
        backdate_max_days: 180,
      },
    },
    { admdvs: '130600' },
  ];
  raw.staff = [
    { username: 'reviewer-130000', name: '河北省医保经办 审核员', scope_admdvs: '130000', pwd_hash: HASH },
  ];
  raw.persons[0].portal_pwd_hash = HASH;
  return raw;
}

function problemsAfter(change: (raw: Mutable) => void): readonly string[] {
  const raw = withExtensions();
  change(raw);
  const result = validateDataset(raw);
  return result.ok ? [] : result.problems;
}

describe('dataset extension files', () => {
  it('accepts regions, staff and a portal password, and keeps the hash out of the person row', () => {
    const result = validateDataset(withExtensions());
    expect(result.ok ? [] : result.problems).toEqual([]);
    if (!result.ok) return;
    expect(result.dataset.regions).toEqual([
      {
        admdvs: '130100',
        province: '130000',
        agency: {
          name: '石家庄市医疗保障事务中心',
          tel: '0311-00000000',
          addr: null,
          hours: '工作日 8:30-17:30',
        },
        filing: {
          auto_approve_commitment: true,
          change_wait_months: 6,
          temporary_months: 6,
          backdate_max_days: 180,
        },
      },
      { admdvs: '130600', province: '130000', agency: null, filing: {} },
    ]);
    expect(result.dataset.staff).toEqual([
      {
        username: 'reviewer-130000',
        name: '河北省医保经办 审核员',
        scope_admdvs: '130000',
        province: '130000',
        pwd_hash: HASH,
        // No `roles`: every role, as before roles existed.
        roles: LEGACY_ROLES,
      },
    ]);
    expect(result.dataset.portalAccounts).toEqual([
      { psn_no: '13010000000000001234', province: '130000', pwd_hash: HASH },
    ]);
    expect(result.dataset.persons.some((p) => 'portal_pwd_hash' in p)).toBe(false);
  });

  it('loads a dataset without the extension files as before', () => {
    const result = validateDataset(smallDataset());
    expect(
      result.ok && [result.dataset.regions, result.dataset.staff, result.dataset.portalAccounts],
    ).toEqual([[], [], []]);
  });

  it('refuses filing settings outside the national rules, naming the field and the rule', () => {
    expect(
      problemsAfter((raw) => {
        raw.regions[0].filing.change_wait_months = 7;
        raw.regions[0].filing.temporary_months = 3;
        raw.regions[0].filing.backdate_max_days = 400;
        raw.regions[1].filing = { auto_approve_commitment: 'yes', change_wait_months: 2.5 };
      }),
    ).toEqual([
      'regions.json: [0].filing.change_wait_months: must be a whole number of months from 0 to 6 (the national ceiling, policy.md §1.5)',
      'regions.json: [0].filing.temporary_months: must be a whole number of months from 6 to 24 (the national minimum is six months, policy.md §1.5)',
      'regions.json: [0].filing.backdate_max_days: must be a whole number of days from 0 to 366',
      'regions.json: [1].filing.auto_approve_commitment: must be boolean',
      'regions.json: [1].filing.change_wait_months: must be integer',
    ]);
  });

  it('refuses unknown fields, a region that is not a pooling region, an agency without a name and a region listed twice', () => {
    expect(
      problemsAfter((raw) => {
        raw.regions[0].filing.wait_months = 3;
        raw.regions[0].agency.email = 'a@b.c';
        raw.regions[1].admdvs = '130000';
      }),
    ).toEqual([
      'regions.json: [0].agency.email: unknown field',
      'regions.json: [0].filing.wait_months: unknown field',
      'regions.json: [1].admdvs: 130000 is not a pooling region (a prefecture XXYY00 or 北京/天津/上海/重庆)',
    ]);
    expect(problemsAfter((raw) => delete raw.regions[0].agency.name)).toEqual([
      'regions.json: [0].agency.name: is required',
    ]);
    expect(problemsAfter((raw) => raw.regions.push({ admdvs: '130100' }))).toEqual([
      'regions.json: [2].admdvs: admdvs 130100 is listed twice (also at [0])',
    ]);
  });

  it('checks staff usernames, scopes and password hashes, and refuses a username listed twice', () => {
    expect(
      problemsAfter((raw) => {
        raw.staff[0].username = 'reviewer 130000';
        raw.staff[0].scope_admdvs = '130102';
        raw.staff[0].pwd_hash = 'yidi2026';
      }),
    ).toEqual([
      'staff.json: [0].username: must be 1–64 letters, digits, dots, underscores or hyphens',
      'staff.json: [0].scope_admdvs: 130102 is not a province or a prefecture',
      'staff.json: [0].pwd_hash: must be a scrypt password hash like $scrypt$ln=15,r=8,p=1$<salt>$<hash>',
    ]);
    expect(problemsAfter((raw) => raw.staff.push({ ...raw.staff[0], scope_admdvs: '130100' }))).toEqual([
      'staff.json: [1].username: username reviewer-130000 is listed twice (also at [0])',
    ]);
  });

  it('keeps the roles a staff row names and refuses an unknown or repeated role', () => {
    const raw = withExtensions();
    raw.staff[0].roles = ['clearing_officer', 'auditor'];
    const result = validateDataset(raw);
    expect(result.ok && result.dataset.staff[0]?.roles).toEqual(['clearing_officer', 'auditor']);
    expect(problemsAfter((r) => (r.staff[0].roles = ['root']))).toHaveLength(1);
    expect(problemsAfter((r) => (r.staff[0].roles = ['auditor', 'auditor']))).toHaveLength(1);
    expect(problemsAfter((r) => (r.staff[0].roles = []))).toHaveLength(1);
  });

  it('checks the portal password hash and that one person’s insutype rows agree on it', () => {
    expect(problemsAfter((raw) => (raw.persons[0].portal_pwd_hash = '$scrypt$ln=15$abc'))).toEqual([
      'persons.json: [0].portal_pwd_hash: must be a scrypt password hash like $scrypt$ln=15,r=8,p=1$<salt>$<hash>',
    ]);
    const twoRows = (hash: string | undefined) => (raw: Mutable) => {
      raw.persons.push({ ...raw.persons[0], insutype: '390', acct_balc: 0, portal_pwd_hash: hash });
      if (hash === undefined) delete raw.persons[2].portal_pwd_hash;
    };
    expect(problemsAfter(twoRows(OTHER_HASH))).toEqual([
      'persons.json: [2].portal_pwd_hash: differs from [0] of the same psn_no 13010000000000001234',
    ]);
    expect(problemsAfter(twoRows(HASH))).toEqual([]);
    expect(problemsAfter(twoRows(undefined))).toEqual([]);
  });
});
