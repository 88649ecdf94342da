// 1101 人员信息获取: by e-voucher token (01), ID number (02) or social security card + card_sn (03), from the insured province.
import { BusError } from '../../bus/port.ts';
import { isFilingValidFor } from '../../core/filing/validity.ts';
import { fenToYuan } from '../../core/money.ts';
import { ageOn, chinaDateOf } from '../../core/time.ts';
import type { PersonQuery } from '../../node/person-lookup.ts';
import { REMOTE_FIELDS, Refusal } from '../../node/refusal.ts';
import { fieldError, HisError } from './envelope.ts';
import { type HisTransaction, inputNode, inputText } from './transaction.ts';

const CREDENTIAL: Record<string, PersonQuery['kind']> = { '01': 'ectoken', '02': 'certno', '03': 'card_no' };

/**
 * A failed lookup as the HIS reads it: the insured node's own refusal (an expired e-voucher) as itself, naming its
 * field; silence or a fault there is retryable under the same msgid, since 1101 changes nothing.
 */
function lookupFailure(error: unknown): Refusal | HisError {
  if (!(error instanceof BusError)) throw error;
  const code = error.code === 'remote' ? error.remoteCode : undefined;
  if (code && code !== 'internal' && code in REMOTE_FIELDS)
    return new Refusal(REMOTE_FIELDS[code] ?? null, error.message);
  if (code === 'internal')
    return new HisError(`参保地处理出错，请稍后使用相同msgid重试（${error.message}）`, true);
  return new HisError('参保地未在规定时间内响应，请稍后使用相同msgid重试', true);
}

export const personInfo: HisTransaction = {
  infno: '1101',
  name: '人员信息获取',
  needsSignIn: true,
  async handle({ request, platform, now }) {
    const data = inputNode(request, 'data');
    const certType = inputText(data, 'input.data', 'mdtrt_cert_type', true);
    const kind = CREDENTIAL[certType];
    if (!kind)
      throw fieldError(
        'input.data.mdtrt_cert_type',
        '应为01（医保电子凭证）、02（居民身份证）或03（社会保障卡）',
      );
    const value = inputText(data, 'input.data', 'mdtrt_cert_no', true);
    const cardSn = inputText(data, 'input.data', 'card_sn', certType === '03');
    let found: Awaited<ReturnType<typeof platform.hub.locatePerson>>;
    try {
      found = await platform.hub.locatePerson(
        // The edge's clock: an e-voucher is judged live or expired as of this message (tests fix it).
        { kind, value, card_sn: cardSn ?? null, at: now.toISOString() },
        request.insuplc_admdvs,
      );
    } catch (error) {
      throw lookupFailure(error);
    }
    if (!found) throw fieldError('input.data.mdtrt_cert_no', '未查询到参保人员信息');
    const [first] = found.persons;
    const day = inputText(data, 'input.data', 'begntime')?.slice(0, 10) ?? chinaDateOf(now.getTime());
    return {
      baseinfo: {
        psn_no: first!.psn_no,
        psn_cert_type: first!.psn_cert_type,
        certno: first!.certno,
        psn_name: first!.psn_name,
        gend: first!.gend,
        naty: first!.naty,
        brdy: first!.brdy,
        age: ageOn(first!.brdy, day),
      },
      insuinfo: found.persons.map((p) => ({
        balc: fenToYuan(p.acct_balc_fen),
        insutype: p.insutype,
        psn_type: p.psn_type,
        psn_insu_stas: p.psn_insu_stas,
        psn_insu_date: p.psn_insu_date,
        paus_insu_date: null,
        cvlserv_flag: p.cvlserv_flag,
        insuplc_admdvs: p.insuplc_admdvs,
        emp_name: p.emp_name ?? null,
      })),
      idetinfo:
        first!.idet?.map((i) => ({
          psn_idet_type: i.psn_idet_type,
          psn_type_lv: null,
          memo: null,
          begntime: i.begntime,
          endtime: i.endtime,
        })) ?? [],
      // Extension (his.md): the off-site filings valid here on the day, so the hospital knows the patient may settle directly.
      dclainfo: found.filings
        .filter((f) => isFilingValidFor(f, request.mdtrtarea_admvs, day))
        .map((f) => ({
          trt_dcla_detl_sn: f.trt_dcla_detl_sn,
          insutype: f.insutype,
          dcla_type: f.dcla_type,
          mdtrtarea_admdvs: f.mdtrtarea_admdvs,
          begndate: f.begndate,
          enddate: f.enddate,
        })),
    };
  },
};
