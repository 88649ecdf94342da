// Step 1 of 备案申请: the insured place (from the person's record), insurance type, treatment place and category.
import { Cascader, Descriptions, Form, Radio, Select, Space, Typography } from 'antd';
import type { Me, RegionStatus } from '../api-types.ts';
import { FILING_CATEGORIES, type FilingCategory, insutypeName } from '../dictionaries.ts';
import { placeName, provincesOf, treatmentPlaceOptions } from '../places.ts';

function CategoryChoice({ category }: { readonly category: FilingCategory }) {
  return (
    <Radio value={category.code} style={{ alignItems: 'flex-start' }}>
      <Typography.Text strong>{category.name}</Typography.Text>
      <br />
      <Typography.Text type="secondary">{category.explanation}</Typography.Text>
    </Radio>
  );
}

export function PlaceStep({ me, regions }: { readonly me: Me; readonly regions: readonly RegionStatus[] }) {
  const insuredPlace = me.person.insuplc_admdvs;
  const insuredProvince = `${insuredPlace.slice(0, 2)}0000`;
  const options = treatmentPlaceOptions(provincesOf(regions), insuredProvince);
  const insutypes = [...new Set(me.insurances.map((i) => i.insutype))];
  return (
    <>
      <Descriptions
        size="small"
        column={1}
        style={{ marginBottom: 16 }}
        items={[{ key: 'insured', label: '参保地', children: placeName(regions, insuredPlace) }]}
      />
      <Form.Item name="insutype" label="险种类型" rules={[{ required: true, message: '请选择险种类型' }]}>
        <Select options={insutypes.map((code) => ({ value: code, label: insutypeName(code) }))} />
      </Form.Item>
      <Form.Item
        name="place"
        label="就医地"
        extra="可以选择整个省份，也可以选择该省的某个地市；跨省备案不能选择参保地所在省份。"
        rules={[{ required: true, message: '请选择就医地' }]}
      >
        <Cascader
          options={options}
          changeOnSelect
          showSearch={{ filter: (input, path) => path.some((o) => String(o.label).includes(input)) }}
          placeholder="省份 / 地市"
          displayRender={(labels) => labels.join(' / ')}
        />
      </Form.Item>
      <Form.Item name="dcla_type" label="备案类别" rules={[{ required: true, message: '请选择备案类别' }]}>
        <Radio.Group style={{ width: '100%' }}>
          <Typography.Text strong>长期居住（长期有效）</Typography.Text>
          <Space orientation="vertical" style={{ margin: '8px 0 16px', width: '100%' }}>
            {FILING_CATEGORIES.filter((c) => c.longTerm).map((c) => (
              <CategoryChoice key={c.code} category={c} />
            ))}
          </Space>
          <Typography.Text strong>临时外出就医（有一定有效期）</Typography.Text>
          <Space orientation="vertical" style={{ marginTop: 8, width: '100%' }}>
            {FILING_CATEGORIES.filter((c) => !c.longTerm).map((c) => (
              <CategoryChoice key={c.code} category={c} />
            ))}
          </Space>
        </Radio.Group>
      </Form.Item>
    </>
  );
}
