// 住院: admission, the bill, fee upload with the node's split, pre-settlement, settlement, 结算单, cancel, discharge.
import { Button, Card, Descriptions, Space, Typography } from 'antd';
import { type Admission, AdmissionForm } from './admission-form.tsx';
import { BillEditor } from './bill-editor.tsx';
import type { BillLine } from './bill-line.ts';
import { DischargeForm } from './discharge-form.tsx';
import { FeeUpload } from './fee-upload.tsx';
import type { HisSession } from './his-session.ts';
import { coded } from './labels.ts';
import { hisNow } from './money.ts';
import type { Patient } from './national.ts';
import { INPATIENT, SettlePanel, type SettleState } from './settle-panel.tsx';
import { useStoredState } from './stored-state.ts';
import { useWorkstation } from './workstation.tsx';

interface InpatientCase {
  readonly admission: Admission;
  readonly lines: readonly BillLine[];
  readonly settle: SettleState;
  readonly endtime?: string;
}

export function InpatientScreen({
  session,
  patient,
}: {
  readonly session: HisSession;
  readonly patient: Patient;
}) {
  const { institution } = useWorkstation();
  const psnNo = patient.person.baseinfo.psn_no;
  const [stay, setStay] = useStoredState<InpatientCase | undefined>(
    `yidi.hospital.inpatient.${institution?.fixmedins_code}.${psnNo}`,
    undefined,
  );

  if (!stay)
    return (
      <AdmissionForm
        patient={patient}
        onAdmitted={(admission) => setStay({ admission, lines: [], settle: {} })}
      />
    );

  const { admission } = stay;
  const latest = stay.endtime ?? hisNow();
  const visit = {
    mdtrt_id: admission.mdtrt_id,
    psn_no: psnNo,
    med_type: admission.med_type,
    dept_code: admission.dept_code,
    dept_name: admission.dept_name,
  };
  const settleData = {
    psn_no: psnNo,
    mdtrt_id: admission.mdtrt_id,
    mdtrt_cert_type: patient.credential.mdtrt_cert_type,
    mdtrt_cert_no: patient.credential.mdtrt_cert_no,
    insutype: patient.insurance.insutype,
    mid_setl_flag: '0',
    ...(stay.endtime ? { dscg_time: stay.endtime } : {}),
  };
  const setLines = (lines: BillLine[]) => setStay({ ...stay, lines });
  const nothingOpen = stay.lines.every((l) => l.status === 'draft');

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Card
        size="small"
        title={`住院：${patient.person.baseinfo.psn_name}`}
        extra={
          <Button disabled={!stay.endtime && !nothingOpen} onClick={() => setStay(undefined)}>
            新的住院
          </Button>
        }
      >
        <Descriptions
          size="small"
          column={4}
          items={[
            {
              key: 'mdtrt_id',
              label: '就诊ID',
              children: <Typography.Text copyable>{admission.mdtrt_id}</Typography.Text>,
            },
            { key: 'med_type', label: '医疗类别', children: coded('med_type', admission.med_type) },
            { key: 'begntime', label: '入院时间', children: admission.begntime },
            { key: 'endtime', label: '出院时间', children: stay.endtime ?? '在院' },
            { key: 'dept', label: '科室', children: admission.dept_name },
            { key: 'dise', label: '诊断', children: `${admission.dise_codg} ${admission.dise_name}` },
            { key: 'ipt_no', label: '住院号', children: admission.ipt_no },
            { key: 'insutype', label: '险种', children: coded('insutype', patient.insurance.insutype) },
          ]}
        />
        {stay.endtime ? null : (
          <DischargeForm
            patient={patient}
            admission={admission}
            onDischarged={(endtime) => setStay({ ...stay, endtime })}
          />
        )}
      </Card>
      <Card size="small" title="费用明细">
        <BillEditor
          session={session}
          lines={stay.lines}
          onChange={setLines}
          begntime={admission.begntime}
          latest={latest}
          standardBill
        />
        <div style={{ marginTop: 12 }}>
          <FeeUpload infno="2301" visit={visit} lines={stay.lines} onUploaded={setLines} />
        </div>
      </Card>
      <Card size="small" title="结算">
        <SettlePanel
          kind={INPATIENT}
          lines={stay.lines}
          data={settleData}
          state={stay.settle}
          onChange={(settle, lines) => setStay({ ...stay, settle, lines })}
        />
      </Card>
    </Space>
  );
}
