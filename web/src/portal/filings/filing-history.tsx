// A filing's status history as a timeline: every step with when, who, why, and what a change changed.
import { Timeline, Typography } from 'antd';
import { chinaTime } from '../../shared/format.ts';
import type { Filing, FilingHistoryEntry } from '../api-types.ts';
import { HISTORY_STATUS_NAMES } from '../dictionaries.ts';
import { actorName } from './filing-status-tag.tsx';

const COLORS: Readonly<Record<string, string>> = {
  submitted: 'blue',
  approved: 'green',
  rejected: 'red',
  cancelled: 'gray',
  expired: 'gray',
  changed: 'blue',
};

const CHANGE_LABELS: Readonly<Record<string, string>> = { mdtrtarea_admdvs: '就医地', enddate: '结束日期' };

/** 就医地 460000 → 460100；联系方式已更新 — from a `changed` entry's `{field: [before, after]}` and contact. */
function changesText(changes: FilingHistoryEntry['changes']): string | null {
  if (!changes) return null;
  const parts = Object.entries(changes).map(([field, value]) => {
    if (field === 'contact') return '联系方式已更新';
    if (Array.isArray(value)) {
      const [before, after] = value as [string | null, string | null];
      return `${CHANGE_LABELS[field] ?? field}：${before ?? '长期'} → ${after ?? '长期'}`;
    }
    return `${CHANGE_LABELS[field] ?? field}已变更`;
  });
  return parts.length > 0 ? parts.join('；') : null;
}

export function FilingHistory({ filing }: { readonly filing: Filing }) {
  return (
    <section aria-label="状态历史">
      <Timeline
        items={filing.history.map((entry, i) => {
          const changes = changesText(entry.changes);
          return {
            key: `${entry.at}-${entry.status}-${i}`,
            color: COLORS[entry.status] ?? 'gray',
            title: chinaTime(entry.at),
            content: (
              <>
                <Typography.Text strong>{HISTORY_STATUS_NAMES[entry.status] ?? entry.status}</Typography.Text>
                <Typography.Text type="secondary"> · {actorName(entry.actor, filing.psn_no)}</Typography.Text>
                {entry.reason && <div>原因：{entry.reason}</div>}
                {changes && <div>{changes}</div>}
              </>
            ),
          };
        })}
      />
    </section>
  );
}
