// `yidi clear --period 2026-05`: monthly clearing (月度清算) on the configured database, or against a running
// platform (--url, as a staff member): collect with a progress bar, then one summary row per pair and every difference.
import type { Command } from 'commander';
import { InvalidArgumentError } from 'commander';
import { createInProcessBus } from '../bus/in-process.ts';
import { isPeriod } from '../core/clearing/facts.ts';
import { assertPeriodClosed, ClearingError, requiredConfirmations } from '../core/clearing/machine.ts';
import { LedgerError } from '../core/ledger/index.ts';
import { formatYuan } from '../core/money.ts';
import { regionOf } from '../core/regions.ts';
import { chinaDateOf, formatChinaDateTime } from '../core/time.ts';
import type { ClearingView, CollectProgress } from '../hub/clearing-service.ts';
import { startPlatform } from '../platform.ts';
import {
  type CollectionDone,
  collectedOnLedger,
  collectedOverHttp,
  collectedText,
  provinceOption,
} from './clear-collect.ts';
import { DEFAULT_DATA_DIR, databaseConfig } from './options.ts';

const BAR_WIDTH = 24;
/** Without a terminal, a line every so many finished node streams (62 for 31 nodes). */
const PLAIN_EVERY = 16;
/** Who confirms from the command line (the operator of the database, not a console session). */
const CLI_OPERATOR = 'cli';
const STATUS_TEXT: Readonly<Record<ClearingView['status'], string>> = {
  draft: '未执行',
  blocked: '对账不平，暂停确认',
  reconciled: '已对平，待双方确认',
  confirmed: '双方已确认，待过账',
  posted: '已过账',
};

interface ClearOptions {
  period: string;
  url?: string;
  staff?: string;
  dataDir: string;
  confirmAll?: boolean;
  post?: boolean;
  /** A province whose 财政专户 paid the period's collect instructions. */
  collected?: string;
}

interface ClearOutcome {
  readonly view: ClearingView;
  readonly collection?: CollectionDone;
}

function periodOption(text: string): string {
  if (!isPeriod(text)) throw new InvalidArgumentError('must be a month, yyyy-MM (e.g. 2026-05)');
  return text;
}

export function registerClear(program: Command): void {
  program
    .command('clear')
    .description(
      'monthly clearing of a period: reconcile both sides, totals per province pair (exit 1 if blocked)',
    )
    .requiredOption('--period <yyyy-MM>', 'the clearing period (China time)', periodOption)
    .option('--url <url>', 'a running platform (yidi start) instead of the database; needs --staff')
    .option('--staff <username>', 'console account for --url (password in YIDI_STAFF_PASSWORD)')
    .option('--data-dir <dir>', 'folder of the embedded database', DEFAULT_DATA_DIR)
    .option(
      '--confirm-all',
      'confirm every side of every pair (database: all provinces; --url: the staff province)',
    )
    .option('--post', 'post a confirmed period to the ledger (预付金, payment instructions)')
    .option(
      '--collected <province>',
      "record that the province's 财政专户 paid the posted period's collect instructions (what 预付金 did not cover; once per period, a repeat changes nothing; --url: the staff province only)",
      provinceOption,
    )
    .action(async (options: ClearOptions) => {
      try {
        assertPeriodClosed(options.period, chinaDateOf(Date.now()));
        const { view, collection } = options.url ? await overHttp(options) : await onDatabase(options);
        process.stdout.write(summaryText(view));
        if (collection) process.stdout.write(collectedText(collection));
        if (view.status === 'blocked') process.exitCode = 1;
      } catch (error) {
        if (!(error instanceof ClearingError || error instanceof HttpProblem || error instanceof LedgerError))
          throw error;
        process.stderr.write(`${error.message}\n`);
        process.exitCode = 1;
      }
    });
}

