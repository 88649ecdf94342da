// The bill being run up: lines from the catalogue or the worked example, quantity × price, a fee time inside the visit.
// Lines already uploaded are fixed (the node has them); only drafts can be changed or removed.
import { Alert, Button, Checkbox, Input, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { yuan } from '../shared/format.ts';
import { type BillLine, STANDARD_BILL, timeInStay } from './bill-line.ts';
import { type CatalogueItem, catalogueOf } from './catalogue.ts';
import { CatalogueSearch } from './catalogue-search.tsx';
import { HisFailure, type HisSession } from './his-session.ts';
import { isHisTime, lineAmountFen } from './money.ts';

const STATUS: Record<BillLine['status'], { color: string; text: string }> = {
  draft: { color: 'default', text: '未上传' },
  uploaded: { color: 'processing', text: '已上传' },
  settled: { color: 'success', text: '已结算' },
};

interface Props {
  readonly session: HisSession;
  readonly lines: readonly BillLine[];
  readonly onChange: (lines: BillLine[]) => void;
  /** The visit's start and the latest time a fee may have (discharge, or now). */
  readonly begntime: string;
  readonly latest: string;
  /** Whether the worked example's bill may be loaded (it is an inpatient bill). */
  readonly standardBill?: boolean;
}

export function BillEditor({ session, lines, onChange, begntime, latest, standardBill }: Props) {
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string>();
  const nextSerial = (offset: number) =>
    String(Math.max(0, ...lines.map((l) => Number(l.feedetl_sn) || 0)) + 1 + offset);

  const lineOf = (
    item: CatalogueItem | undefined,
    code: string,
    offset: number,
    extra: Partial<BillLine>,
  ) => ({
    feedetl_sn: nextSerial(offset),
    code,
    name: item?.hilist_name ?? '（目录中无此项目）',
    cnt: '1',
    pric: '',
    time: latest,
    restricted: item?.lmt_used_flag === '1',
    approved: false,
    status: 'draft' as const,
    ...extra,
  });

  const loadStandard = async () => {
    setLoading(true);
    setError(undefined);
    try {
      // Names come from the catalogue the node splits with, not from the example: the bill shows what 2301 will see.
      const catalogue = await catalogueOf(session, latest.slice(0, 10));
      const added = STANDARD_BILL.map((s, i) =>
        lineOf(
          catalogue.find((c) => c.hilist_code === s.code),
          s.code,
          i,
          { cnt: s.cnt, pric: s.pric, time: timeInStay(s.time, begntime, latest) },
        ),
      );
      onChange([...lines, ...added]);
    } catch (e) {
      setError(e instanceof HisFailure ? `1312：${e.errMsg}` : String(e));
    } finally {
      setLoading(false);
    }
  };

  const edit = (sn: string, change: Partial<BillLine>) =>
    onChange(lines.map((l) => (l.feedetl_sn === sn ? { ...l, ...change } : l)));
  const remove = (sn: string) => onChange(lines.filter((l) => l.feedetl_sn !== sn));
  const totalFen = lines.reduce((sum, l) => sum + (lineAmountFen(l.cnt, l.pric) ?? 0), 0);

  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Space wrap align="start">
        {standardBill ? (
          <Button loading={loading} onClick={() => void loadStandard()}>
            载入标准账单
          </Button>
        ) : null}
        <Typography.Text type="secondary">
          或按医保目录编码/名称查找项目添加；数量最多4位小数，单价最多6位小数，费用时间须在 {begntime} 至{' '}
          {latest} 之间。
        </Typography.Text>
      </Space>
      {error ? <Alert type="error" showIcon title={error} /> : null}
      <CatalogueSearch
        session={session}
        onAdd={(item) => onChange([...lines, lineOf(item, item.hilist_code, 0, {})])}
      />
      <Table<BillLine>
        aria-label="费用明细"
        size="small"
        rowKey="feedetl_sn"
        dataSource={[...lines]}
        pagination={false}
        locale={{ emptyText: '尚无费用明细' }}
        summary={() =>
          lines.length > 0 ? (
            <Table.Summary.Row>
              <Table.Summary.Cell index={0} colSpan={5}>
                合计（{lines.length} 条）
              </Table.Summary.Cell>
              <Table.Summary.Cell index={1} align="right">
                {yuan(totalFen / 100)}
              </Table.Summary.Cell>
              <Table.Summary.Cell index={2} colSpan={3} />
            </Table.Summary.Row>
          ) : null
        }
        columns={[
          { title: '流水号', dataIndex: 'feedetl_sn', width: 64 },
          {
            title: '项目',
            key: 'item',
            render: (_: unknown, l) => (
              <>
                <div>{l.name}</div>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {l.code}
                </Typography.Text>
              </>
            ),
          },
          {
            title: '数量',
            dataIndex: 'cnt',
            width: 96,
            render: (cnt: string, l) =>
              l.status === 'draft' ? (
                <Input
                  aria-label={`数量 第${l.feedetl_sn}行`}
                  value={cnt}
                  status={lineAmountFen(cnt, '1') === undefined ? 'error' : undefined}
                  onChange={(e) => edit(l.feedetl_sn, { cnt: e.target.value })}
                />
              ) : (
                cnt
              ),
          },
          {
            title: '单价（元）',
            dataIndex: 'pric',
            width: 116,
            render: (pric: string, l) =>
              l.status === 'draft' ? (
                <Input
                  aria-label={`单价 第${l.feedetl_sn}行`}
                  value={pric}
                  status={lineAmountFen('1', pric) === undefined ? 'error' : undefined}
                  onChange={(e) => edit(l.feedetl_sn, { pric: e.target.value })}
                />
              ) : (
                pric
              ),
          },
          {
            title: '费用时间',
            dataIndex: 'time',
            width: 190,
            render: (time: string, l) =>
              l.status === 'draft' ? (
                <Input
                  aria-label={`费用时间 第${l.feedetl_sn}行`}
                  value={time}
                  status={isHisTime(time) && time >= begntime && time <= latest ? undefined : 'error'}
                  onChange={(e) => edit(l.feedetl_sn, { time: e.target.value })}
                />
              ) : (
                time
              ),
          },
          {
            title: '金额',
            key: 'amount',
            align: 'right',
            width: 130,
            render: (_: unknown, l) => {
              const fen = lineAmountFen(l.cnt, l.pric);
              return fen === undefined ? '—' : yuan(fen / 100);
            },
          },
          {
            title: '医院审批',
            key: 'approved',
            width: 90,
            render: (_: unknown, l) =>
              l.restricted ? (
                <Checkbox
                  checked={l.approved}
                  disabled={l.status !== 'draft'}
                  onChange={(e) => edit(l.feedetl_sn, { approved: e.target.checked })}
                >
                  通过
                </Checkbox>
              ) : (
                '—'
              ),
          },
          {
            title: '状态',
            dataIndex: 'status',
            width: 80,
            render: (s: BillLine['status']) => <Tag color={STATUS[s].color}>{STATUS[s].text}</Tag>,
          },
          {
            title: '',
            key: 'remove',
            width: 64,
            render: (_: unknown, l) =>
              l.status === 'draft' ? (
                <Button
                  size="small"
                  type="link"
                  aria-label={`删除 第${l.feedetl_sn}行`}
                  onClick={() => remove(l.feedetl_sn)}
                >
                  删除
                </Button>
              ) : null,
          },
        ]}
      />
    </Space>
  );
}
