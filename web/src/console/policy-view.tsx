// A policy document as a clerk reads it: each benefit's layers in order, with their deductibles, ratio bands and caps
// in yuan and percent, the conditions in words, and the off-site cuts of temporary filings (settlement.md).
import { Card, Descriptions, Space, Table, Tag, Typography } from 'antd';
import { percent, yuan } from '../shared/format.ts';
import type { Dictionaries } from './console-api.ts';

type Money = number | string;

interface Selector {
  readonly hosp_lv?: string;
  readonly psn_type?: string;
  readonly age_min?: number;
  readonly age_max?: number;
  readonly admission_min?: number;
  readonly admission_max?: number;
  readonly filing?: readonly string[];
  readonly med_type?: readonly string[];
  readonly cvlserv?: boolean;
  readonly idet?: readonly string[];
  readonly dise_codg?: readonly string[];
}

interface Layer {
  readonly id: string;
  readonly fund_pay_type: string;
  readonly basis: 'inscp' | 'over_cap' | 'inscp_self';
  readonly of?: string;
  readonly when?: Selector;
  readonly offsite?: boolean;
  readonly deductible?: {
    readonly per: string;
    readonly rules: readonly { when?: Selector; amount: Money }[];
  };
  readonly bands: {
    readonly over: string;
    readonly rules: readonly { when?: Selector; ladder: readonly { upto: Money | null; prop: Money }[] }[];
  };
  readonly cap?: { readonly amount: Money };
}

export interface PolicyDocument {
  readonly admdvs: string;
  readonly insutype: string;
  readonly name: string;
  readonly begndate: string;
  readonly enddate: string | null;
  readonly offsite?: Readonly<Record<string, { minus?: Money; times?: Money }>>;
  readonly benefits: readonly {
    readonly name: string;
    readonly med_types: readonly string[];
    readonly account?: { readonly covers: string };
    readonly layers: readonly Layer[];
  }[];
}

const HOSP_LV: Readonly<Record<string, string>> = { '0': '未定级', '1': '一级', '2': '二级', '3': '三级' };

/** A selector in words: 三级医院、退休人员、年内第1次住院; no selector is the fallback. */
function conditionText(when: Selector | undefined, d: Dictionaries): string {
  if (!when || Object.keys(when).length === 0) return '其他情形';
  const name = (table: string, code: string) => d[table]?.[code] ?? code;
  const parts: string[] = [];
  if (when.hosp_lv !== undefined) parts.push(`${HOSP_LV[when.hosp_lv] ?? when.hosp_lv}医院`);
  if (when.psn_type !== undefined)
    parts.push(`人员类别${when.psn_type}（${name('psn_type', when.psn_type)}）`);
  if (when.age_min !== undefined || when.age_max !== undefined)
    parts.push(
      when.age_max === undefined
        ? `${when.age_min}周岁及以上`
        : when.age_min === undefined
          ? `${when.age_max}周岁及以下`
          : `${when.age_min}–${when.age_max}周岁`,
    );
  if (when.admission_min !== undefined || when.admission_max !== undefined) {
    const min = when.admission_min ?? 1;
    parts.push(
      when.admission_max === undefined
        ? `年内第${min}次及以后住院`
        : min === when.admission_max
          ? `年内第${min}次住院`
          : `年内第${min}–${when.admission_max}次住院`,
    );
  }
  if (when.filing) parts.push(`备案类别 ${when.filing.map((c) => name('dcla_type', c)).join('、')}`);
  if (when.med_type) parts.push(`医疗类别 ${when.med_type.map((c) => name('med_type', c)).join('、')}`);
  if (when.cvlserv !== undefined) parts.push(when.cvlserv ? '享受公务员医疗补助' : '非公务员');
  if (when.idet) parts.push(`人员身份 ${when.idet.join('、')}`);
  if (when.dise_codg) parts.push(`病种 ${when.dise_codg.join('、')}`);
  return parts.join('，');
}

/** A ladder in words: 0.00 元至10,000.00 元 85.0%；10,000.00 元以上 90.0% (one open band: 不分段). */
function ladderText(ladder: readonly { upto: Money | null; prop: Money }[]): string {
  const [only] = ladder;
  if (ladder.length === 1 && only?.upto === null) return `不分段 ${percent(Number(only.prop))}`;
  let from: Money = 0;
  return ladder
    .map((band) => {
      const range = band.upto === null ? `${yuan(from)}以上` : `${yuan(from)}至${yuan(band.upto)}`;
      from = band.upto ?? from;
      return `${range} ${percent(Number(band.prop))}`;
    })
    .join('；');
}

