// 查定点 (public): networked institutions and pharmacies by place, level, service (with a 门诊慢特病 disease) and name.
import {
  Alert,
  Button,
  Card,
  Col,
  Flex,
  Form,
  Grid,
  Input,
  Pagination,
  Row,
  Select,
  Table,
  Tag,
  Typography,
} from 'antd';
import { type ReactNode, useEffect, useState } from 'react';
import { getJson, query } from '../../shared/api.ts';
import type { Institution, Page, RegionStatus } from '../api-types.ts';
import { CHRONIC_DISEASES, diseaseName, HOSPITAL_LEVELS, SERVICES } from '../dictionaries.ts';
import { LoadError, Loading, Nothing } from '../feedback.tsx';
import { placeName, provincesOf, useAllRegions } from '../places.ts';
import { PlainList } from '../plain-list.tsx';
import { refusalReason, refusedField } from '../problems.ts';
import { useLoad } from '../use-load.ts';
import { type County, countiesOf, useCounties } from './counties.ts';

interface Filters {
  readonly province?: string;
  readonly prefecture?: string;
  readonly county?: string;
  readonly level?: string;
  readonly service?: string;
  readonly disease?: string;
  readonly name?: string;
}

const PAGE_SIZE = 10;
const FILTER_FIELDS = ['province', 'prefecture', 'county', 'level', 'service', 'disease', 'name'] as const;

function ServiceTags({ institution }: { readonly institution: Institution }) {
  if (institution.fixmedins_type === '2')
    return <Tag color="purple">{institution.services.outpatient ? '定点药店 · 门诊购药' : '定点药店'}</Tag>;
  const chronic = institution.services.chronic ?? [];
  return (
    <Flex gap={4} wrap>
      {institution.services.inpatient && <Tag color="blue">住院</Tag>}
      {institution.services.outpatient && <Tag color="cyan">普通门诊</Tag>}
      {chronic.length > 0 && <Tag color="green">门诊慢特病：{chronic.map(diseaseName).join('、')}</Tag>}
    </Flex>
  );
}

const kindOf = (i: Institution): string =>
  i.fixmedins_type === '2' ? '零售药店' : `${HOSPITAL_LEVELS[i.hosp_lv] ?? '未定级'}医疗机构`;

function FilterForm({
  regions,
  counties,
  onSearch,
  problem,
}: {
  readonly regions: readonly RegionStatus[];
  readonly counties: readonly County[] | undefined;
  readonly onSearch: (filters: Filters) => void;
  readonly problem: unknown;
}) {
  const [form] = Form.useForm<Filters>();
  const province = Form.useWatch('province', form);
  const prefecture = Form.useWatch('prefecture', form);
  const service = Form.useWatch('service', form);
  const provinces = provincesOf(regions);
  const prefectures = provinces.find((p) => p.admdvs === province)?.regions ?? [];
  const countyOptions = prefecture && counties ? countiesOf(counties, prefecture) : [];

  // A refusal of the query (400 naming `querystring.name` and the like) is shown at that filter.
  useEffect(() => {
    const field = refusedField(problem);
    if (field && (FILTER_FIELDS as readonly string[]).includes(field))
      form.setFields([{ name: field as keyof Filters, errors: [refusalReason(problem)] }]);
  }, [problem, form]);

  return (
    <Form
      form={form}
      name="institutions"
      layout="vertical"
      onFinish={(values) => onSearch({ ...values, name: values.name?.trim() || undefined })}
      onValuesChange={(changed: Filters) => {
        // A narrower place belongs to the wider one: choosing anew clears what lay inside the old choice.
        if ('province' in changed) form.setFieldsValue({ prefecture: undefined, county: undefined });
        if ('prefecture' in changed) form.setFieldsValue({ county: undefined });
        if ('service' in changed && changed.service !== 'chronic')
          form.setFieldsValue({ disease: undefined });
      }}
    >
      <Row gutter={12}>
        <Col xs={24} sm={8} lg={4}>
          <Form.Item name="province" label="省份">
            <Select
              allowClear
              showSearch={{ optionFilterProp: 'label' }}
              placeholder="全国"
              options={provinces.map((p) => ({ value: p.admdvs, label: p.name }))}
            />
          </Form.Item>
        </Col>
        <Col xs={24} sm={8} lg={4}>
          <Form.Item name="prefecture" label="地市">
            <Select
              allowClear
              disabled={!province}
              placeholder={province ? '全省' : '请先选择省份'}
              options={prefectures.map((r) => ({ value: r.admdvs, label: r.name }))}
            />
          </Form.Item>
        </Col>
        <Col xs={24} sm={8} lg={4}>
          <Form.Item name="county" label="区县">
            <Select
              allowClear
              disabled={!prefecture || countyOptions.length === 0}
              placeholder={prefecture ? '全市' : '请先选择地市'}
              options={countyOptions.map((c) => ({ value: c.admdvs, label: c.name }))}
            />
          </Form.Item>
        </Col>
        <Col xs={12} sm={8} lg={3}>
          <Form.Item name="level" label="医院等级">
            <Select
              allowClear
              placeholder="不限"
              options={Object.entries(HOSPITAL_LEVELS).map(([value, label]) => ({ value, label }))}
            />
          </Form.Item>
        </Col>
        <Col xs={12} sm={8} lg={3}>
          <Form.Item name="service" label="服务">
            <Select allowClear placeholder="不限" options={SERVICES.map((s) => ({ ...s }))} />
          </Form.Item>
        </Col>
        <Col xs={24} sm={8} lg={6}>
          <Form.Item name="disease" label="门诊慢特病病种">
            <Select
              allowClear
              disabled={service !== 'chronic'}
              placeholder={service === 'chronic' ? '不限病种' : '服务选择门诊慢特病后可选'}
              options={Object.entries(CHRONIC_DISEASES).map(([value, label]) => ({ value, label }))}
            />
          </Form.Item>
        </Col>
        <Col xs={24} sm={16} lg={12}>
          <Form.Item name="name" label="机构名称" rules={[{ max: 50, message: '名称不超过50个字' }]}>
            <Input allowClear placeholder="名称中的几个字，例如 人民医院" />
          </Form.Item>
        </Col>
        <Col xs={24} sm={8} lg={12}>
          <Form.Item label=" " colon={false}>
            <Flex gap={8}>
              <Button type="primary" htmlType="submit">
                查询
              </Button>
              <Button
                onClick={() => {
                  form.resetFields();
                  onSearch({});
                }}
              >
                重置
              </Button>
            </Flex>
          </Form.Item>
        </Col>
      </Row>
    </Form>
  );
}

