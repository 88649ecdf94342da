// Public queries without login: 查定点, 开通情况 and 经办机构 on the small dataset with a few more institutions of 海南.
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Mutable, smallDataset } from '../../../test/support/datasets.ts';
import { createInProcessBus } from '../../bus/in-process.ts';
import { loadDataset, type Platform, startPlatform } from '../../platform.ts';
import { buildServer } from '../server.ts';

const hospital = (code: string, name: string, level: string, admdvs: string, services: object) => ({
  fixmedins_code: code,
  fixmedins_name: name,
  fixmedins_type: '1',
  hosp_lv: level,
  admdvs,
  services,
});

/** Besides 海口市第一人民医院 and a 海口 pharmacy: hospitals in 海口, 三亚, 儋州 and 石家庄, a pharmacy in 三亚. */
function dataset(): Mutable {
  const raw: Mutable = smallDataset();
  raw.institutions.push(
    hospital('H46010500007', '海南省人民医院', '3', '460105', {
      inpatient: true,
      outpatient: true,
      chronic: ['M00500', 'M03900'],
    }),
    hospital('H46020200011', '三亚市人民医院', '2', '460202', { inpatient: true, outpatient: false }),
    hospital('H46040000003', '儋州市人民医院', '2', '460400', {
      inpatient: false,
      outpatient: true,
      chronic: [],
    }),
    hospital('H13010200001', '石家庄市第一医院', '3', '130102', { inpatient: true, outpatient: true }),
    {
      fixmedins_code: 'P46020300002',
      fixmedins_name: '三亚某大药房',
      fixmedins_type: '2',
      hosp_lv: '0',
      admdvs: '460203',
      services: { inpatient: false, outpatient: true },
      addr: '三亚市吉阳区',
      tel: '0898-88000000',
    },
  );
  raw.regions = [
    {
      admdvs: '460100',
      agency: {
        name: '海口市医疗保障事务服务中心 异地就医窗口',
        tel: '0898-66000001（演示）',
        addr: '海口市美兰区',
        hours: '工作日 8:30-17:30',
      },
    },
    { admdvs: '460200', agency: { name: '三亚市医疗保障事务服务中心 异地就医窗口' } },
    {
      admdvs: '130100',
      agency: { name: '石家庄市医疗保障事务服务中心 异地就医窗口', tel: '0311-1（演示）' },
    },
    { admdvs: '130200', filing: { change_wait_months: 3 } },
  ];
  return raw;
}

let platform: Platform;
let app: FastifyInstance;

beforeAll(async () => {
  platform = await startPlatform({
    memory: true,
    provinces: ['130000', '460000'],
    bus: createInProcessBus(),
  });
  await loadDataset(platform.db, dataset());
  app = await buildServer(platform, { logger: false });
});
afterAll(async () => {
  await app?.close();
  await platform?.close();
});

const get = async (url: string) => {
  const response = await app.inject({ method: 'GET', url });
  return { status: response.statusCode, type: response.headers['content-type'], body: response.json() };
};
const codes = async (query: string) =>
  (await get(`/api/public/institutions?${query}`)).body.items.map(
    (i: { fixmedins_code: string }) => i.fixmedins_code,
  );

