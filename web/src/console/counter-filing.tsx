// 窗口备案: the clerk finds the person by ID number, fills in the application on their behalf (the same rules as
// online; the clerk has checked the materials), and the filing stands at once.
import {
  Alert,
  Button,
  Card,
  Checkbox,
  DatePicker,
  Descriptions,
  Form,
  Input,
  Radio,
  Result,
  Select,
  Space,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useMemo, useState } from 'react';
import { ApiError, getJson, query, sendJson } from '../shared/api.ts';
import { chinaToday } from '../shared/format.ts';
import {
  DCLA_TYPES,
  errorText,
  type FilingView,
  isLongTerm,
  usePoolingRegions,
  useSession,
} from './console-api.ts';
import { FilingDrawer } from './filing-drawer.tsx';

interface CounterPerson {
  readonly person: {
    readonly psn_no: string;
    readonly psn_name: string;
    readonly insuplc_admdvs: string;
    readonly insuplc_name: string;
    readonly insutypes: readonly { readonly insutype: string; readonly insutype_name: string }[];
  };
  readonly certno: string;
  readonly notice_version: string;
  readonly commitment_version: string;
  readonly rules: { readonly temporary_months: number; readonly backdate_max_days: number };
}

interface ApplicationValues {
  insutype: string;
  dcla_type: string;
  mdtrtarea_admdvs: string;
  begndate: Dayjs;
  enddate?: Dayjs | null;
  contact: { name: string; tel: string; addr?: string };
  notice: boolean;
  proof: 'checked' | 'commitment';
  signed_name?: string;
}

const FORM_FIELDS = ['insutype', 'dcla_type', 'mdtrtarea_admdvs', 'begndate', 'enddate', 'contact', 'proof'];

export function CounterFiling() {
  const { expired } = useSession();
  const [found, setFound] = useState<CounterPerson>();
  const [lookup, setLookup] = useState<{ sending: boolean; error?: string }>({ sending: false });
  const [filed, setFiled] = useState<FilingView>();
  const [open, setOpen] = useState<string | null>(null);

  const find = async ({ certno }: { certno: string }) => {
    const id = certno.trim().toUpperCase();
    setLookup({ sending: true });
    setFound(undefined);
    setFiled(undefined);
    try {
      const answer = await getJson<Omit<CounterPerson, 'certno'>>(
        `/api/console/filing-notice${query({ certno: id })}`,
      );
      setFound({ ...answer, certno: id });
      setLookup({ sending: false });
    } catch (e) {
      if (e instanceof ApiError && e.status === 401) expired();
      setLookup({ sending: false, error: errorText(e) });
    }
  };

  return (
    <Space orientation="vertical" size="large" style={{ width: '100%', maxWidth: 960 }}>
      <Card title="一、查询参保人" size="small">
        <Form layout="inline" onFinish={find} aria-label="查询参保人">
          <Form.Item
            label="身份证号码"
            name="certno"
            rules={[
              { required: true, message: '请输入身份证号码' },
              { pattern: /^\s*\d{17}[\dXx]\s*$/, message: '身份证号码为18位' },
            ]}
          >
            <Input style={{ width: 220 }} autoComplete="off" />
          </Form.Item>
          <Form.Item>
            <Button htmlType="submit" loading={lookup.sending}>
              查询参保人
            </Button>
          </Form.Item>
        </Form>
        {lookup.error && <Alert type="error" title={lookup.error} showIcon style={{ marginTop: 12 }} />}
      </Card>
      {found && !filed && <ApplicationForm key={found.certno} found={found} onFiled={setFiled} />}
      {filed && (
        <Result
          status="success"
          title={`已办理备案 ${filed.trt_dcla_detl_sn}`}
          subTitle={`${filed.psn_name}：${filed.dcla_type_name}，${filed.mdtrtarea_name}，${filed.begndate} 至 ${filed.enddate ?? '长期'}（${filed.status_name}）`}
          extra={[
            <Button key="view" type="primary" onClick={() => setOpen(filed.trt_dcla_detl_sn)}>
              查看备案
            </Button>,
            <Button key="again" onClick={() => setFiled(undefined)}>
              继续办理
            </Button>,
          ]}
        />
      )}
      <FilingDrawer sn={open} onClose={() => setOpen(null)} onChanged={setFiled} />
    </Space>
  );
}

