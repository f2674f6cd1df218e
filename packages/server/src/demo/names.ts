/**
 * Vocabulary for realistic Weifang (潍坊, Shandong) demo data: surnames, given-name characters,
 * 行政区划 codes of the city's districts and counties (GB/T 2260, prefix 3707), towns, hospitals,
 * wards and donation sites. Place names are real; hospital names are typical for the city but the
 * list is demo data (beyond the named list they are generated combinations: 乡镇卫生院, private
 * hospitals) and claims nothing about real institutions' blood use.
 */

/** Common surnames in Shandong with rough relative frequency. */
export const SURNAMES: readonly (readonly [string, number])[] = [
  ['王', 110], ['张', 90], ['李', 85], ['刘', 80], ['陈', 30], ['杨', 30], ['孙', 35], ['赵', 30], ['徐', 25],
  ['马', 22], ['于', 22], ['高', 22], ['郭', 18], ['周', 14], ['吴', 12], ['朱', 14], ['胡', 10], ['林', 10],
  ['宋', 16], ['董', 14], ['韩', 14], ['曹', 12], ['田', 12], ['袁', 8], ['冯', 10], ['许', 10], ['邓', 6],
  ['石', 8], ['姜', 14], ['崔', 10], ['谭', 8], ['丁', 10], ['魏', 10], ['薛', 6], ['孟', 10], ['葛', 8],
  ['郑', 8], ['邱', 5], ['牟', 4], ['单', 4], ['秦', 6], ['尹', 6], ['范', 6], ['贾', 6], ['付', 6],
  ['侯', 6], ['庞', 4], ['隋', 4], ['綦', 2], ['臧', 3], ['管', 4], ['滕', 3], ['逄', 2], ['慕', 2], ['公孙', 1],
];

export const GIVEN_MALE = [
  '伟', '强', '磊', '军', '勇', '杰', '涛', '斌', '超', '明', '刚', '平', '辉', '鹏', '华', '飞', '鑫', '波', '宇', '浩',
  '凯', '健', '俊', '帆', '帅', '旭', '宁', '龙', '林', '建', '国', '峰', '亮', '成', '东', '海', '文', '志', '晓', '振',
  '兴', '博', '子', '轩', '泽', '睿', '家', '新', '庆', '立', '永', '春', '德', '金', '世', '学', '光', '佳', '昊', '然',
];

export const GIVEN_FEMALE = [
  '芳', '娜', '敏', '静', '丽', '艳', '娟', '霞', '燕', '玲', '婷', '雪', '慧', '莹', '倩', '琳', '颖', '晶', '洁', '红',
  '梅', '琴', '兰', '萍', '秀', '英', '华', '丹', '媛', '璐', '佳', '欣', '怡', '梦', '瑶', '雨', '涵', '悦', '晓', '春',
  '美', '玉', '凤', '云', '小', '文', '思', '诗', '彤', '宁',
];

/** Districts and counties of Weifang: 行政区划代码, name, relative population. */
export const WEIFANG_REGIONS: readonly { code: string; name: string; weight: number }[] = [
  { code: '370702', name: '潍城区', weight: 42 },
  { code: '370703', name: '寒亭区', weight: 42 },
  { code: '370704', name: '坊子区', weight: 52 },
  { code: '370705', name: '奎文区', weight: 60 },
  { code: '370724', name: '临朐县', weight: 77 },
  { code: '370725', name: '昌乐县', weight: 58 },
  { code: '370781', name: '青州市', weight: 94 },
  { code: '370782', name: '诸城市', weight: 105 },
  { code: '370783', name: '寿光市', weight: 113 },
  { code: '370784', name: '安丘市', weight: 90 },
  { code: '370785', name: '高密市', weight: 89 },
  { code: '370786', name: '昌邑市', weight: 58 },
];

/** Towns (镇) by county, for generated 乡镇卫生院. */
export const TOWNS: Readonly<Record<string, readonly string[]>> = {
  青州市: ['弥河镇', '王坟镇', '庙子镇', '邵庄镇', '高柳镇', '何官镇', '东夏镇', '谭坊镇', '黄楼街道', '云门山街道'],
  诸城市: ['枳沟镇', '贾悦镇', '石桥子镇', '相州镇', '昌城镇', '百尺河镇', '辛兴镇', '林家村镇', '皇华镇', '桃林镇'],
  寿光市: ['化龙镇', '营里镇', '台头镇', '田柳镇', '上口镇', '侯镇', '纪台镇', '稻田镇', '羊口镇', '古城街道'],
  安丘市: ['景芝镇', '凌河镇', '官庄镇', '大盛镇', '石埠子镇', '石堆镇', '柘山镇', '辉渠镇', '吾山镇', '金冢子镇'],
  高密市: ['夏庄镇', '姜庄镇', '大牟家镇', '阚家镇', '井沟镇', '柏城镇', '柴沟镇', '醴泉街道', '密水街道'],
  昌邑市: ['柳疃镇', '龙池镇', '卜庄镇', '饮马镇', '北孟镇', '下营镇', '围子街道', '都昌街道'],
  临朐县: ['冶源镇', '寺头镇', '九山镇', '五井镇', '柳山镇', '辛寨镇', '山旺镇', '东城街道'],
  昌乐县: ['乔官镇', '唐家店镇', '红河镇', '营丘镇', '鄌郚镇', '朱刘街道', '五图街道'],
  潍城区: ['望留街道', '于河街道', '乐埠山生态经济发展区', '北关街道'],
  寒亭区: ['固堤街道', '开元街道', '朱里街道', '高里街道', '双杨街道'],
  坊子区: ['九龙街道', '黄旗堡街道', '王家庄街道', '太保庄街道', '坊城街道'],
  奎文区: ['大虞街道', '梨园街道', '廿里堡街道', '北苑街道', '清池街道'],
};

