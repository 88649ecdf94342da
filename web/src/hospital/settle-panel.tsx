// Pre-settle, settle, print and cancel one visit (住院 2303/2304/2305) or charge batch (门诊 2206/2207/2208).
// The HIS states its own totals of the uploaded lines; the node checks them to the fen before it asks the insured side.
import { App, Button, Checkbox, Space, Tag } from 'antd';
import { useState } from 'react';
import type { BillLine } from './bill-line.ts';
import { HisError } from './his-error.tsx';
import { entryOf, recordSettlement } from './journal.ts';
import { sumFen, yuanText } from './money.ts';
import type { Settlement } from './national.ts';
import { SettlementView } from './settlement-view.tsx';
import { SlipDialog } from './slip-dialog.tsx';
import { useHisCall } from './use-his-call.ts';
import { useWorkstation } from './workstation.tsx';

export interface SettleState {
  readonly presettle?: Settlement;
  readonly settlement?: Settlement;
  /** The cancel record of `settlement`, once it is cancelled. */
  readonly cancel?: Settlement;
}

export const INPATIENT = { presettle: '2303', settle: '2304', cancel: '2305', name: '住院' } as const;
export const OUTPATIENT = { presettle: '2206', settle: '2207', cancel: '2208', name: '门诊' } as const;
type Kind = typeof INPATIENT | typeof OUTPATIENT;

/** The HIS's totals of the lines a settlement would cover: uploaded and not settled. */
export function claimedTotals(lines: readonly BillLine[]) {
  const open = lines.filter((l) => l.status === 'uploaded' && l.result);
  const total = (
    field: 'det_item_fee_sumamt' | 'fulamt_ownpay_amt' | 'overlmt_amt' | 'preselfpay_amt' | 'inscp_scp_amt',
  ) => yuanText(sumFen(open.map((l) => l.result?.[field])));
  return {
    count: open.length,
    totals: {
      medfee_sumamt: total('det_item_fee_sumamt'),
      fulamt_ownpay_amt: total('fulamt_ownpay_amt'),
      overlmt_selfpay: total('overlmt_amt'),
      preselfpay_amt: total('preselfpay_amt'),
      inscp_scp_amt: total('inscp_scp_amt'),
    },
  };
}

interface Props {
  readonly kind: Kind;
  readonly lines: readonly BillLine[];
  /** 2303/2304 (2206/2207) data without the totals and the account flag. */
  readonly data: Record<string, unknown>;
  readonly state: SettleState;
  readonly onChange: (state: SettleState, lines: BillLine[]) => void;
}

export function SettlePanel({ kind, lines, data, state, onChange }: Props) {
  const { session, institution, patient } = useWorkstation();
  const { modal } = App.useApp();
  const presettle = useHisCall(session);
  const settle = useHisCall(session);
  const cancel = useHisCall(session);
  const [useAccount, setUseAccount] = useState(false);
  const [slip, setSlip] = useState<string>();
  const place = { insuplc_admdvs: patient?.insurance.insuplc_admdvs };
  const claimed = claimedTotals(lines);
  const standing = state.settlement && !state.cancel ? state.settlement : undefined;
  const input = () => ({
    data: { ...data, ...claimed.totals, acct_used_flag: useAccount ? '1' : '0', psn_setlway: '01' },
  });
  const code = institution?.fixmedins_code ?? '';

  const sendPresettle = () =>
    presettle.send(
      kind.presettle,
      input(),
      (output: Settlement) => onChange({ ...state, presettle: output }, [...lines]),
      place,
    );

  const sendSettle = () =>
    settle.send(
      kind.settle,
      input(),
      (output: Settlement) => {
        const setlId = output.setlinfo.setl_id ?? '';
        recordSettlement(code, entryOf(output.setlinfo, '0'));
        onChange(
          { presettle: state.presettle, settlement: output },
          lines.map((l) => (l.status === 'uploaded' ? { ...l, status: 'settled', setl_id: setlId } : l)),
        );
      },
      place,
    );

  const sendCancel = (setlId: string) =>
    cancel.send(
      kind.cancel,
      { data: { mdtrt_id: data.mdtrt_id, setl_id: setlId, psn_no: data.psn_no } },
      (output: Settlement) => {
        recordSettlement(code, entryOf(output.setlinfo, '1'));
        onChange(
          { ...state, cancel: output },
          // The cancelled settlement's lines are free again: they can be settled anew (or withdrawn).
          lines.map((l) => (l.setl_id === setlId ? { ...l, status: 'uploaded', setl_id: undefined } : l)),
        );
      },
      place,
    );

  const confirmCancel = (setlId: string) =>
    modal.confirm({
      title: `撤销结算 ${setlId}？`,
      content:
        '撤销后参保地退回本次基金支付、个人账户支付和累计，生成一笔退费结算记录；费用明细恢复为未结算。',
      okText: '确定撤销',
      okButtonProps: { danger: true },
      cancelText: '取消',
      onOk: () => sendCancel(setlId),
    });

  return (
    <Space orientation="vertical" size={12} style={{ width: '100%' }}>
      <Space wrap>
        <Checkbox checked={useAccount} onChange={(e) => setUseAccount(e.target.checked)}>
          使用个人账户支付（acct_used_flag）
        </Checkbox>
        <Button disabled={claimed.count === 0} loading={presettle.busy} onClick={() => void sendPresettle()}>
          预结算（{kind.presettle}）
        </Button>
        <Button
          type="primary"
          disabled={claimed.count === 0 || standing !== undefined}
          loading={settle.busy}
          onClick={() => void sendSettle()}
        >
          结算（{kind.settle}）
        </Button>
        {standing?.setlinfo.setl_id ? (
          <>
            <Button onClick={() => setSlip(standing.setlinfo.setl_id)}>打印结算单</Button>
            <Button
              danger
              loading={cancel.busy}
              onClick={() => confirmCancel(standing.setlinfo.setl_id ?? '')}
            >
              撤销结算（{kind.cancel}）
            </Button>
          </>
        ) : null}
      </Space>
      <HisError call={presettle} />
      <HisError call={settle} />
      <HisError call={cancel} />
      {state.settlement ? (
        <SettlementView
          title={`${kind.name}结算 ${kind.settle}`}
          settlement={state.settlement}
          extra={state.cancel ? <Tag color="red">已撤销</Tag> : <Tag color="green">已结算</Tag>}
        />
      ) : null}
      {state.cancel ? (
        <SettlementView
          title={`${kind.name}结算撤销 ${kind.cancel}`}
          settlement={state.cancel}
          extra={
            <Button size="small" onClick={() => setSlip(state.cancel?.setlinfo.setl_id)}>
              退费结算单
            </Button>
          }
        />
      ) : null}
      {state.presettle ? (
        <SettlementView
          title={`${kind.name}预结算 ${kind.presettle}`}
          settlement={state.presettle}
          extra={<Tag>试算，不记账</Tag>}
        />
      ) : null}
      <SlipDialog setlId={slip} onClose={() => setSlip(undefined)} />
    </Space>
  );
}
