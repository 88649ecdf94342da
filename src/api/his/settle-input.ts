// Reading 2206/2207 and 2303/2304 data: the visit, the HIS's own totals (checked against the node's), the account flag.
import { isInpatientMedType } from '../../core/dictionaries.ts';
import type { CancelCommand, SettleCommand } from '../../node/settlement-service.ts';
import { inputError } from './envelope.ts';
import {
  type HisContext,
  inputDateTime,
  inputFlag,
  inputMedType,
  inputNode,
  inputText,
  inputYuan,
} from './transaction.ts';

const PATH = 'input.data';

export function settleCommand(context: HisContext, inpatient: boolean, trial: boolean): SettleCommand {
  const data = inputNode(context.request, 'data');
  const medType = inpatient ? undefined : inputMedType(data, PATH, true);
  if (medType !== undefined && isInpatientMedType(medType))
    throw inputError(`${PATH}.med_type`, `${medType}不是门诊医疗类别`);
  if (inputFlag(data, PATH, 'mid_setl_flag', '0') === '1')
    throw inputError(`${PATH}.mid_setl_flag`, '本平台暂不办理跨省异地住院中途结算，请出院时一次结算');
  const setlway = inputText(data, PATH, 'psn_setlway');
  if (setlway !== undefined && setlway !== '01')
    throw inputError(`${PATH}.psn_setlway`, '跨省异地就医按项目结算（01）');
  return {
    institution: context.institution,
    msgid: context.request.msgid,
    trial,
    inpatient,
    mdtrt_id: inputText(data, PATH, 'mdtrt_id', true),
    psn_no: inputText(data, PATH, 'psn_no', true),
    chrg_bchno: inpatient ? undefined : inputText(data, PATH, 'chrg_bchno', true),
    med_type: medType,
    mdtrt_cert_type: inputText(data, PATH, 'mdtrt_cert_type'),
    acct_used: inputFlag(data, PATH, 'acct_used_flag', '0') === '1',
    claimed: {
      medfee_fen: inputYuan(data, PATH, 'medfee_sumamt', true),
      fulamt_ownpay_fen: inputYuan(data, PATH, 'fulamt_ownpay_amt'),
      overlmt_fen: inputYuan(data, PATH, 'overlmt_selfpay'),
      preselfpay_fen: inputYuan(data, PATH, 'preselfpay_amt'),
      inscp_fen: inputYuan(data, PATH, 'inscp_scp_amt'),
    },
    dscg_time: inpatient ? inputDateTime(data, PATH, 'dscg_time') : undefined,
    now: context.now,
  };
}

export function cancelCommand(context: HisContext, inpatient: boolean): CancelCommand {
  const data = inputNode(context.request, 'data');
  return {
    institution: context.institution,
    msgid: context.request.msgid,
    inpatient,
    mdtrt_id: inputText(data, PATH, 'mdtrt_id', true),
    setl_id: inputText(data, PATH, 'setl_id', true),
    psn_no: inputText(data, PATH, 'psn_no', true),
    now: context.now,
  };
}