function Results({
  page,
  regions,
  countyNames,
  wide,
  onPage,
}: {
  readonly page: Page<Institution>;
  readonly regions: readonly RegionStatus[];
  readonly countyNames: ReadonlyMap<string, string>;
  readonly wide: boolean;
  readonly onPage: (page: number) => void;
}) {
  const where = (i: Institution) =>
    `${placeName(regions, i.pooling_admdvs)}${i.admdvs !== i.pooling_admdvs ? (countyNames.get(i.admdvs) ?? '') : ''}`;
  const pagination = {
    current: page.page,
    pageSize: page.page_size,
    total: page.total,
    onChange: onPage,
    showSizeChanger: false,
    showTotal: (total: number) => `共 ${total} 家`,
  };
  if (page.items.length === 0) return <Nothing>没有符合条件的定点医药机构</Nothing>;
  if (!wide)
    return (
      <>
        <PlainList
          label="查询结果"
          items={page.items}
          itemKey={(i) => i.fixmedins_code}
          renderItem={(i) => (
            <>
              <Typography.Text strong>{i.fixmedins_name}</Typography.Text>
              <div style={{ color: '#666' }}>
                {kindOf(i)} · {where(i)}
              </div>
              <ServiceTags institution={i} />
              {(i.addr || i.tel) && <div>{[i.addr, i.tel].filter(Boolean).join('　')}</div>}
            </>
          )}
        />
        <Pagination {...pagination} simple align="center" style={{ marginTop: 12 }} />
      </>
    );
  return (
    <Table<Institution>
      rowKey="fixmedins_code"
      dataSource={[...page.items]}
      pagination={pagination}
      columns={[
        { title: '机构名称', dataIndex: 'fixmedins_name' },
        { title: '类型', key: 'kind', render: (_, i) => kindOf(i) },
        { title: '所在地', key: 'where', render: (_, i) => where(i) },
        { title: '开通服务', key: 'services', render: (_, i) => <ServiceTags institution={i} /> },
        { title: '地址', dataIndex: 'addr', render: (v: string | null) => v ?? '—' },
        { title: '电话', dataIndex: 'tel', render: (v: string | null) => v ?? '—' },
      ]}
    />
  );
}

export function InstitutionsPage() {
  const regions = useAllRegions();
  const counties = useCounties();
  const [filters, setFilters] = useState<Filters>({});
  const [pageNo, setPageNo] = useState(1);
  const wide = Grid.useBreakpoint().md === true;
  const found = useLoad(
    () =>
      getJson<Page<Institution>>(
        `/api/public/institutions${query({ ...filters, page: pageNo, page_size: PAGE_SIZE })}`,
      ),
    [JSON.stringify(filters), pageNo],
  );
  const countyNames = new Map((counties ?? []).map((c) => [c.admdvs, c.name]));
  const fieldRefusal = refusedField(found.error);

  let results: ReactNode;
  if (found.error && !fieldRefusal) results = <LoadError error={found.error} retry={found.reload} />;
  else if (found.error) results = <Alert type="warning" showIcon title="请修改查询条件后再查询" />;
  else if (!found.data || !regions.data) results = <Loading what="定点医药机构" />;
  else
    results = (
      <Results
        page={found.data}
        regions={regions.data}
        countyNames={countyNames}
        wide={wide}
        onPage={setPageNo}
      />
    );

  return (
    <>
      <Typography.Title level={4}>查定点</Typography.Title>
      <Typography.Paragraph type="secondary">
        跨省联网定点医疗机构和定点零售药店。备案后在就医地的这些机构就医、购药，可以直接结算。
      </Typography.Paragraph>
      <Card size="small" style={{ marginBottom: 16 }}>
        {regions.error ? (
          <LoadError error={regions.error} retry={regions.reload} />
        ) : !regions.data ? (
          <Loading what="地区列表" />
        ) : (
          <FilterForm
            regions={regions.data}
            counties={counties}
            problem={found.error}
            onSearch={(next) => {
              setFilters(next);
              setPageNo(1);
            }}
          />
        )}
      </Card>
      <section aria-label="查询结果" aria-busy={found.loading}>
        {results}
      </section>
    </>
  );
}