function basisText(layer: Layer, first: string): string {
  if (layer.basis === 'inscp') return '符合范围费用';
  if (layer.basis === 'over_cap') return `超过「${layer.of ?? first}」最高支付限额的部分`;
  return '符合范围费用中前面各层未支付的部分';
}

/** Lines with keys from their text, numbered when two read alike (a document may repeat a rule). */
function keyed(texts: readonly string[]): { key: string; text: string }[] {
  const seen = new Map<string, number>();
  return texts.map((text) => {
    const n = seen.get(text) ?? 0;
    seen.set(text, n + 1);
    return { key: n === 0 ? text : `${text}#${n}`, text };
  });
}

const PER: Readonly<Record<string, string>> = { settlement: '每次结算', year: '年度累计' };

function LayerTable({ layers, d }: { readonly layers: readonly Layer[]; readonly d: Dictionaries }) {
  const first = layers[0]?.id ?? '';
  return (
    <Table<Layer>
      rowKey="id"
      size="small"
      pagination={false}
      dataSource={layers as Layer[]}
      columns={[
        {
          title: '支付层',
          render: (_, l, i) => (
            <Space orientation="vertical" size={0}>
              <strong>
                {i + 1}. {d.fund_pay_type?.[l.fund_pay_type] ?? l.fund_pay_type}
              </strong>
              <Typography.Text type="secondary">
                {l.id} · {l.fund_pay_type}
                {i === 0 || l.offsite ? ' · 异地调整比例' : ''}
              </Typography.Text>
              {l.when && <Tag>适用：{conditionText(l.when, d)}</Tag>}
            </Space>
          ),
        },
        { title: '计算基数', render: (_, l) => basisText(l, first) },
        {
          title: '起付线',
          render: (_, l) =>
            l.deductible ? (
              <div>
                <Typography.Text type="secondary">
                  {PER[l.deductible.per] ?? l.deductible.per}
                </Typography.Text>
                {keyed(l.deductible.rules.map((r) => `${conditionText(r.when, d)}：${yuan(r.amount)}`)).map(
                  ({ key, text }) => (
                    <div key={key}>{text}</div>
                  ),
                )}
              </div>
            ) : (
              '无'
            ),
        },
        {
          title: '支付比例',
          render: (_, l) => (
            <div>
              <Typography.Text type="secondary">
                按{PER[l.bands.over] ?? l.bands.over}费用分段
              </Typography.Text>
              {keyed(l.bands.rules.map((r) => `${conditionText(r.when, d)}：${ladderText(r.ladder)}`)).map(
                ({ key, text }) => (
                  <div key={key}>{text}</div>
                ),
              )}
            </div>
          ),
        },
        { title: '年度最高支付限额', render: (_, l) => (l.cap ? yuan(l.cap.amount) : '不设') },
      ]}
    />
  );
}

function offsiteText(adjustment: { minus?: Money; times?: Money }): string {
  if (adjustment.minus !== undefined)
    return Number(adjustment.minus) === 0
      ? '不降低'
      : `支付比例降低${(Number(adjustment.minus) * 100).toFixed(1).replace(/\.0$/, '')}个百分点`;
  return `支付比例乘以${Number(adjustment.times)}`;
}

export function PolicyView({ doc, d }: { readonly doc: PolicyDocument; readonly d: Dictionaries }) {
  const offsite = Object.entries(doc.offsite ?? {});
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Descriptions
        size="small"
        bordered
        column={2}
        items={[
          { key: 'name', label: '政策名称', children: doc.name, span: 2 },
          { key: 'admdvs', label: '统筹区', children: doc.admdvs },
          { key: 'insutype', label: '险种', children: `${doc.insutype} ${d.insutype?.[doc.insutype] ?? ''}` },
          { key: 'period', label: '有效期', children: `${doc.begndate} 至 ${doc.enddate ?? '长期'}` },
          {
            key: 'offsite',
            label: '临时外出就医',
            children:
              offsite.length === 0
                ? '不调整支付比例'
                : offsite.map(([type, a]) => `${d.dcla_type?.[type] ?? type}：${offsiteText(a)}`).join('；'),
          },
        ]}
      />
      {doc.benefits.map((b) => (
        <Card
          key={b.med_types.join(',')}
          size="small"
          title={b.name}
          extra={b.med_types.map((m) => (
            <Tag key={m}>
              {m} {d.med_type?.[m] ?? ''}
            </Tag>
          ))}
        >
          <LayerTable layers={b.layers} d={d} />
          <Typography.Paragraph type="secondary" style={{ margin: '8px 0 0' }}>
            个人账户：
            {b.account
              ? b.account.covers === 'psn_part'
                ? '可支付个人负担部分'
                : '可支付个人负担中符合范围的部分'
              : '不可使用'}
          </Typography.Paragraph>
        </Card>
      ))}
    </Space>
  );
}
