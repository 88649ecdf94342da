// 门诊 (compact): 挂号 2201, 就诊信息 2203, fees of a charge batch 2204, pre-settle 2206, settle 2207, cancel 2208.
import { Button, Card, Descriptions, Form, Input, Radio, Space, Typography } from 'antd';
import { BillEditor } from './bill-editor.tsx';
import type { BillLine } from './bill-line.ts';
import { FeeUpload } from './fee-upload.tsx';
import { HIS_TIME_RULE } from './form-rules.ts';
import { HisError } from './his-error.tsx';
import type { HisSession } from './his-session.ts';
import { coded } from './labels.ts';
import { hisNow } from './money.ts';
import type { Patient } from './national.ts';
import { OUTPATIENT, SettlePanel, type SettleState } from './settle-panel.tsx';
import { useStoredState } from './stored-state.ts';
import { useHisCall } from './use-his-call.ts';
import { useWorkstation } from './workstation.tsx';

interface Registration {
  readonly mdtrt_id: string;
  readonly begntime: string;
  readonly med_type: string;
  readonly dept_code: string;
  readonly dept_name: string;
}

interface OutpatientCase {
  readonly registration: Registration;
  /** The 2203 diagnosis, once sent. */
  readonly diagnosis?: { readonly med_type: string; readonly dise_codg: string; readonly dise_name: string };
  readonly batch: number;
  readonly lines: readonly BillLine[];
  readonly settle: SettleState;
}

const MED_TYPES = [
  { value: '11', label: '11 普通门诊' },
  { value: '13', label: '13 急诊（视同已备案）' },
  { value: '14', label: '14 门诊慢特病' },
];

export function OutpatientScreen({
  session,
  patient,
}: {
  readonly session: HisSession;
  readonly patient: Patient;
}) {
  const { institution } = useWorkstation();
  const psnNo = patient.person.baseinfo.psn_no;
  const [visit, setVisit] = useStoredState<OutpatientCase | undefined>(
    `yidi.hospital.outpatient.${institution?.fixmedins_code}.${psnNo}`,
    undefined,
  );
  if (!visit)
    return (
      <RegistrationForm
        patient={patient}
        onRegistered={(registration) => setVisit({ registration, batch: 1, lines: [], settle: {} })}
      />
    );

  const { registration } = visit;
  const chrgBchno = `B${visit.batch}`;
  const medType = visit.diagnosis?.med_type ?? registration.med_type;
  const settled = visit.settle.settlement !== undefined && visit.settle.cancel === undefined;
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Card
        size="small"
        title={`门诊：${patient.person.baseinfo.psn_name}`}
        extra={
          <Space>
            <Button
              disabled={!settled}
              onClick={() => setVisit({ ...visit, batch: visit.batch + 1, lines: [], settle: {} })}
            >
              新的收费批次
            </Button>
            <Button onClick={() => setVisit(undefined)}>新的就诊</Button>
          </Space>
        }
      >
        <Descriptions
          size="small"
          column={4}
          items={[
            {
              key: 'mdtrt_id',
              label: '就诊ID',
              children: <Typography.Text copyable>{registration.mdtrt_id}</Typography.Text>,
            },
            { key: 'begntime', label: '就诊时间', children: registration.begntime },
            { key: 'med_type', label: '医疗类别', children: coded('med_type', medType) },
            { key: 'batch', label: '收费批次', children: chrgBchno },
          ]}
        />
        <VisitInfoForm
          patient={patient}
          registration={registration}
          sent={visit.diagnosis}
          onSent={(diagnosis) => setVisit({ ...visit, diagnosis })}
        />
      </Card>
      <Card size="small" title={`费用明细（批次 ${chrgBchno}）`}>
        <BillEditor
          session={session}
          lines={visit.lines}
          onChange={(lines) => setVisit({ ...visit, lines })}
          begntime={registration.begntime}
          latest={hisNow()}
        />
        <div style={{ marginTop: 12 }}>
          <FeeUpload
            infno="2204"
            visit={{ ...registration, psn_no: psnNo, med_type: medType, chrg_bchno: chrgBchno }}
            lines={visit.lines}
            onUploaded={(lines) => setVisit({ ...visit, lines })}
          />
        </div>
      </Card>
      <Card size="small" title="结算">
        <SettlePanel
          kind={OUTPATIENT}
          lines={visit.lines}
          data={{
            psn_no: psnNo,
            mdtrt_id: registration.mdtrt_id,
            chrg_bchno: chrgBchno,
            med_type: medType,
            mdtrt_cert_type: patient.credential.mdtrt_cert_type,
            mdtrt_cert_no: patient.credential.mdtrt_cert_no,
            insutype: patient.insurance.insutype,
          }}
          state={visit.settle}
          onChange={(settle, lines) => setVisit({ ...visit, settle, lines })}
        />
      </Card>
    </Space>
  );
}

