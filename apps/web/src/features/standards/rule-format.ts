import { AREA_KIND_NAMES, FACILITY_TYPE_NAMES, METRIC_INFO, type StandardRule } from '@zibo/shared';

/** `30 m²/百户`; an either/or rule lists its alternatives. */
export function formatRuleValue(rule: StandardRule): string {
  if (rule.metric === 'any_of' && rule.anyOf) {
    return rule.anyOf
      .map(
        (a) =>
          `${METRIC_INFO[a.metric].name} ${a.value} ${METRIC_INFO[a.metric].unit}（计入${a.countedTypes
            .map((t) => FACILITY_TYPE_NAMES[t])
            .join('、')}）`,
      )
      .join(' 或 ');
  }
  if (rule.value === null) return rule.unit ? `— ${rule.unit}` : '—';
  return `${rule.value} ${rule.unit}`.trim();
}

/** Who the rule applies to, in words: kinds of area and size thresholds. */
export function formatAppliesTo(rule: StandardRule): string {
  const a = rule.appliesTo;
  const parts: string[] = [];
  if (a.areaKinds.length === 1) parts.push(`${AREA_KIND_NAMES[a.areaKinds[0]!]}小区`);
  if (a.minHouseholds != null) parts.push(`≥${a.minHouseholds} 户`);
  if (a.maxHouseholds != null) parts.push(`≤${a.maxHouseholds} 户`);
  if (a.minPopulation != null) parts.push(`≥${a.minPopulation} 人`);
  if (a.maxPopulation != null) parts.push(`≤${a.maxPopulation} 人`);
  const conditions = parts.join('，');
  if (a.description && conditions) return `${a.description}（${conditions}）`;
  return a.description || conditions || '全部小区';
}
