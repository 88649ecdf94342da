import type { ChronicFilingRequest, FilingCreateReply } from '../../node/insured-messages.ts';
import { fieldError } from './envelope.ts';
import { askInsuredPlace, filingParty, inputPeriod, restOf } from './filing-input.ts';
import { type HisTransaction, inputDate, inputNode, inputText } from './transaction.ts';

const PATH = 'input.data';
const READ = new Set([
  'psn_no',
  'insutype',
  'opsp_dise_code',
  'opsp_dise_name',
  'hosp_ide_date',
  'begndate',
  'enddate',
]);

export const chronicFiling: HisTransaction = {
  infno: '2503',
  name: '人员慢特病备案',
  needsSignIn: true,
  async handle(context) {
    const data = inputNode(context.request, 'data');
    const party = filingParty(context, data, PATH);
    const code = inputText(data, PATH, 'opsp_dise_code', true);
    if (!/^M\d{5}$/.test(code))
      throw fieldError(`${PATH}.opsp_dise_code`, '应为门慢门特病种代码：M加5位数字（如M03900）');
    const name = inputText(data, PATH, 'opsp_dise_name', true);
    const hospIdeDate = inputDate(data, PATH, 'hosp_ide_date') ?? null;
    const period = inputPeriod(data, PATH, false);
    const reply = await askInsuredPlace<ChronicFilingRequest, FilingCreateReply>(context, 'filing.create', {
      kind: 'chronic',
      ...party,
      opsp_dise_code: code,
      opsp_dise_name: name,
      hosp_ide_date: hospIdeDate,
      ...period,
      info: restOf(data, READ),
    });
    return { result: { trt_dcla_detl_sn: reply.trt_dcla_detl_sn } };
  },
};
