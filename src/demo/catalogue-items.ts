// Name parts of the demo catalogue's service items (医疗服务项目), consumables (医用耗材) and decoction pieces (中药饮片).
import type { CatalogueRow } from '../core/dataset/schema.ts';
import { words } from './words.ts';

/** A group of service items sharing a 医疗收费项目类别, a code section and a price range in yuan. */
export interface ServiceGroup {
  readonly chrgitmType: CatalogueRow['med_chrgitm_type'];
  /** First 4 digits of the 15-digit code after `00` (chapter + section), e.g. 2703 for CT. */
  readonly section: string;
  readonly price: readonly [number, number];
  readonly names: readonly string[];
}

const IMAGING_PARTS = words(`
  头颅 胸部 上腹部 下腹部 盆腔 颈部 颈椎 胸椎 腰椎 膝关节 髋关节 肩关节 踝关节 鼻窦
  眼眶 心脏 乳腺 甲状腺 肝胆胰脾 泌尿系 前列腺 子宫附件 四肢血管 颈部血管
`);
const LAB_TESTS = words(`
  血常规 尿常规 粪便常规 肝功能 肾功能 血脂四项 空腹血糖测定 糖化血红蛋白测定 电解质
  心肌酶谱 肌钙蛋白T测定 B型钠尿肽测定 D-二聚体测定 凝血四项 C反应蛋白测定 降钙素原测定
  血沉 乙肝两对半 丙型肝炎抗体测定 梅毒螺旋体抗体测定 人类免疫缺陷病毒抗体测定 甲状腺功能五项
  甲胎蛋白测定 癌胚抗原测定 前列腺特异性抗原测定 糖类抗原125测定 糖类抗原19-9测定
  血型鉴定 交叉配血 尿微量白蛋白测定 血氨测定 血乳酸测定 动脉血气分析 血培养 痰培养 尿培养
  药物敏感试验 甲型流感病毒抗原检测 幽门螺杆菌尿素呼气试验 同型半胱氨酸测定 维生素D测定
  铁蛋白测定 叶酸测定 胰岛素测定 C肽测定 皮质醇测定 性激素六项 人绒毛膜促性腺激素测定
  抗核抗体测定 类风湿因子测定 抗链球菌溶血素O测定 免疫球蛋白定量 补体C3测定 淀粉酶测定
  脂肪酶测定 尿酸测定 肌酐测定 尿素测定 胱抑素C测定 总胆红素测定 白蛋白测定
  丙氨酸氨基转移酶测定 天门冬氨酸氨基转移酶测定 碱性磷酸酶测定 γ-谷氨酰基转移酶测定 钾测定
  钠测定 钙测定 镁测定 呼吸道病原体核酸检测
`);
const LAB_METHODS: readonly string[] = ['', '(化学发光法)', '(酶联免疫法)', '(干化学法)', '(胶体金法)'];

const SURGERIES = words(`
  阑尾切除术 胆囊切除术 腹股沟疝修补术 胃大部切除术 结肠癌根治术 直肠癌根治术 肝部分切除术
  脾切除术 肾切除术 子宫切除术 子宫肌瘤剔除术 卵巢囊肿剥除术 甲状腺次全切除术 甲状腺癌根治术
  乳腺癌改良根治术 乳腺肿物切除术 肺叶切除术 食管癌根治术 冠状动脉旁路移植术 心脏瓣膜置换术
  永久心脏起搏器置入术 心内电生理检查及射频消融术 颅内血肿清除术 脑动脉瘤夹闭术
  腰椎间盘髓核摘除术 颈椎前路减压融合术 人工全髋关节置换术 人工全膝关节置换术
  股骨颈骨折内固定术 胫腓骨骨折切开复位内固定术 桡骨远端骨折切开复位内固定术
  膝关节镜下半月板修整术 前交叉韧带重建术 白内障超声乳化摘除术 人工晶体植入术 玻璃体切割术
  青光眼小梁切除术 鼻内镜鼻窦手术 扁桃体切除术 声带息肉切除术 经尿道前列腺电切术
  经皮肾镜碎石取石术 输尿管镜碎石取石术 膀胱肿瘤电切术 剖宫产术 宫腔镜下子宫内膜息肉切除术
  包皮环切术 痔切除术 肛瘘切除术 大隐静脉高位结扎剥脱术 下肢动脉支架置入术
  主动脉覆膜支架腔内隔绝术 经皮冠状动脉腔内成形术 冠状动脉内超声检查 经导管动脉化疗栓塞术
  经皮椎体成形术 清创术 皮肤肿物切除术 脂肪瘤切除术 体表脓肿切开引流术 内镜下黏膜切除术
  内镜下逆行胰胆管造影术
`);
// The first twelve surgeries are also done laparoscopically (腹腔镜下…).
const LAPAROSCOPIC_COUNT = 12;

