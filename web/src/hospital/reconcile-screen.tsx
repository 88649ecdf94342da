// 对账: the day's totals from the workstation's own books (each record read back with 5203 first), stated to the
// node with 3201 对总账; the answer is 平, or which total differs and by how much.
import { Alert, Button, Card, Form, Input, Select, Space, Table, Tag } from 'antd';
import { useState } from 'react';
import { yuan } from '../shared/format.ts';
import { HisError } from './his-error.tsx';
import { HisFailure, type HisSession, type Institution } from './his-session.ts';
import { type JournalEntry, readJournal, recordSettlement } from './journal.ts';
import { coded } from './labels.ts';
import { hisNow, sumFen, yuanText } from './money.ts';
import type { Settlement } from './national.ts';
import { useHisCall } from './use-his-call.ts';

interface Scope {
  day: string;
  insutype: string;
  clr_type: string;
  refd_setl_flag: '' | '0' | '1';
}

/** What 3201 states: settlements count +1, cancel records −1 when both kinds are covered (they net to zero). */
function totalsOf(entries: readonly JournalEntry[], flag: Scope['refd_setl_flag']) {
  const covered = entries.filter((e) => flag === '' || e.refd_setl_flag === flag);
  const count = covered.reduce((n, e) => n + (flag === '' && e.refd_setl_flag === '1' ? -1 : 1), 0);
  return {
    medfee_sumamt: yuanText(sumFen(covered.map((e) => e.medfee_sumamt))),
    fund_pay_sumamt: yuanText(sumFen(covered.map((e) => e.fund_pay_sumamt))),
    acct_pay: yuanText(sumFen(covered.map((e) => e.acct_pay))),
    fixmedins_setl_cnt: String(count),
    covered,
  };
}

