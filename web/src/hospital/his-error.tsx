// A failed HIS step, shown where it happened: the national err_msg as the platform wrote it (it names the field).
import { Alert, Button, Space, Typography } from 'antd';
import type { HisCall } from './use-his-call.ts';

export function HisError({ call }: { readonly call: HisCall }) {
  const failure = call.failure;
  if (!failure) return null;
  const infno = failure.envelope.infno;
  return (
    <Alert
      type="error"
      showIcon
      role="alert"
      style={{ marginBlock: 8 }}
      title={`${infno} ${failure.answered ? '失败' : '未收到应答'}`}
      description={
        <Space orientation="vertical" size={4}>
          <Typography.Text>{failure.errMsg}</Typography.Text>
          {failure.retryable ? (
            <Typography.Text type="secondary">
              重试将再次发送同一报文，报文ID（msgid）不变：
              <Typography.Text code>{failure.envelope.msgid}</Typography.Text>
              。平台已处理过的报文只回原应答，不会重复结算。
            </Typography.Text>
          ) : null}
        </Space>
      }
      action={
        <Space orientation="vertical">
          {failure.retryable ? (
            <Button size="small" type="primary" loading={call.busy} onClick={() => void call.retry()}>
              使用相同msgid重试
            </Button>
          ) : null}
          <Button size="small" onClick={call.dismiss}>
            关闭
          </Button>
        </Space>
      }
    />
  );
}
