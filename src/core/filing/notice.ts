// The texts an applicant reads and signs: the 备案告知书 (notice) and the 个人承诺书 (commitment), by version.

export interface FilingTexts {
  readonly notice_version: string;
  readonly notice: string;
  readonly commitment_version: string;
  readonly commitment: string;
}

const NOTICES: Readonly<Record<string, string>> = {
  'GJ-2024-01': [
    '跨省异地就医备案告知书',
    '一、备案后，您在备案就医地所有跨省联网定点医药机构就医，可直接结算医疗费用；就医地目录决定费用是否属于医保支付范围，参保地政策决定起付线、支付比例和最高支付限额。',
    '二、异地长期居住人员（异地安置退休、异地长期居住、常驻异地工作）备案长期有效；参保地设定变更或取消等待期的，自备案之日起不超过6个月内不能变更或取消。备案后回参保地就医，按参保地规定享受待遇。',
    '三、临时外出就医人员（异地转诊、急诊抢救、其他临时外出）备案有效期原则上不少于6个月，有效期内可在就医地多次就医并直接结算；参保地可适当降低支付比例（转诊、急诊抢救原则上不超过10个百分点，其他临时外出原则上不超过20个百分点）。',
    '四、已入院未备案的，可在出院结算前补办备案，补办后可直接结算；急诊抢救视同已备案。出院时已全额垫付的，可按参保地规定申请手工报销。',
    '五、就医时请主动告知医院异地参保身份，出示医保电子凭证、社会保障卡或有效身份证件。',
    '六、以个人承诺代替证明材料的，参保地可事后核查；承诺不实的，按参保地规定处理，并承担相应责任。',
  ].join('\n'),
};

const COMMITMENTS: Readonly<Record<string, string>> = {
  'GJ-CN-2024-01': [
    '跨省异地就医备案个人承诺书',
    '本人承诺：所填报的参保信息、备案类别、就医地及联系方式真实、准确；本人符合所申请备案类别的条件（在就医地长期居住、工作或异地安置）。',
    '本人知晓参保地可对承诺事项进行核查；如承诺不实，愿承担由此产生的医保基金追回等责任。',
  ].join('\n'),
};

/** The texts of the given versions; undefined when a region names a version this platform does not hold. */
export function filingTexts(noticeVersion: string, commitmentVersion: string): FilingTexts | undefined {
  const notice = NOTICES[noticeVersion];
  const commitment = COMMITMENTS[commitmentVersion];
  return notice && commitment
    ? { notice_version: noticeVersion, notice, commitment_version: commitmentVersion, commitment }
    : undefined;
}
