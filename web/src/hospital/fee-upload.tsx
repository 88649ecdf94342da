// Uploading the draft lines (2301 住院 / 2204 门诊) and the node's split of each line, as it answered.
import { Button, Space, Table, Typography } from 'antd';
import { amount } from '../shared/format.ts';
import { type BillLine, feedetailOf, type VisitOfLine } from './bill-line.ts';
import { HisError } from './his-error.tsx';
import { coded } from './labels.ts';
import { fenOf, isHisTime, lineAmountFen } from './money.ts';
import type { FeeResult } from './national.ts';
import { useHisCall } from './use-his-call.ts';
import { useWorkstation } from './workstation.tsx';

interface Props {
  readonly infno: '2301' | '2204';
  readonly visit: VisitOfLine;
  readonly lines: readonly BillLine[];
  readonly onUploaded: (lines: BillLine[]) => void;
}

export function FeeUpload({ infno, visit, lines, onUploaded }: Props) {
  const { session, patient } = useWorkstation();
  const upload = useHisCall(session);
  const drafts = lines.filter((l) => l.status === 'draft');
  const ready = drafts.every((l) => lineAmountFen(l.cnt, l.pric) !== undefined && isHisTime(l.time));

  const send = () =>
    upload.send(
      infno,
      { feedetail: drafts.map((l) => feedetailOf(l, visit)) },
      (output: { result: FeeResult[] }) => {
        const bySerial = new Map(output.result.map((r) => [r.feedetl_sn, r]));
        onUploaded(
          lines.map((l) => {
            const result = bySerial.get(l.feedetl_sn);
            return result && l.status === 'draft' ? { ...l, status: 'uploaded', result } : l;
          }),
        );
      },
      { insuplc_admdvs: patient?.insurance.insuplc_admdvs },
    );

  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Button
        type="primary"
        disabled={drafts.length === 0 || !ready}
        loading={upload.busy}
        onClick={() => void send()}
      >
        上传费用（{infno}）{drafts.length > 0 ? `· ${drafts.length} 条` : ''}
      </Button>
      <HisError call={upload} />
      <FeeSplitTable lines={lines.filter((l) => l.result)} />
    </Space>
  );
}

/** The split per line: 全自费 (丙类/not listed), 超限价 (over the price cap), 先行自付 (乙类's share), 符合范围. */
export function FeeSplitTable({ lines }: { readonly lines: readonly BillLine[] }) {
  if (lines.length === 0) return null;
  const sum = (field: keyof FeeResult) =>
    amount(lines.reduce((s, l) => s + fenOf(l.result?.[field]), 0) / 100);
  return (
    <>
      <Typography.Title level={5}>费用分割（节点按就医地目录的答复）</Typography.Title>
      <Table<BillLine>
        aria-label="费用分割"
        size="small"
        rowKey="feedetl_sn"
        dataSource={[...lines]}
        pagination={false}
        columns={[
          { title: '流水号', dataIndex: 'feedetl_sn', width: 64 },
          { title: '项目', dataIndex: 'name' },
          { title: '等级', key: 'lv', render: (_: unknown, l) => coded('chrgitm_lv', l.result?.chrgitm_lv) },
          money('金额（元）', 'det_item_fee_sumamt'),
          money('全自费（元）', 'fulamt_ownpay_amt'),
          money('超限价（元）', 'overlmt_amt'),
          money('先行自付（元）', 'preselfpay_amt'),
          money('符合范围（元）', 'inscp_scp_amt'),
          { title: '说明', key: 'memo', render: (_: unknown, l) => l.result?.memo || '—' },
        ]}
        summary={() => (
          <Table.Summary.Row>
            <Table.Summary.Cell index={0} colSpan={3}>
              合计
            </Table.Summary.Cell>
            {(
              [
                'det_item_fee_sumamt',
                'fulamt_ownpay_amt',
                'overlmt_amt',
                'preselfpay_amt',
                'inscp_scp_amt',
              ] as const
            ).map((f, i) => (
              <Table.Summary.Cell key={f} index={i + 1} align="right">
                {sum(f)}
              </Table.Summary.Cell>
            ))}
            <Table.Summary.Cell index={6} />
          </Table.Summary.Row>
        )}
      />
    </>
  );
}

function money(title: string, field: keyof FeeResult) {
  return {
    title,
    key: field,
    align: 'right' as const,
    render: (_: unknown, l: BillLine) => amount(l.result?.[field] as number | undefined),
  };
}
