// 跨省流向 as text beside the map: the same figures, readable by keyboard and screen reader, busiest first.
import { Table } from 'antd';
import { yuan } from '../shared/format.ts';
import { MAP_FLOWS } from './chart-options.ts';
import { shortName } from './provinces.ts';
import type { FlowStats } from './stats-types.ts';

/** The busiest flows the table lists; the map draws every one. */
export const FLOWS_LISTED = 10;

export function FlowTable({ flows }: { readonly flows: readonly FlowStats[] }) {
  return (
    <Table<FlowStats>
      size="small"
      pagination={false}
      rowKey={(f) => `${f.insured_province}-${f.treatment_province}`}
      dataSource={flows.slice(0, FLOWS_LISTED)}
      caption={
        flows.length > FLOWS_LISTED
          ? `共 ${flows.length} 条流向，列出结算人次最多的 ${FLOWS_LISTED} 条（图中画出 ${MAP_FLOWS} 条）`
          : undefined
      }
      locale={{ emptyText: '暂无跨省流向' }}
      columns={[
        {
          title: '参保地 → 就医地',
          key: 'flow',
          render: (_, f) => `${shortName(f.insured_name)} → ${shortName(f.treatment_name)}`,
        },
        {
          title: '结算人次',
          dataIndex: 'settlements',
          align: 'right',
          render: (n: number) => n.toLocaleString('zh-CN'),
        },
        { title: '基金支付', dataIndex: 'fund_pay_sumamt', align: 'right', render: (v: string) => yuan(v) },
      ]}
    />
  );
}
