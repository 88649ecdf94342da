// 5206 人员累计信息查询: the insured place's year-to-date counters of a patient of this institution.
import { fenToYuan } from '../../core/money.ts';
import { chinaDateOf } from '../../core/time.ts';
import type { AccumulatorsReply, AccumulatorsRequest } from '../../node/insured-messages.ts';
import { fieldError } from './envelope.ts';
import { askInsuredPlace } from './filing-input.ts';
import { type HisTransaction, inputNode, inputText } from './transaction.ts';

const PATH = 'input.data';

/** Chinese names of the layers the datasets use (`<layer id>.<kind>`); another id is shown as it is. */
const LAYER_NAMES: Readonly<Record<string, string>> = {
  pool: '统筹基金',
  otp: '门诊统筹',
  hifob: '大额医疗费用补助',
  hifmi: '城乡居民大病保险',
  cvlserv: '公务员医疗补助',
  maf: '医疗救助',
};
const KIND_NAMES: Readonly<Record<string, string>> = {
  paid: '累计支付',
  dedc: '累计起付线',
  eligible: '累计符合政策范围金额',
};

export const accumulatorQuery: HisTransaction = {
  infno: '5206',
  name: '人员累计信息查询',
  needsSignIn: true,
  async handle(context) {
    const { request, node, institution, now } = context;
    const data = inputNode(request, 'data');
    const psnNo = inputText(data, PATH, 'psn_no', true);
    const cumYm = inputText(data, PATH, 'cum_ym');
    if (cumYm !== undefined && !/^\d{4}(0[1-9]|1[0-2])$/.test(cumYm))
      throw fieldError(`${PATH}.cum_ym`, '累计年月格式应为yyyyMM');
    // An institution sees only its own patients: the person must have a visit here.
    const visit = (await node.treatment.store.visitsOf(institution.fixmedins_code, psnNo)).find(
      (v) => v.status !== 'cancelled',
    );
    if (!visit) throw fieldError(`${PATH}.psn_no`, `人员${psnNo}在本机构没有就诊记录，不能查询其累计信息`);
    const reply = await askInsuredPlace<AccumulatorsRequest, AccumulatorsReply>(
      context,
      'accumulators.query',
      {
        insuplc_admdvs: visit.insuplc_admdvs,
        psn_no: psnNo,
        insutype: visit.insutype,
      },
    );
    const month = cumYm ?? chinaDateOf(now.getTime()).slice(0, 7).replace('-', '');
    const year = Number(month.slice(0, 4));
    const rows = reply.accumulators.filter((a) => a.year === year);
    return {
      cuminfo: rows.flatMap((a) =>
        Object.entries(a.counters)
          .sort(([x], [y]) => (x < y ? -1 : 1))
          .map(([code, fen]) => ({
            insutype: a.insutype,
            year: String(a.year),
            cum_ym: month,
            cum_type_code: code,
            cum_type_name: counterName(code),
            cum: fenToYuan(fen),
          })),
      ),
      // Extension: admissions counted this year (the deductible's admission rules read it).
      admissions: rows.reduce((sum, a) => sum + a.admissions, 0),
    };
  },
};

function counterName(code: string): string {
  const [layer = '', kind = ''] = code.split('.');
  return `${LAYER_NAMES[layer] ?? layer}${KIND_NAMES[kind] ?? kind}`;
}
