// 变更备案: the place, a temporary filing's end date, or the contact — only what the person changed is sent.
import { Alert, Button, Cascader, DatePicker, Flex, Form, Input, Modal } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { ApiError, sendJson } from '../../shared/api.ts';
import type { Contact, Filing } from '../api-types.ts';
import { LoadError, Loading } from '../feedback.tsx';
import { pathOfPlace, placeOfPath, provincesOf, treatmentPlaceOptions, useAllRegions } from '../places.ts';
import { refusalReason, showRefusalAtField } from '../problems.ts';
import { useSession } from '../session.tsx';

interface ChangeValues {
  readonly place: string[];
  readonly enddate?: Dayjs | null;
  readonly contact_name: string;
  readonly contact_tel: string;
  readonly contact_addr?: string;
}

interface ChangeBody {
  mdtrtarea_admdvs?: string;
  enddate?: string | null;
  contact?: Contact;
}

const FIELD_OF_API: Readonly<Record<string, keyof ChangeValues>> = {
  mdtrtarea_admdvs: 'place',
  enddate: 'enddate',
  'contact.name': 'contact_name',
  'contact.tel': 'contact_tel',
  'contact.addr': 'contact_addr',
};

function changesOf(filing: Filing, values: ChangeValues): ChangeBody {
  const body: ChangeBody = {};
  const place = placeOfPath(values.place);
  if (place && place !== filing.mdtrtarea_admdvs) body.mdtrtarea_admdvs = place;
  const end = values.enddate ? values.enddate.format('YYYY-MM-DD') : null;
  if (!filing.long_term && end !== filing.enddate) body.enddate = end;
  const contact: Contact = {
    name: values.contact_name.trim(),
    tel: values.contact_tel.trim(),
    addr: values.contact_addr?.trim() || null,
  };
  const before = filing.contact;
  if (!before || before.name !== contact.name || before.tel !== contact.tel || before.addr !== contact.addr)
    body.contact = contact;
  return body;
}

function ChangeForm({
  filing,
  onDone,
  onCancel,
}: {
  readonly filing: Filing;
  readonly onDone: (changed: Filing) => void;
  readonly onCancel: () => void;
}) {
  const { expire } = useSession();
  const regions = useAllRegions();
  const [form] = Form.useForm<ChangeValues>();
  const [saving, setSaving] = useState(false);
  const [problem, setProblem] = useState<string>();

  if (regions.error) return <LoadError error={regions.error} retry={regions.reload} />;
  if (!regions.data) return <Loading what="地区列表" />;
  const options = treatmentPlaceOptions(
    provincesOf(regions.data),
    `${filing.insuplc_admdvs.slice(0, 2)}0000`,
  );

  const save = async (values: ChangeValues) => {
    setProblem(undefined);
    const body = changesOf(filing, values);
    if (Object.keys(body).length === 0) {
      setProblem('没有要变更的内容');
      return;
    }
    setSaving(true);
    try {
      onDone(
        await sendJson<Filing>(
          'PATCH',
          `/api/portal/filings/${encodeURIComponent(filing.trt_dcla_detl_sn)}`,
          body,
        ),
      );
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) expire();
      if (!showRefusalAtField(form, error, (field) => FIELD_OF_API[field])) setProblem(refusalReason(error));
    } finally {
      setSaving(false);
    }
  };

  return (
    <Form
      form={form}
      name="change"
      layout="vertical"
      onFinish={save}
      initialValues={{
        place: pathOfPlace(filing.mdtrtarea_admdvs),
        enddate: filing.enddate ? dayjs(filing.enddate) : null,
        contact_name: filing.contact?.name ?? filing.psn_name,
        contact_tel: filing.contact?.tel ?? '',
        contact_addr: filing.contact?.addr ?? '',
      }}
    >
      <Form.Item name="place" label="就医地" rules={[{ required: true, message: '请选择就医地' }]}>
        <Cascader options={options} changeOnSelect displayRender={(labels) => labels.join(' / ')} />
      </Form.Item>
      {!filing.long_term && (
        <Form.Item name="enddate" label="结束日期" extra="清空则按参保地规定的默认有效期计算">
          <DatePicker
            style={{ width: '100%' }}
            disabledDate={(day) => day.isBefore(dayjs(filing.begndate), 'day')}
          />
        </Form.Item>
      )}
      <Form.Item
        name="contact_name"
        label="联系人"
        rules={[{ required: true, whitespace: true, message: '请填写联系人' }]}
      >
        <Input />
      </Form.Item>
      <Form.Item
        name="contact_tel"
        label="联系电话"
        rules={[
          { required: true, message: '请填写联系电话' },
          { pattern: /^[0-9+\- ]{7,20}$/, message: '请填写手机号码或带区号的固定电话' },
        ]}
      >
        <Input inputMode="tel" />
      </Form.Item>
      <Form.Item
        name="contact_addr"
        label="就医地居住地址"
        rules={[{ max: 200, message: '地址不超过200个字' }]}
      >
        <Input.TextArea autoSize={{ minRows: 2, maxRows: 4 }} />
      </Form.Item>
      {problem && <Alert type="error" showIcon title={problem} style={{ marginBottom: 16 }} />}
      <Flex gap={8} justify="flex-end">
        <Button onClick={onCancel}>不变更</Button>
        <Button type="primary" htmlType="submit" loading={saving}>
          提交变更
        </Button>
      </Flex>
    </Form>
  );
}

export function FilingChangeModal({
  filing,
  open,
  onClose,
  onChanged,
}: {
  readonly filing: Filing;
  readonly open: boolean;
  readonly onClose: () => void;
  readonly onChanged: (changed: Filing) => void;
}) {
  return (
    <Modal title="变更备案" open={open} onCancel={onClose} footer={null} destroyOnHidden>
      <ChangeForm
        filing={filing}
        onCancel={onClose}
        onDone={(changed) => {
          onChanged(changed);
          onClose();
        }}
      />
    </Modal>
  );
}
