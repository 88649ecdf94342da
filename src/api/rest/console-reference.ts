// 经办机构 reference screens: who is logged in, the code tables, the node's catalogue (就医地目录), settlements made in
// its hospitals (就医地管理) and the filing texts for a counter filing; the policies are in console-policies.ts.
import { type Static, Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { CatalogueItem } from '../../core/dataset/model.ts';
import { DICTIONARIES, labelOf } from '../../core/dictionaries.ts';
import { filingTexts } from '../../core/filing/notice.ts';
import { bpToRatio, formatYuan } from '../../core/money.ts';
import { placeName } from '../../core/place-name.ts';
import { poolingRegionsOf, provinceOf, regionOf } from '../../core/regions.ts';
import { chinaDateOf } from '../../core/time.ts';
import { ConsoleReferenceStore, type ConsoleSettlement } from '../../store/console-reference-store.ts';
import { isInScope } from './console-filings.ts';
import {
  Admdvs6,
  blankMeansNone,
  ChinaDate,
  CONSOLE_ERRORS,
  Nullable,
  Paging,
  pagingOf,
  YuanText,
} from './console-params.ts';
import { registerConsolePolicies } from './console-policies.ts';
import type { RestContext } from './context.ts';
import { ApiProblem, badRequest, forbidden, notFound } from './problem.ts';
import { isProvinceWide, poolingScopeOf, requireStaff, type StaffRole } from './sessions.ts';

const tags = ['console'];

/** The catalogue is reference for those who keep it, price policies on it, or audit claims against it. */
const CATALOGUE_READERS: readonly StaffRole[] = ['catalogue_admin', 'policy_admin', 'audit_officer'];
/** Settlements of the node's hospitals: for clearing, 稽核 and the auditor. */
const SETTLEMENT_READERS: readonly StaffRole[] = ['clearing_officer', 'audit_officer', 'auditor'];
const label = (dictionary: string, code: string): string => labelOf(dictionary, code) ?? code;

const CatalogueQuery = Type.Object(
  {
    code: Type.Optional(
      Type.String({ minLength: 1, maxLength: 50, description: '医保目录编码（开头部分）' }),
    ),
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 50, description: '名称的一部分' })),
    list_type: Type.Optional(
      Type.Union(
        Object.keys(DICTIONARIES.list_type).map((c) => Type.Literal(c)),
        { description: '目录类别' },
      ),
    ),
    chrgitm_lv: Type.Optional(
      Type.Union(
        ['01', '02', '03'].map((c) => Type.Literal(c)),
        { description: '收费项目等级：01 甲类 02 乙类 03 丙类' },
      ),
    ),
    on: Type.Optional(ChinaDate('有效日期（默认今天）：只列当天有效的版本')),
    ...Paging,
  },
  { additionalProperties: false },
);

const CatalogueRow = Type.Object({
  hilist_code: Type.String(),
  hilist_name: Type.String(),
  list_type: Type.String(),
  list_type_name: Type.String(),
  med_chrgitm_type: Type.String(),
  med_chrgitm_type_name: Type.String(),
  chrgitm_lv: Type.String(),
  chrgitm_lv_name: Type.String(),
  selfpay_prop: Type.Number({ description: '先行自付比例（小数，0.1 = 10%）' }),
  pric_uplmt_amt: Nullable(YuanText('最高限价')),
  lmt_used_flag: Type.String({ description: '限制使用标志：0 否 1 是' }),
  begndate: Type.String(),
  enddate: Nullable(Type.String()),
});

const SettlementQuery = Type.Object(
  {
    from: Type.Optional(ChinaDate('结算日期起')),
    to: Type.Optional(ChinaDate('结算日期止')),
    fixmedins_code: Type.Optional(
      Type.String({ pattern: '^[A-Z]\\d{11}$', description: '定点医药机构编号' }),
    ),
    insuplc_admdvs: Type.Optional(Admdvs6('参保地：省（XX0000）或统筹区')),
    med_type: Type.Optional(Type.String({ pattern: '^\\d{2,6}$', description: '医疗类别' })),
    status: Type.Optional(
      Type.Union([Type.Literal('settled'), Type.Literal('cancelled')], {
        description: 'settled 已结算；cancelled 已撤销',
      }),
    ),
    ...Paging,
  },
  { additionalProperties: false },
);

