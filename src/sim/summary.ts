// The end-of-run report: cycles by kind, transactions, latency per infno, every unexpected failure, money paid.
import { formatYuan } from '../core/money.ts';
import { CYCLE_KINDS } from './plans.ts';
import type { SimStats } from './stats.ts';

const INFNO_NAMES: Readonly<Record<string, string>> = {
  '9001': '签到',
  '1101': '人员信息获取',
  '2201': '门诊挂号',
  '2203': '就诊信息上传',
  '2204': '门诊费用上传',
  '2206': '门诊预结算',
  '2207': '门诊结算',
  '2208': '门诊结算撤销',
  '2301': '住院费用上传',
  '2303': '住院预结算',
  '2304': '住院结算',
  '2305': '住院结算撤销',
  '2401': '入院办理',
  '2402': '出院办理',
  '2601': '冲正',
};

const ms = (value: number): string => (value < 10 ? value.toFixed(1) : String(Math.round(value)));
const count = (value: number): string => value.toLocaleString('en-US');

/** A plain-text table: first column left, the others right-aligned. */
export function table(rows: readonly (readonly string[])[]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => width(r[i] ?? ''))));
  return rows
    .map((row) =>
      row
        .map((cell, i) => (i === 0 ? pad(cell, widths[i]!, 'end') : pad(cell, widths[i]!, 'start')))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

/** Display width: a CJK character takes two columns of a terminal. */
function width(text: string): number {
  let columns = 0;
  for (const ch of text) columns += /[\u3000-\u9fff\uff00-\uffef]/.test(ch) ? 2 : 1;
  return columns;
}

function pad(text: string, to: number, side: 'start' | 'end'): string {
  const fill = ' '.repeat(Math.max(0, to - width(text)));
  return side === 'start' ? fill + text : text + fill;
}

export function formatSummary(stats: SimStats): string {
  const seconds = stats.elapsedMs / 1000;
  const cycleRows = [['cycle', 'started', 'completed', 'failed']];
  for (const kind of CYCLE_KINDS) {
    const c = stats.cycles.get(kind);
    if (c) cycleRows.push([kind, count(c.started), count(c.completed), count(c.failed)]);
  }
  const latencyRows = [['infno', 'messages', 'p50 ms', 'p99 ms']];
  for (const [infno, p] of stats.percentiles())
    latencyRows.push([`${infno} ${INFNO_NAMES[infno] ?? ''}`.trim(), count(p.count), ms(p.p50), ms(p.p99)]);
  const lines = [
    '',
    `Simulated ${seconds.toFixed(1)} s: ${count(stats.completedCycles)} cycles completed, ${count(stats.transactions)} transactions (${(stats.transactions / seconds).toFixed(1)}/s)`,
    '',
    table(cycleRows),
    '',
    table(latencyRows),
    '',
    `settlements ${count(stats.settlements)}, cancels ${count(stats.cancels)}, reversals ${count(stats.reversals)}; ` +
      `fund paid (net of cancels and reversals) ${formatYuan(stats.fundPaidFen)} yuan`,
    `same msgid sent again: ${count(stats.retries.sent)}, identical answers ${count(stats.retries.identical)}, different ${count(stats.retries.differed)}`,
    `refusals the traffic asked for (no filing for the place): ${count(stats.expectedFailures)}`,
  ];
  const failures = [...stats.unexpected].sort((a, b) => b[1] - a[1]);
  if (failures.length === 0 && stats.conservationBreaches.length === 0)
    lines.push('unexpected failures: none');
  else {
    lines.push(`UNEXPECTED FAILURES: ${count(stats.unexpectedCount)}`);
    if (failures.length > 0)
      lines.push(table([['infno err_msg', 'count'], ...failures.map(([m, n]) => [m, count(n)])]));
    for (const breach of stats.conservationBreaches.slice(0, 20)) lines.push(`  does not add up: ${breach}`);
  }
  return lines.join('\n');
}
