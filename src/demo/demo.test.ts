// Tests of the demo world: determinism, coverage of every province and pooling region, identifiers, story people, validity.
import { existsSync, readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { CatalogueRow, FilingRow, PersonRow, PolicyDoc, RawDataset } from '../core/dataset/schema.ts';
import { validateDataset } from '../core/dataset/validate.ts';
import { birthDateOf, genderOf, isValidIdNumber } from '../core/id-number.ts';
import {
  countiesOf,
  MUNICIPALITIES,
  PROVINCES,
  poolingRegionOf,
  poolingRegionsOf,
  regionOf,
} from '../core/regions.ts';
import { addMonths } from './dates.ts';
import { poolingAreas } from './geography.ts';
import { generateDemoWorld, LAOZHANG_POLICY, STORY_PEOPLE, STORY_POLICIES } from './index.ts';

interface WorkedCase {
  readonly policy: PolicyDoc;
  readonly catalogue: readonly CatalogueRow[];
  readonly person: PersonRow;
  readonly filing?: FilingRow;
  readonly accumulators: { readonly year: number; readonly admissions: number; readonly counters: object };
}

// The worked examples live in the shared spec next to the repository (or, once copied, in test/fixtures).
function readCase(name: string): WorkedCase | undefined {
  const candidates = [
    new URL(`../../test/fixtures/examples/${name}.case.json`, import.meta.url),
    new URL(`../../../shared/spec/examples/${name}.case.json`, import.meta.url),
  ];
  const found = candidates.find((url) => existsSync(url));
  return found ? (JSON.parse(readFileSync(found, 'utf8')) as WorkedCase) : undefined;
}

const ALL_POOLING = PROVINCES.flatMap((p) => poolingRegionsOf(p.admdvs).map((r) => r.admdvs));

let world: RawDataset;
let firstRunMs = 0;

beforeAll(() => {
  const started = performance.now();
  world = generateDemoWorld();
  firstRunMs = performance.now() - started;
});

const persons = () => world.persons ?? [];
const person = (psnNo: string) => persons().find((p) => p.psn_no === psnNo);

describe('generateDemoWorld', () => {
  it('takes well under a second (printed, not asserted)', () => {
    const started = performance.now();
    generateDemoWorld();
    const againMs = performance.now() - started;
    console.log(
      `demo world: first run ${firstRunMs.toFixed(0)} ms, second run ${againMs.toFixed(0)} ms; ` +
        `${world.institutions?.length} institutions, ` +
        `${Object.values(world.catalogues ?? {}).reduce((n, rows) => n + rows.length, 0)} catalogue rows, ` +
        `${Object.keys(world.policies ?? {}).length} policies, ${persons().length} persons, ` +
        `${world.filings?.length} filings, ${world.accumulators?.length} accumulators`,
    );
    expect(firstRunMs).toBeGreaterThan(0);
  });

  it('gives byte-identical JSON for the same seed and options', () => {
    expect(JSON.stringify(generateDemoWorld({ seed: 1, persons: 20_000 }))).toBe(JSON.stringify(world));
    const small = JSON.stringify(generateDemoWorld({ seed: 42, persons: 500 }));
    expect(JSON.stringify(generateDemoWorld({ seed: 42, persons: 500 }))).toBe(small);
  });

  it('gives a different world for a different seed', () => {
    const a = generateDemoWorld({ seed: 1, persons: 500 });
    const b = generateDemoWorld({ seed: 2, persons: 500 });
    expect(JSON.stringify(b.persons)).not.toBe(JSON.stringify(a.persons));
    expect(JSON.stringify(b.institutions)).not.toBe(JSON.stringify(a.institutions));
    expect(JSON.stringify(b.catalogues)).not.toBe(JSON.stringify(a.catalogues));
  });

  it('is accepted by the dataset validator', () => {
    const result = validateDataset(world);
    expect(result.ok ? [] : result.problems.slice(0, 20)).toEqual([]);
  });
});

describe('institutions', () => {
  it('has a networked hospital in every pooling region of all 31 provinces', () => {
    expect(PROVINCES).toHaveLength(31);
    expect(ALL_POOLING).toHaveLength(341);
    const hospitals = (world.institutions ?? []).filter((i) => i.fixmedins_type === '1');
    const covered = new Set(hospitals.map((i) => poolingRegionOf(i.admdvs)));
    expect(ALL_POOLING.filter((code) => !covered.has(code))).toEqual([]);
  });

  it('has a level-3 hospital in every provincial capital and municipality, and levels 1–3 in every province', () => {
    const institutions = world.institutions ?? [];
    for (const province of PROVINCES) {
      const capital = poolingRegionsOf(province.admdvs)[0]!.admdvs;
      const own = institutions.filter((i) => i.admdvs.startsWith(province.admdvs.slice(0, 2)));
      expect(own.some((i) => i.hosp_lv === '3' && poolingRegionOf(i.admdvs) === capital)).toBe(true);
      expect(new Set(own.map((i) => i.hosp_lv))).toEqual(new Set(['0', '1', '2', '3']));
    }
  });

  it('codes every institution H or P, its region code and a serial, in a county of its region', () => {
    const institutions = world.institutions ?? [];
    expect(new Set(institutions.map((i) => i.fixmedins_code)).size).toBe(institutions.length);
    const areas = new Map(poolingAreas().map((a) => [a.region.admdvs, a]));
    const misplaced = institutions.filter((i) => {
      const shape = i.fixmedins_type === '1' ? /^H\d{11}$/ : /^P\d{11}$/;
      const area = areas.get(poolingRegionOf(i.admdvs)!)!;
      // A county of the region; the prefecture itself where it has none (东莞, 中山, 儋州, 嘉峪关).
      const place =
        area.counties.length > 0
          ? area.counties.some((c) => c.admdvs === i.admdvs)
          : i.admdvs === area.region.admdvs;
      return !shape.test(i.fixmedins_code) || i.fixmedins_code.slice(1, 7) !== i.admdvs || !place;
    });
    expect(misplaced).toEqual([]);
    expect(countiesOf('441900')).toEqual([]);
    expect(institutions.some((i) => i.admdvs === '441900')).toBe(true);
    const pharmacies = institutions.filter((i) => i.fixmedins_type === '2');
    expect(pharmacies.length).toBeGreaterThan(341);
    expect(pharmacies.every((p) => p.hosp_lv === '0' && !p.services.inpatient)).toBe(true);
  });

  it('includes the story hospital 海口市第一人民医院, level 3, open for inpatient and outpatient care', () => {
    const haikou = world.institutions?.find((i) => i.fixmedins_code === 'H46010800012');
    expect(haikou).toMatchObject({
      fixmedins_name: '海口市第一人民医院',
      hosp_lv: '3',
      admdvs: '460108',
      services: { inpatient: true, outpatient: true },
    });
  });
});

describe('catalogues', () => {
  it('gives every province at least 2,000 items in the three real code shapes', () => {
    expect(Object.keys(world.catalogues ?? {}).sort()).toEqual(PROVINCES.map((p) => p.admdvs));
    for (const rows of Object.values(world.catalogues ?? {})) {
      const codes = new Set(rows.map((r) => r.hilist_code));
      expect(codes.size).toBeGreaterThanOrEqual(2000);
      const drugs = rows.filter((r) => r.list_type === '101');
      const services = rows.filter((r) => r.list_type === '201');
      const consumables = rows.filter((r) => r.list_type === '301');
      expect(drugs.length).toBeGreaterThan(500);
      expect(services.length).toBeGreaterThan(300);
      expect(consumables.length).toBeGreaterThan(100);
      expect(rows.some((r) => r.list_type === '102' && r.med_chrgitm_type === '10')).toBe(true);
      const misshapen = [
        ...drugs.filter(
          (r) => !/^[XZ][A-Z0-9]{22}$/.test(r.hilist_code) || !['09', '11'].includes(r.med_chrgitm_type),
        ),
        ...services.filter((r) => !/^\d{15}$/.test(r.hilist_code)),
        ...consumables.filter((r) => !/^C\d{26}$/.test(r.hilist_code) || r.med_chrgitm_type !== '08'),
      ];
      expect(misshapen).toEqual([]);
    }
  });

  it('mixes 甲/乙/丙 with their self-pay shares, price caps and a few restricted items', () => {
    const rows = world.catalogues?.['320000'] ?? [];
    const inconsistent = rows.filter((r) =>
      r.chrgitm_lv === '01'
        ? r.selfpay_prop !== 0
        : r.chrgitm_lv === '03'
          ? r.selfpay_prop !== 1
          : !(Number(r.selfpay_prop) >= 0.05 && Number(r.selfpay_prop) <= 0.3),
    );
    expect(inconsistent).toEqual([]);
    const share = (test: (r: CatalogueRow) => boolean) => rows.filter(test).length / rows.length;
    expect(share((r) => r.chrgitm_lv === '01')).toBeGreaterThan(0.2);
    expect(share((r) => r.chrgitm_lv === '02')).toBeGreaterThan(0.3);
    expect(share((r) => r.chrgitm_lv === '03')).toBeGreaterThan(0.05);
    expect(share((r) => r.lmt_used_flag === '1')).toBeGreaterThan(0.01);
    expect(share((r) => r.lmt_used_flag === '1')).toBeLessThan(0.06);
    expect(share((r) => r.list_type === '201' && r.pric_uplmt_amt !== undefined)).toBeGreaterThan(0.1);
  });

  it('changes at least five items per province on 1 July, as two versions of one code', () => {
    for (const rows of Object.values(world.catalogues ?? {})) {
      const firstHalf = rows.filter((r) => r.enddate === '2026-06-30');
      expect(firstHalf.length).toBeGreaterThanOrEqual(5);
      for (const old of firstHalf) {
        const next = rows.find((r) => r.hilist_code === old.hilist_code && r.begndate === '2026-07-01');
        expect(next?.enddate).toBeNull();
        expect([next?.pric_uplmt_amt, next?.selfpay_prop]).not.toEqual([
          old.pric_uplmt_amt,
          old.selfpay_prop,
        ]);
      }
    }
  });

  it('shares most codes between provinces, so a bill coded in one province matches another', () => {
    const codes = (province: string) =>
      new Set((world.catalogues?.[province] ?? []).map((r) => r.hilist_code));
    const hebei = codes('130000');
    const hainan = codes('460000');
    const shared = [...hebei].filter((code) => hainan.has(code)).length;
    expect(shared / hebei.size).toBeGreaterThan(0.9);
  });
});

describe('policies', () => {
  it('gives every pooling region a 310 and a 390 demo policy from 2026-01-01', () => {
    const policies = world.policies ?? {};
    expect(Object.keys(policies)).toHaveLength(682);
    for (const code of ALL_POOLING) {
      for (const insutype of ['310', '390']) {
        const policy = policies[`${code}-${insutype}`] as PolicyDoc;
        expect(policy).toMatchObject({ admdvs: code, insutype, begndate: '2026-01-01', enddate: null });
        expect(policy.name).toContain('（演示参数）');
        expect(policy.benefits.map((b) => b.name)).toEqual(['住院', '门诊慢特病', '普通门诊']);
      }
    }
  });

  it('gives 城乡居民 a 大病保险 layer and no personal account, and 职工 an account and 大额补助', () => {
    const resident = world.policies?.['610100-390'] as PolicyDoc;
    expect(resident.benefits[0]!.layers.map((l) => l.fund_pay_type)).toEqual(['390100', '390200', '610100']);
    expect(resident.benefits.every((b) => b.account === undefined)).toBe(true);
    const employee = world.policies?.['610100-310'] as PolicyDoc;
    expect(employee.benefits[0]!.layers.map((l) => l.fund_pay_type)).toEqual(['310100', '330100', '610100']);
    expect(employee.benefits.every((b) => b.account?.covers === 'psn_part')).toBe(true);
  });
});

describe('persons', () => {
  it('has at least 20,000 persons with valid ID numbers matching their birth date, sex and region', () => {
    expect(persons().length).toBeGreaterThanOrEqual(20_000);
    const wrong = persons().filter(
      (p) =>
        !isValidIdNumber(p.certno) ||
        p.brdy !== birthDateOf(p.certno) ||
        p.gend !== genderOf(p.certno) ||
        poolingRegionOf(p.certno.slice(0, 6)) !== p.insuplc_admdvs ||
        !/^\d{20}$/.test(p.psn_no) ||
        !p.psn_no.startsWith(p.insuplc_admdvs) ||
        (p.insutype === '390' && p.acct_balc !== 0),
    );
    expect(wrong).toEqual([]);
  });

  it('never gives two persons the same psn_no, ID number, card, card_sn or e-voucher token', () => {
    for (const field of ['psn_no', 'certno', 'card_no', 'card_sn', 'ectoken'] as const) {
      const values = persons().map((p) => p[field]);
      expect(new Set(values).size, field).toBe(values.length);
    }
    expect(persons().every((p) => /^[A-Z]\d{8}$/.test(p.card_no ?? ''))).toBe(true);
    expect(persons().every((p) => /^[0-9a-f]{32,}$/.test(p.ectoken ?? ''))).toBe(true);
  });

  it('spreads persons over every province, both schemes, and some 低保/特困 and chronic patients', () => {
    const provinces = new Set(persons().map((p) => p.insuplc_admdvs.slice(0, 2)));
    expect(provinces.size).toBe(31);
    const regions = new Set(persons().map((p) => p.insuplc_admdvs));
    expect(regions.size).toBeGreaterThan(300);
    const share = (test: (p: PersonRow) => boolean) => persons().filter(test).length / persons().length;
    expect(share((p) => p.insutype === '310')).toBeGreaterThan(0.2);
    expect(share((p) => p.insutype === '390')).toBeGreaterThan(0.4);
    expect(share((p) => (p.idet ?? []).length > 0)).toBeGreaterThan(0.01);
    expect(share((p) => (p.chronic ?? []).length > 0)).toBeGreaterThan(0.02);
  });

  it('files about one person in eight, temporary filings for six months or more, to another province', () => {
    const filings = world.filings ?? [];
    expect(filings.length / persons().length).toBeGreaterThan(0.08);
    expect(filings.length / persons().length).toBeLessThan(0.18);
    const home = new Map(persons().map((p) => [p.psn_no, p.insuplc_admdvs]));
    for (const f of filings) {
      expect(f.mdtrtarea_admdvs.slice(0, 2)).not.toBe(home.get(f.psn_no)?.slice(0, 2));
      expect(f.trt_dcla_detl_sn).toMatch(
        new RegExp(`^F${home.get(f.psn_no)}${f.begndate.replaceAll('-', '')}\\d{4}$`),
      );
      if (f.dcla_type.startsWith('2')) expect(f.enddate! >= addMonths(f.begndate, 6)).toBe(true);
      else expect(f.enddate).toBeNull();
    }
    const statuses = new Set(filings.map((f) => f.status));
    expect(statuses).toEqual(new Set(['approved', 'submitted', 'rejected', 'cancelled']));
  });

  it('keeps accumulator counters to layers of the person’s own policy', () => {
    const byPsn = new Map(persons().map((p) => [p.psn_no, p]));
    for (const a of world.accumulators ?? []) {
      const p = byPsn.get(a.psn_no)!;
      const policy = world.policies?.[`${p.insuplc_admdvs}-${p.insutype}`] as PolicyDoc;
      const layers = new Set(policy.benefits.flatMap((b) => b.layers.map((l) => l.id)));
      for (const name of Object.keys(a.counters)) expect(layers.has(name.split('.')[0]!), name).toBe(true);
    }
  });

  it('uses only counties of the person’s region in ID numbers', () => {
    const areas = new Map(poolingAreas().map((a) => [a.region.admdvs, a]));
    const elsewhere = persons().filter((p) => {
      const area = areas.get(p.insuplc_admdvs)!;
      const prefix = p.certno.slice(0, 6);
      return area.counties.length === 0 ? prefix !== p.insuplc_admdvs : regionOf(prefix)?.level !== 'county';
    });
    expect(elsewhere).toEqual([]);
  });
});

describe('story people', () => {
  const laozhang = readCase('laozhang');
  const retiree = readCase('retiree-over-cap');

  it('lists five story people with their credentials, all present in the world', () => {
    expect(STORY_PEOPLE).toHaveLength(5);
    for (const story of STORY_PEOPLE) {
      expect(person(story.psn_no)).toMatchObject({
        certno: story.certno,
        psn_name: story.name,
        card_no: story.card_no,
        card_sn: story.card_sn,
        ectoken: story.ectoken,
      });
      expect(story.description.length).toBeGreaterThan(10);
    }
    expect(generateDemoWorld({ seed: 99, persons: 10 }).persons?.slice(0, 5)).toEqual(persons().slice(0, 5));
  });

  it('has 老张 exactly as in laozhang.case.json, with his filing, policy and catalogue rows', () => {
    expect(world.policies?.['130100-310']).toEqual(LAOZHANG_POLICY);
    const zhang = person('13010000000000001234');
    expect(zhang).toMatchObject({
      certno: '130102197003121238',
      insutype: '310',
      psn_type: '1101',
      acct_balc: 3200,
    });
    expect(world.filings).toContainEqual(
      expect.objectContaining({ trt_dcla_detl_sn: 'F130100202601050001' }),
    );
    if (!laozhang) return; // the shared spec is not next to this checkout
    expect(world.policies?.['130100-310']).toEqual(laozhang.policy);
    expect(zhang).toMatchObject(laozhang.person);
    expect(world.filings).toContainEqual(laozhang.filing);
    for (const row of laozhang.catalogue) expect(world.catalogues?.['460000']).toContainEqual(row);
  });

  it('has 李秀英 as in retiree-over-cap.case.json: resettled retiree with her filing and accumulators', () => {
    const li = person('13010000000000002001');
    expect(li).toMatchObject({ psn_type: '1201', insuplc_admdvs: '130100' });
    const filing = world.filings?.find((f) => f.psn_no === '13010000000000002001');
    expect(filing).toMatchObject({ dcla_type: '11', mdtrtarea_admdvs: '460000', status: 'approved' });
    if (!retiree) return;
    expect(world.policies?.['130100-310']).toEqual(retiree.policy);
    expect(li).toMatchObject(retiree.person);
    expect(filing).toEqual(retiree.filing);
    expect(world.accumulators).toContainEqual({
      psn_no: retiree.person.psn_no,
      insutype: retiree.person.insutype,
      ...retiree.accumulators,
    });
    for (const row of retiree.catalogue) expect(world.catalogues?.['460000']).toContainEqual(row);
  });

  it('has a referral to 上海 for six months or more, an emergency patient without filing and a rural resident near the 大病 deductible', () => {
    const referral = world.filings?.find((f) => f.psn_no === '62010000000000000318');
    expect(referral).toMatchObject({ dcla_type: '21', mdtrtarea_admdvs: '310000', status: 'approved' });
    expect(referral!.enddate! >= addMonths(referral!.begndate, 6)).toBe(true);
    expect(world.filings?.some((f) => f.psn_no === '51010000000000000462')).toBe(false);
    const rural = person('41160000000000000537');
    expect(rural).toMatchObject({ insutype: '390', insuplc_admdvs: '411600' });
    const policy = world.policies?.['411600-390'] as PolicyDoc;
    const serious = policy.benefits[0]!.layers.find((l) => l.fund_pay_type === '390200')!;
    const used = world.accumulators?.find((a) => a.psn_no === '41160000000000000537')?.counters['hifmi.dedc'];
    const deductible = Number(serious.deductible!.rules[0]!.amount);
    expect(deductible - Number(used)).toBeGreaterThan(0);
    expect(deductible - Number(used)).toBeLessThan(1000);
  });

  it('uses the fixed story policies that docs/demo-world.md computes with, whatever the seed', () => {
    const other = generateDemoWorld({ seed: 7, persons: 10 });
    for (const [key, policy] of Object.entries(STORY_POLICIES)) {
      expect(world.policies?.[key]).toEqual(policy);
      expect(other.policies?.[key]).toEqual(policy);
    }
    const lanzhou = STORY_POLICIES['620100-310']!;
    expect(lanzhou.offsite?.['21']).toEqual({ minus: 0.1 });
    expect(lanzhou.benefits[0]!.layers[0]!.deductible!.rules[0]!.amount).toBe(1200);
    expect(STORY_POLICIES['510100-310']!.offsite?.['22']).toEqual({ minus: 0.05 });
  });

  it('keeps the story hospitals and regions where the stories need them', () => {
    for (const code of ['H31010400021', 'H33010200005', 'H44030300008']) {
      expect(world.institutions?.find((i) => i.fixmedins_code === code)?.hosp_lv).toBe('3');
    }
    expect(MUNICIPALITIES).toContain('310000');
  });
});
