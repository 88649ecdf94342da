// 1318 医保目录限价信息查询: items with a price cap (超限价 is the part of the unit price above it).
import { fenToYuan } from '../../core/money.ts';
import { catalogueQuery } from './catalogue-query.ts';
import type { HisTransaction } from './transaction.ts';

export const priceCapInfo: HisTransaction = {
  infno: '1318',
  name: '医保目录限价信息查询',
  needsSignIn: true,
  handle: (context) =>
    catalogueQuery(context, 'capped', (row, insuAdmdvs) => ({
      hilist_code: row.hilist_code,
      hilist_name: row.hilist_name,
      // 超限价部分个人自付: the only handling this platform applies (the excess is self-paid).
      overlmt_dspo_way: '1',
      insu_admdvs: insuAdmdvs,
      begndate: row.begndate,
      enddate: row.enddate,
      hilist_pric_uplmt_amt: fenToYuan(row.pric_uplmt_fen!),
      vali_flag: '1',
    })),
};
