// Public queries (no login): 查定点 networked institutions, 开通情况 per pooling region, 经办机构 contacts.
import { type Static, type TObject, type TProperties, Type } from '@sinclair/typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { isPoolingRegion, regionOf } from '../../core/regions.ts';
import { DirectoryStore, MAX_PAGE_SIZE } from '../../store/directory-store.ts';
import type { HubRestContext } from './context.ts';
import { badRequest, PROBLEM_SCHEMA } from './problem.ts';

const DEFAULT_PAGE_SIZE = 20;

const Code6 = (description: string) => Type.String({ pattern: '^\\d{6}$', description });
const Enum = <const T extends readonly string[]>(values: T, description: string) =>
  Type.Unsafe<T[number]>({ type: 'string', enum: [...values], description });
const Nullable = { type: ['string', 'null'] } as const;

const InstitutionQuery = Type.Object(
  {
    province: Type.Optional(Code6('省级区划代码 XX0000')),
    prefecture: Type.Optional(Code6('统筹区（地市，或北京、天津、上海、重庆）')),
    county: Type.Optional(Code6('区县代码（机构所在地 admdvs）')),
    level: Type.Optional(
      Enum(['0', '1', '2', '3'] as const, '医院等级 hosp_lv：3 三级、2 二级、1 一级、0 未定级'),
    ),
    service: Type.Optional(
      Enum(
        ['inpatient', 'outpatient', 'chronic', 'pharmacy'] as const,
        'inpatient 住院、outpatient 普通门诊、chronic 门诊慢特病（医疗机构）；pharmacy 定点零售药店',
      ),
    ),
    disease: Type.Optional(
      Type.String({
        pattern: '^[A-Z]\\d{5}$',
        description: '门诊慢特病病种代码，如 M03900（与 service=chronic 同用）',
      }),
    ),
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 50, description: '机构名称的一部分' })),
    page: Type.Optional(Type.Integer({ minimum: 1, default: 1, description: '页码，从 1 起' })),
    page_size: Type.Optional(
      Type.Integer({
        minimum: 1,
        maximum: MAX_PAGE_SIZE,
        default: DEFAULT_PAGE_SIZE,
        description: '每页条数',
      }),
    ),
  },
  { additionalProperties: false },
);
const RegionQuery = Type.Object(
  { province: Type.Optional(Code6('省级区划代码 XX0000；不填则全国')) },
  { additionalProperties: false },
);
const AgencyQuery = Type.Object(
  {
    province: Type.Optional(Code6('省级区划代码 XX0000')),
    admdvs: Type.Optional(Code6('统筹区代码')),
  },
  { additionalProperties: false },
);

const INSTITUTION = {
  type: 'object',
  properties: {
    fixmedins_code: { type: 'string' },
    fixmedins_name: { type: 'string' },
    fixmedins_type: { type: 'string', description: '1 医疗机构、2 零售药店' },
    hosp_lv: { type: 'string' },
    admdvs: { type: 'string' },
    pooling_admdvs: { type: 'string' },
    province: { type: 'string' },
    services: {
      type: 'object',
      properties: {
        inpatient: { type: 'boolean' },
        outpatient: { type: 'boolean' },
        chronic: { type: 'array', items: { type: 'string' } },
      },
    },
    addr: Nullable,
    tel: Nullable,
  },
} as const;
const REGION_STATUS = {
  type: 'object',
  properties: {
    admdvs: { type: 'string' },
    name: { type: 'string' },
    province: { type: 'string' },
    province_name: { type: 'string' },
    inpatient: { type: 'boolean', description: '住院费用跨省直接结算已开通（有联网医疗机构）' },
    outpatient: { type: 'boolean', description: '普通门诊费用跨省直接结算已开通' },
    chronic: { type: 'array', items: { type: 'string' }, description: '可直接结算的门诊慢特病病种' },
    hospitals: { type: 'integer' },
    pharmacies: { type: 'integer' },
  },
} as const;
const AGENCY = {
  type: 'object',
  properties: {
    admdvs: { type: 'string' },
    region_name: { type: 'string' },
    province: { type: 'string' },
    province_name: { type: 'string' },
    name: { type: 'string' },
    tel: Nullable,
    addr: Nullable,
    hours: Nullable,
  },
} as const;
const listOf = (item: object) => ({ type: 'object', properties: { items: { type: 'array', items: item } } });
const errors = { 400: PROBLEM_SCHEMA };

