// 就医地统计: a treatment node's settlements grouped by month, insured region and 医疗类别, for national statistics.
import { addMonths, type SettlementGroup } from '../core/stats/settlement-stats.ts';
import type { Db, Row } from './db.ts';
import { inSchema } from './migrate.ts';
import { nodeSchema } from './schemas.ts';

export class SettlementStatsStore {
  private readonly schema: string;
  private readonly provinceDigits: string;

  constructor(
    private readonly db: Db,
    province: string,
  ) {
    this.schema = nodeSchema(province);
    this.provinceDigits = province.slice(0, 2);
  }

  /**
   * The settlements of this node's hospitals for other provinces' insured whose setl_time (China time, text
   * `yyyy-MM-dd HH:mm:ss`) falls in the months `from` … `to`, grouped. A cancel record counts −1 with its negated
   * amounts in the month it was made, so a group is net of cancels.
   */
  crossProvinceGroups(from: string, to: string): Promise<SettlementGroup[]> {
    return this.db.query<SettlementGroup & Row>(
      inSchema(
        this.schema,
        `SELECT substr(setl_time, 1, 7) AS month, insuplc_admdvs, med_type,
           sum(CASE WHEN refd_setl_flag = '1' THEN -1 ELSE 1 END)::bigint AS settlements,
           sum(medfee_sumamt_fen)::bigint AS medfee_fen,
           sum(fund_pay_sumamt_fen)::bigint AS fund_pay_fen,
           sum(psn_part_amt_fen)::bigint AS psn_part_fen,
           sum(acct_pay_fen)::bigint AS acct_pay_fen,
           sum(psn_cash_pay_fen)::bigint AS psn_cash_fen
         FROM {s}.settlements
         WHERE setl_time >= $1 AND setl_time < $2 AND substr(insuplc_admdvs, 1, 2) <> $3
         GROUP BY 1, 2, 3
         ORDER BY 1, 2, 3`,
      ),
      [`${from}-01`, `${addMonths(to, 1)}-01`, this.provinceDigits],
    );
  }
}
