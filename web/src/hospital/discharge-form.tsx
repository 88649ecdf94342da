// 出院办理 (2402): the discharge time closes the stay — not before admission or the last fee; fees after it are refused.
import { Button, Form, Input, Select, Space } from 'antd';
import type { Admission } from './admission-form.tsx';
import { HIS_TIME_RULE } from './form-rules.ts';
import { HisError } from './his-error.tsx';
import { label } from './labels.ts';
import { hisNow } from './money.ts';
import type { Patient } from './national.ts';
import { useHisCall } from './use-his-call.ts';
import { useWorkstation } from './workstation.tsx';

const WAYS = ['1', '2', '3', '4', '5', '9'];

export function DischargeForm({
  patient,
  admission,
  onDischarged,
}: {
  readonly patient: Patient;
  readonly admission: Admission;
  readonly onDischarged: (endtime: string) => void;
}) {
  const { session } = useWorkstation();
  const discharge = useHisCall(session);
  const onFinish = (values: { endtime: string; dscg_way: string }) => {
    const endtime = values.endtime.trim();
    return discharge.send(
      '2402',
      {
        dscginfo: {
          mdtrt_id: admission.mdtrt_id,
          psn_no: patient.person.baseinfo.psn_no,
          insutype: patient.insurance.insutype,
          endtime,
          dise_codg: admission.dise_codg,
          dise_name: admission.dise_name,
          dscg_way: values.dscg_way,
          dscg_dept_codg: admission.dept_code,
          dscg_dept_name: admission.dept_name,
        },
        diseinfo: [
          {
            mdtrt_id: admission.mdtrt_id,
            psn_no: patient.person.baseinfo.psn_no,
            diag_type: '1',
            maindiag_flag: '1',
            diag_srt_no: '1',
            diag_code: admission.dise_codg,
            diag_name: admission.dise_name,
          },
        ],
      },
      () => onDischarged(endtime),
      { insuplc_admdvs: patient.insurance.insuplc_admdvs },
    );
  };
  return (
    <>
      <Form
        name="discharge"
        layout="inline"
        initialValues={{ endtime: hisNow(), dscg_way: '1' }}
        onFinish={onFinish}
      >
        <Space wrap>
          <Form.Item label="出院时间" name="endtime" rules={[HIS_TIME_RULE]}>
            <Input style={{ width: 200 }} />
          </Form.Item>
          <Form.Item label="离院方式" name="dscg_way">
            <Select
              style={{ width: 200 }}
              options={WAYS.map((w) => ({ value: w, label: `${w} ${label('dscg_way', w)}` }))}
            />
          </Form.Item>
          <Button htmlType="submit" loading={discharge.busy}>
            办理出院（2402）
          </Button>
        </Space>
      </Form>
      <HisError call={discharge} />
    </>
  );
}