const SettlementRow = Type.Object({
  setl_id: Type.String(),
  mdtrt_id: Type.String(),
  status: Type.Union([Type.Literal('settled'), Type.Literal('cancelled')]),
  status_name: Type.String(),
  cancel: Nullable(Type.Object({ setl_id: Type.String(), setl_time: Type.String(), slip: Type.String() })),
  psn_no: Type.String(),
  psn_name: Type.String(),
  insutype: Type.String(),
  insutype_name: Type.String(),
  insuplc_admdvs: Type.String(),
  insuplc_name: Type.String(),
  cross_province: Type.Boolean(),
  fixmedins_code: Type.String(),
  fixmedins_name: Type.String(),
  med_type: Type.String(),
  med_type_name: Type.String(),
  inpatient: Type.Boolean(),
  begntime: Type.String(),
  endtime: Nullable(Type.String()),
  setl_time: Type.String(),
  medfee_sumamt: YuanText('医疗费总额'),
  fund_pay_sumamt: YuanText('基金支付总额'),
  psn_part_amt: YuanText('个人负担总金额'),
  acct_pay: YuanText('个人账户支出'),
  psn_cash_pay: YuanText('个人现金支出'),
  hosp_part_amt: YuanText('医院负担金额'),
  slip: Type.String({ description: '结算单（可打印）' }),
});

const Me = Type.Object({
  username: Type.String(),
  name: Type.String(),
  province: Type.String(),
  province_name: Type.String(),
  scope_admdvs: Type.String(),
  scope_name: Type.String(),
  roles: Type.Array(Type.String(), { description: '本账号的角色（见 docs/SECURITY.md）' }),
  regions: Type.Array(Type.Object({ admdvs: Type.String(), name: Type.String() }), {
    description: '本账号经办范围内的统筹区',
  }),
});

function catalogueRow(item: CatalogueItem) {
  return {
    hilist_code: item.hilist_code,
    hilist_name: item.hilist_name,
    list_type: item.list_type,
    list_type_name: label('list_type', item.list_type),
    med_chrgitm_type: item.med_chrgitm_type,
    med_chrgitm_type_name: label('med_chrgitm_type', item.med_chrgitm_type),
    chrgitm_lv: item.chrgitm_lv,
    chrgitm_lv_name: label('chrgitm_lv', item.chrgitm_lv),
    selfpay_prop: bpToRatio(item.selfpay_prop_bp),
    pric_uplmt_amt: item.pric_uplmt_fen === null ? null : formatYuan(Number(item.pric_uplmt_fen)),
    lmt_used_flag: item.lmt_used_flag,
    begndate: item.begndate,
    enddate: item.enddate,
  };
}

const slipOf = (setlId: string) => `/settlements/${setlId}/slip`;

