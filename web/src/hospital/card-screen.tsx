// 读卡 (1101): the patient by 医保电子凭证 token, ID number or social security card; the insurance row to use, and the
// off-site filings valid here (extension dclainfo[]), which decide whether a cross-province admission may settle.
import { Alert, Button, Card, Descriptions, Form, Input, Radio, Space, Table, Typography } from 'antd';
import { yuan } from '../shared/format.ts';
import { navigate } from '../shared/router.ts';
import { HIS_TIME_RULE } from './form-rules.ts';
import { HisError } from './his-error.tsx';
import { coded } from './labels.ts';
import { hisNow } from './money.ts';
import type { Credential, DclaInfo, InsuInfo, Patient, PersonInfo } from './national.ts';
import { useHisCall } from './use-his-call.ts';
import { useWorkstation } from './workstation.tsx';

interface CardForm {
  mdtrt_cert_type: Credential['mdtrt_cert_type'];
  token?: string;
  certno?: string;
  card_no?: string;
  card_sn?: string;
  begntime: string;
}

function credentialOf(values: CardForm): Credential {
  switch (values.mdtrt_cert_type) {
    case '01':
      return { mdtrt_cert_type: '01', mdtrt_cert_no: (values.token ?? '').trim() };
    case '02':
      return { mdtrt_cert_type: '02', mdtrt_cert_no: (values.certno ?? '').trim() };
    case '03':
      return {
        mdtrt_cert_type: '03',
        mdtrt_cert_no: (values.card_no ?? '').trim(),
        card_sn: (values.card_sn ?? '').trim(),
      };
  }
}

export function CardScreen() {
  const workstation = useWorkstation();
  const read = useHisCall(workstation.session);
  const [form] = Form.useForm<CardForm>();
  const certType = Form.useWatch('mdtrt_cert_type', form) ?? '02';
  const patient = workstation.patient;

  const onFinish = (values: CardForm) => {
    const credential = credentialOf(values);
    const begntime = values.begntime.trim();
    return read.send('1101', { data: { ...credential, begntime } }, (output: PersonInfo) => {
      const [first] = output.insuinfo;
      if (!first) return;
      workstation.setPatient({ person: output, credential, insurance: first, read_at: begntime });
    });
  };

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Card title="读卡（1101 人员信息获取）" size="small">
        <Form<CardForm>
          form={form}
          name="card"
          layout="vertical"
          initialValues={{ mdtrt_cert_type: '02', begntime: hisNow() }}
          onFinish={onFinish}
          style={{ maxWidth: 720 }}
        >
          <Form.Item label="凭证类型" name="mdtrt_cert_type">
            <Radio.Group
              options={[
                { value: '01', label: '01 医保电子凭证' },
                { value: '02', label: '02 居民身份证' },
                { value: '03', label: '03 社会保障卡' },
              ]}
            />
          </Form.Item>
          {certType === '01' ? (
            <Form.Item
              label="电子凭证令牌"
              name="token"
              extra="参保人在“参保人服务 · 医保电子凭证”出示的二维码下方的令牌（EC 开头），10 分钟内有效，可直接粘贴。"
              rules={[{ required: true, message: '请粘贴电子凭证令牌' }]}
            >
              <Input spellCheck={false} autoComplete="off" style={{ fontFamily: 'monospace' }} />
            </Form.Item>
          ) : null}
          {certType === '02' ? (
            <Form.Item
              label="身份证号码"
              name="certno"
              rules={[{ required: true, pattern: /^\d{17}[\dXx]$/, message: '请输入18位身份证号码' }]}
            >
              <Input autoComplete="off" />
            </Form.Item>
          ) : null}
          {certType === '03' ? (
            <Space size={16} wrap>
              <Form.Item
                label="社会保障卡号"
                name="card_no"
                rules={[{ required: true, message: '请输入卡号' }]}
              >
                <Input autoComplete="off" style={{ width: 200 }} />
              </Form.Item>
              <Form.Item
                label="卡识别码 card_sn"
                name="card_sn"
                rules={[{ required: true, message: '请输入卡识别码' }]}
              >
                <Input autoComplete="off" style={{ width: 340 }} />
              </Form.Item>
            </Space>
          ) : null}
          <Form.Item
            label="就诊时间"
            name="begntime"
            extra="按此日判断备案是否有效（yyyy-MM-dd HH:mm:ss，北京时间）"
            rules={[HIS_TIME_RULE]}
          >
            <Input style={{ width: 220 }} />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={read.busy}>
            读卡（1101）
          </Button>
        </Form>
        <HisError call={read} />
      </Card>
      {patient ? <PatientCard patient={patient} onPick={workstation.setPatient} /> : null}
    </Space>
  );
}

