// 1201 医药机构信息获取: the national directory of networked institutions, by code, type or part of the name.
import { type HisTransaction, inputNode, inputText } from './transaction.ts';

/** At most this many institutions per answer; a HIS narrows by name or code. */
export const MAX_INSTITUTIONS = 100;

export const institutionInfo: HisTransaction = {
  infno: '1201',
  name: '医药机构信息获取',
  needsSignIn: true,
  async handle({ request, platform }) {
    const data = inputNode(request, 'medinsinfo');
    const rows = await platform.hub.searchInstitutions(
      {
        code: inputText(data, 'input.medinsinfo', 'fixmedins_code'),
        type: inputText(data, 'input.medinsinfo', 'fixmedins_type'),
        name: inputText(data, 'input.medinsinfo', 'fixmedins_name'),
      },
      MAX_INSTITUTIONS,
    );
    return { medinsinfo: rows.map((r) => ({ ...r, uscc: null })) };
  },
};
