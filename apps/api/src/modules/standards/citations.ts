/**
 * A catalogue row's `source` and `clause` are research records: where a figure was seen, how
 * confident the researcher was ("seen via news reproduction…", "Appendix C (recalled)"). Users
 * see a citation instead — the document's formal Chinese title and number, and the clause in
 * Chinese (第5.0.2条, 附录C, 表3.0.4). The research record stays on the rule as its research
 * note, which only the rule's maintainers see.
 */

/** Formal titles, matched by a fragment of the research record's source (first match wins). */
const DOCUMENTS: ReadonlyArray<readonly [fragment: string, title: string]> = [
  ['GB 50180-2018', '《城市居住区规划设计标准》（GB 50180-2018）'],
  ['完整居住社区建设标准（试行）', '《完整居住社区建设标准（试行）》（建科规〔2020〕7号）'],
  [
    '城市社区嵌入式服务设施建设导则',
    '国家发展改革委、住房城乡建设部、自然资源部《城市社区嵌入式服务设施建设导则（试行）》（2024年1月）',
  ],
  ['“十四五”城乡社区服务体系建设规划', '《“十四五”城乡社区服务体系建设规划》'],
  [
    '关于加力推动城市一刻钟便民生活圈建设扩围升级的通知',
    '商务部等9部门《关于加力推动城市一刻钟便民生活圈建设扩围升级的通知》（2025年9月）',
  ],
  ['关于加强和改进社区工作的意见', '山东省人民政府《关于加强和改进社区工作的意见》（2006年）'],
  ['德州市城区居民住宅区', '《德州市城区居民住宅区配套建设社区工作服务用房实施办法》'],
  [
    '关于城市社区居民委员会设立的指导意见',
    '河南省民政厅《关于城市社区居民委员会设立的指导意见（试行）》（2022年）',
  ],
  ['湖北省完整居住社区建设标准', '《湖北省完整居住社区建设标准（征求意见稿）》（2023年）'],
  ['大力发展社区便民服务实施方案', '《大力发展社区便民服务实施方案》（发文地区不详）'],
  [
    '关于进一步加强城市社区办公服务用房',
    '济南市人民政府办公厅《关于进一步加强城市社区办公服务用房和办公经费保障工作的通知》',
  ],
  ['山东省养老服务条例', '《山东省养老服务条例》（2020年3月26日通过，2020年5月1日起施行）'],
  [
    '山东省城镇居住区社区养老服务设施规划、建设、移交和使用管理办法',
    '山东省民政厅、山东省自然资源厅、山东省住房和城乡建设厅《山东省城镇居住区社区养老服务设施规划、建设、移交和使用管理办法》（2022年）',
  ],
  ['山东省加快推动养老服务业转型升级政策措施', '《山东省加快推动养老服务业转型升级政策措施》'],
  ['国发〔2013〕35号', '《国务院关于加快发展养老服务业的若干意见》（国发〔2013〕35号）'],
  ['GB 50437-2007', '《城镇老年人设施规划规范》（GB 50437-2007，2018年版）'],
  [
    '安徽省城市居住区配套建设养老服务设施实施细则',
    '《安徽省城市居住区配套建设养老服务设施实施细则》（2022年7月20日）',
  ],
  [
    '湖北省新建住宅小区配建养老服务设施',
    '《湖北省新建住宅小区配建养老服务设施“四同步”实施办法（试行）》',
  ],
  ['河南省养老服务条例', '《河南省养老服务条例》'],
  ['银川市民政局', '银川市民政局政策问答（2023年）'],
  ['建标143-2010', '《社区老年人日间照料中心建设标准》（建标143-2010）'],
  [
    '国办发〔2019〕3号',
    '《国务院办公厅关于开展城镇小区配套幼儿园治理工作的通知》（国办发〔2019〕3号）',
  ],
  ['陕西省城镇小区配套幼儿园治理工作方案', '《陕西省城镇小区配套幼儿园治理工作方案》（2019年）'],
  ['referencing 建标175', '外地政府政策问答（引用《幼儿园建设标准》建标175）'],
  [
    '武汉市关于进一步加强住宅区配套幼儿园',
    '《武汉市关于进一步加强住宅区配套幼儿园建设和管理的意见》',
  ],
  ['乌鲁木齐市住宅小区配套幼儿园', '《乌鲁木齐市住宅小区配套幼儿园建设管理办法》'],
  [
    '关于城镇居住区配套教育设施规划建设的意见',
    '山东省人民政府办公厅《关于城镇居住区配套教育设施规划建设的意见》（2018年）',
  ],
  ['JGJ 39-2016', '《托儿所、幼儿园建筑设计规范》（JGJ 39-2016）'],
  [
    '关于构建更高水平的全民健身公共服务体系的意见',
    '中共中央办公厅、国务院办公厅《关于构建更高水平的全民健身公共服务体系的意见》（2022年3月）',
  ],
  ['国发〔2016〕37号', '《全民健身计划（2016—2020年）》（国发〔2016〕37号）'],
  ['建标〔2005〕156号', '出处待核实（或为《城市社区体育设施建设用地指标》建标〔2005〕156号）'],
  ['城市社区卫生服务中心基本标准', '《城市社区卫生服务中心基本标准》（卫生部，2006年）'],
  ['城市社区卫生服务站基本标准', '《城市社区卫生服务站基本标准》（卫生部，2006年）'],
  ['社区卫生服务机构建设规划', '卫生部、国家发展改革委《社区卫生服务机构建设规划》（2009年）'],
  ['城市社区卫生服务机构设置原则', '卫生部《城市社区卫生服务机构设置原则》'],
  [
    '城市社区卫生服务机构设置和编制标准指导意见',
    '中央编办、卫生部、财政部、民政部《城市社区卫生服务机构设置和编制标准指导意见》（2006年）',
  ],
  [
    '城市一刻钟便民生活圈建设指南',
    '商务部等11部门办公厅《城市一刻钟便民生活圈建设指南》（2021年7月20日）',
  ],
  ['商务部网站', '商务部网站政策解读（2021年）'],
  ['SB/T 10455-2008', '出处待核实（或为 SB/T 10455-2008）'],
];

