// The demo world's regions.json and accounts: an agency for every pooling region, a few local filing choices, reviewers.
import { describe, expect, it } from 'vitest';
import { filingSettingsOf, NATIONAL_FILING_SETTINGS } from '../core/filing/settings.ts';
import { PROVINCES } from '../core/regions.ts';
import { verifyPassword } from '../node/passwords.ts';
import { DEMO_PASSWORD, DEMO_PASSWORD_HASH, generateStaff } from './accounts.ts';
import { poolingAreas } from './geography.ts';
import { generateDemoWorld } from './index.ts';
import { generateRegions, LOCAL_FILING_CHOICES } from './regions.ts';
import { STORY_PERSON_ROWS } from './story-people.ts';

describe('demo regions', () => {
  const regions = generateRegions();

  it('gives every pooling region an agency window with a local number marked 演示', () => {
    const areas = poolingAreas();
    expect(regions.map((r) => r.admdvs)).toEqual(areas.map((a) => a.region.admdvs));
    regions.forEach((row, i) => {
      expect(row.agency?.name).toBe(`${areas[i]!.cityName}医疗保障事务服务中心 异地就医窗口`);
      expect(row.agency?.tel).toMatch(new RegExp(`^${areas[i]!.areaCode}-\\d{7,8}（演示）$`));
      expect(row.agency?.hours).toMatch(/^工作日 /);
    });
  });

  it('keeps national defaults except in the few regions with local choices, 石家庄 among the defaults', () => {
    const local = regions.filter((r) => r.filing !== undefined).map((r) => [r.admdvs, r.filing]);
    expect(Object.fromEntries(local)).toEqual(LOCAL_FILING_CHOICES);
    expect(regions.find((r) => r.admdvs === '130100')?.filing).toBeUndefined();
    expect(filingSettingsOf(LOCAL_FILING_CHOICES['130600'])).toEqual({
      ...NATIONAL_FILING_SETTINGS,
      auto_approve_commitment: false,
    });
    expect(LOCAL_FILING_CHOICES['440100']).toEqual({ change_wait_months: 3 });
    expect(LOCAL_FILING_CHOICES['330100']).toEqual({ temporary_shorter_allowed: false });
  });

  it('is the same whatever the seed', () => {
    expect(generateDemoWorld({ seed: 5, persons: 10 }).regions).toEqual(regions);
  });
});

describe('demo accounts', () => {
  it('has a reviewer per province and one for 石家庄 alone', () => {
    const staff = generateStaff();
    expect(staff.map((s) => s.username).slice(0, PROVINCES.length + 1)).toEqual([
      ...PROVINCES.map((p) => `reviewer-${p.admdvs}`),
      'reviewer-130100',
    ]);
    expect(staff[PROVINCES.length]).toEqual({
      username: 'reviewer-130100',
      name: '石家庄市医保经办 审核员',
      scope_admdvs: '130100',
      pwd_hash: DEMO_PASSWORD_HASH,
      roles: ['filing_reviewer'],
    });
    expect(staff.find((s) => s.username === 'reviewer-130000')?.name).toBe('河北省医保经办 审核员');
  });

  it('has one account per role and province, and one national admin', () => {
    const staff = generateStaff();
    for (const prefix of ['catalogue', 'policy', 'clearing', 'audit', 'auditor'])
      expect(staff.filter((s) => s.username.startsWith(`${prefix}-`))).toHaveLength(PROVINCES.length);
    expect(staff.find((s) => s.username === 'clearing-460000')?.roles).toEqual(['clearing_officer']);
    expect(staff.at(-1)).toMatchObject({ username: 'national-admin', roles: ['national_admin', 'auditor'] });
  });

  it('gives the story people, and only them, the demo password', async () => {
    expect(await verifyPassword(DEMO_PASSWORD, DEMO_PASSWORD_HASH)).toBe(true);
    const persons = generateDemoWorld({ seed: 1, persons: 200 }).persons ?? [];
    const story = new Set(STORY_PERSON_ROWS.map((p) => p.psn_no));
    expect(persons.filter((p) => p.portal_pwd_hash !== undefined).map((p) => p.psn_no)).toEqual([...story]);
    expect(
      persons.filter((p) => story.has(p.psn_no)).every((p) => p.portal_pwd_hash === DEMO_PASSWORD_HASH),
    ).toBe(true);
  });
});
