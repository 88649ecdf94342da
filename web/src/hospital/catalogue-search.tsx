// Finding an item for the bill in the treatment province's catalogue (1312): by exact code, or by part of its name.
import { Alert, Button, Input, Space, Table } from 'antd';
import { useState } from 'react';
import { type CatalogueItem, catalogueOf, itemsByCode, looksLikeCode, matchName } from './catalogue.ts';
import { HisFailure, type HisSession } from './his-session.ts';
import { coded } from './labels.ts';
import { hisNow } from './money.ts';

const MAX_SHOWN = 50;

export function CatalogueSearch({
  session,
  onAdd,
}: {
  readonly session: HisSession;
  readonly onAdd: (item: CatalogueItem) => void;
}) {
  const [text, setText] = useState('');
  const [found, setFound] = useState<CatalogueItem[]>();
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);

  const search = async () => {
    const wanted = text.trim();
    if (!wanted) return;
    setBusy(true);
    setError(undefined);
    const day = hisNow().slice(0, 10);
    try {
      setFound(
        looksLikeCode(wanted)
          ? await itemsByCode(session, wanted, day)
          : matchName(await catalogueOf(session, day), wanted),
      );
    } catch (e) {
      setError(e instanceof HisFailure ? `1312：${e.errMsg}` : String(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Space.Compact style={{ maxWidth: 520, width: '100%' }}>
        <Input
          aria-label="目录编码或名称"
          placeholder="医保目录编码（精确）或名称的一部分"
          value={text}
          onChange={(e) => setText(e.target.value)}
          onPressEnter={() => void search()}
        />
        <Button loading={busy} onClick={() => void search()}>
          查目录（1312）
        </Button>
      </Space.Compact>
      {error ? <Alert type="error" showIcon title={error} /> : null}
      {found ? (
        <Table<CatalogueItem>
          aria-label="目录查询结果"
          size="small"
          rowKey={(i) => `${i.hilist_code}-${i.begndate}`}
          dataSource={found.slice(0, MAX_SHOWN)}
          pagination={false}
          locale={{ emptyText: '目录中没有符合的项目（未列入目录的项目按全自费）' }}
          columns={[
            { title: '医保目录编码', dataIndex: 'hilist_code' },
            { title: '名称', dataIndex: 'hilist_name' },
            { title: '等级', dataIndex: 'chrgitm_lv', render: (v: string) => coded('chrgitm_lv', v) },
            {
              title: '类别',
              dataIndex: 'med_chrgitm_type',
              render: (v: string) => coded('med_chrgitm_type', v),
            },
            {
              title: '限制使用',
              dataIndex: 'lmt_used_flag',
              render: (v: string) => (v === '1' ? '是' : '否'),
            },
            {
              title: '操作',
              key: 'add',
              render: (_: unknown, item) => (
                <Button size="small" aria-label={`添加 ${item.hilist_name}`} onClick={() => onAdd(item)}>
                  添加
                </Button>
              ),
            },
          ]}
        />
      ) : null}
    </Space>
  );
}
