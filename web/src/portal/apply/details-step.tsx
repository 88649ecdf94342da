// Step 3 of 备案申请: the period (补办 back to the region's limit; temporary validity by its rules) and the contact.
import { Alert, DatePicker, Form, Input } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { chinaToday } from '../../shared/format.ts';
import type { FilingRules } from '../api-types.ts';
import { categoryOf } from '../dictionaries.ts';
import { defaultEndOf } from './application.ts';

/** What the API takes as a telephone (7–20 digits, +, - or spaces); a mobile or a landline with its area code. */
const TEL_PATTERN = /^[0-9+\- ]{7,20}$/;

export function RulesNotice({
  rules,
  longTerm,
}: {
  readonly rules: FilingRules;
  readonly longTerm: boolean;
}) {
  const lines = [
    `开始日期可以是今天以前${rules.backdate_max_days}天内的日期：已入院尚未备案的，出院结算前补办备案后即可直接结算。`,
    longTerm
      ? `长期居住类备案长期有效，无需填写结束日期；${
          rules.change_wait_months > 0
            ? `备案后${rules.change_wait_months}个月内不能变更或取消。`
            : '备案后可随时变更或取消。'
        }`
      : `临时外出就医备案有效期默认${rules.temporary_months}个月（不选择结束日期即按此计算）；${
          rules.temporary_shorter_allowed
            ? '如需要，可以选择更早的结束日期。'
            : `参保地规定有效期不少于${rules.temporary_months}个月。`
        }`,
  ];
  return (
    <Alert
      type="info"
      showIcon
      title="参保地备案规则"
      description={
        <ul style={{ margin: 0, paddingInlineStart: 18 }}>
          {lines.map((line) => (
            <li key={line}>{line}</li>
          ))}
        </ul>
      }
      style={{ marginBottom: 16 }}
    />
  );
}

export function DetailsStep({
  rules,
  dclaType,
  begndate,
}: {
  readonly rules: FilingRules;
  readonly dclaType: string | undefined;
  readonly begndate: Dayjs | undefined;
}) {
  const longTerm = dclaType ? categoryOf(dclaType)?.longTerm !== false : true;
  const today = dayjs(chinaToday());
  const earliest = today.subtract(rules.backdate_max_days, 'day');
  const defaultEnd = begndate ? defaultEndOf(begndate, rules) : undefined;
  return (
    <>
      <RulesNotice rules={rules} longTerm={longTerm} />
      <Form.Item
        name="begndate"
        label="开始日期"
        extra={`最早可选 ${earliest.format('YYYY-MM-DD')}（补办备案）`}
        rules={[
          { required: true, message: '请选择开始日期' },
          {
            validator: (_, value: Dayjs | undefined) =>
              !value?.isBefore(earliest, 'day')
                ? Promise.resolve()
                : Promise.reject(new Error(`开始日期最早为${earliest.format('YYYY-MM-DD')}`)),
          },
        ]}
      >
        <DatePicker
          style={{ width: '100%' }}
          allowClear={false}
          disabledDate={(day) => day.isBefore(earliest, 'day')}
        />
      </Form.Item>
      {longTerm ? (
        <Form.Item label="结束日期" htmlFor="apply_enddate_long">
          <Input id="apply_enddate_long" value="长期有效" disabled />
        </Form.Item>
      ) : (
        <Form.Item
          name="enddate"
          label="结束日期"
          extra={
            defaultEnd
              ? `不选择则为 ${defaultEnd.format('YYYY-MM-DD')}（${rules.temporary_months}个月）`
              : undefined
          }
          dependencies={['begndate']}
          rules={[
            ({ getFieldValue }) => ({
              validator: (_, value: Dayjs | null | undefined) => {
                const start = getFieldValue('begndate') as Dayjs | undefined;
                if (!value || !start) return Promise.resolve();
                if (value.isBefore(start, 'day'))
                  return Promise.reject(new Error('结束日期不能早于开始日期'));
                const full = defaultEndOf(start, rules);
                if (!rules.temporary_shorter_allowed && value.isBefore(full, 'day'))
                  return Promise.reject(
                    new Error(
                      `有效期不少于${rules.temporary_months}个月，最早为${full.format('YYYY-MM-DD')}`,
                    ),
                  );
                return Promise.resolve();
              },
            }),
          ]}
        >
          <DatePicker
            style={{ width: '100%' }}
            placeholder={defaultEnd ? `默认 ${defaultEnd.format('YYYY-MM-DD')}` : '默认有效期'}
            disabledDate={(day) => (begndate ? day.isBefore(begndate, 'day') : false)}
          />
        </Form.Item>
      )}
      <Form.Item
        name="contact_name"
        label="联系人"
        rules={[
          { required: true, whitespace: true, message: '请填写联系人' },
          { max: 50, message: '联系人不超过50个字' },
        ]}
      >
        <Input autoComplete="name" />
      </Form.Item>
      <Form.Item
        name="contact_tel"
        label="联系电话"
        rules={[
          { required: true, message: '请填写联系电话' },
          { pattern: TEL_PATTERN, message: '请填写手机号码或带区号的固定电话（7至20位数字）' },
        ]}
      >
        <Input autoComplete="tel" inputMode="tel" placeholder="例如 13800138000" />
      </Form.Item>
      <Form.Item
        name="contact_addr"
        label="就医地居住地址"
        rules={[{ max: 200, message: '地址不超过200个字' }]}
      >
        <Input.TextArea autoComplete="street-address" autoSize={{ minRows: 2, maxRows: 4 }} />
      </Form.Item>
    </>
  );
}
