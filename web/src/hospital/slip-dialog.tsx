// The printable 结算单 (GET /settlements/{setl_id}/slip) in a frame: printed from here, or opened in its own window.
import { Button, Modal } from 'antd';
import { useRef } from 'react';

export function SlipDialog({
  setlId,
  onClose,
}: {
  readonly setlId: string | undefined;
  readonly onClose: () => void;
}) {
  const frame = useRef<HTMLIFrameElement>(null);
  const url = setlId ? `/settlements/${encodeURIComponent(setlId)}/slip` : undefined;
  return (
    <Modal
      open={setlId !== undefined}
      title={`结算单 ${setlId ?? ''}`}
      width={980}
      onCancel={onClose}
      destroyOnHidden
      footer={[
        <Button key="open" href={url} target="_blank" rel="noopener">
          在新窗口打开
        </Button>,
        <Button key="close" onClick={onClose}>
          关闭
        </Button>,
        // Same origin: the frame's own print prints just the slip, not the workstation around it.
        <Button key="print" type="primary" onClick={() => frame.current?.contentWindow?.print()}>
          打印本单
        </Button>,
      ]}
    >
      {url ? (
        <iframe
          ref={frame}
          title="结算单"
          src={url}
          style={{ width: '100%', height: '70vh', border: '1px solid #eee' }}
        />
      ) : null}
    </Modal>
  );
}
