// OpenAPI shapes of 我的结算, 费用明细 and 门诊慢特病: the answers are serialised by these, so they list every field.
import { type TSchema, Type } from '@sinclair/typebox';

const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);
/** Yuan with exactly two decimals, as text: "17500.00" (a JSON number would print 17500). */
const Yuan = (description: string) =>
  Type.String({ pattern: '^-?\\d+\\.\\d{2}$', description: `${description}（元，两位小数）` });
const Text = (description: string) => Type.String({ description });
const Code = (description: string) => Type.String({ description });

export const SETL_ID = Type.String({
  pattern: '^\\d{12}$',
  description: '结算ID（就医地省份两位 + 10位序号）',
});

const TreatmentPlace = Type.Object({
  admdvs: Code('就医机构所在区划'),
  name: Text('就医地名称，如 海南省海口市美兰区'),
  province: Code('就医省份'),
  province_name: Text('就医省份名称'),
});

const Counterpart = Type.Object({ setl_id: SETL_ID, setl_time: Text('结算时间（北京时间）') });

const SettlementFields = {
  setl_id: SETL_ID,
  mdtrt_id: Code('就诊ID'),
  kind: Type.Union([Type.Literal('settlement'), Type.Literal('cancel')], {
    description: 'settlement 结算；cancel 撤销结算（退费）记录，金额为负',
  }),
  status: Type.Union([Type.Literal('settled'), Type.Literal('cancelled')]),
  status_name: Text('已结算 / 已撤销 / 撤销记录'),
  cancel: Nullable(Type.Object({ ...Counterpart.properties }, { description: '撤销本结算的记录' })),
  init_setl_id: Nullable(SETL_ID),
  cross_province: Type.Boolean({ description: '跨省异地就医（pay_loc 4）' }),
  insutype: Code('险种类型'),
  insutype_name: Text('险种名称'),
  treatment: TreatmentPlace,
  fixmedins_code: Code('定点医药机构编号'),
  fixmedins_name: Text('定点医药机构名称'),
  med_type: Code('医疗类别'),
  med_type_name: Text('医疗类别名称'),
  inpatient: Type.Boolean(),
  begntime: Text('入院时间 / 就诊时间'),
  endtime: Nullable(Text('出院时间')),
  setl_time: Text('结算时间'),
  medfee_sumamt: Yuan('医疗费总额'),
  fund_pay_sumamt: Yuan('基金支付总额'),
  psn_part_amt: Yuan('个人负担总金额'),
  acct_pay: Yuan('个人账户支出'),
  psn_cash_pay: Yuan('个人现金支出'),
  hosp_part_amt: Yuan('医院负担金额'),
  advance_avoided: Yuan('减少垫付：不必先垫付、再回参保地报销的金额（基金支付；已撤销为0）'),
  detail: Text('费用明细的地址'),
};

export const SettlementItem = Type.Object(SettlementFields);

export const SettlementList = Type.Object({
  year: Nullable(Type.Integer()),
  summary: Type.Object(
    {
      settled: Type.Integer({ description: '有效结算笔数' }),
      cancelled: Type.Integer({ description: '已撤销结算笔数' }),
      medfee_sumamt: Yuan('有效结算的医疗费总额'),
      fund_pay_sumamt: Yuan('有效结算的基金支付'),
      psn_part_amt: Yuan('有效结算的个人负担'),
      advance_avoided: Yuan('减少垫付合计'),
    },
    { description: '只计未撤销的结算' },
  ),
  settlements: Type.Array(SettlementItem),
});

export const SettlementQuery = Type.Object(
  {
    year: Type.Optional(Type.Integer({ minimum: 2000, maximum: 2100, description: '结算年度；不填为全部' })),
  },
  { additionalProperties: false },
);

const FeeLine = Type.Object({
  feedetl_sn: Code('费用明细流水号'),
  fee_ocur_time: Text('费用发生时间'),
  med_list_codg: Code('医疗目录编码'),
  medins_list_codg: Nullable(Code('医药机构目录编码')),
  name: Nullable(Text('目录名称（就医地目录）；目录外为空')),
  chrgitm_lv: Code('收费项目等级 01/02/03'),
  chrgitm_lv_name: Text('甲类 / 乙类 / 丙类/自费'),
  med_chrgitm_type: Nullable(Code('医疗收费项目类别')),
  med_chrgitm_type_name: Nullable(Text('医疗收费项目类别名称')),
  cnt: Type.Number({ description: '数量' }),
  pric: Type.String({ pattern: '^-?\\d+\\.\\d{2,6}$', description: '单价（元，至多6位小数）' }),
  pric_uplmt_amt: Nullable(Yuan('最高限价')),
  selfpay_prop: Type.Number({ description: '自付比例' }),
  det_item_fee_sumamt: Yuan('明细项目费用总额'),
  fulamt_ownpay_amt: Yuan('全自费金额'),
  overlmt_amt: Yuan('超限价金额'),
  preselfpay_amt: Yuan('先行自付金额'),
  inscp_scp_amt: Yuan('符合政策范围金额'),
  memo: Text('说明'),
});

