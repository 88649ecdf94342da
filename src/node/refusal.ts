// A request the services refuse on purpose, naming the national field it is about; the edges word it for their caller.
import { BusError, ReplyError } from '../bus/port.ts';
import type { SettlementRefused } from '../core/engine/problems.ts';
import { INSURED_UNAVAILABLE } from './insured-messages.ts';

export class Refusal extends Error {
  constructor(
    /** The national field name (`psn_no`, `medfee_sumamt`, `feedetail[3].pric`), or null for the message as a whole. */
    readonly field: string | null,
    /** In Chinese, for a clerk: what is wrong and, where it helps, what to do. */
    readonly reason: string,
    /** True when trying again with the same msgid may succeed (the other province did not answer in time). */
    readonly retryable = false,
  ) {
    super(field ? `${field}：${reason}` : reason);
    this.name = 'Refusal';
  }
}

/** Stable ReplyError codes between nodes, with the field each one is about on the HIS side. */
export const REMOTE_FIELDS: Readonly<Record<string, string | null>> = {
  'person-not-found': 'psn_no',
  'no-filing': 'insuplc_admdvs',
  'no-policy': 'insuplc_admdvs',
  'no-benefit': 'med_type',
  'decision-reversed': 'msgid',
  'evoucher-expired': 'mdtrt_cert_no',
  'settlement-refused': null,
  internal: null,
};

/** A refusal to send over the bus: the other node gets its code and reason. */
export const replyRefusal = (code: keyof typeof REMOTE_FIELDS, reason: string): ReplyError =>
  new ReplyError(code, reason);

/** Turns a failed call to another node into a Refusal: business answers keep their reason; silence is retryable. */
export function refusalOf(error: unknown, who = '参保地'): Refusal {
  if (error instanceof BusError) {
    if (error.code === 'remote' && error.remoteCode === INSURED_UNAVAILABLE) {
      return new Refusal(null, `${who}未在规定时间内响应，请稍后使用相同msgid重试或发起冲正（2601）`, true);
    }
    if (error.code === 'remote' && error.remoteCode && error.remoteCode !== 'internal') {
      return new Refusal(REMOTE_FIELDS[error.remoteCode] ?? null, error.message);
    }
    if (error.code === 'remote') return new Refusal(null, `${who}处理出错：${error.message}`);
    return new Refusal(null, `${who}未在规定时间内响应，请稍后使用相同msgid重试或发起冲正（2601）`, true);
  }
  throw error;
}

/** An engine refusal in Chinese for a clerk (the engine's own problems are worded for `yidi calc`). */
export function settlementRefusal(error: SettlementRefused): Refusal {
  const [first] = error.problems;
  switch (error.code) {
    case 'no-benefit':
      return new Refusal('med_type', `参保地待遇政策未对该医疗类别设置待遇（${first?.message ?? ''}）`);
    case 'policy-overpays':
      return new Refusal(
        null,
        `参保地待遇政策的支付层级重叠，基金支付将超过费用总额，拒绝结算（${first?.message ?? ''}）`,
      );
    case 'negative-visit':
      return new Refusal(
        'feedetail',
        `退费冲减后费用为负，请按原收费的目录版本在同一就诊内退费（${first?.message ?? ''}）`,
      );
    case 'invalid-fee-lines':
      return new Refusal(first?.path ?? 'feedetail', feeLineReason(first?.message ?? ''));
  }
}

/** The fee-line checks of the engine, worded in Chinese; the original text stays in brackets. */
export function feeLineReason(message: string): string {
  if (message === 'is required') return '必填';
  if (message === 'must be a string') return '应为字符串';
  if (message === 'must be a number') return '应为数值';
  if (message === 'is too large') return '数值过大';
  if (message === 'must be an object') return '应为JSON对象';
  if (message.startsWith('must be a non-empty list')) return '应为非空的费用明细列表';
  if (message.startsWith('must be a time')) return '时间格式应为yyyy-MM-dd HH:mm:ss';
  const decimals = /^more than (\d+) decimals$/.exec(message);
  if (decimals) return `小数位超过${decimals[1]}位`;
  if (message.includes('is used twice')) return `费用明细流水号重复（${message}）`;
  if (message.includes('differs from cnt × pric'))
    return `明细项目费用总额与数量×单价相差超过0.01（${message}）`;
  if (message.startsWith('must have the sign')) return `数量与金额的正负应一致（${message}）`;
  if (message.includes('is outside the visit')) return `费用发生时间不在本次就诊期间（${message}）`;
  return message;
}