function settlementRow(s: ConsoleSettlement) {
  const cancelled = s.cancelled_by !== null;
  return {
    setl_id: s.setl_id,
    mdtrt_id: s.mdtrt_id,
    status: cancelled ? ('cancelled' as const) : ('settled' as const),
    status_name: cancelled ? '已撤销' : '已结算',
    cancel: cancelled
      ? { setl_id: s.cancelled_by!, setl_time: s.cancel_setl_time ?? '', slip: slipOf(s.cancelled_by!) }
      : null,
    psn_no: s.psn_no,
    psn_name: String(s.setlinfo.psn_name ?? ''),
    insutype: s.insutype,
    insutype_name: label('insutype', s.insutype),
    insuplc_admdvs: s.insuplc_admdvs,
    insuplc_name: placeName(s.insuplc_admdvs),
    cross_province: s.setlinfo.pay_loc === '4',
    fixmedins_code: s.fixmedins_code,
    fixmedins_name: s.fixmedins_name ?? s.fixmedins_code,
    med_type: s.med_type,
    med_type_name: label('med_type', s.med_type),
    inpatient: s.inpatient,
    begntime: s.begntime,
    endtime: s.endtime,
    setl_time: s.setl_time,
    medfee_sumamt: formatYuan(Number(s.medfee_sumamt_fen)),
    fund_pay_sumamt: formatYuan(Number(s.fund_pay_sumamt_fen)),
    psn_part_amt: formatYuan(Number(s.psn_part_amt_fen)),
    acct_pay: formatYuan(Number(s.acct_pay_fen)),
    psn_cash_pay: formatYuan(Number(s.psn_cash_pay_fen)),
    hosp_part_amt: formatYuan(Number(s.hosp_part_amt_fen)),
    slip: slipOf(s.setl_id),
  };
}

