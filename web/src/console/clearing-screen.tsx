// 月度清算 (#/console/clearing): run a period, read its state, pairs, hospital statements and differences (which
// block confirmation), confirm it as the clerk's province, post it, and download every statement as XLSX or CSV.
import { Alert, Button, Card, Descriptions, Empty, Input, Space, Spin, Table, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { ApiError, sendJson } from '../shared/api.ts';
import { amount, chinaToday } from '../shared/format.ts';
import { errorText, useLoad, useRegionName, useSession } from './console-api.ts';

interface Totals {
  readonly person_times: number;
  readonly settlements: number;
  readonly cancels: number;
  readonly medfee_fen: number;
  readonly fund_fen: number;
  readonly fund_by_type: Readonly<Record<string, number>>;
  readonly acct_pay_fen: number;
  readonly psn_cash_fen: number;
}
interface Pair extends Totals {
  readonly treatment_province: string;
  readonly insured_province: string;
}
interface Hospital extends Totals {
  readonly treatment_province: string;
  readonly fixmedins_code: string;
  readonly cleared_fund_fen: number;
  readonly cleared_acct_pay_fen: number;
}
interface Difference {
  readonly key: string;
  readonly kind: string;
  readonly treatment_province: string;
  readonly insured_province: string;
  readonly fixmedins_code: string;
  readonly setl_id: string | null;
  readonly description: string;
}
interface Instruction {
  readonly id: string;
  readonly kind: string;
  readonly part?: string;
  readonly payer: string;
  readonly payee: string;
  readonly amount_fen: number;
}
export interface Adjustment {
  readonly case_id: string;
  readonly setl_id: string;
  readonly treatment_province: string;
  readonly insured_province: string;
  readonly fixmedins_code: string;
  readonly fund_fen: number;
}
export interface ClearingViewJson {
  readonly period: string;
  readonly status: 'draft' | 'blocked' | 'reconciled' | 'confirmed' | 'posted';
  readonly facts: { readonly treatment: number; readonly insured: number; readonly matched: number };
  readonly pairs: readonly Pair[];
  readonly hospitals: readonly Hospital[];
  readonly differences: readonly Difference[];
  /** 协查核减 booked into the period (docs/cross-checks.md). */
  readonly adjustments?: readonly Adjustment[];
  readonly confirmations: readonly {
    readonly province: string;
    readonly side: string;
    readonly by: string;
    readonly at: string;
  }[];
  readonly awaiting: readonly string[];
  readonly posting: null | {
    readonly transfers: number;
    readonly instructions: readonly Instruction[];
    readonly replayed: boolean;
  };
}

const STATUS: Record<ClearingViewJson['status'], { label: string; color: string }> = {
  draft: { label: '未执行', color: 'default' },
  blocked: { label: '对账不平，暂停确认', color: 'error' },
  reconciled: { label: '已对平，待双方确认', color: 'processing' },
  confirmed: { label: '双方已确认，待过账', color: 'warning' },
  posted: { label: '已过账', color: 'success' },
};
const DIFFERENCE_KINDS: Record<string, string> = {
  'missing-insured': '就医地有、参保地无',
  'missing-treatment': '参保地有、就医地无',
  'amounts-differ': '金额不符',
  duplicate: '重复',
};
const INSTRUCTION_KINDS: Record<string, string> = {
  'prepaid-draw': '预付金抵付',
  collect: '财政专户缴款',
  disburse: '拨付财政专户',
};
const STATEMENTS = [
  { key: 'pairs', label: '省对清算表' },
  { key: 'hospitals', label: '医院月度结算单' },
  { key: 'instructions', label: '拨付指令' },
] as const;

/** fen → "17,500.00" (the column header says 元). */
const fen = (value: number) => amount(value / 100);
const PERIOD = /^\d{4}-(0[1-9]|1[0-2])$/;

/** The month before today's in China: the one to clear. */
const lastMonth = () => dayjs(chinaToday()).subtract(1, 'month').format('YYYY-MM');

const totalsColumns = <T extends Totals>() => [
  { title: '人次', dataIndex: 'person_times', align: 'right' as const },
  {
    title: '医疗费总额(元)',
    key: 'medfee',
    align: 'right' as const,
    render: (_: unknown, r: T) => fen(r.medfee_fen),
  },
  {
    title: '基金支付(元)',
    key: 'fund',
    align: 'right' as const,
    render: (_: unknown, r: T) => fen(r.fund_fen),
  },
  {
    title: '个人账户(元)',
    key: 'acct',
    align: 'right' as const,
    render: (_: unknown, r: T) => fen(r.acct_pay_fen),
  },
  {
    title: '个人现金(元)',
    key: 'cash',
    align: 'right' as const,
    render: (_: unknown, r: T) => fen(r.psn_cash_fen),
  },
];

export function ClearingScreen() {
  const { staff, expired } = useSession();
  const regionName = useRegionName();
  const [input, setInput] = useState(lastMonth);
  const [period, setPeriod] = useState(lastMonth);
  const { data, error, loading, reload } = useLoad<ClearingViewJson>(
    PERIOD.test(period) ? `/api/console/clearing/${period}` : null,
  );
  const [busy, setBusy] = useState<string>();
  const [actionError, setActionError] = useState<string>();
  const [done, setDone] = useState<string>();

  const act = async (name: string, path: string, body?: unknown) => {
    setBusy(name);
    setActionError(undefined);
    setDone(undefined);
    try {
      await sendJson('POST', `/api/console/clearing/${period}/${path}`, body);
      setDone(`${name}完成`);
      reload();
    } catch (e) {
      if (e instanceof ApiError && e.status === 401) expired();
      setActionError(errorText(e));
    } finally {
      setBusy(undefined);
    }
  };

  const province = staff.province;
  const mySides = data
    ? (['treatment', 'insured'] as const).filter(
        (side) =>
          data.pairs.some(
            (p) => (side === 'treatment' ? p.treatment_province : p.insured_province) === province,
          ) && !data.confirmations.some((c) => c.province === province && c.side === side),
      )
    : [];
  const canConfirm = data?.status === 'reconciled' && mySides.length > 0 && staff.scope_admdvs === province;
  const name = (p: string) => (p === 'national' ? '国家级经办机构' : regionName(p));

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          const next = input.trim();
          // The same period again is read again (another province may have confirmed meanwhile).
          if (next === period) reload();
          else setPeriod(next);
        }}
      >
        <Space wrap>
          <label htmlFor="clearing-period">清算期</label>
          <Input
            id="clearing-period"
            value={input}
            onChange={(e) => setInput(e.target.value)}
            placeholder="yyyy-MM"
            style={{ width: 120 }}
            status={PERIOD.test(input) ? undefined : 'error'}
            aria-describedby="clearing-period-help"
          />
          <Button htmlType="submit" disabled={!PERIOD.test(input)}>
            查询
          </Button>
          <Button
            type="primary"
            onClick={() => act('执行清算', 'run')}
            loading={busy === '执行清算'}
            disabled={!PERIOD.test(period) || busy !== undefined}
          >
            执行清算
          </Button>
          <Button
            onClick={() => act('本省确认', 'confirm', { sides: mySides })}
            loading={busy === '本省确认'}
            disabled={!canConfirm || busy !== undefined}
          >
            本省确认
          </Button>
          <Button
            onClick={() => act('过账', 'post')}
            loading={busy === '过账'}
            disabled={data?.status !== 'confirmed' || busy !== undefined}
          >
            过账
          </Button>
        </Space>
        <Typography.Text
          id="clearing-period-help"
          type="secondary"
          style={{ display: 'block', marginTop: 4 }}
        >
          年-月，如 2026-05；只能清算已结束的月份。
        </Typography.Text>
      </form>

      {actionError && <Alert type="error" showIcon title={actionError} role="alert" />}
      {done && !actionError && <Alert type="success" showIcon title={done} />}
      {error && <Alert type="error" showIcon title="清算期读取失败" description={error} />}
      {loading && !data && <Spin description="正在读取清算期…" style={{ display: 'block', margin: 24 }} />}

      {data && (
        <Spin spinning={loading}>
          <Space orientation="vertical" size={16} style={{ width: '100%' }}>
            <Card size="small" title={<h2 style={{ margin: 0, fontSize: 16 }}>{data.period} 清算状态</h2>}>
              <Descriptions size="small" column={{ xs: 1, md: 3 }}>
                <Descriptions.Item label="状态">
                  <Tag color={STATUS[data.status].color} data-testid="clearing-status">
                    {STATUS[data.status].label}
                  </Tag>
                </Descriptions.Item>
                <Descriptions.Item label="就医地记录 / 参保地决定 / 逐笔相符">
                  {data.facts.treatment} / {data.facts.insured} / {data.facts.matched}
                </Descriptions.Item>
                <Descriptions.Item label="待确认">
                  {data.awaiting.length ? data.awaiting.join('、') : '无'}
                </Descriptions.Item>
                <Descriptions.Item label="已确认">
                  {data.confirmations.length
                    ? data.confirmations
                        .map(
                          (c) =>
                            `${name(c.province)}（${c.side === 'treatment' ? '就医地' : '参保地'}，${c.by}，${c.at}）`,
                        )
                        .join('；')
                    : '无'}
                </Descriptions.Item>
              </Descriptions>
              {data.status === 'reconciled' && mySides.length === 0 && data.pairs.length > 0 && (
                <Typography.Text type="secondary">本省无待确认的一方。</Typography.Text>
              )}
            </Card>

            {data.differences.length > 0 && (
              <Alert
                type="error"
                showIcon
                title={`对账差异 ${data.differences.length} 处，须逐笔核实更正后重新执行清算，方可确认`}
                description={
                  <Table<Difference>
                    size="small"
                    rowKey="key"
                    pagination={false}
                    dataSource={[...data.differences]}
                    columns={[
                      { title: '类型', key: 'kind', render: (_, d) => DIFFERENCE_KINDS[d.kind] ?? d.kind },
                      {
                        title: '就医地 → 参保地',
                        key: 'pair',
                        render: (_, d) => `${name(d.treatment_province)} → ${name(d.insured_province)}`,
                      },
                      { title: '定点医药机构', dataIndex: 'fixmedins_code' },
                      { title: '结算ID', key: 'setl', render: (_, d) => d.setl_id ?? '—' },
                      { title: '说明', dataIndex: 'description' },
                    ]}
                  />
                }
              />
            )}

            <Card size="small" title={<h2 style={{ margin: 0, fontSize: 16 }}>省对清算</h2>}>
              {data.pairs.length === 0 ? (
                <Empty
                  description={
                    data.status === 'draft' ? '本期尚未执行清算，点“执行清算”汇集各省数据' : '本期无跨省结算'
                  }
                />
              ) : (
                <Table<Pair>
                  size="small"
                  rowKey={(p) => `${p.treatment_province}-${p.insured_province}`}
                  pagination={false}
                  dataSource={[...data.pairs]}
                  columns={[
                    { title: '就医地', key: 't', render: (_, p) => name(p.treatment_province) },
                    { title: '参保地', key: 'i', render: (_, p) => name(p.insured_province) },
                    ...totalsColumns<Pair>(),
                  ]}
                />
              )}
            </Card>

            {(data.adjustments?.length ?? 0) > 0 && (
              <Card
                size="small"
                title={<h2 style={{ margin: 0, fontSize: 16 }}>协查核减（计入本期）</h2>}
                extra={
                  <Typography.Text type="secondary">
                    参保地少付就医地、就医地少付医院，按协查认定的金额
                  </Typography.Text>
                }
              >
                <Table<Adjustment>
                  size="small"
                  rowKey="case_id"
                  pagination={false}
                  dataSource={[...(data.adjustments ?? [])]}
                  columns={[
                    { title: '协查编号', dataIndex: 'case_id' },
                    {
                      title: '就医地 → 参保地',
                      key: 'pair',
                      render: (_, a) => `${name(a.treatment_province)} → ${name(a.insured_province)}`,
                    },
                    { title: '定点医药机构', dataIndex: 'fixmedins_code' },
                    { title: '结算ID', dataIndex: 'setl_id' },
                    {
                      title: '核减基金(元)',
                      key: 'fund',
                      align: 'right',
                      render: (_, a) => fen(a.fund_fen),
                    },
                  ]}
                />
              </Card>
            )}

            <Card size="small" title={<h2 style={{ margin: 0, fontSize: 16 }}>医院月度结算单</h2>}>
              {data.hospitals.length === 0 ? (
                <Empty description="本期无医院结算" />
              ) : (
                <Table<Hospital>
                  size="small"
                  rowKey={(h) => `${h.treatment_province}-${h.fixmedins_code}`}
                  pagination={false}
                  dataSource={[...data.hospitals]}
                  columns={[
                    { title: '就医地', key: 't', render: (_, h) => name(h.treatment_province) },
                    { title: '定点医药机构编码', dataIndex: 'fixmedins_code' },
                    ...totalsColumns<Hospital>(),
                    {
                      title: '清算确认基金(元)',
                      key: 'cleared',
                      align: 'right',
                      render: (_, h) => fen(h.cleared_fund_fen),
                    },
                  ]}
                />
              )}
            </Card>

            {data.posting && (
              <Card size="small" title={<h2 style={{ margin: 0, fontSize: 16 }}>拨付指令</h2>}>
                {data.posting.instructions.length === 0 ? (
                  <Empty description="本期无拨付指令" />
                ) : (
                  <Table<Instruction>
                    size="small"
                    rowKey="id"
                    pagination={false}
                    dataSource={[...data.posting.instructions]}
                    columns={[
                      { title: '类型', key: 'kind', render: (_, i) => INSTRUCTION_KINDS[i.kind] ?? i.kind },
                      {
                        title: '资金类别',
                        key: 'part',
                        render: (_, i) => (i.part === 'acct' ? '个人账户' : '基金'),
                      },
                      { title: '付款方', key: 'payer', render: (_, i) => name(i.payer) },
                      { title: '收款方', key: 'payee', render: (_, i) => name(i.payee) },
                      {
                        title: '金额(元)',
                        key: 'amount',
                        align: 'right',
                        render: (_, i) => fen(i.amount_fen),
                      },
                    ]}
                  />
                )}
              </Card>
            )}

            <Card size="small" title={<h2 style={{ margin: 0, fontSize: 16 }}>报表下载</h2>}>
              <Space wrap size={[24, 8]}>
                {STATEMENTS.map((s) => (
                  <Space key={s.key} size={8}>
                    <span>{s.label}</span>
                    {(['xlsx', 'csv'] as const).map((format) => (
                      <a
                        key={format}
                        href={`/api/console/clearing/${data.period}/export?statement=${s.key}&format=${format}`}
                        download
                        aria-label={`下载${s.label}（${format.toUpperCase()}）`}
                      >
                        {format.toUpperCase()}
                      </a>
                    ))}
                  </Space>
                ))}
              </Space>
            </Card>
          </Space>
        </Spin>
      )}
    </Space>
  );
}