export const SERVICE_GROUPS: readonly ServiceGroup[] = [
  {
    chrgitmType: '13',
    section: '1101',
    price: [1, 50],
    names: ['普通门诊挂号费', '专家门诊挂号费', '急诊挂号费'],
  },
  {
    chrgitmType: '01',
    section: '1102',
    price: [20, 300],
    names: words(`
      床位费(单人间) 床位费(双人间) 床位费(多人间) 重症监护病房床位费 层流洁净病房床位费
      急诊观察床位费 新生儿暖箱床位费 隔离病房床位费 家庭病床建床费
    `),
  },
  {
    chrgitmType: '02',
    section: '1103',
    price: [5, 100],
    names: words(`
      普通门诊诊察费 副主任医师门诊诊察费 主任医师门诊诊察费 知名专家门诊诊察费 急诊诊察费
      住院诊察费 院内会诊费 院外会诊费 远程会诊费 中医辨证论治费 药学门诊诊察费
    `),
  },
  { chrgitmType: '12', section: '1104', price: [8, 15], names: ['一般诊疗费', '一般诊疗费(村卫生室)'] },
  {
    chrgitmType: '07',
    section: '1201',
    price: [10, 300],
    names: words(`
      特级护理 一级护理 二级护理 三级护理 重症监护 新生儿护理 新生儿特殊护理 精神病护理
      气管切开护理 造口护理 压疮护理 静脉置管护理 PICC置管护理
    `),
  },
  {
    chrgitmType: '03',
    section: '2101',
    price: [40, 300],
    names: IMAGING_PARTS.map((p) => `${p}数字化X线摄影`),
  },
  {
    chrgitmType: '03',
    section: '2201',
    price: [60, 400],
    names: IMAGING_PARTS.map((p) => `${p}彩色多普勒超声检查`),
  },
  {
    chrgitmType: '03',
    section: '2703',
    price: [120, 800],
    names: IMAGING_PARTS.flatMap((p) => [`${p}CT平扫`, `${p}CT增强扫描`]),
  },
  {
    chrgitmType: '03',
    section: '2704',
    price: [300, 1500],
    names: IMAGING_PARTS.flatMap((p) => [`${p}磁共振平扫`, `${p}磁共振增强扫描`]),
  },
  {
    chrgitmType: '03',
    section: '2301',
    price: [10, 8000],
    names: words(`
      常规心电图检查 动态心电图 动态血压监测 经食管超声心动图 脑电图 肌电图 肺功能检查
      电子胃镜检查 电子结肠镜检查 支气管镜检查 膀胱镜检查 宫腔镜检查 骨密度测定 眼底照相
      眼压测量 视野检查 纯音测听 睡眠呼吸监测 冠状动脉造影术 全身骨显像 PET/CT检查
    `),
  },
  {
    chrgitmType: '04',
    section: '2501',
    price: [3, 300],
    names: LAB_TESTS.flatMap((t, i) => [
      t + LAB_METHODS[0]!,
      ...(i % 2 === 0 ? [t + LAB_METHODS[1 + (i % 4)]!] : []),
    ]),
  },
  {
    chrgitmType: '05',
    section: '3101',
    price: [5, 3000],
    names: words(`
      静脉输液 静脉注射 肌肉注射 皮下注射 静脉采血 雾化吸入 氧气吸入 大换药 中换药 小换药
      清创缝合 导尿 留置导尿 胃肠减压 灌肠 鼻饲 吸痰护理 心电监护 血氧饱和度监测 无创辅助通气
      有创呼吸机辅助呼吸 心肺复苏术 电除颤 血液透析 血液透析滤过 腹膜透析 连续性血液净化
      血浆置换 高压氧治疗 体外冲击波碎石 普通针刺 电针 艾灸 拔罐 推拿治疗 中药熏洗 穴位贴敷
      运动疗法 作业疗法 言语训练 吞咽功能障碍训练 红外线治疗 超短波治疗 中频脉冲电治疗 颈椎牵引
      腰椎牵引 石膏固定 夹板外固定 关节腔注射 神经阻滞麻醉 全身麻醉 椎管内麻醉 术后镇痛
      普通放射治疗 调强放射治疗 立体定向放射治疗 静脉化疗药物配置 输血 新生儿光疗 心理咨询
      胰岛素泵持续皮下注射 骨髓穿刺术 腰椎穿刺术 胸腔穿刺术 腹腔穿刺术 经皮肝穿刺活检术
    `),
  },
  {
    chrgitmType: '06',
    section: '3301',
    price: [300, 25000],
    names: [...SURGERIES, ...SURGERIES.slice(0, LAPAROSCOPIC_COUNT).map((s) => `腹腔镜下${s}`)],
  },
];

