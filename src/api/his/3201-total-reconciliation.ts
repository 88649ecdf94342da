// 3201 对总账: the institution's totals of a period, insurance type and clearing type against the node's own.
import type { StatementScope } from '../../node/reconciliation.ts';
import { Reconciliation } from '../../node/reconciliation.ts';
import { FileStore } from '../../store/file-store.ts';
import { fieldError } from './envelope.ts';
import {
  type HisContext,
  type HisTransaction,
  inputDate,
  inputNode,
  inputText,
  inputYuan,
} from './transaction.ts';

const PATH = 'input.data';
/** Longest statement period: a quarter, so that one statement reads a bounded number of records. */
export const MAX_STATEMENT_DAYS = 92;
const DAY_MS = 24 * 3600_000;

/** The node's reconciliation for the calling institution's province. */
export const reconciliationOf = ({ node, platform }: HisContext): Reconciliation =>
  new Reconciliation(node.treatment.store, new FileStore(platform.db, node.province));

/** A count (number or numeric text), a whole number. */
export function inputCount(data: Record<string, unknown>, path: string, field: string): number {
  const value = data[field];
  if (value === undefined || value === null || value === '') throw fieldError(`${path}.${field}`, '必填');
  const text = typeof value === 'number' ? String(value) : typeof value === 'string' ? value.trim() : '';
  if (!/^-?\d{1,9}$/.test(text)) throw fieldError(`${path}.${field}`, '应为整数');
  return Number(text);
}

/**
 * What 3201 and 3202 share: setl_optins (the institution's own clearing agency), the period (begin ≤ end, at most
 * MAX_STATEMENT_DAYS), clr_type and the optional refd_setl_flag.
 */
export function statementScopeOf(
  data: Record<string, unknown>,
  { institution }: HisContext,
): StatementScope & { readonly setl_optins: string } {
  const setlOptins = inputText(data, PATH, 'setl_optins', true);
  if (setlOptins !== institution.pooling_admdvs)
    throw fieldError(
      `${PATH}.setl_optins`,
      `${setlOptins}不是本机构的结算经办机构（应为${institution.pooling_admdvs}）`,
    );
  const begndate = inputDate(data, PATH, 'stmt_begndate', true);
  const enddate = inputDate(data, PATH, 'stmt_enddate', true);
  if (begndate > enddate) throw fieldError(`${PATH}.stmt_enddate`, `不能早于对账开始日期${begndate}`);
  const days = (Date.parse(enddate) - Date.parse(begndate)) / DAY_MS + 1;
  if (days > MAX_STATEMENT_DAYS)
    throw fieldError(`${PATH}.stmt_enddate`, `对账期间不能超过${MAX_STATEMENT_DAYS}天（实为${days}天）`);
  const clrType = inputText(data, PATH, 'clr_type', true);
  const flag = inputText(data, PATH, 'refd_setl_flag');
  if (flag !== undefined && flag !== '0' && flag !== '1')
    throw fieldError(`${PATH}.refd_setl_flag`, '应为0（结算）或1（退费结算），不填为两者合计');
  return {
    setl_optins: setlOptins,
    fixmedins_code: institution.fixmedins_code,
    begndate,
    enddate,
    clr_type: clrType,
    ...(flag === undefined ? {} : { refd_setl_flag: flag }),
  };
}

export const totalReconciliation: HisTransaction = {
  infno: '3201',
  name: '医药机构费用结算对总账',
  needsSignIn: true,
  async handle(context) {
    const data = inputNode(context.request, 'data');
    const insutype = inputText(data, PATH, 'insutype', true);
    const { setl_optins, ...scope } = statementScopeOf(data, context);
    const declared = {
      medfee_sumamt_fen: inputYuan(data, PATH, 'medfee_sumamt', true),
      fund_pay_sumamt_fen: inputYuan(data, PATH, 'fund_pay_sumamt', true),
      acct_pay_fen: inputYuan(data, PATH, 'acct_pay', true),
      fixmedins_setl_cnt: inputCount(data, PATH, 'fixmedins_setl_cnt'),
    };
    const result = await reconciliationOf(context).totals({ ...scope, insutype }, declared);
    return { stmtinfo: { setl_optins, ...result } };
  },
};
