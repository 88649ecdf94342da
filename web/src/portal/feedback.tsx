// How a screen says it is loading, that something failed (with a retry), or that there is nothing to show.
import { Alert, Button, Empty, Flex, Spin } from 'antd';
import type { ReactNode } from 'react';
import { refusalReason } from './problems.ts';

export function Loading({ what }: { readonly what: string }) {
  return (
    <Flex justify="center" style={{ padding: 48 }} role="status" aria-live="polite">
      <Spin size="large" />
      <span style={{ marginInlineStart: 12, color: '#888' }}>正在加载{what}…</span>
    </Flex>
  );
}

export function LoadError({ error, retry }: { readonly error: unknown; readonly retry?: () => void }) {
  return (
    <Alert
      type="error"
      showIcon
      title="加载失败"
      description={refusalReason(error)}
      action={
        retry ? (
          <Button size="small" onClick={retry}>
            重试
          </Button>
        ) : undefined
      }
    />
  );
}

export function Nothing({ children }: { readonly children: ReactNode }) {
  return <Empty description={children} style={{ padding: 24 }} />;
}

/** A card's title as a heading: Ant Design renders it as a plain div, which a screen reader's heading list skips. */
export function CardTitle({ children }: { readonly children: ReactNode }) {
  return <h3 style={{ font: 'inherit', margin: 0 }}>{children}</h3>;
}
