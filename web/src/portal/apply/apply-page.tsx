// 备案申请: the national mini-program's five steps as a wizard over one form; each step is checked before the next,
// and a refusal from the API is shown at the field it names, on that field's step.
import { Button, Card, Flex, Form, Grid, Steps, Typography } from 'antd';
import dayjs from 'dayjs';
import { type ReactNode, useState } from 'react';
import { ApiError, getJson, sendJson } from '../../shared/api.ts';
import { chinaToday } from '../../shared/format.ts';
import type { Filing, FilingNotice, Me, RegionStatus } from '../api-types.ts';
import { LoadError, Loading } from '../feedback.tsx';
import { useAllRegions } from '../places.ts';
import { refusalReason, refusedField } from '../problems.ts';
import { useMe, useSession } from '../session.tsx';
import { useLoad } from '../use-load.ts';
import {
  APPLY_STEPS,
  type ApplyValues,
  applicationOf,
  formFieldOf,
  proofKindsOf,
  stepOfField,
} from './application.ts';
import { ApplyResult } from './apply-result.tsx';
import { DetailsStep } from './details-step.tsx';
import { NoticeStep } from './notice-step.tsx';
import { PlaceStep } from './place-step.tsx';
import { ProofStep } from './proof-step.tsx';
import { ReviewStep } from './review-step.tsx';

const LAST_STEP = APPLY_STEPS.length - 1;

export function ApplyPage() {
  const me = useMe();
  const notice = useLoad(() => getJson<FilingNotice>('/api/portal/filing-notice'), []);
  const regions = useAllRegions();
  const [round, setRound] = useState(0);
  let body: ReactNode;
  if (notice.error) body = <LoadError error={notice.error} retry={notice.reload} />;
  else if (regions.error) body = <LoadError error={regions.error} retry={regions.reload} />;
  else if (!notice.data || !regions.data) body = <Loading what="备案告知书" />;
  // A new key starts a second application from a clean form.
  else
    body = (
      <ApplyWizard
        key={round}
        me={me}
        notice={notice.data}
        regions={regions.data}
        onAgain={() => setRound((r) => r + 1)}
      />
    );
  return (
    <>
      <Typography.Title level={4}>备案申请</Typography.Title>
      <Typography.Paragraph type="secondary">
        跨省异地就医直接结算前，请先办理异地就医备案。
      </Typography.Paragraph>
      {body}
    </>
  );
}

function ApplyWizard({
  me,
  notice,
  regions,
  onAgain,
}: {
  readonly me: Me;
  readonly notice: FilingNotice;
  readonly regions: readonly RegionStatus[];
  readonly onAgain: () => void;
}) {
  const { expire } = useSession();
  const [form] = Form.useForm<ApplyValues>();
  const [current, setCurrent] = useState(0);
  const [submitting, setSubmitting] = useState(false);
  const [submitError, setSubmitError] = useState<string>();
  const [filed, setFiled] = useState<Filing>();
  const dclaType = Form.useWatch('dcla_type', form);
  const begndate = Form.useWatch('begndate', form);
  const proofKind = Form.useWatch('proof_kind', form);
  const wide = Grid.useBreakpoint().md === true;

  if (filed) return <ApplyResult filing={filed} onAgain={onAgain} />;

  const goTo = (step: number) => {
    setCurrent(step);
    window.scrollTo({ top: 0 });
  };

  const next = async () => {
    try {
      await form.validateFields([...APPLY_STEPS[current]!.fields]);
    } catch {
      return; // each field shows what is wrong with it
    }
    goTo(current + 1);
  };

  const submit = async () => {
    setSubmitError(undefined);
    setSubmitting(true);
    const values = form.getFieldsValue(true) as ApplyValues;
    try {
      setFiled(await sendJson<Filing>('POST', '/api/portal/filings', applicationOf(values, notice)));
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) expire();
      const apiField = refusedField(error);
      const field = apiField ? formFieldOf(apiField) : undefined;
      const step = field ? stepOfField(field) : -1;
      if (field && step >= 0) {
        form.setFields([{ name: field, errors: [refusalReason(error)] }]);
        goTo(step);
        // The step is shown on the next frame; then the field can be scrolled to.
        requestAnimationFrame(() => form.scrollToField(field, { block: 'center' }));
      } else setSubmitError(refusalReason(error));
    } finally {
      setSubmitting(false);
    }
  };

  return (
    <Card>
      <Steps
        current={current}
        size="small"
        responsive={false}
        titlePlacement={wide ? 'horizontal' : 'vertical'}
        // A phone has room for five short titles under the dots, not five long ones beside them.
        items={APPLY_STEPS.map((step) => ({ title: wide ? step.title : step.short }))}
        style={{ marginBottom: 24 }}
      />
      <Typography.Title level={5} style={{ marginTop: 0 }}>
        第{current + 1}步：{APPLY_STEPS[current]!.title}
      </Typography.Title>
      <Form
        form={form}
        name="apply"
        layout="vertical"
        style={{ maxWidth: 720 }}
        initialValues={{
          insutype: me.insurances[0]?.insutype ?? me.person.insutype,
          begndate: dayjs(chinaToday()),
          contact_name: me.person.psn_name,
          proof_kind: 'commitment',
          notice_confirmed: false,
          materials: [],
        }}
        onValuesChange={(changed: Partial<ApplyValues>) => {
          // A category that does not take the chosen proof switches to the first one it takes.
          if (changed.dcla_type) {
            const kinds = proofKindsOf(changed.dcla_type);
            if (!kinds.includes(form.getFieldValue('proof_kind'))) form.setFieldValue('proof_kind', kinds[0]);
          }
        }}
      >
        {/* Every step stays mounted (hidden when not current), so a refusal can be put on any step's field. */}
        <div hidden={current !== 0}>
          <PlaceStep me={me} regions={regions} />
        </div>
        <div hidden={current !== 1}>
          <NoticeStep notice={notice} />
        </div>
        <div hidden={current !== 2}>
          <DetailsStep rules={notice.rules} dclaType={dclaType} begndate={begndate} />
        </div>
        <div hidden={current !== 3}>
          <ProofStep notice={notice} psnName={me.person.psn_name} dclaType={dclaType} proofKind={proofKind} />
        </div>
        {current === LAST_STEP && (
          <ReviewStep
            values={form.getFieldsValue(true) as Partial<ApplyValues>}
            notice={notice}
            regions={regions}
            insuredPlace={me.person.insuplc_admdvs}
          />
        )}
      </Form>
      {submitError && (
        <Typography.Paragraph type="danger" role="alert" style={{ marginTop: 16 }}>
          {submitError}
        </Typography.Paragraph>
      )}
      <Flex gap={8} style={{ marginTop: 24 }} wrap>
        {current > 0 && <Button onClick={() => goTo(current - 1)}>上一步</Button>}
        {current < LAST_STEP ? (
          <Button type="primary" onClick={next}>
            下一步
          </Button>
        ) : (
          <Button type="primary" loading={submitting} onClick={submit}>
            提交备案
          </Button>
        )}
      </Flex>
    </Card>
  );
}