function RegistrationForm({
  patient,
  onRegistered,
}: {
  readonly patient: Patient;
  readonly onRegistered: (registration: Registration) => void;
}) {
  const { session } = useWorkstation();
  const register = useHisCall(session);
  const now = hisNow();
  const onFinish = (v: Omit<Registration, 'mdtrt_id'>) => {
    const begntime = v.begntime.trim();
    return register.send(
      '2201',
      {
        data: {
          psn_no: patient.person.baseinfo.psn_no,
          insutype: patient.insurance.insutype,
          begntime,
          mdtrt_cert_type: patient.credential.mdtrt_cert_type,
          mdtrt_cert_no: patient.credential.mdtrt_cert_no,
          ...(patient.credential.card_sn ? { card_sn: patient.credential.card_sn } : {}),
          // Extension: the national 2201 has no med_type; the node reads it to see an emergency at registration.
          med_type: v.med_type,
          ipt_otp_no: `MZ${now.replace(/\D/g, '').slice(0, 12)}`,
          atddr_no: 'D001',
          dr_name: '医师',
          dept_code: v.dept_code,
          dept_name: v.dept_name,
          caty: v.dept_code,
        },
      },
      (output: { data: { mdtrt_id: string } }) =>
        onRegistered({ ...v, begntime, mdtrt_id: output.data.mdtrt_id }),
      { insuplc_admdvs: patient.insurance.insuplc_admdvs },
    );
  };
  return (
    <Card size="small" title="门诊挂号（2201）">
      <Form
        name="registration"
        layout="inline"
        onFinish={onFinish}
        initialValues={{ begntime: now, med_type: '11', dept_code: 'A03', dept_name: '心内科' }}
      >
        <Space wrap>
          <Form.Item label="医疗类别" name="med_type">
            <Radio.Group options={MED_TYPES} />
          </Form.Item>
          <Form.Item label="就诊时间" name="begntime" rules={[HIS_TIME_RULE]}>
            <Input style={{ width: 200 }} />
          </Form.Item>
          <Form.Item
            label="科室编码"
            name="dept_code"
            rules={[{ required: true, message: '请填写科室编码' }]}
          >
            <Input style={{ width: 90 }} />
          </Form.Item>
          <Form.Item label="科室" name="dept_name" rules={[{ required: true, message: '请填写科室' }]}>
            <Input style={{ width: 120 }} />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={register.busy}>
            挂号（2201）
          </Button>
        </Space>
      </Form>
      <HisError call={register} />
    </Card>
  );
}

function VisitInfoForm({
  patient,
  registration,
  sent,
  onSent,
}: {
  readonly patient: Patient;
  readonly registration: Registration;
  readonly sent: OutpatientCase['diagnosis'];
  readonly onSent: (diagnosis: NonNullable<OutpatientCase['diagnosis']>) => void;
}) {
  const { session } = useWorkstation();
  const upload = useHisCall(session);
  const onFinish = (v: NonNullable<OutpatientCase['diagnosis']>) =>
    upload.send(
      '2203',
      {
        mdtrtinfo: {
          mdtrt_id: registration.mdtrt_id,
          psn_no: patient.person.baseinfo.psn_no,
          med_type: v.med_type,
          begntime: registration.begntime,
          dise_codg: v.dise_codg,
          dise_name: v.dise_name,
        },
        diseinfo: [
          {
            diag_type: '1',
            maindiag_flag: '1',
            diag_srt_no: '1',
            diag_code: v.dise_codg,
            diag_name: v.dise_name,
          },
        ],
      },
      () => onSent(v),
      { insuplc_admdvs: patient.insurance.insuplc_admdvs },
    );
  return (
    <>
      <Form
        name="visit-info"
        layout="inline"
        style={{ marginTop: 8 }}
        onFinish={onFinish}
        initialValues={sent ?? { med_type: registration.med_type, dise_codg: 'R51.x00', dise_name: '头痛' }}
      >
        <Space wrap>
          <Form.Item label="就诊医疗类别" name="med_type">
            <Radio.Group options={MED_TYPES} />
          </Form.Item>
          <Form.Item
            label="诊断编码"
            name="dise_codg"
            rules={[{ required: true, message: '请填写诊断编码' }]}
          >
            <Input style={{ width: 110 }} />
          </Form.Item>
          <Form.Item label="诊断名称" name="dise_name" rules={[{ required: true, message: '请填写诊断' }]}>
            <Input style={{ width: 140 }} />
          </Form.Item>
          <Button htmlType="submit" loading={upload.busy}>
            {sent ? '重新上传就诊信息（2203）' : '上传就诊信息（2203）'}
          </Button>
        </Space>
      </Form>
      <HisError call={upload} />
    </>
  );
}
