// Step 5 of 备案申请: everything the person is about to submit, and what will happen to it.
import { Alert, Descriptions } from 'antd';
import type { FilingNotice, RegionStatus } from '../api-types.ts';
import { categoryOf, insutypeName } from '../dictionaries.ts';
import { placeName, placeOfPath } from '../places.ts';
import { type ApplyValues, approvesAtOnce, defaultEndOf } from './application.ts';

export function ReviewStep({
  values,
  notice,
  regions,
  insuredPlace,
}: {
  readonly values: Partial<ApplyValues>;
  readonly notice: FilingNotice;
  readonly regions: readonly RegionStatus[];
  readonly insuredPlace: string;
}) {
  const category = values.dcla_type ? categoryOf(values.dcla_type) : undefined;
  const place = placeOfPath(values.place);
  const end = category?.longTerm
    ? '长期有效'
    : values.enddate
      ? values.enddate.format('YYYY-MM-DD')
      : values.begndate
        ? `${defaultEndOf(values.begndate, notice.rules).format('YYYY-MM-DD')}（默认${notice.rules.temporary_months}个月）`
        : '—';
  const proof =
    values.proof_kind === 'commitment'
      ? `个人承诺书（签名：${values.signed_name ?? ''}）`
      : values.proof_kind === 'materials'
        ? `证明材料 ${values.materials?.length ?? 0} 个：${(values.materials ?? []).map((m) => m.filename).join('、')}`
        : '无需证明材料';
  const atOnce =
    values.dcla_type && values.proof_kind
      ? approvesAtOnce({ dcla_type: values.dcla_type, proof_kind: values.proof_kind }, notice.rules)
      : false;
  return (
    <>
      <Descriptions
        bordered
        size="small"
        column={1}
        styles={{ label: { whiteSpace: 'nowrap' } }}
        items={[
          { key: 'insured', label: '参保地', children: placeName(regions, insuredPlace) },
          {
            key: 'insutype',
            label: '险种类型',
            children: values.insutype ? insutypeName(values.insutype) : '—',
          },
          { key: 'place', label: '就医地', children: place ? placeName(regions, place) : '—' },
          { key: 'category', label: '备案类别', children: category?.name ?? '—' },
          { key: 'begndate', label: '开始日期', children: values.begndate?.format('YYYY-MM-DD') ?? '—' },
          { key: 'enddate', label: '结束日期', children: end },
          {
            key: 'contact',
            label: '联系方式',
            children: [values.contact_name, values.contact_tel, values.contact_addr]
              .filter(Boolean)
              .join('，'),
          },
          { key: 'notice', label: '告知书', children: `已阅读并确认（版本 ${notice.notice_version}）` },
          { key: 'proof', label: '证明', children: proof },
        ]}
      />
      <Alert
        type={atOnce ? 'success' : 'info'}
        showIcon
        style={{ marginTop: 16 }}
        title={
          atOnce
            ? '长期居住类备案以个人承诺办理，提交后即时办结。'
            : '提交后由参保地医保经办机构审核，审核结果可在备案记录中查看。'
        }
      />
    </>
  );
}