describe('GET /api/public/institutions', () => {
  it('lists every networked institution in code order with a page of 20 by default', async () => {
    const { status, body } = await get('/api/public/institutions');
    expect(status).toBe(200);
    expect(body).toMatchObject({ total: 7, page: 1, page_size: 20 });
    expect(body.items.map((i: { fixmedins_code: string }) => i.fixmedins_code)).toEqual([
      'H13010200001',
      'H46010500007',
      'H46010800012',
      'H46020200011',
      'H46040000003',
      'P46010500003',
      'P46020300002',
    ]);
    expect(body.items[2]).toEqual({
      fixmedins_code: 'H46010800012',
      fixmedins_name: '海口市第一人民医院',
      fixmedins_type: '1',
      hosp_lv: '3',
      admdvs: '460108',
      pooling_admdvs: '460100',
      province: '460000',
      services: { inpatient: true, outpatient: true, chronic: ['M03900', 'M01600'] },
      addr: '海口市美兰区',
      tel: '0898-66000000',
    });
    expect(body.items[1]).toMatchObject({ addr: null, tel: null });
  });

  it('filters by province, pooling region, county, level and part of the name', async () => {
    expect(await codes('province=130000')).toEqual(['H13010200001']);
    expect(await codes('prefecture=460100')).toEqual(['H46010500007', 'H46010800012', 'P46010500003']);
    expect(await codes('county=460105')).toEqual(['H46010500007', 'P46010500003']);
    // 儋州 has no counties: its institutions' admdvs is the prefecture itself.
    expect(await codes('county=460400')).toEqual(['H46040000003']);
    expect(await codes('province=460000&level=2')).toEqual(['H46020200011', 'H46040000003']);
    expect(await codes(`name=${encodeURIComponent('人民医院')}&province=460000`)).toEqual([
      'H46010500007',
      'H46010800012',
      'H46020200011',
      'H46040000003',
    ]);
    expect(await codes(`name=${encodeURIComponent('%')}`)).toEqual([]);
    // A search form sends the fields left blank as empty parameters: no filter.
    expect(await codes('province=&prefecture=&county=460105&level=&service=&disease=&name=&page=')).toEqual([
      'H46010500007',
      'P46010500003',
    ]);
  });

  it('filters by what is open: 住院, 普通门诊 and 门诊慢特病 at hospitals, optionally one disease; 药店', async () => {
    expect(await codes('service=inpatient&province=460000')).toEqual([
      'H46010500007',
      'H46010800012',
      'H46020200011',
    ]);
    expect(await codes('service=outpatient&province=460000')).toEqual([
      'H46010500007',
      'H46010800012',
      'H46040000003',
    ]);
    expect(await codes('service=chronic')).toEqual(['H46010500007', 'H46010800012']);
    expect(await codes('service=chronic&disease=M01600')).toEqual(['H46010800012']);
    expect(await codes('disease=M00500')).toEqual(['H46010500007']);
    expect(await codes('service=pharmacy')).toEqual(['P46010500003', 'P46020300002']);
  });

  it('pages through the answer and tells the total', async () => {
    const second = await get('/api/public/institutions?page=2&page_size=3');
    expect(second.body).toMatchObject({ total: 7, page: 2, page_size: 3 });
    expect(second.body.items.map((i: { fixmedins_code: string }) => i.fixmedins_code)).toEqual([
      'H46020200011',
      'H46040000003',
      'P46010500003',
    ]);
    expect((await get('/api/public/institutions?page=9&page_size=3')).body).toMatchObject({
      total: 7,
      items: [],
    });
  });

  it('answers 400 problem+json naming the query field for a bad value', async () => {
    for (const [query, field] of [
      ['page=0', 'querystring.page'],
      ['page_size=101', 'querystring.page_size'],
      ['page_size=many', 'querystring.page_size'],
      ['level=4', 'querystring.level'],
      ['service=dental', 'querystring.service'],
      ['disease=高血压', 'querystring.disease'],
      ['province=130100', 'querystring.province'],
      ['province=990000', 'querystring.province'],
      ['prefecture=460105', 'querystring.prefecture'],
      ['county=460000', 'querystring.county'],
      ['service=pharmacy&disease=M03900', 'querystring.disease'],
      ['provnce=460000', 'querystring.provnce'],
    ] as const) {
      const { status, type, body } = await get(`/api/public/institutions?${encodeURI(query)}`);
      expect([query, status, type, body.field]).toEqual([
        query,
        400,
        'application/problem+json; charset=utf-8',
        field,
      ]);
      expect(body.code).toBe('invalid-input');
    }
    expect((await get('/api/public/institutions?province=130100')).body.detail).toBe(
      'querystring.province：130100 不是省级行政区划代码',
    );
  });
});

