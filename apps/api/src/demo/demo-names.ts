import type { Random } from './random.ts';

/** Every demo name carries this mark so that nobody mistakes demo records for survey results. */
export const DEMO_MARK = '（演示）';

const ADMIN_SUFFIX =
  /(类似社区居委会|社区居民居委会|居民居委会|居民委员会|村民委员会|社区居委|居委会|村委会|委员会|居委)$/;

/** 城里社区居委会 → 城里社区, 朱庄居民委员会 → 朱庄社区 (urban); 郭家村委会 → 郭家村 (rural). */
export function shortenCommunityName(name: string, urban: boolean): string {
  const stem = name.replace(ADMIN_SUFFIX, '') || name;
  if (stem.endsWith('社区')) return stem;
  if (urban) return `${stem}社区`;
  return /(村|庄)$/.test(stem) ? stem : `${stem}村`;
}

/** 车站街道 → 车站, 昆仑镇 → 昆仑, 张店区 → 张店. */
export function shortenRegionName(name: string): string {
  const stem = name.replace(/(街道|镇|乡|区|县)$/, '');
  return stem.length >= 2 ? stem : name;
}

const AREA_STEMS = [
  '阳光',
  '幸福',
  '和谐',
  '锦绣',
  '金色',
  '翠湖',
  '明珠',
  '怡景',
  '丽都',
  '东方',
  '盛世',
  '御景',
  '书香',
  '康乐',
  '嘉和',
  '泰和',
  '瑞祥',
  '富源',
  '春晖',
  '银河',
  '绿城',
  '紫薇',
  '海棠',
  '玉兰',
  '香榭',
  '兴华',
  '鑫源',
  '恒泰',
  '齐盛',
  '鲁泰',
  '华玺',
  '馨悦',
  '凤鸣',
  '清华',
  '如意',
  '万和',
  '福瑞',
  '安泰',
  '文华',
  '悦澜',
] as const;

const AREA_SUFFIXES = [
  '小区',
  '小区',
  '花园',
  '苑',
  '家园',
  '新村',
  '公寓',
  '雅居',
  '华庭',
  '嘉园',
  '佳苑',
  '名邸',
] as const;

/** Hands out names that are unique across the whole demo dataset. */
export class NameBook {
  private readonly used = new Set<string>();

  has(name: string): boolean {
    return this.used.has(name);
  }

  /** Takes the first free candidate, else `fallback(n)` for n = 2, 3, …; adds the demo mark. */
  take(candidates: readonly string[], fallback: (n: number) => string): string {
    for (const c of candidates) {
      if (!this.used.has(c)) return this.claim(c);
    }
    for (let n = 2; ; n++) {
      const c = fallback(n);
      if (!this.used.has(c)) return this.claim(c);
    }
  }

  private claim(name: string): string {
    this.used.add(name);
    return `${name}${DEMO_MARK}`;
  }
}

/** Plausible residential-area names for an urban community, most likely first. */
export function proposeUrbanAreaNames(
  rng: Random,
  communityStem: string,
  first: boolean,
): string[] {
  const out: string[] = [];
  if (first) {
    out.push(
      /(花园|苑|园|城|湾|国际|庭)$/.test(communityStem) ? communityStem : `${communityStem}小区`,
    );
  }
  for (let i = 0; i < 6; i++) out.push(`${rng.pick(AREA_STEMS)}${rng.pick(AREA_SUFFIXES)}`);
  return out;
}

/** Removes the demo mark, to build a facility name from an area name. */
export function stripDemoMark(name: string): string {
  return name.endsWith(DEMO_MARK) ? name.slice(0, -DEMO_MARK.length) : name;
}

const CHINESE_ORDINALS = ['', '一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];

/** 2 → 二, 12 → 十二 (ordinals in school and branch names). */
export function toChineseOrdinal(n: number): string {
  if (n <= 10) return CHINESE_ORDINALS[n] ?? String(n);
  if (n < 20) return `十${CHINESE_ORDINALS[n - 10] ?? ''}`;
  if (n < 100) {
    const tens = CHINESE_ORDINALS[Math.floor(n / 10)] ?? '';
    return `${tens}十${CHINESE_ORDINALS[n % 10] ?? ''}`;
  }
  return String(n);
}

export const ROAD_NAMES = [
  '人民路',
  '和平路',
  '建设路',
  '文化路',
  '幸福路',
  '振兴路',
  '团结路',
  '胜利路',
  '工业路',
  '新华路',
  '光明路',
  '民主路',
  '友谊路',
  '育才路',
  '兴华路',
  '长安路',
  '朝阳路',
  '迎宾路',
  '东风路',
  '青年路',
  '富民路',
  '花园路',
  '中心路',
  '商业街',
] as const;
