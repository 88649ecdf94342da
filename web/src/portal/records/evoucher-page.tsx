// 我的医保电子凭证: a short-lived token as a QR code for the hospital to scan, with the masked name, the time left,
// a refresh, and the token as text (a workstation without a scanner types or pastes it).
import { ReloadOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Flex, Progress, Space, Typography } from 'antd';
import QRCode from 'qrcode';
import { type ReactNode, useCallback, useEffect, useState } from 'react';
import { ApiError, sendJson } from '../../shared/api.ts';
import { chinaTime } from '../../shared/format.ts';
import type { Evoucher } from '../api-types.ts';
import { LoadError, Loading } from '../feedback.tsx';
import { useSession } from '../session.tsx';

/** The token's life on the platform (EVOUCHER_TTL_MS), for the progress bar. */
const EVOUCHER_TTL_S = 600;

function useSecondsLeft(expiresAt: string | undefined): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  return expiresAt ? Math.max(0, Math.floor((Date.parse(expiresAt) - now) / 1000)) : 0;
}

const mmss = (seconds: number): string =>
  `${String(Math.floor(seconds / 60)).padStart(2, '0')}:${String(seconds % 60).padStart(2, '0')}`;

export function EvoucherPage() {
  const { expire } = useSession();
  const [voucher, setVoucher] = useState<Evoucher>();
  const [qr, setQr] = useState<string>();
  const [issuing, setIssuing] = useState(false);
  const [error, setError] = useState<unknown>();
  const secondsLeft = useSecondsLeft(voucher?.expires_at);

  const issue = useCallback(async () => {
    setIssuing(true);
    setError(undefined);
    try {
      const issued = await sendJson<Evoucher>('POST', '/api/portal/evoucher');
      // Error correction M: a phone screen's glare or a scratched display still scans.
      setQr(await QRCode.toDataURL(issued.token, { errorCorrectionLevel: 'M', margin: 2, width: 240 }));
      setVoucher(issued);
    } catch (failure) {
      if (failure instanceof ApiError && failure.status === 401) expire();
      setError(failure);
    } finally {
      setIssuing(false);
    }
  }, [expire]);

  useEffect(() => {
    void issue();
  }, [issue]);

  // As the app does: an expired code is replaced by itself, so what is shown always scans (once; a failure waits
  // for the button, not a loop of retries).
  const expired = voucher !== undefined && secondsLeft === 0;
  const failed = error !== undefined;
  useEffect(() => {
    if (expired && !issuing && !failed) void issue();
  }, [expired, issuing, failed, issue]);

  let body: ReactNode;
  if (error && !voucher) body = <LoadError error={error} retry={issue} />;
  else if (!voucher || !qr) body = <Loading what="医保电子凭证" />;
  else
    body = (
      <Flex vertical align="center" gap={12}>
        <Typography.Title level={5} style={{ margin: 0 }}>
          {voucher.psn_name_masked}
        </Typography.Title>
        <img
          src={qr}
          width={240}
          height={240}
          alt={`医保电子凭证二维码（${voucher.psn_name_masked}）`}
          style={{ imageRendering: 'pixelated', opacity: expired ? 0.3 : 1 }}
        />
        <div style={{ width: 240 }} aria-live="polite">
          <Progress
            percent={Math.round((secondsLeft / EVOUCHER_TTL_S) * 100)}
            showInfo={false}
            size="small"
            status={secondsLeft < 60 ? 'exception' : 'active'}
          />
          <Typography.Text type={secondsLeft < 60 ? 'danger' : 'secondary'}>
            {expired
              ? '已过期，正在刷新…'
              : `${mmss(secondsLeft)} 后失效（${chinaTime(voucher.expires_at).slice(11)}）`}
          </Typography.Text>
        </div>
        <Button icon={<ReloadOutlined />} onClick={() => void issue()} loading={issuing}>
          刷新二维码
        </Button>
        <Space orientation="vertical" align="center" size={0}>
          <Typography.Text type="secondary">凭证号（医院无法扫码时可手工输入）</Typography.Text>
          <Typography.Text
            code
            copyable={{ text: voucher.token, tooltips: ['复制凭证号', '已复制'] }}
            style={{ wordBreak: 'break-all' }}
          >
            {voucher.token}
          </Typography.Text>
        </Space>
        {error !== undefined && <LoadError error={error} retry={issue} />}
      </Flex>
    );

  return (
    <>
      <Typography.Title level={4}>医保电子凭证</Typography.Title>
      <Card style={{ maxWidth: 420, margin: '0 auto' }}>
        {body}
        <Alert
          type="info"
          showIcon
          style={{ marginTop: 16 }}
          title="就医、购药时向医院或药店出示此二维码。二维码10分钟内有效，过期后自动刷新；请勿截图转发他人。"
        />
      </Card>
    </>
  );
}