export function registerConsoleReference(app: FastifyInstance, context: RestContext): void {
  const { platform } = context;
  const storeOf = (province: string) => new ConsoleReferenceStore(platform.db, province);

  app.get(
    '/api/console/me',
    { schema: { tags, summary: '当前登录的经办人员及其经办范围', response: { 200: Me, ...CONSOLE_ERRORS } } },
    async (request) => {
      const caller = await requireStaff(request, platform, context.now(), 'any');
      const { account, node } = caller;
      const province = node.province;
      const scoped = !isProvinceWide(caller);
      return {
        username: account.username,
        name: account.name,
        province,
        province_name: regionOf(province)?.name ?? province,
        scope_admdvs: account.scope_admdvs,
        scope_name: placeName(account.scope_admdvs),
        roles: account.roles,
        regions: poolingRegionsOf(province)
          .filter((r) => !scoped || r.admdvs === account.scope_admdvs)
          .map((r) => ({ admdvs: r.admdvs, name: r.name })),
      };
    },
  );

  app.get(
    '/api/console/dictionaries',
    {
      schema: {
        tags,
        summary: '码表：险种、医疗类别、人员类别、基金支付类型、目录类别、收费项目等级等（代码 → 名称）',
        response: {
          200: Type.Record(Type.String(), Type.Record(Type.String(), Type.String())),
          ...CONSOLE_ERRORS,
        },
      },
    },
    async (request) => {
      await requireStaff(request, platform, context.now(), 'any');
      return DICTIONARIES;
    },
  );

  app.get<{ Querystring: Static<typeof CatalogueQuery> }>(
    '/api/console/catalogue',
    {
      schema: {
        tags,
        summary: '目录查询：本省就医地目录在某日有效的版本，按编码、名称、目录类别、等级查询，分页',
        querystring: CatalogueQuery,
        response: {
          200: Type.Object({
            province: Type.String(),
            on: Type.String(),
            total: Type.Integer(),
            page: Type.Integer(),
            page_size: Type.Integer(),
            items: Type.Array(CatalogueRow),
          }),
          ...CONSOLE_ERRORS,
        },
      },
      preValidation: blankMeansNone,
    },
    async (request) => {
      const now = context.now();
      const { node } = await requireStaff(request, platform, now, CATALOGUE_READERS);
      const { page, page_size, offset } = pagingOf(request.query);
      const on = request.query.on ?? chinaDateOf(now.getTime());
      const found = await storeOf(node.province).catalogue({ ...request.query, on }, page_size, offset);
      return {
        province: node.province,
        on,
        total: found.total,
        page,
        page_size,
        items: found.rows.map(catalogueRow),
      };
    },
  );

  app.get<{ Querystring: Static<typeof SettlementQuery> }>(
    '/api/console/settlements',
    {
      schema: {
        tags,
        summary: '结算查询：本省定点医药机构的结算（含撤销），最新的在前，分页，附结算单地址',
        querystring: SettlementQuery,
        response: {
          200: Type.Object({
            total: Type.Integer(),
            page: Type.Integer(),
            page_size: Type.Integer(),
            summary: Type.Object({
              settled: Type.Integer({ description: '已结算（未撤销）笔数' }),
              cancelled: Type.Integer({ description: '已撤销笔数' }),
              medfee_sumamt: YuanText('已结算的医疗费总额'),
              fund_pay_sumamt: YuanText('已结算的基金支付（就医地垫付、待清算）'),
              psn_part_amt: YuanText('已结算的个人负担'),
            }),
            items: Type.Array(SettlementRow),
          }),
          ...CONSOLE_ERRORS,
        },
      },
      preValidation: blankMeansNone,
    },
    async (request) => {
      const caller = await requireStaff(request, platform, context.now(), SETTLEMENT_READERS);
      const { node } = caller;
      const { page, page_size, offset } = pagingOf(request.query);
      const { from, to, insuplc_admdvs } = request.query;
      if (from && to && from > to) throw badRequest('querystring.to', `结算日期止${to}早于起${from}`);
      if (insuplc_admdvs !== undefined && !regionOf(insuplc_admdvs))
        throw badRequest('querystring.insuplc_admdvs', `${insuplc_admdvs}不是行政区划代码`);
      // A clerk of one pooling region sees the settlements of that region's hospitals (就医地管理 of their place).
      const found = await storeOf(node.province).settlements(
        { ...request.query, hospital_pooling_admdvs: poolingScopeOf(caller) },
        page_size,
        offset,
      );
      const t = found.totals;
      return {
        total: t.settled + t.cancelled,
        page,
        page_size,
        summary: {
          settled: t.settled,
          cancelled: t.cancelled,
          medfee_sumamt: formatYuan(Number(t.medfee_fen)),
          fund_pay_sumamt: formatYuan(Number(t.fund_pay_fen)),
          psn_part_amt: formatYuan(Number(t.psn_part_fen)),
        },
        items: found.rows.map(settlementRow),
      };
    },
  );

  app.get<{ Querystring: { certno: string } }>(
    '/api/console/filing-notice',
    {
      schema: {
        tags,
        summary: '窗口备案：按身份证号码查参保人（本账号经办范围内），及其参保地现行的备案告知书与个人承诺书',
        querystring: Type.Object(
          { certno: Type.String({ pattern: '^\\d{17}[\\dX]$', description: '身份证号码' }) },
          { additionalProperties: false },
        ),
        response: CONSOLE_ERRORS,
      },
    },
    async (request) => {
      const { account, node } = await requireStaff(request, platform, context.now(), 'filing_reviewer');
      const { certno } = request.query;
      const rows = await node.store.findPersonsByCredential({ kind: 'certno', value: certno });
      const [person] = rows;
      if (!person) throw notFound(`本省未查询到身份证号码为${certno}的参保人`);
      if (!isInScope(person.insuplc_admdvs, account))
        throw forbidden(`参保人的参保地${person.insuplc_admdvs}不在本账号经办范围${account.scope_admdvs}内`);
      const settings = await node.desk.settingsOf(person.insuplc_admdvs);
      const texts = filingTexts(settings.notice_version, settings.commitment_version);
      if (!texts)
        throw new ApiProblem(500, 'notice-missing', `参保地配置的告知书版本${settings.notice_version}不存在`);
      return {
        person: {
          psn_no: person.psn_no,
          psn_name: person.psn_name,
          insuplc_admdvs: person.insuplc_admdvs,
          insuplc_name: placeName(person.insuplc_admdvs),
          province_name: regionOf(provinceOf(person.insuplc_admdvs))?.name ?? '',
          insutypes: rows.map((r) => ({
            insutype: r.insutype,
            insutype_name: label('insutype', r.insutype),
          })),
        },
        ...texts,
        rules: {
          temporary_months: settings.temporary_months,
          temporary_shorter_allowed: settings.temporary_shorter_allowed,
          backdate_max_days: settings.backdate_max_days,
        },
      };
    },
  );

  registerConsolePolicies(app, context);
}