/**
 * An empty parameter (`province=`, as a search form sends a field left blank) means no filter. An unknown one is
 * refused: Fastify's Ajv would drop it silently, and a typo (`provnce=`) would then answer for the whole country
 * as if it had been understood.
 */
function readParameters(schema: TObject<TProperties>) {
  const known = Object.keys(schema.properties);
  return async (request: FastifyRequest) => {
    const query = request.query as Record<string, unknown>;
    for (const [key, value] of Object.entries(query)) {
      if (!known.includes(key)) throw badRequest(`querystring.${key}`, '不是可接受的查询参数');
      if (value === '') delete query[key];
    }
  };
}

function checkProvince(code: string | undefined): void {
  if (code !== undefined && regionOf(code)?.level !== 'province')
    throw badRequest('querystring.province', `${code} 不是省级行政区划代码`);
}

function checkPooling(field: string, code: string | undefined): void {
  if (code !== undefined && !isPoolingRegion(code))
    throw badRequest(`querystring.${field}`, `${code} 不是统筹区代码（地市，或北京、天津、上海、重庆）`);
}

export function registerPublicQueries(app: FastifyInstance, context: HubRestContext): void {
  const directory = new DirectoryStore(context.platform.db);

  app.get<{ Querystring: Static<typeof InstitutionQuery> }>(
    '/api/public/institutions',
    {
      schema: {
        tags: ['public'],
        summary: '查定点：跨省联网定点医药机构，按地区、等级、开通的服务、慢特病病种和名称查询，分页',
        querystring: InstitutionQuery,
        response: {
          200: {
            type: 'object',
            properties: {
              total: { type: 'integer' },
              page: { type: 'integer' },
              page_size: { type: 'integer' },
              items: { type: 'array', items: INSTITUTION },
            },
          },
          ...errors,
        },
      },
      preValidation: readParameters(InstitutionQuery),
    },
    async (request) => {
      const { page = 1, page_size = DEFAULT_PAGE_SIZE, level, ...filter } = request.query;
      checkProvince(filter.province);
      checkPooling('prefecture', filter.prefecture);
      const county = filter.county === undefined ? undefined : regionOf(filter.county);
      // An institution's admdvs is its county, or its prefecture where that has no counties (东莞, 中山, 儋州).
      if (filter.county !== undefined && (!county || county.level === 'province'))
        throw badRequest('querystring.county', `${filter.county} 不是区县代码`);
      if (filter.disease !== undefined && filter.service !== undefined && filter.service !== 'chronic')
        throw badRequest('querystring.disease', '病种只与 service=chronic（门诊慢特病）同用');
      const found = await directory.institutions(
        { ...filter, ...(level === undefined ? {} : { hosp_lv: level }) },
        page,
        page_size,
      );
      return { total: found.total, page, page_size, items: found.items };
    },
  );

  app.get<{ Querystring: Static<typeof RegionQuery> }>(
    '/api/public/regions',
    {
      schema: {
        tags: ['public'],
        summary: '开通情况：各统筹区住院、普通门诊、门诊慢特病跨省直接结算的开通情况和联网机构数',
        querystring: RegionQuery,
        response: { 200: listOf(REGION_STATUS), ...errors },
      },
      preValidation: readParameters(RegionQuery),
    },
    async (request) => {
      checkProvince(request.query.province);
      return { items: await directory.regionStatus(request.query.province) };
    },
  );

  app.get<{ Querystring: Static<typeof AgencyQuery> }>(
    '/api/public/agencies',
    {
      schema: {
        tags: ['public'],
        summary: '查经办机构：各统筹区医保经办机构的异地就医窗口、电话、地址和办公时间',
        querystring: AgencyQuery,
        response: { 200: listOf(AGENCY), ...errors },
      },
      preValidation: readParameters(AgencyQuery),
    },
    async (request) => {
      checkProvince(request.query.province);
      checkPooling('admdvs', request.query.admdvs);
      return { items: await directory.agencies(request.query) };
    },
  );
}
