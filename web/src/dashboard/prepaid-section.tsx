// 全国监测 · 预付金: every province's prepaid fund (GET /api/public/prepaid) with its usage and warning level,
// refreshed with the rest of the dashboard.
import { Alert, Card, Empty, Skeleton, Table, Tag } from 'antd';
import { useEffect, useState } from 'react';
import { LEVELS, type PrepaidJson, UsageBar } from '../console/prepaid-screen.tsx';
import { getJson } from '../shared/api.ts';
import { yuan } from '../shared/format.ts';
import { REFRESH_MS } from './use-live-stats.ts';

export function PrepaidSection({
  names,
  live,
}: {
  /** Province names by code (from the dashboard's statistics), the code until they arrive. */
  readonly names: Readonly<Record<string, string>>;
  readonly live: boolean;
}) {
  const [rows, setRows] = useState<readonly PrepaidJson[]>();
  const [error, setError] = useState<string>();
  useEffect(() => {
    let alive = true;
    const load = () =>
      getJson<{ provinces: PrepaidJson[] }>('/api/public/prepaid').then(
        (answer) => {
          if (!alive) return;
          setRows(answer.provinces);
          setError(undefined);
        },
        (e: unknown) => alive && setError(e instanceof Error ? e.message : '读取失败'),
      );
    void load();
    const timer = live ? setInterval(load, REFRESH_MS) : undefined;
    return () => {
      alive = false;
      if (timer) clearInterval(timer);
    };
  }, [live]);

  return (
    <Card
      size="small"
      title={<h2 style={{ margin: 0, fontSize: 16 }}>预付金（使用率 ≥70% 黄色、≥90% 红色预警）</h2>}
    >
      {error && (
        <Alert type="error" showIcon title={`预付金读取失败：${error}`} style={{ marginBottom: 12 }} />
      )}
      {rows === undefined && !error ? (
        <Skeleton active />
      ) : !rows || rows.length === 0 ? (
        <Empty description="尚无省份缴存预付金或参与清算" />
      ) : (
        <Table<PrepaidJson>
          size="small"
          rowKey="province"
          pagination={false}
          dataSource={[...rows]}
          data-testid="prepaid-table"
          columns={[
            { title: '省份', key: 'province', render: (_, r) => names[r.province] ?? r.province },
            { title: '余额', key: 'balance', align: 'right', render: (_, r) => yuan(r.balance) },
            { title: '应缴额度', key: 'required', align: 'right', render: (_, r) => yuan(r.required) },
            { title: '应付', key: 'owed', align: 'right', render: (_, r) => yuan(r.owed) },
            {
              title: '使用率',
              key: 'usage',
              width: 220,
              render: (_, r) => (
                <UsageBar
                  usage={r.usage}
                  level={r.level}
                  label={`${names[r.province] ?? r.province}预付金使用率`}
                />
              ),
            },
            {
              title: '预警',
              key: 'level',
              render: (_, r) => <Tag color={LEVELS[r.level].tag}>{LEVELS[r.level].label}</Tag>,
            },
          ]}
        />
      )}
    </Card>
  );
}
