// Step 2 of 备案申请: the region's 备案告知书 to read and confirm (the confirmed version goes with the application).
import { Checkbox, Form, Typography } from 'antd';
import type { FilingNotice } from '../api-types.ts';

/** The notice as its lines: a title, then numbered paragraphs. */
export function NoticeText({ text, label }: { readonly text: string; readonly label: string }) {
  const [title, ...paragraphs] = text.split('\n');
  return (
    // Focusable, so that the scrolled text can be read with the keyboard too.
    <section
      aria-label={label}
      // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region must be reachable to scroll by keyboard.
      tabIndex={0}
      style={{
        maxHeight: 320,
        overflowY: 'auto',
        border: '1px solid #e5e5e5',
        borderRadius: 8,
        padding: '12px 16px',
        background: '#fafafa',
        marginBottom: 16,
      }}
    >
      <Typography.Title level={5} style={{ textAlign: 'center', marginTop: 0 }}>
        {title}
      </Typography.Title>
      {paragraphs.map((p) => (
        <Typography.Paragraph key={p}>{p}</Typography.Paragraph>
      ))}
    </section>
  );
}

export function NoticeStep({ notice }: { readonly notice: FilingNotice }) {
  return (
    <>
      <NoticeText text={notice.notice} label="跨省异地就医备案告知书" />
      <Form.Item
        name="notice_confirmed"
        valuePropName="checked"
        rules={[
          {
            validator: (_, checked: boolean) =>
              checked ? Promise.resolve() : Promise.reject(new Error('请阅读并确认告知书')),
          },
        ]}
      >
        <Checkbox>我已阅读并知晓《跨省异地就医备案告知书》（版本 {notice.notice_version}）</Checkbox>
      </Form.Item>
    </>
  );
}
