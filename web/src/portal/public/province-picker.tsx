// The province a public page is about, as a labelled select over the provinces of the regions list.
import { Form, Select } from 'antd';
import type { Province } from '../places.ts';

export function ProvincePicker({
  provinces,
  value,
  onChange,
  allowAll,
}: {
  readonly provinces: readonly Province[];
  readonly value: string | undefined;
  readonly onChange: (province: string | undefined) => void;
  /** Whether clearing the choice means the whole country. */
  readonly allowAll?: boolean;
}) {
  return (
    <Form layout="vertical" name="province-picker" style={{ maxWidth: 320 }}>
      <Form.Item label="省份" htmlFor="province-picker_province" style={{ marginBottom: 0 }}>
        <Select
          id="province-picker_province"
          value={value}
          onChange={onChange}
          allowClear={allowAll}
          placeholder={allowAll ? '全国' : '请选择省份'}
          showSearch={{ optionFilterProp: 'label' }}
          options={provinces.map((p) => ({ value: p.admdvs, label: p.name }))}
        />
      </Form.Item>
    </Form>
  );
}
