// Every message this workstation sent, newest first: a retry shows the msgid of the message it repeats.
import { Card, Table, Tag, Typography } from 'antd';
import type { HisSession, LoggedMessage } from './his-session.ts';
import { useMessageLog } from './workstation.tsx';

const OUTCOME: Record<LoggedMessage['outcome'], { color: string; text: string }> = {
  ok: { color: 'success', text: '成功' },
  refused: { color: 'error', text: '失败' },
  'no-answer': { color: 'warning', text: '未收到应答' },
};

export function MessageLog({ session }: { readonly session: HisSession | undefined }) {
  const messages = useMessageLog(session);
  return (
    <Card size="small" title="报文记录" style={{ marginTop: 16 }}>
      <Table<LoggedMessage>
        aria-label="报文记录"
        size="small"
        rowKey="n"
        dataSource={[...messages]}
        pagination={{ pageSize: 8, hideOnSinglePage: true }}
        locale={{ emptyText: '尚未发送报文' }}
        columns={[
          { title: '交易', dataIndex: 'infno', width: 70 },
          {
            title: '报文ID（msgid）',
            dataIndex: 'msgid',
            width: 330,
            render: (msgid: string, m) => (
              <>
                <Typography.Text code copyable={{ text: msgid }} style={{ whiteSpace: 'nowrap' }}>
                  {msgid}
                </Typography.Text>
                {m.retry ? <Tag color="processing">重试·同一msgid</Tag> : null}
              </>
            ),
          },
          { title: '报文时间', dataIndex: 'inf_time', width: 170 },
          {
            title: '结果',
            dataIndex: 'outcome',
            width: 110,
            render: (outcome: LoggedMessage['outcome']) => (
              <Tag color={OUTCOME[outcome].color}>{OUTCOME[outcome].text}</Tag>
            ),
          },
          { title: '耗时', dataIndex: 'ms', width: 80, render: (ms: number) => `${ms} ms` },
          { title: 'err_msg', dataIndex: 'err_msg', render: (text: string | null) => text ?? '' },
        ]}
      />
    </Card>
  );
}
