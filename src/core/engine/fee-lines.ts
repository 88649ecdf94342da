// Reads 2301/2204 feedetail rows (numbers or strings, as HIS send them) into exact fee lines, naming each problem.
import { describeDecimalProblem, parseScaled } from '../money.ts';
import { parseChinaDateTime } from '../time.ts';
import type { FeeLine } from './model.ts';
import type { Problem } from './problems.ts';

const AMOUNT_DECIMALS = 2;
const CNT_DECIMALS = 4;
const PRIC_DECIMALS = 6;

type Row = Record<string, unknown>;

function text(row: Row, field: string, path: string, problems: Problem[], required = true): string {
  const value = row[field];
  if (typeof value === 'string' && value.trim() !== '') return value.trim();
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (required || (value !== undefined && value !== null))
    problems.push({
      path: `${path}.${field}`,
      message: required && value == null ? 'is required' : 'must be a string',
    });
  return '';
}

function scaled(row: Row, field: string, decimals: number, path: string, problems: Problem[]): number {
  if (row[field] === undefined || row[field] === null) {
    problems.push({ path: `${path}.${field}`, message: 'is required' });
    return 0;
  }
  const parsed = parseScaled(row[field], decimals);
  if (parsed.ok) return parsed.value;
  problems.push({ path: `${path}.${field}`, message: describeDecimalProblem(parsed.problem) });
  return 0;
}

/** Parses feedetail rows; other fields of the national interface are allowed and ignored. */
export function readFeeLines(rows: unknown, path = 'feedetail'): { lines: FeeLine[]; problems: Problem[] } {
  const problems: Problem[] = [];
  if (!Array.isArray(rows) || rows.length === 0)
    return { lines: [], problems: [{ path, message: 'must be a non-empty list of fee lines' }] };
  const lines: FeeLine[] = [];
  const seen = new Map<string, number>();
  rows.forEach((raw, i) => {
    const at = `${path}[${i}]`;
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
      problems.push({ path: at, message: 'must be an object' });
      return;
    }
    const row = raw as Row;
    const before = problems.length;
    const line: FeeLine = {
      feedetl_sn: text(row, 'feedetl_sn', at, problems),
      med_list_codg: text(row, 'med_list_codg', at, problems),
      medins_list_codg: text(row, 'medins_list_codg', at, problems, false) || undefined,
      amount_fen: scaled(row, 'det_item_fee_sumamt', AMOUNT_DECIMALS, at, problems),
      cnt_e4: scaled(row, 'cnt', CNT_DECIMALS, at, problems),
      pric_e6: scaled(row, 'pric', PRIC_DECIMALS, at, problems),
      fee_ocur_time: text(row, 'fee_ocur_time', at, problems),
      hosp_appr_flag: text(row, 'hosp_appr_flag', at, problems, false) || '0',
    };
    if (line.fee_ocur_time && parseChinaDateTime(line.fee_ocur_time) === undefined) {
      problems.push({ path: `${at}.fee_ocur_time`, message: 'must be a time yyyy-MM-dd HH:mm:ss' });
    }
    const first = seen.get(line.feedetl_sn);
    if (line.feedetl_sn && first !== undefined)
      problems.push({
        path: `${at}.feedetl_sn`,
        message: `${line.feedetl_sn} is used twice (also at [${first}])`,
      });
    else seen.set(line.feedetl_sn, i);
    if (problems.length === before) lines.push(line);
  });
  return { lines, problems };
}