function ApplicationForm({
  found,
  onFiled,
}: {
  readonly found: CounterPerson;
  readonly onFiled: (f: FilingView) => void;
}) {
  const { expired } = useSession();
  const [form] = Form.useForm<ApplicationValues>();
  const [sending, setSending] = useState(false);
  const [error, setError] = useState<string>();
  const regions = usePoolingRegions();
  const person = found.person;
  const home = person.insuplc_admdvs.slice(0, 2);
  const places = useMemo(() => {
    const byProvince = new Map<string, { label: string; options: { value: string; label: string }[] }>();
    for (const r of regions) {
      if (r.province.startsWith(home)) continue; // a cross-province filing names another province
      const group = byProvince.get(r.province) ?? {
        label: r.province_name,
        options: [{ value: r.province, label: `${r.province_name}（全省）` }],
      };
      if (r.admdvs !== r.province)
        group.options.push({ value: r.admdvs, label: `${r.province_name} ${r.name}` });
      byProvince.set(r.province, group);
    }
    return [...byProvince.values()];
  }, [regions, home]);
  const dclaType = Form.useWatch('dcla_type', form);
  const proof = Form.useWatch('proof', form);

  const submit = async (v: ApplicationValues) => {
    setSending(true);
    setError(undefined);
    const body = {
      certno: found.certno,
      insutype: v.insutype,
      dcla_type: v.dcla_type,
      mdtrtarea_admdvs: v.mdtrtarea_admdvs,
      begndate: v.begndate.format('YYYY-MM-DD'),
      ...(isLongTerm(v.dcla_type) ? {} : { enddate: v.enddate ? v.enddate.format('YYYY-MM-DD') : null }),
      contact: {
        name: v.contact.name.trim(),
        tel: v.contact.tel.trim(),
        addr: v.contact.addr?.trim() || null,
      },
      notice_version: found.notice_version,
      proof:
        v.proof === 'commitment'
          ? { kind: 'commitment', text_version: found.commitment_version, signed_name: v.signed_name?.trim() }
          : null,
    };
    try {
      onFiled(await sendJson<FilingView>('POST', '/api/console/filings', body));
    } catch (e) {
      if (e instanceof ApiError && e.status === 401) expired();
      // A refusal about one field is shown at that field; anything else above the buttons.
      const field = e instanceof ApiError ? e.field?.replace(/^body\./, '') : undefined;
      const path = field?.split('.');
      if (e instanceof ApiError && path && FORM_FIELDS.includes(path[0]!))
        form.setFields([{ name: path[0] === 'proof' ? 'proof' : (path as never), errors: [e.detail] }]);
      else setError(errorText(e));
    } finally {
      setSending(false);
    }
  };

  return (
    <Card title="二、填写备案信息" size="small">
      <Descriptions
        size="small"
        column={3}
        style={{ marginBottom: 16 }}
        items={[
          { key: 'name', label: '姓名', children: person.psn_name },
          { key: 'psn', label: '个人编号', children: person.psn_no },
          { key: 'place', label: '参保地', children: person.insuplc_name },
        ]}
      />
      <Form<ApplicationValues>
        form={form}
        layout="vertical"
        onFinish={submit}
        aria-label="窗口备案申请"
        initialValues={{
          insutype: person.insutypes[0]?.insutype,
          begndate: dayjs(chinaToday()),
          contact: { name: person.psn_name },
          proof: 'checked',
          signed_name: person.psn_name,
        }}
        style={{ display: 'grid', gridTemplateColumns: 'repeat(3, minmax(0, 1fr))', columnGap: 16 }}
      >
        <Form.Item label="险种" name="insutype" rules={[{ required: true, message: '请选择险种' }]}>
          <Select
            options={person.insutypes.map((i) => ({
              value: i.insutype,
              label: `${i.insutype} ${i.insutype_name}`,
            }))}
          />
        </Form.Item>
        <Form.Item label="备案类别" name="dcla_type" rules={[{ required: true, message: '请选择备案类别' }]}>
          <Select options={[...DCLA_TYPES]} placeholder="请选择" />
        </Form.Item>
        <Form.Item
          label="就医地"
          name="mdtrtarea_admdvs"
          rules={[{ required: true, message: '请选择就医地（省外）' }]}
        >
          <Select showSearch={{ optionFilterProp: 'label' }} options={places} placeholder="省或地市" />
        </Form.Item>
        <Form.Item
          label="开始日期"
          name="begndate"
          rules={[{ required: true, message: '请选择开始日期' }]}
          extra={`可补办：最早为今天前 ${found.rules.backdate_max_days} 天`}
        >
          <DatePicker style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item
          label="结束日期"
          name="enddate"
          extra={
            isLongTerm(dclaType)
              ? '长期居住类备案长期有效'
              : `不填则自开始日期起 ${found.rules.temporary_months} 个月`
          }
        >
          <DatePicker style={{ width: '100%' }} disabled={isLongTerm(dclaType)} />
        </Form.Item>
        <Form.Item
          label="联系人"
          name={['contact', 'name']}
          rules={[{ required: true, whitespace: true, message: '请填写联系人' }]}
        >
          <Input maxLength={50} />
        </Form.Item>
        <Form.Item
          label="联系电话"
          name={['contact', 'tel']}
          rules={[
            { required: true, message: '请填写联系电话' },
            { pattern: /^\s*[0-9+\- ]{7,20}\s*$/, message: '电话为7–20位数字' },
          ]}
        >
          <Input />
        </Form.Item>
        <Form.Item label="就医地居住地址" name={['contact', 'addr']} style={{ gridColumn: 'span 2' }}>
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item label="证明方式" name="proof" style={{ gridColumn: 'span 2' }}>
          <Radio.Group
            options={[
              { value: 'checked', label: '经办人员已核验证明材料' },
              { value: 'commitment', label: `参保人签署个人承诺书（${found.commitment_version}）` },
            ]}
          />
        </Form.Item>
        {proof === 'commitment' && (
          <Form.Item
            label="承诺人签名"
            name="signed_name"
            rules={[{ required: true, whitespace: true, message: '请填写承诺人签名（本人姓名）' }]}
          >
            <Input />
          </Form.Item>
        )}
        <Form.Item
          name="notice"
          valuePropName="checked"
          style={{ gridColumn: '1 / -1' }}
          rules={[
            {
              validator: (_, v) =>
                v ? Promise.resolve() : Promise.reject(new Error('请先向参保人告知备案告知书')),
            },
          ]}
        >
          <Checkbox>已向参保人告知《跨省异地就医备案告知书》（版本 {found.notice_version}）</Checkbox>
        </Form.Item>
        <div style={{ gridColumn: '1 / -1' }}>
          {error && <Alert type="error" title={error} showIcon style={{ marginBottom: 12 }} />}
          <Button type="primary" htmlType="submit" loading={sending}>
            办理备案
          </Button>
        </div>
      </Form>
    </Card>
  );
}