/** A hospital: name, county, relative blood use, and which storage point (if any) supplies it. */
export interface HospitalSeed {
  name: string;
  nameEn?: string;
  county: string;
  weight: number;
}

/** Named hospitals, largest users first. The first is the demo hospital user's hospital. */
export const NAMED_HOSPITALS: readonly HospitalSeed[] = [
  { name: '潍坊市人民医院', nameEn: 'Weifang People\'s Hospital', county: '奎文区', weight: 40 },
  { name: '潍坊医学院附属医院', nameEn: 'Affiliated Hospital of Weifang Medical University', county: '奎文区', weight: 34 },
  { name: '青州市人民医院', county: '青州市', weight: 10 },
  { name: '诸城市人民医院', county: '诸城市', weight: 11 },
  { name: '潍坊市中医院', nameEn: 'Weifang Hospital of Traditional Chinese Medicine', county: '奎文区', weight: 14 },
  { name: '潍坊市妇幼保健院', nameEn: 'Weifang Maternal and Child Health Hospital', county: '奎文区', weight: 8 },
  { name: '寿光市人民医院', county: '寿光市', weight: 12 },
  { name: '临朐县人民医院', county: '临朐县', weight: 8 },
  { name: '高密市人民医院', county: '高密市', weight: 9 },
  { name: '安丘市人民医院', county: '安丘市', weight: 9 },
  { name: '潍坊市益都中心医院', county: '青州市', weight: 12 },
  { name: '潍坊市第二人民医院', county: '潍城区', weight: 9 },
  { name: '昌邑市人民医院', county: '昌邑市', weight: 7 },
  { name: '昌乐县人民医院', county: '昌乐县', weight: 7 },
  { name: '潍坊市肿瘤医院', county: '潍城区', weight: 6 },
  { name: '潍坊市心血管病医院', county: '寒亭区', weight: 3 },
  { name: '潍坊市寒亭区人民医院', county: '寒亭区', weight: 3 },
  { name: '潍坊市坊子区人民医院', county: '坊子区', weight: 3 },
  { name: '潍坊市潍城区人民医院', county: '潍城区', weight: 3 },
  { name: '潍坊市奎文区人民医院', county: '奎文区', weight: 2 },
  { name: '青州市中医院', county: '青州市', weight: 3 },
  { name: '诸城市中医医院', county: '诸城市', weight: 3 },
  { name: '寿光市中医医院', county: '寿光市', weight: 3 },
  { name: '安丘市中医院', county: '安丘市', weight: 2 },
  { name: '高密市中医院', county: '高密市', weight: 2 },
  { name: '昌邑市中医院', county: '昌邑市', weight: 2 },
  { name: '临朐县中医院', county: '临朐县', weight: 2 },
  { name: '昌乐县中医院', county: '昌乐县', weight: 2 },
  { name: '青州市妇幼保健院', county: '青州市', weight: 1.5 },
  { name: '诸城市妇幼保健院', county: '诸城市', weight: 1.5 },
  { name: '寿光市妇幼保健院', county: '寿光市', weight: 1.5 },
  { name: '安丘市妇幼保健院', county: '安丘市', weight: 1 },
  { name: '高密市妇幼保健院', county: '高密市', weight: 1 },
  { name: '昌邑市妇幼保健院', county: '昌邑市', weight: 1 },
  { name: '临朐县妇幼保健院', county: '临朐县', weight: 1 },
  { name: '昌乐县妇幼保健院', county: '昌乐县', weight: 1 },
];

/** Prefixes for generated private (民营) hospitals. */
export const PRIVATE_HOSPITAL_WORDS = [
  '仁和', '康华', '华都', '瑞康', '同济', '协和', '阳光', '博爱', '德康', '安康', '济民', '惠民', '健桥', '益寿', '光明',
  '滨海', '鸢都', '风筝都', '恒安', '东方',
];

/** Storage points (储血点) and the counties whose hospitals they supply. */
export const STORAGE_POINTS: readonly { name: string; nameEn: string; counties: readonly string[] }[] = [
  { name: '潍坊市中心血站青州储血点', nameEn: 'Qingzhou blood storage point', counties: ['青州市', '临朐县'] },
  { name: '潍坊市中心血站诸城储血点', nameEn: 'Zhucheng blood storage point', counties: ['诸城市', '高密市'] },
];

/** Collection sites: fixed donation houses (献血屋), mobile vehicles (献血车) and the station's own room. */
export const DONATION_SITES: readonly { code: string; name: string; kind: 'station' | 'donation_house' | 'vehicle'; weight: number }[] = [
  { code: 'S00', name: '血站本部采血室', kind: 'station', weight: 14 },
  { code: 'S01', name: '人民广场爱心献血屋', kind: 'donation_house', weight: 22 },
  { code: 'S02', name: '泰华城爱心献血屋', kind: 'donation_house', weight: 18 },
  { code: 'S03', name: '寿光爱心献血屋', kind: 'donation_house', weight: 12 },
  { code: 'V01', name: '流动献血车1号', kind: 'vehicle', weight: 18 },
  { code: 'V02', name: '流动献血车2号', kind: 'vehicle', weight: 16 },
];

export const WARDS = [
  '普外科', '肝胆外科', '胃肠外科', '心胸外科', '骨科', '神经外科', '泌尿外科', '妇产科', '血液科', '肿瘤科', '消化内科',
  '重症医学科', '急诊科', '肾内科', '儿科', '心内科',
];
