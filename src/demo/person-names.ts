// Chinese personal names for the demo persons: common surnames by frequency, given-name characters, Tibetan and Uyghur names.
import { cumulativePicker, type Random } from './random.ts';
import { words } from './words.ts';

// The most common surnames, roughly in order of frequency; the weight falls with the rank.
const SURNAMES: readonly string[] = [
  ...'王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤',
];
const pickSurname = cumulativePicker(SURNAMES.map((s, i) => [s, 100 / (i + 8)] as const));
const COMPOUND_SURNAMES: readonly string[] = ['欧阳', '司马', '上官', '诸葛', '东方'];

const MALE_CHARS: readonly string[] = [
  ...'伟强磊军勇杰涛明超刚平辉鹏华飞鑫波斌宇浩凯健俊帆帅旭宁龙林欣阳建国志海峰亮成晨博文涛永祥德利兵春松庆国振东亚彬',
];
const FEMALE_CHARS: readonly string[] = [
  ...'芳娜敏静丽艳娟霞秀玲桂英华燕红梅萍雪琳洁颖倩婷慧莉丹玉兰凤晶欣佳琪怡璐瑶雯蕾梦雨涵悦妍思月云琴素珍淑',
];

const TIBETAN_MALE: readonly string[] = [
  '扎西',
  '次仁',
  '旦增',
  '尼玛',
  '达瓦',
  '平措',
  '索朗',
  '普布',
  '格桑',
  '罗布',
];
const TIBETAN_MALE_SECOND: readonly string[] = [
  '多吉',
  '顿珠',
  '次仁',
  '平措',
  '旺堆',
  '罗布',
  '扎西',
  '群培',
];
const TIBETAN_FEMALE: readonly string[] = [
  '卓玛',
  '央金',
  '拉姆',
  '德吉',
  '曲珍',
  '白玛',
  '次仁',
  '格桑',
  '达瓦',
  '尼玛',
];
const TIBETAN_FEMALE_SECOND: readonly string[] = ['卓玛', '央金', '拉姆', '曲珍', '德吉', '玉珍', '措姆'];

const UYGHUR_MALE = words(`
  艾力 买买提 阿不都 艾尔肯 吐尔逊 努尔 亚森 热合曼 阿迪力 麦麦提 依明 库尔班
`);
const UYGHUR_FEMALE = words(`
  阿依古丽 古丽娜尔 热依拉 帕提古丽 米热古丽 迪丽努尔 祖丽胡玛尔 阿娜尔 努尔尼沙
`);

export type NameStyle = 'han' | 'tibetan' | 'uyghur';

/** A plausible full name for a person of the given sex and naming tradition. */
export function drawName(random: Random, male: boolean, style: NameStyle): string {
  if (style === 'tibetan') {
    const first = random.pick(male ? TIBETAN_MALE : TIBETAN_FEMALE);
    const second = random.pick(male ? TIBETAN_MALE_SECOND : TIBETAN_FEMALE_SECOND);
    return first === second ? first : `${first}${second}`;
  }
  if (style === 'uyghur') {
    // Given name · father's given name.
    return `${random.pick(male ? UYGHUR_MALE : UYGHUR_FEMALE)}·${random.pick(UYGHUR_MALE)}`;
  }
  const surname = random.chance(0.004) ? random.pick(COMPOUND_SURNAMES) : pickSurname(random);
  const chars = male ? MALE_CHARS : FEMALE_CHARS;
  const given = random.chance(0.7) ? `${random.pick(chars)}${random.pick(chars)}` : random.pick(chars);
  return `${surname}${given}`;
}