/** Consumables: a name and whether it is an expensive implant or device (高值耗材). */
export const CONSUMABLES: readonly (readonly [string, boolean])[] = [
  ...words(`
    一次性使用输液器 一次性使用无菌注射器 一次性使用静脉留置针 一次性使用采血针
    一次性使用真空采血管 一次性使用导尿包 一次性使用吸痰管 一次性使用胃管 一次性使用气管插管
    一次性使用无菌手术刀片 医用外科口罩 医用防护口罩 一次性使用灭菌橡胶外科手套 医用脱脂纱布
    医用绷带 医用透明敷料 藻酸盐敷料 泡沫敷料 水胶体敷料 医用胶带 可吸收性外科缝线
    不可吸收外科缝线 止血夹 可吸收止血纱布 一次性使用呼吸回路 湿化器 雾化器 氧气面罩 鼻氧管
    一次性使用引流袋 负压引流装置 胸腔闭式引流瓶 一次性使用肛门镜 一次性使用阴道扩张器
    导尿管(双腔) 导尿管(三腔) 胰岛素笔用针头 血糖试纸 一次性使用冲洗器 医用冰袋 石膏绷带
    高分子夹板 颈托 腰围 一次性使用内镜活检钳 圈套器 钛夹 电凝电极 血液透析管路 透析用穿刺针
  `).map((name) => [name, false] as const),
  ...words(`
    一次性使用中心静脉导管包 经外周置入中心静脉导管 皮肤吻合器 一次性使用腔镜直线切割吻合器
    一次性使用圆形吻合器 冠状动脉药物洗脱支架 冠状动脉球囊扩张导管 PTCA导丝 指引导管
    造影导管 血管鞘 外周血管支架 主动脉覆膜支架 心脏起搏器 起搏电极导线 人工心脏瓣膜
    人工髋关节假体 人工膝关节假体 骨科接骨板 骨科螺钉 髓内钉 椎弓根螺钉系统 椎间融合器
    人工晶状体 眼科粘弹剂 玻璃体切割头 血液透析器 连续性血液净化管路 输尿管支架 疝修补片
    补片固定器 一次性使用腹腔镜穿刺器 超声刀头
  `).map((name) => [name, true] as const),
];

/** 中药饮片 and the processed forms they are also sold in; expensive tonics are 丙类 in most provinces. */
export const HERBS: readonly string[] = words(`
  黄芪 当归 党参 白术 茯苓 甘草 川芎 白芍 熟地黄 生地黄 枸杞子 山药 山茱萸 牡丹皮
  泽泻 陈皮 半夏 黄连 黄芩 黄柏 金银花 连翘 板蓝根 柴胡 葛根 桂枝 麻黄 苦杏仁 桔梗
  薄荷 菊花 防风 羌活 独活 丹参 红花 桃仁 赤芍 三七 牛膝 杜仲 续断 桑寄生 何首乌
  麦冬 天冬 北沙参 玉竹 百合 五味子 酸枣仁 远志 石菖蒲 天麻 钩藤 地龙 全蝎 蜈蚣 僵蚕
  砂仁 木香 香附 枳壳 厚朴 苍术 广藿香 佩兰 薏苡仁 车前子 茵陈 大黄 火麻仁 鸡内金
  山楂 六神曲 麦芽 乌梅 诃子 莲子 芡实 附子 干姜 肉桂 吴茱萸 细辛 白芷 蒲公英 鱼腥草
  夏枯草 淫羊藿 巴戟天 菟丝子 女贞子 墨旱莲
`);
export const PRECIOUS_HERBS: readonly string[] = words(`
  阿胶 鹿茸 西洋参 冬虫夏草 人参 灵芝 蛤蚧
`);
/** 炮制: 炙甘草, 炒白术, 酒当归, 醋香附, 盐杜仲. */
export const HERB_PROCESSING: readonly string[] = ['炙', '炒', '酒', '醋', '盐', '焦'];
