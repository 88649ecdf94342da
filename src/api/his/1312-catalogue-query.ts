// 1312 医保目录信息查询: the treatment province's catalogue (就医地目录), paged, by code, class, type or day.
import { catalogueQuery } from './catalogue-query.ts';
import type { HisTransaction } from './transaction.ts';

export const catalogueInfo: HisTransaction = {
  infno: '1312',
  name: '医保目录信息查询',
  needsSignIn: true,
  handle: (context) =>
    catalogueQuery(context, undefined, (row, insuAdmdvs) => ({
      hilist_code: row.hilist_code,
      hilist_name: row.hilist_name,
      insu_admdvs: insuAdmdvs,
      begndate: row.begndate,
      enddate: row.enddate,
      med_chrgitm_type: row.med_chrgitm_type,
      chrgitm_lv: row.chrgitm_lv,
      lmt_used_flag: row.lmt_used_flag,
      list_type: row.list_type,
      vali_flag: '1',
    })),
};