function PatientCard({
  patient,
  onPick,
}: {
  readonly patient: Patient;
  readonly onPick: (patient: Patient) => void;
}) {
  const { baseinfo, insuinfo, dclainfo } = patient.person;
  const institution = useWorkstation().institution;
  const sameProvince =
    institution !== undefined &&
    patient.insurance.insuplc_admdvs.slice(0, 2) === institution.admdvs.slice(0, 2);
  return (
    <Card
      title={`患者：${baseinfo.psn_name}`}
      size="small"
      extra={
        <Space>
          <Button onClick={() => navigate('/hospital/inpatient')}>办理住院</Button>
          <Button onClick={() => navigate('/hospital/outpatient')}>办理门诊</Button>
        </Space>
      }
    >
      <Descriptions
        size="small"
        column={4}
        items={[
          { key: 'psn_no', label: '人员编号', children: baseinfo.psn_no },
          { key: 'name', label: '姓名', children: baseinfo.psn_name },
          { key: 'certno', label: '证件号码', children: baseinfo.certno },
          { key: 'gend', label: '性别', children: coded('gend', baseinfo.gend) },
          { key: 'brdy', label: '出生日期', children: baseinfo.brdy },
          { key: 'age', label: '年龄', children: baseinfo.age },
          {
            key: 'cert',
            label: '读卡方式',
            children: coded('mdtrt_cert_type', patient.credential.mdtrt_cert_type),
          },
          { key: 'read', label: '就诊时间', children: patient.read_at },
        ]}
      />
      <Typography.Title level={5}>参保信息（insuinfo，选择本次使用的险种）</Typography.Title>
      <Table<InsuInfo>
        aria-label="参保信息"
        size="small"
        rowKey={(r) => `${r.insutype}-${r.insuplc_admdvs}`}
        pagination={false}
        dataSource={[...insuinfo]}
        rowSelection={{
          type: 'radio',
          selectedRowKeys: [`${patient.insurance.insutype}-${patient.insurance.insuplc_admdvs}`],
          onChange: (_, rows) => rows[0] && onPick({ ...patient, insurance: rows[0] }),
        }}
        columns={[
          { title: '险种', dataIndex: 'insutype', render: (v: string) => coded('insutype', v) },
          { title: '人员类别', dataIndex: 'psn_type', render: (v: string) => coded('psn_type', v) },
          { title: '参保状态', dataIndex: 'psn_insu_stas', render: (v: string) => coded('psn_insu_stas', v) },
          { title: '参保地', dataIndex: 'insuplc_admdvs' },
          { title: '单位', dataIndex: 'emp_name', render: (v: string | null) => v ?? '—' },
          { title: '账户余额', dataIndex: 'balc', render: (v: number) => yuan(v) },
        ]}
      />
      <Typography.Title level={5} style={{ marginTop: 16 }}>
        异地就医备案（dclainfo，在本就医地有效的）
      </Typography.Title>
      {sameProvince ? (
        <Alert type="info" showIcon title="本省参保人员，无需跨省异地就医备案。" />
      ) : dclainfo.length === 0 ? (
        <Alert
          type="warning"
          showIcon
          title="没有在本地有效的异地就医备案"
          description="跨省入院（2401）、挂号（2201）会被拒绝；急诊（医疗类别 13 急诊、24 急诊转住院，或急诊标志 er_flag=1）视同已备案，可直接结算。也可请参保人先在参保地备案（入院后结算前补办同样有效）。"
        />
      ) : (
        <Table<DclaInfo>
          aria-label="异地就医备案"
          size="small"
          rowKey="trt_dcla_detl_sn"
          pagination={false}
          dataSource={[...dclainfo]}
          columns={[
            { title: '备案流水号', dataIndex: 'trt_dcla_detl_sn' },
            { title: '备案类别', dataIndex: 'dcla_type', render: (v: string) => coded('dcla_type', v) },
            { title: '险种', dataIndex: 'insutype', render: (v: string) => coded('insutype', v) },
            { title: '就医地', dataIndex: 'mdtrtarea_admdvs' },
            { title: '开始日期', dataIndex: 'begndate' },
            { title: '结束日期', dataIndex: 'enddate', render: (v: string | null) => v ?? '长期' },
          ]}
        />
      )}
    </Card>
  );
}
