// 1901 字典表查询: the national dictionaries Yidi knows, by field name (e.g. med_type, insutype, dcla_type).
import { DICTIONARIES } from '../../core/dictionaries.ts';
import { fieldError } from './envelope.ts';
import { type HisTransaction, inputNode, inputText } from './transaction.ts';

export const dictionary: HisTransaction = {
  infno: '1901',
  name: '字典表查询',
  needsSignIn: true,
  async handle({ request }) {
    const data = inputNode(request, 'data');
    const type = inputText(data, 'input.data', 'type', true);
    const entries = (DICTIONARIES as Record<string, Record<string, string>>)[type];
    if (!entries)
      throw fieldError(
        'input.data.type',
        `不支持的字典类型${type}（支持：${Object.keys(DICTIONARIES).join('、')}）`,
      );
    return {
      list: Object.entries(entries).map(([value, label], sort) => ({
        type,
        label,
        value,
        parent_value: null,
        sort: sort + 1,
        vali_flag: '1',
      })),
    };
  },
};
