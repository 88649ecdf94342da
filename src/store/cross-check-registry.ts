// The hub's 协查 registry and the insured provinces' automatic-request thresholds (docs/cross-checks.md): no person,
// only what routing the messages and clearing the adjustments need.
import type { CrossCheckOutcome, CrossCheckStatus } from '../core/cross-check/case.ts';
import type { Queryable, Row } from './db.ts';
import { inSchema } from './migrate.ts';
import { HUB_SCHEMA } from './schemas.ts';

export interface RegistryCase {
  readonly case_id: string;
  readonly setl_id: string;
  readonly insured_province: string;
  readonly treatment_province: string;
  readonly fixmedins_code: string;
  readonly automatic: boolean;
  readonly status: CrossCheckStatus;
  readonly fund_pay_fen: number;
  readonly requested_at: string;
  readonly answered_at: string | null;
  readonly concluded_at: string | null;
  readonly outcome: CrossCheckOutcome | null;
  readonly adjustment_fen: number;
  readonly clearing_period: string | null;
}

export interface ThresholdSetting {
  readonly province: string;
  readonly auto_threshold_fen: number;
  readonly updated_by: string | null;
  readonly updated_at: string | null;
}

export class CrossCheckRegistry {
  constructor(private readonly db: Queryable) {}

  private q<T extends Row>(
    sql: string,
    params: readonly unknown[] = [],
    on: Queryable = this.db,
  ): Promise<T[]> {
    return on.query<T>(inSchema(HUB_SCHEMA, sql), params);
  }

  async get(caseId: string): Promise<RegistryCase | undefined> {
    const [row] = await this.q('SELECT * FROM {s}.cross_checks WHERE case_id = $1', [caseId]);
    return row && registryCaseOf(row);
  }

  /** Registers a request once (a redelivered one changes nothing). */
  async open(
    c: Omit<
      RegistryCase,
      'answered_at' | 'concluded_at' | 'outcome' | 'adjustment_fen' | 'clearing_period' | 'status'
    >,
  ) {
    await this.q(
      `INSERT INTO {s}.cross_checks (case_id, setl_id, insured_province, treatment_province, fixmedins_code, automatic,
         status, fund_pay_fen, requested_at)
       VALUES ($1, $2, $3, $4, $5, $6, 'requested', $7, $8) ON CONFLICT (case_id) DO NOTHING`,
      [
        c.case_id,
        c.setl_id,
        c.insured_province,
        c.treatment_province,
        c.fixmedins_code,
        c.automatic,
        c.fund_pay_fen,
        c.requested_at,
      ],
    );
  }

  async answered(caseId: string, at: string): Promise<void> {
    await this.q(
      "UPDATE {s}.cross_checks SET status = 'answered', answered_at = $2 WHERE case_id = $1 AND status = 'requested'",
      [caseId, at],
    );
  }

  /** Concludes a case with its booked period; a case concluded before keeps its first booking. */
  async concluded(
    caseId: string,
    outcome: CrossCheckOutcome,
    adjustmentFen: number,
    at: string,
    period: string | null,
  ): Promise<void> {
    await this.q(
      `UPDATE {s}.cross_checks SET status = 'concluded', outcome = $2, adjustment_fen = $3, concluded_at = $4,
         clearing_period = $5
       WHERE case_id = $1 AND status <> 'concluded'`,
      [caseId, outcome, adjustmentFen, at, period],
    );
  }

  async threshold(province: string, fallbackFen: number): Promise<ThresholdSetting> {
    const [row] = await this.q<ThresholdSetting & Row>(
      'SELECT province, auto_threshold_fen, updated_by, updated_at FROM {s}.cross_check_settings WHERE province = $1',
      [province],
    );
    return row
      ? {
          province,
          auto_threshold_fen: Number(row.auto_threshold_fen),
          updated_by: row.updated_by,
          updated_at: new Date(row.updated_at as string).toISOString(),
        }
      : { province, auto_threshold_fen: fallbackFen, updated_by: null, updated_at: null };
  }

  async putThreshold(province: string, fen: number, by: string): Promise<void> {
    await this.q(
      `INSERT INTO {s}.cross_check_settings (province, auto_threshold_fen, updated_by) VALUES ($1, $2, $3)
       ON CONFLICT (province) DO UPDATE SET auto_threshold_fen = $2, updated_by = $3, updated_at = now()`,
      [province, fen, by],
    );
  }
}

function registryCaseOf(row: Row): RegistryCase {
  return {
    ...(row as unknown as RegistryCase),
    fund_pay_fen: Number(row.fund_pay_fen),
    adjustment_fen: Number(row.adjustment_fen),
  };
}
