// 3202 对明细账: the institution's detail file (uploaded by 9101) against the node's records, settlement by settlement.
import { formatChinaDateTime } from '../../core/time.ts';
import { inputCount, reconciliationOf, statementScopeOf } from './3201-total-reconciliation.ts';
import { type HisTransaction, inputNode, inputText, inputYuan } from './transaction.ts';

const PATH = 'input.data';

export const detailReconciliation: HisTransaction = {
  infno: '3202',
  name: '医药机构费用结算对明细账',
  needsSignIn: true,
  async handle(context) {
    const data = inputNode(context.request, 'data');
    const fileQuryNo = inputText(data, PATH, 'file_qury_no', true);
    const { setl_optins: _agency, ...scope } = statementScopeOf(data, context);
    const declared = {
      medfee_sumamt_fen: inputYuan(data, PATH, 'medfee_sumamt', true),
      fund_pay_sumamt_fen: inputYuan(data, PATH, 'fund_pay_sumamt', true),
      cash_payamt_fen: inputYuan(data, PATH, 'cash_payamt', true),
      fixmedins_setl_cnt: inputCount(data, PATH, 'fixmedins_setl_cnt'),
    };
    const statement = await reconciliationOf(context).details(
      scope,
      fileQuryNo,
      declared,
      { infno: '3202', msgid: context.request.msgid },
      context.now,
    );
    return {
      fileinfo: {
        file_qury_no: statement.file.file_qury_no,
        filename: statement.file.filename,
        dld_endtime: formatChinaDateTime(statement.file.expiry.getTime()),
      },
      // Extension: the outcome at a glance; the result file (9102) has every settlement.
      summary: {
        stmt_rslt: statement.stmt_rslt,
        mismatches: statement.mismatches,
        settlements: statement.results.length,
        stmt_rslt_dscr: statement.totals.stmt_rslt_dscr,
      },
    };
  },
};
