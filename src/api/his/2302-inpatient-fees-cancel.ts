// 2302 住院费用明细撤销: data[] of {feedetl_sn, mdtrt_id, psn_no}; feedetl_sn 0000 withdraws every unsettled line.
import { fieldError } from './envelope.ts';
import { type HisTransaction, inputText } from './transaction.ts';

const ALL = '0000';

export const inpatientFeesCancel: HisTransaction = {
  infno: '2302',
  name: '住院费用明细撤销',
  needsSignIn: true,
  async handle({ request, node, institution }) {
    // The national table has data[] (one row per line); a single object is accepted too.
    const raw = request.input.data;
    const rows = (Array.isArray(raw) ? raw : [raw]) as unknown[];
    if (rows.length === 0 || rows.some((r) => typeof r !== 'object' || r === null || Array.isArray(r)))
      throw fieldError('input.data', '必填，应为费用明细撤销信息的JSON数组');
    const byVisit = new Map<string, { psn: string; serials: string[] | undefined }>();
    (rows as Record<string, unknown>[]).forEach((row, i) => {
      const path = `input.data[${i}]`;
      const mdtrtId = inputText(row, path, 'mdtrt_id', true);
      const serial = inputText(row, path, 'feedetl_sn', true);
      const psnNo = inputText(row, path, 'psn_no', true);
      const entry = byVisit.get(mdtrtId) ?? { psn: psnNo, serials: [] };
      if (serial === ALL) entry.serials = undefined;
      else entry.serials?.push(serial);
      byVisit.set(mdtrtId, entry);
    });
    let withdrawn = 0;
    for (const [mdtrtId, { psn, serials }] of byVisit)
      withdrawn += await node.treatment.withdrawFees(institution, mdtrtId, psn, serials ? { serials } : {});
    return { withdrawn };
  },
};