async function onDatabase(options: ClearOptions): Promise<ClearOutcome> {
  const platform = await startPlatform({ ...databaseConfig(options), bus: createInProcessBus() });
  try {
    const clearing = platform.hub.clearing;
    const stop = showCollecting(process.stderr);
    let view: ClearingView;
    try {
      view = await clearing.run(options.period, stop.update);
    } finally {
      stop.done();
    }
    if (options.confirmAll && (view.status === 'reconciled' || view.status === 'confirmed')) {
      const at = formatChinaDateTime(Date.now());
      const run = await clearing.store.run(options.period);
      if (run.status !== 'draft')
        for (const { province, side } of requiredConfirmations(run.outcome))
          view = await clearing.confirm(options.period, province, [side], CLI_OPERATOR, at);
    }
    if (options.post && view.status === 'confirmed') view = await clearing.post(options.period);
    if (!options.collected) return { view };
    return {
      view,
      collection: await collectedOnLedger(platform.hub.ledger, options.period, options.collected),
    };
  } finally {
    await platform.close();
  }
}

class HttpProblem extends Error {}

async function overHttp(options: ClearOptions): Promise<ClearOutcome> {
  const password = process.env.YIDI_STAFF_PASSWORD;
  if (!options.staff || !password)
    throw new HttpProblem('--url needs --staff <username> and the password in YIDI_STAFF_PASSWORD');
  const call = async (method: 'GET' | 'POST', path: string, token?: string, body?: unknown) => {
    const response = await fetch(new URL(path, options.url), {
      method,
      headers: {
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const answer = (await response.json()) as { detail?: string };
    if (!response.ok) throw new HttpProblem(answer.detail ?? `${response.status}`);
    return answer;
  };
  const login = (await call('POST', '/api/console/login', undefined, {
    username: options.staff,
    password,
  })) as { token: string };
  const base = `/api/console/clearing/${options.period}`;
  process.stderr.write(`collecting ${options.period} on ${options.url} …\n`);
  let view = (await call('POST', `${base}/run`, login.token)) as ClearingView;
  if (options.confirmAll && view.status === 'reconciled') {
    const me = (await call('GET', '/api/console/me', login.token)) as { province: string };
    const sides = (['treatment', 'insured'] as const).filter((side) =>
      view.pairs.some(
        (p) => (side === 'treatment' ? p.treatment_province : p.insured_province) === me.province,
      ),
    );
    if (sides.length > 0)
      view = (await call('POST', `${base}/confirm`, login.token, { sides })) as ClearingView;
  }
  if (options.post && view.status === 'confirmed')
    view = (await call('POST', `${base}/post`, login.token)) as ClearingView;
  if (!options.collected) return { view };
  return { view, collection: await collectedOverHttp(call, login.token, options.period, options.collected) };
}

/** A redrawn bar on a terminal, a line per finished node stream otherwise. */
function showCollecting(out: NodeJS.WriteStream): {
  update: (progress: CollectProgress) => void;
  done: () => void;
} {
  const tty = out.isTTY === true;
  let lastDone = -1;
  return {
    update(progress) {
      const ratio = progress.total === 0 ? 1 : progress.done / progress.total;
      const counts = `${progress.done}/${progress.total} node streams, ${progress.facts} records`;
      if (tty) {
        const filled = Math.round(ratio * BAR_WIDTH);
        out.write(
          `\r\x1b[2K${'█'.repeat(filled)}${'░'.repeat(BAR_WIDTH - filled)} ${Math.round(ratio * 100)}% ${counts}`,
        );
      } else if (
        progress.done !== lastDone &&
        (progress.done % PLAIN_EVERY === 0 || progress.done === progress.total)
      ) {
        lastDone = progress.done;
        out.write(`[collect] ${counts}\n`);
      }
    },
    done() {
      if (tty) out.write('\r\x1b[2K');
    },
  };
}

/** Display width: CJK characters take two columns. */
function widthOf(text: string): number {
  let width = 0;
  for (const ch of text)
    width +=
      /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/.test(ch)
        ? 2
        : 1;
  return width;
}

function table(
  headers: readonly string[],
  rows: readonly (readonly string[])[],
  right: ReadonlySet<number>,
): string {
  const widths = headers.map((h, i) => Math.max(widthOf(h), ...rows.map((r) => widthOf(r[i] ?? ''))));
  const cell = (text: string, i: number) => {
    const pad = ' '.repeat(widths[i]! - widthOf(text));
    return right.has(i) ? pad + text : text + pad;
  };
  const line = (cells: readonly string[]) => `${cells.map(cell).join('  ').trimEnd()}\n`;
  return line(headers) + line(widths.map((w) => '-'.repeat(w))) + rows.map(line).join('');
}

const provinceName = (code: string) => regionOf(code)?.name ?? code;

/** The summary printed at the end: state, one row per pair with a totals row, and every difference. */
export function summaryText(view: ClearingView): string {
  const parts: string[] = [];
  parts.push(
    `清算期 ${view.period}：${view.pairs.length === 0 && view.status === 'reconciled' ? '本期无跨省结算数据' : STATUS_TEXT[view.status]}（就医地记录 ${view.facts.treatment} 条，参保地记录 ${view.facts.insured} 条，逐笔一致 ${view.facts.matched} 条）\n\n`,
  );
  const headers = [
    '就医地',
    '参保地',
    '人次',
    '医疗费总额(元)',
    '基金支付(元)',
    '个人账户(元)',
    '个人现金(元)',
    '按基金类型(元)',
  ];
  const byType = (m: Readonly<Record<string, number>>) =>
    Object.entries(m)
      .map(([type, fen]) => `${type}:${formatYuan(fen)}`)
      .join(' ');
  const rows = view.pairs.map((p) => [
    provinceName(p.treatment_province),
    provinceName(p.insured_province),
    String(p.person_times),
    formatYuan(p.medfee_fen),
    formatYuan(p.fund_fen),
    formatYuan(p.acct_pay_fen),
    formatYuan(p.psn_cash_fen),
    byType(p.fund_by_type),
  ]);
  const sum = (f: (p: ClearingView['pairs'][number]) => number) => view.pairs.reduce((n, p) => n + f(p), 0);
  rows.push([
    '合计',
    '',
    String(sum((p) => p.person_times)),
    formatYuan(sum((p) => p.medfee_fen)),
    formatYuan(sum((p) => p.fund_fen)),
    formatYuan(sum((p) => p.acct_pay_fen)),
    formatYuan(sum((p) => p.psn_cash_fen)),
    '',
  ]);
  parts.push(table(headers, rows, new Set([2, 3, 4, 5, 6])));
  if (view.differences.length > 0) {
    parts.push(`\n差异 ${view.differences.length} 处（须处理后重新执行清算，方可确认）：\n`);
    for (const d of view.differences)
      parts.push(
        `  ${provinceName(d.treatment_province)}→${provinceName(d.insured_province)} ${d.fixmedins_code} ${d.setl_id ?? d.decision_key}：${d.description}\n`,
      );
  }
  if (view.adjustments.length > 0) {
    const total = view.adjustments.reduce((n, a) => n + a.fund_fen, 0);
    parts.push(
      `\n协查核减 ${view.adjustments.length} 笔，合计 ${formatYuan(total)} 元（应清算基金相应减少）：\n`,
    );
    for (const a of view.adjustments)
      parts.push(
        `  ${provinceName(a.treatment_province)}→${provinceName(a.insured_province)} ${a.fixmedins_code} ${a.setl_id}（协查${a.case_id}）：${formatYuan(a.fund_fen)}\n`,
      );
  }
  if (view.awaiting.length > 0 && view.status !== 'blocked')
    parts.push(`\n待确认：${view.awaiting.join('、')}\n`);
  if (view.posting)
    parts.push(
      `\n已过账：记账 ${view.posting.transfers} 笔，拨付指令 ${view.posting.instructions.length} 条${view.posting.replayed ? '（重复过账，结果不变）' : ''}\n`,
    );
  return parts.join('');
}
