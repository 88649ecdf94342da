// 1319 医保目录先自付比例信息查询: the 乙类 items' pre-self-pay share (先行自付比例).
import { bpToRatio } from '../../core/money.ts';
import { catalogueQuery } from './catalogue-query.ts';
import type { HisTransaction } from './transaction.ts';

export const selfpayRatioInfo: HisTransaction = {
  infno: '1319',
  name: '医保目录先自付比例信息查询',
  needsSignIn: true,
  handle: (context) =>
    catalogueQuery(context, 'class-b', (row, insuAdmdvs) => ({
      hilist_code: row.hilist_code,
      hilist_name: row.hilist_name,
      insu_admdvs: insuAdmdvs,
      begndate: row.begndate,
      enddate: row.enddate,
      selfpay_prop: bpToRatio(row.selfpay_prop_bp),
      vali_flag: '1',
    })),
};
