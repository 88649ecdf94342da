// 取消备案, after confirmation and with an optional reason: a standing filing ends, a waiting one is withdrawn.
import { Alert, Button, Flex, Form, Input, Modal, Typography } from 'antd';
import { useState } from 'react';
import { ApiError, sendJson } from '../../shared/api.ts';
import type { Filing } from '../api-types.ts';
import { refusalReason } from '../problems.ts';
import { useSession } from '../session.tsx';

function CancelForm({
  filing,
  onDone,
  onCancel,
}: {
  readonly filing: Filing;
  readonly onDone: (cancelled: Filing) => void;
  readonly onCancel: () => void;
}) {
  const { expire } = useSession();
  const [saving, setSaving] = useState(false);
  const [problem, setProblem] = useState<string>();

  const cancel = async ({ reason }: { reason?: string }) => {
    setProblem(undefined);
    setSaving(true);
    try {
      const body = reason?.trim() ? { reason: reason.trim() } : {};
      onDone(
        await sendJson<Filing>(
          'POST',
          `/api/portal/filings/${encodeURIComponent(filing.trt_dcla_detl_sn)}/cancel`,
          body,
        ),
      );
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) expire();
      setProblem(refusalReason(error));
    } finally {
      setSaving(false);
    }
  };

  return (
    <Form name="cancel" layout="vertical" onFinish={cancel}>
      <Typography.Paragraph>
        {filing.status === 'submitted'
          ? '撤回这笔待审核的备案申请？'
          : `取消后，在${filing.mdtrtarea_name}就医将不能再按本备案直接结算。确定取消吗？`}
      </Typography.Paragraph>
      <Form.Item name="reason" label="取消原因（选填）" rules={[{ max: 500, message: '原因不超过500个字' }]}>
        <Input.TextArea autoSize={{ minRows: 2, maxRows: 4 }} />
      </Form.Item>
      {problem && <Alert type="error" showIcon title={problem} style={{ marginBottom: 16 }} />}
      <Flex gap={8} justify="flex-end">
        <Button onClick={onCancel}>不取消</Button>
        <Button danger type="primary" htmlType="submit" loading={saving}>
          确认取消备案
        </Button>
      </Flex>
    </Form>
  );
}

export function FilingCancelModal({
  filing,
  open,
  onClose,
  onCancelled,
}: {
  readonly filing: Filing;
  readonly open: boolean;
  readonly onClose: () => void;
  readonly onCancelled: (cancelled: Filing) => void;
}) {
  return (
    <Modal title="取消备案" open={open} onCancel={onClose} footer={null} destroyOnHidden>
      <CancelForm
        filing={filing}
        onCancel={onClose}
        onDone={(cancelled) => {
          onCancelled(cancelled);
          onClose();
        }}
      />
    </Modal>
  );
}