const Fund = Type.Object({
  fund_pay_type: Code('基金支付类型'),
  fund_pay_type_name: Text('基金支付类型名称'),
  inscp_scp_amt: Yuan('该层计算基数'),
  crt_payb_lmt_amt: Yuan('本次可支付限额'),
  fund_payamt: Yuan('基金支付金额'),
  setl_proc_info: Text('结算过程说明，如 起付线1000.00；10000.00×85%+10000.00×90%=17500.00'),
});

const Check = Type.Object({
  rule: Type.Union([
    Type.Literal('medfee'),
    Type.Literal('psn_part'),
    Type.Literal('catalogue'),
    Type.Literal('lines'),
  ]),
  holds: Type.Boolean(),
  text: Text('如 医疗费总额25000.00 = 基金支付17500.00 + 个人负担7500.00 + 医院负担0.00'),
});

export const SettlementDetail = Type.Object({
  ...SettlementFields,
  catalogue: Type.Object(
    {
      medfee_sumamt: Yuan('医疗费总额'),
      fulamt_ownpay_amt: Yuan('全自费金额'),
      overlmt_selfpay: Yuan('超限价自费金额'),
      preselfpay_amt: Yuan('先行自付金额'),
      inscp_scp_amt: Yuan('符合政策范围金额'),
    },
    { description: '按就医地目录' },
  ),
  act_pay_dedc: Yuan('本次起付线'),
  pool_prop_selfpay: Nullable(Type.Number({ description: '基本医疗保险统筹基金支付比例' })),
  balc: Nullable(Yuan('结算后个人账户余额')),
  funds: Type.Array(Fund, { description: '按参保地待遇：各项基金支付及其计算过程' }),
  lines: Type.Array(FeeLine),
  lines_note: Nullable(Text('没有明细时的说明')),
  conservation: Type.Object({ holds: Type.Boolean(), checks: Type.Array(Check) }),
});

const Qualification = {
  id: Text('告知书地址中的标识：备案流水号，或参保地认定资格的序号'),
  index: Type.Integer({ minimum: 1, description: '列表中的序号' }),
  trt_dcla_detl_sn: Nullable(Code('备案流水号（医院备案）')),
  insutype: Code('险种类型'),
  opsp_dise_code: Code('门慢门特病种代码'),
  opsp_dise_name: Nullable(Text('病种名称')),
  source: Type.Union([Type.Literal('insured-place'), Type.Literal('hospital')]),
  source_name: Text('参保地认定 / 医院备案（机构名称）'),
  fixmedins_code: Nullable(Code('备案医院')),
  fixmedins_name: Nullable(Text('备案医院名称')),
  hosp_ide_date: Nullable(Text('医院鉴定日期')),
  begndate: Text('开始日期'),
  enddate: Nullable(Text('结束日期；空为长期')),
  status: Code('approved / cancelled'),
  state: Type.Union([
    Type.Literal('valid'),
    Type.Literal('not-yet-valid'),
    Type.Literal('expired'),
    Type.Literal('cancelled'),
  ]),
  state_name: Text('有效 / 未到开始日期 / 已过期 / 已撤销'),
  memo: Nullable(Text('备注')),
};

export const ChronicList = Type.Object({
  qualifications: Type.Array(Type.Object({ ...Qualification, notice: Text('告知书的地址') })),
});

const Institution = Type.Object({
  fixmedins_code: Code('定点医疗机构编号'),
  fixmedins_name: Text('名称'),
  hosp_lv: Code('医院等级'),
  hosp_lv_name: Text('医院等级名称'),
  admdvs: Code('所在区划'),
  place_name: Text('所在地'),
  addr: Nullable(Text('地址')),
  tel: Nullable(Text('电话')),
});

export const ChronicNotice = Type.Object({
  title: Text('告知书标题'),
  notice_version: Text('告知书版本'),
  issued_on: Text('出具日期'),
  person: Type.Object({
    psn_no: Code('人员编号'),
    psn_name: Text('姓名'),
    certno: Text('证件号码（部分隐藏）'),
    insutype: Code('险种类型'),
    insutype_name: Text('险种名称'),
    insuplc_admdvs: Code('参保地'),
    insuplc_name: Text('参保地名称'),
  }),
  qualification: Type.Object(Qualification),
  places: Type.Array(
    Type.Object({
      trt_dcla_detl_sn: Code('异地就医备案流水号'),
      dcla_type: Code('备案类别'),
      dcla_type_name: Text('备案类别名称'),
      mdtrtarea_admdvs: Code('备案就医地'),
      place_name: Text('就医地名称'),
      begndate: Text('备案开始日期'),
      enddate: Nullable(Text('备案结束日期')),
      institutions: Type.Array(Institution, { description: '已开通该病种跨省直接结算的定点医疗机构' }),
    }),
    { description: '可直接结算的地方：有效备案的就医地' },
  ),
  bring: Type.Array(Type.String(), { description: '就医时携带' }),
  notes: Type.Array(Type.String(), { description: '温馨提示' }),
  text: Text('告知书全文'),
});

export const ChronicRef = Type.String({
  pattern: '^[0-9A-Za-z]{1,40}$',
  description: '慢特病资格：列表中的序号，或备案流水号',
});
