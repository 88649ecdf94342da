// 预付金 as the JSON API shows it (yuan, ratios): shared by the fund's routes and the collections route.
import { type Static, Type } from '@sinclair/typebox';
import { bpToRatio, fenToYuan } from '../../core/money.ts';
import type { PrepaidStatus } from '../../hub/ledger-service.ts';

export const Yuan = Type.Number({ description: '元，两位小数' });
const Level = Type.Union([Type.Literal('none'), Type.Literal('yellow'), Type.Literal('red')]);

const TopupSchema = Type.Object({
  level: Type.Union([Type.Literal('yellow'), Type.Literal('red')]),
  usage: Type.Union([Type.Number(), Type.Null()]),
  balance: Yuan,
  owed: Yuan,
  requested: Yuan,
  requested_at: Type.String(),
});
export const PrepaidSchema = Type.Object({
  province: Type.String(),
  balance: Yuan,
  required: Yuan,
  shortfall: Yuan,
  owed: Yuan,
  uncleared: Type.Number({ description: '其中尚未清算期间的跨省结算（基金与个人账户支付，元）' }),
  usage: Type.Union([Type.Number(), Type.Null()], {
    description: '使用率（应付 ÷ 预付金余额），无预付金而有应付时为 null',
  }),
  level: Level,
  topup_requests: Type.Array(TopupSchema, { description: '未办结的紧急调增通知' }),
});
export const viewOf = (s: PrepaidStatus): Static<typeof PrepaidSchema> => ({
  province: s.province,
  balance: fenToYuan(s.balance_fen),
  required: fenToYuan(s.required_fen),
  shortfall: fenToYuan(s.shortfall_fen),
  owed: fenToYuan(s.owed_fen),
  uncleared: fenToYuan(s.uncleared_fen),
  usage: s.usage_bp === null ? null : bpToRatio(s.usage_bp),
  level: s.level,
  topup_requests: s.topup_requests.map((r) => ({
    level: r.level,
    usage: r.usage_bp === null ? null : bpToRatio(r.usage_bp),
    balance: fenToYuan(r.balance_fen),
    owed: fenToYuan(r.owed_fen),
    requested: fenToYuan(r.requested_fen),
    requested_at: r.requested_at,
  })),
});