describe('GET /api/public/regions', () => {
  it('tells per pooling region of a province what is open, which diseases and how many institutions', async () => {
    const { status, body } = await get('/api/public/regions?province=460000');
    expect(status).toBe(200);
    const none = { inpatient: false, outpatient: false, chronic: [], hospitals: 0, pharmacies: 0 };
    expect(body.items).toEqual([
      {
        admdvs: '460100',
        name: '海口市',
        province: '460000',
        province_name: '海南省',
        inpatient: true,
        outpatient: true,
        chronic: ['M00500', 'M01600', 'M03900'],
        hospitals: 2,
        pharmacies: 1,
      },
      {
        admdvs: '460200',
        name: '三亚市',
        province: '460000',
        province_name: '海南省',
        inpatient: true,
        outpatient: false,
        chronic: [],
        hospitals: 1,
        pharmacies: 1,
      },
      { admdvs: '460300', name: '三沙市', province: '460000', province_name: '海南省', ...none },
      {
        admdvs: '460400',
        name: '儋州市',
        province: '460000',
        province_name: '海南省',
        ...none,
        outpatient: true,
        hospitals: 1,
      },
      {
        admdvs: '469000',
        name: '海南省直辖县级行政区划',
        province: '460000',
        province_name: '海南省',
        ...none,
      },
    ]);
  });

  it('lists every pooling region of the country without a province, and refuses a code that is not one', async () => {
    const all = await get('/api/public/regions');
    expect(all.body.items).toHaveLength(341);
    expect(all.body.items.find((r: { admdvs: string }) => r.admdvs === '130100')).toMatchObject({
      inpatient: true,
      hospitals: 1,
    });
    const bad = await get('/api/public/regions?province=4600');
    expect([bad.status, bad.body.field]).toEqual([400, 'querystring.province']);
  });
});

describe('GET /api/public/agencies', () => {
  it('lists the agency contacts of a province, of one region, or of all, in code order', async () => {
    const hainan = await get('/api/public/agencies?province=460000');
    expect(hainan.status).toBe(200);
    expect(hainan.body.items).toEqual([
      {
        admdvs: '460100',
        region_name: '海口市',
        province: '460000',
        province_name: '海南省',
        name: '海口市医疗保障事务服务中心 异地就医窗口',
        tel: '0898-66000001（演示）',
        addr: '海口市美兰区',
        hours: '工作日 8:30-17:30',
      },
      {
        admdvs: '460200',
        region_name: '三亚市',
        province: '460000',
        province_name: '海南省',
        name: '三亚市医疗保障事务服务中心 异地就医窗口',
        tel: null,
        addr: null,
        hours: null,
      },
    ]);
    const one = await get('/api/public/agencies?admdvs=130100');
    expect(one.body.items.map((a: { name: string }) => a.name)).toEqual([
      '石家庄市医疗保障事务服务中心 异地就医窗口',
    ]);
    // 唐山 has filing settings but no agency: it is not in the directory.
    expect((await get('/api/public/agencies')).body.items.map((a: { admdvs: string }) => a.admdvs)).toEqual([
      '130100',
      '460100',
      '460200',
    ]);
    const bad = await get('/api/public/agencies?admdvs=130102');
    expect([bad.status, bad.body.field]).toEqual([400, 'querystring.admdvs']);
  });
});

describe('the OpenAPI document', () => {
  it('lists the three public queries under the public tag', async () => {
    const doc = (await get('/openapi.json')).body;
    for (const path of ['/api/public/institutions', '/api/public/regions', '/api/public/agencies']) {
      expect(doc.paths[path]?.get?.tags, path).toEqual(['public']);
    }
    const parameters = doc.paths['/api/public/institutions'].get.parameters.map(
      (p: { name: string }) => p.name,
    );
    expect(parameters).toEqual([
      'province',
      'prefecture',
      'county',
      'level',
      'service',
      'disease',
      'name',
      'page',
      'page_size',
    ]);
  });
});