export function ReconcileScreen({
  session,
  institution,
}: {
  readonly session: HisSession;
  readonly institution: Institution;
}) {
  const [scope, setScope] = useState<Scope>({
    day: hisNow().slice(0, 10),
    insutype: '310',
    clr_type: '21',
    refd_setl_flag: '',
  });
  const [journal, setJournal] = useState(() => readJournal(institution.fixmedins_code));
  const [checkError, setCheckError] = useState<string>();
  const [checking, setChecking] = useState(false);
  const [result, setResult] = useState<{ stmt_rslt: string; stmt_rslt_dscr: string }>();
  const reconcile = useHisCall(session);

  const ofDay = journal.filter(
    (e) =>
      e.setl_time.startsWith(scope.day) && e.insutype === scope.insutype && e.clr_type === scope.clr_type,
  );
  const totals = totalsOf(ofDay, scope.refd_setl_flag);

  // 5203 reads each record as the node answered it: the books state what the node said, not what the screen kept.
  const checkAll = async () => {
    setChecking(true);
    setCheckError(undefined);
    try {
      for (const entry of ofDay) {
        const answer = (await session.call('5203', {
          data: { psn_no: entry.psn_no, setl_id: entry.setl_id, mdtrt_id: entry.mdtrt_id },
        })) as Settlement;
        const s = answer.setlinfo;
        recordSettlement(institution.fixmedins_code, {
          ...entry,
          medfee_sumamt: s.medfee_sumamt,
          fund_pay_sumamt: s.fund_pay_sumamt,
          acct_pay: s.acct_pay,
          psn_cash_pay: s.psn_cash_pay,
          checked_at: hisNow(),
        });
      }
    } catch (e) {
      setCheckError(e instanceof HisFailure ? `5203：${e.errMsg}` : String(e));
    } finally {
      setJournal(readJournal(institution.fixmedins_code));
      setChecking(false);
    }
  };

  const send = () =>
    reconcile.send(
      '3201',
      {
        data: {
          insutype: scope.insutype,
          clr_type: scope.clr_type,
          setl_optins: institution.pooling_admdvs,
          stmt_begndate: scope.day,
          stmt_enddate: scope.day,
          medfee_sumamt: totals.medfee_sumamt,
          fund_pay_sumamt: totals.fund_pay_sumamt,
          acct_pay: totals.acct_pay,
          fixmedins_setl_cnt: totals.fixmedins_setl_cnt,
          ...(scope.refd_setl_flag ? { refd_setl_flag: scope.refd_setl_flag } : {}),
        },
      },
      (output: { stmtinfo: { stmt_rslt: string; stmt_rslt_dscr: string } }) => setResult(output.stmtinfo),
    );

  return (
    <Card size="small" title="对账（3201 对总账）">
      <Form
        layout="inline"
        name="reconcile"
        initialValues={scope}
        onValuesChange={(_, all: Scope) => {
          setScope(all);
          setResult(undefined);
        }}
      >
        <Space wrap>
          <Form.Item
            label="对账日期"
            name="day"
            rules={[{ pattern: /^\d{4}-\d{2}-\d{2}$/, message: 'yyyy-MM-dd' }]}
          >
            <Input style={{ width: 130 }} />
          </Form.Item>
          <Form.Item label="险种" name="insutype">
            <Select
              style={{ width: 220 }}
              options={['310', '390', '320', '330', '340'].map((v) => ({
                value: v,
                label: coded('insutype', v),
              }))}
            />
          </Form.Item>
          <Form.Item label="清算类别" name="clr_type">
            <Select
              style={{ width: 140 }}
              options={['21', '11', '41'].map((v) => ({ value: v, label: coded('clr_type', v) }))}
            />
          </Form.Item>
          <Form.Item label="范围" name="refd_setl_flag">
            <Select
              style={{ width: 200 }}
              options={[
                { value: '', label: '结算与退费（净额）' },
                { value: '0', label: '0 仅结算' },
                { value: '1', label: '1 仅退费结算' },
              ]}
            />
          </Form.Item>
        </Space>
      </Form>
      <Table<JournalEntry>
        aria-label="本机构结算记录"
        style={{ marginTop: 12 }}
        size="small"
        rowKey="setl_id"
        pagination={false}
        dataSource={ofDay}
        locale={{ emptyText: '本工作站当日没有这一险种和清算类别的结算记录' }}
        columns={[
          { title: '结算ID', dataIndex: 'setl_id' },
          { title: '姓名', dataIndex: 'psn_name' },
          {
            title: '类型',
            dataIndex: 'refd_setl_flag',
            render: (f: string) => (f === '1' ? <Tag color="red">退费结算</Tag> : <Tag>结算</Tag>),
          },
          { title: '结算时间', dataIndex: 'setl_time' },
          { title: '医疗费总额', dataIndex: 'medfee_sumamt', align: 'right', render: (v: number) => yuan(v) },
          { title: '基金支付', dataIndex: 'fund_pay_sumamt', align: 'right', render: (v: number) => yuan(v) },
          { title: '个人账户', dataIndex: 'acct_pay', align: 'right', render: (v: number) => yuan(v) },
          { title: '5203 核对', dataIndex: 'checked_at', render: (v?: string) => v ?? '未核对' },
        ]}
      />
      <Space wrap style={{ marginTop: 12 }}>
        <Button disabled={ofDay.length === 0} loading={checking} onClick={() => void checkAll()}>
          逐笔查询核对（5203）
        </Button>
        <span>
          本机构合计：医疗费 {yuan(totals.medfee_sumamt)}，基金 {yuan(totals.fund_pay_sumamt)}，个人账户{' '}
          {yuan(totals.acct_pay)}，笔数 {totals.fixmedins_setl_cnt}；结算经办机构 {institution.pooling_admdvs}
        </span>
        <Button type="primary" loading={reconcile.busy} onClick={() => void send()}>
          对总账（3201）
        </Button>
      </Space>
      {checkError ? <Alert type="error" showIcon title={checkError} style={{ marginTop: 8 }} /> : null}
      <HisError call={reconcile} />
      {result ? (
        <Alert
          role="status"
          style={{ marginTop: 12 }}
          type={result.stmt_rslt === '0' ? 'success' : 'warning'}
          showIcon
          title={result.stmt_rslt === '0' ? '对账结果：平' : '对账结果：不平'}
          description={result.stmt_rslt_dscr}
        />
      ) : null}
    </Card>
  );
}
