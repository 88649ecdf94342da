// 入院办理 (2401): category (21 普通住院, 24 急诊转住院 — an emergency counts as filed), time, diagnosis, department.
import { Button, Card, Form, Input, Radio, Space } from 'antd';
import { HIS_TIME_RULE } from './form-rules.ts';
import { HisError } from './his-error.tsx';
import { hisNow } from './money.ts';
import type { Patient } from './national.ts';
import { useHisCall } from './use-his-call.ts';
import { useWorkstation } from './workstation.tsx';

export interface Admission {
  readonly mdtrt_id: string;
  readonly med_type: '21' | '24';
  readonly begntime: string;
  readonly ipt_no: string;
  readonly dept_code: string;
  readonly dept_name: string;
  readonly dise_codg: string;
  readonly dise_name: string;
  readonly doctor: string;
}

type AdmissionForm = Omit<Admission, 'mdtrt_id'>;

export function mdtrtinfoOf(patient: Patient, a: AdmissionForm) {
  return {
    mdtrtinfo: {
      psn_no: patient.person.baseinfo.psn_no,
      insutype: patient.insurance.insutype,
      begntime: a.begntime,
      mdtrt_cert_type: patient.credential.mdtrt_cert_type,
      mdtrt_cert_no: patient.credential.mdtrt_cert_no,
      ...(patient.credential.card_sn ? { card_sn: patient.credential.card_sn } : {}),
      med_type: a.med_type,
      ipt_no: a.ipt_no,
      atddr_no: 'D001',
      chfpdr_name: a.doctor,
      adm_diag_dscr: a.dise_name,
      adm_dept_codg: a.dept_code,
      adm_dept_name: a.dept_name,
      dise_codg: a.dise_codg,
      dise_name: a.dise_name,
    },
    diseinfo: [
      {
        psn_no: patient.person.baseinfo.psn_no,
        diag_type: '1',
        maindiag_flag: '1',
        diag_srt_no: '1',
        diag_code: a.dise_codg,
        diag_name: a.dise_name,
        diag_dept: a.dept_name,
        diag_time: a.begntime,
      },
    ],
  };
}

export function AdmissionForm({
  patient,
  onAdmitted,
}: {
  readonly patient: Patient;
  readonly onAdmitted: (admission: Admission) => void;
}) {
  const { session } = useWorkstation();
  const admit = useHisCall(session);
  const now = hisNow();
  const onFinish = (values: AdmissionForm) => {
    const a = { ...values, begntime: values.begntime.trim() };
    return admit.send(
      '2401',
      mdtrtinfoOf(patient, a),
      (output: { result: { mdtrt_id: string } }) => onAdmitted({ ...a, mdtrt_id: output.result.mdtrt_id }),
      { insuplc_admdvs: patient.insurance.insuplc_admdvs },
    );
  };
  return (
    <Card size="small" title="入院办理（2401）">
      <Form<AdmissionForm>
        name="admission"
        layout="vertical"
        onFinish={onFinish}
        initialValues={{
          med_type: '21',
          begntime: now,
          ipt_no: `ZY${now.replace(/\D/g, '').slice(0, 12)}`,
          dept_code: 'A03',
          dept_name: '心内科',
          dise_codg: 'I21.000',
          dise_name: '急性心肌梗死',
          doctor: '李医生',
        }}
      >
        <Form.Item label="医疗类别" name="med_type">
          <Radio.Group
            options={[
              { value: '21', label: '21 普通住院' },
              { value: '24', label: '24 急诊转住院（视同已备案）' },
            ]}
          />
        </Form.Item>
        <Space size={16} wrap>
          <Form.Item label="入院时间" name="begntime" rules={[HIS_TIME_RULE]}>
            <Input style={{ width: 200 }} />
          </Form.Item>
          <Form.Item label="住院号" name="ipt_no" rules={[{ required: true, message: '请填写住院号' }]}>
            <Input style={{ width: 180 }} />
          </Form.Item>
          <Form.Item
            label="科室编码"
            name="dept_code"
            rules={[{ required: true, message: '请填写科室编码' }]}
          >
            <Input style={{ width: 100 }} />
          </Form.Item>
          <Form.Item label="入院科室" name="dept_name" rules={[{ required: true, message: '请填写科室' }]}>
            <Input style={{ width: 140 }} />
          </Form.Item>
          <Form.Item
            label="诊断编码"
            name="dise_codg"
            rules={[{ required: true, message: '请填写诊断编码' }]}
          >
            <Input style={{ width: 120 }} />
          </Form.Item>
          <Form.Item label="诊断名称" name="dise_name" rules={[{ required: true, message: '请填写诊断' }]}>
            <Input style={{ width: 180 }} />
          </Form.Item>
          <Form.Item label="主治医生" name="doctor">
            <Input style={{ width: 120 }} />
          </Form.Item>
        </Space>
        <Button type="primary" htmlType="submit" loading={admit.busy}>
          办理入院
        </Button>
      </Form>
      <HisError call={admit} />
    </Card>
  );
}