/** The document's formal Chinese title (and number), or null when no title is known for it. */
export function documentTitleOf(source: string): string | null {
  // The document the record names first is the source; later ones are remarks ("GB 50180 gives
  // the same radius").
  let best: { at: number; title: string } | null = null;
  for (const [fragment, title] of DOCUMENTS) {
    const at = source.indexOf(fragment);
    if (at >= 0 && (!best || at < best.at)) best = { at, title };
  }
  return best?.title ?? null;
}

const UNITS: Readonly<Record<string, string>> = {
  '%': '%',
  beds: '床',
  'beds per 1000 older persons': '床/千名老人',
  children: '人',
  classes: '班',
  'dwelling units': '套',
  functions: '项',
  ha: '公顷',
  m: 'm',
  'm (approx.)': 'm',
  m2: 'm²',
  'm2 per 100 households': 'm²/百户',
  'm2 per 100 households / m2': 'm²/百户、m²',
  'm2 per 1000 persons': 'm²/千人',
  'm2 per bed': 'm²/床',
  'm2 per household': 'm²/户',
  'm2 per person': 'm²/人',
  minutes: '分钟',
  'minutes walking': '分钟（步行）',
  persons: '人',
  'persons / beds': '人、床',
  pupils: '人',
  'x construction cost of the facility': '倍工程造价',
};

/** A catalogue unit in Chinese ('' for units that are not a measure: list, rule, date…). */
export function unitZh(unit: string): string {
  return UNITS[unit] ?? '';
}

/** Strips the research remarks (anything in parentheses that holds English words). */
function withoutRemarks(text: string): string {
  return text
    .replace(/\s*[(（][^()（）]*[A-Za-z]{3,}[^()（）]*[)）]/g, '')
    .replace(/;.*$/, '')
    .trim();
}

function clausePartZh(part: string): string {
  const p = part.trim();
  let m = /^Table\s+([\d.\-A-Z]+)$/i.exec(p);
  if (m) return `表${m[1]}`;
  m = /^Appendix\s+([A-Z])$/i.exec(p);
  if (m) return `附录${m[1]!.toUpperCase()}`;
  if (/^\d+(\.\d+)+$/.test(p)) return `第${p}条`;
  return p.replace(/\s*\(/g, '（').replace(/\)/g, '）');
}

/**
 * The clause in Chinese: "2.0.2" → 第2.0.2条, "Table 3.0.4" → 表3.0.4, "Appendix C (recalled)"
 * → 附录C, "2.0.3 / Table 3.0.4" → 第2.0.3条、表3.0.4; "n/a" and "recalled" → '' (no clause).
 */
export function clauseZh(clause: string): string {
  const bare = withoutRemarks(clause);
  if (bare === '' || /^(n\/a|recalled)$/i.test(bare)) return '';
  const parts = bare.split(/\s+\/\s+/);
  return parts.map(clausePartZh).join('、');
}

export type Citation = {
  /** What users see: the document's formal title and number. */
  source: string;
  /** What users see: the clause in Chinese ('' where the source names none). */
  clause: string;
  /** What the maintainers see: the research record as written in the catalogue. */
  researchNote: string;
};

/** Splits a catalogue row's source and clause into the citation and the research note. */
export function citationOf(row: { code: string; source: string; clause: string }): Citation {
  const title = documentTitleOf(row.source);
  if (!title) throw new Error(`standards citation: no document title for ${row.code}`);
  return {
    source: title,
    clause: clauseZh(row.clause),
    researchNote: `来源记录：${row.source}；条款记录：${row.clause}`,
  };
}
