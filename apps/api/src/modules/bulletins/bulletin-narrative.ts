import { LATE_KIND_NAMES, type BulletinNarrative, type BulletinSnapshot } from '@zibo/shared';

/** "53.2%" — one decimal, as bulletins print rates. */
export function percent(rate: number): string {
  return `${(Math.round(rate * 1000) / 10).toFixed(1)}%`;
}

/** "提高2.3个百分点" / "下降0.5个百分点" / "持平". */
export function pointsChange(points: number): string {
  const p = Math.round(points * 10) / 10;
  if (p === 0) return '持平';
  return `${p > 0 ? '提高' : '下降'}${Math.abs(p).toFixed(1)}个百分点`;
}

function placesChange(places: number): string {
  if (places === 0) return '名次不变';
  return `${places > 0 ? '上升' : '下降'}${Math.abs(places)}位`;
}

const join = (names: readonly string[]) => names.join('、');

/** "张店区（综合得分70.7分，销号率35.8%）": the rank is by score, so the score is named first. */
const scored = (r: { name: string; score: number; closureRate: number }) =>
  `${r.name}（综合得分${r.score.toFixed(1)}分，销号率${percent(r.closureRate)}）`;

/**
 * The four narrative sections pre-filled from the frozen figures, in the manner of real 通报
 * (MOHURD's monthly bulletin names the faster and slower regions with their rates; Linyi's names
 * the slow counties and the gap to the milestone). The office edits them before issuing.
 */
export function draftNarrative(
  snapshot: BulletinSnapshot,
  period: { start: string; end: string },
): BulletinNarrative {
  const t = snapshot.totals;
  const ranked = [...snapshot.regions].sort((a, b) => a.rank - b.rank);
  const withProblems = ranked.filter((r) => r.problems > 0);
  const fastest = withProblems.slice(0, 3);
  const slowest = withProblems.length > 3 ? withProblems.slice(-3).reverse() : [];
  const overdueUnits = ranked.filter((r) => r.overdue > 0).sort((a, b) => b.overdue - a.overdue);
  const reds = ranked.filter((r) => r.light === 'red' && r.rated !== false);
  const done = ranked.filter((r) => r.problems > 0 && r.closed === r.problems);

  const overall: string[] = [];
  let first =
    `截至${cnDate(snapshot.asOf)}，全市问题台账共登记社区配套设施问题${t.problems}个，` +
    `已整改销号${t.closed}个，销号率${percent(t.closureRate)}`;
  if (snapshot.previous) {
    first +=
      `，较上期（第${snapshot.previous.issueNo}期）` +
      `${pointsChange((t.closureRate - snapshot.previous.closureRate) * 100)}，` +
      `新增销号${t.closed - snapshot.previous.closed}个`;
  }
  first += `；逾期未销号${t.overdue}个。`;
  overall.push(first);
  overall.push(
    `本期统计时段为${cnDate(period.start)}至${cnDate(period.end)}，数据来源于平台问题台账，` +
      `以销号核验通过为完成标准。`,
  );

  const ranking: string[] = [];
  if (fastest.length) {
    ranking.push(
      `从各区县（功能区）综合得分看，进展较快的是${join(fastest.map(scored))}` +
        (slowest.length ? `；进展较慢的是${join(slowest.map(scored))}。` : '。'),
    );
  } else {
    ranking.push('各区县（功能区）尚未登记问题，暂不排名。');
  }
  if (done.length) ranking.push(`${join(done.map((r) => r.name))}已全部完成整改销号。`);
  const movers = ranked.filter((r) => r.change && r.change.places !== 0);
  if (movers.length) {
    ranking.push(
      `与上期相比，${movers
        .map(
          (r) =>
            `${r.name}${placesChange(r.change!.places)}、销号率${pointsChange(r.change!.closureRatePoints)}`,
        )
        .join('；')}。`,
    );
  }
  const deps = [...snapshot.departments].sort((a, b) => a.rank - b.rank).filter((d) => d.problems);
  const rated = (d: (typeof deps)[number]) => `${d.name}（${percent(d.closureRate)}）`;
  if (deps.length > 3) {
    ranking.push(
      `从牵头部门看，${join(deps.slice(0, 3).map(rated))}排名靠前，` +
        `${join(deps.slice(-2).map(rated))}排名靠后。`,
    );
  } else if (deps.length) {
    // Too few to have a front and a back: one with nothing closed is not "靠前".
    ranking.push(`从牵头部门看，按综合得分依次为${join(deps.map(rated))}。`);
  }
  ranking.push('各区县（功能区）整改进展排名见下表，牵头部门情况见附件1。');

  // Named as below the city's rate only when they are (the rank is by score, not by rate).
  const belowAverage = withProblems
    .filter((r) => r.kind === 'district' && r.closureRate < t.closureRate)
    .sort((a, b) => a.closureRate - b.closureRate)
    .slice(0, 3);
  const problems: string[] = [];
  problems.push(
    `（一）工作进展不平衡。` +
      (belowAverage.length
        ? `${join(belowAverage.map((r) => `${r.name}（${percent(r.closureRate)}）`))}销号率低于全市平均水平（${percent(t.closureRate)}），整改进度明显滞后。`
        : `部分区县整改进度与序时进度仍有差距。`),
  );
  if (overdueUnits.length) {
    problems.push(
      `（二）逾期问题较多。${join(overdueUnits.map((r) => `${r.name}${r.overdue}个`))}问题超过整改时限仍未销号，` +
        `逾期事项汇总见附件2。`,
    );
  } else {
    problems.push('（二）整改时限意识仍需加强。目前虽无逾期未销号问题，但部分问题临近整改时限。');
  }
  const lateKinds = new Set(snapshot.late.map((l) => l.kind));
  if (snapshot.late.length) {
    const lateTotal = Math.max(snapshot.lateTotal ?? 0, snapshot.late.length);
    problems.push(
      `（三）部分事项办理不及时。全市共有${lateTotal}项工作超过规定时限` +
        `${lateKinds.size > 1 ? `，涉及${[...lateKinds].map((k) => LATE_KIND_NAMES[k]).join('、')}等${lateKinds.size}类事项` : ''}，详见附件2。`,
    );
  }

  const requirements: string[] = [
    `（一）加快整改进度。各区县（功能区）要对照问题台账逐项销号，` +
      (reds.length
        ? `${join(reds.map((r) => r.name))}要分析进展滞后原因，制定赶超措施，于下期通报前报送整改情况。`
        : `确保按期完成整改任务。`),
    `（二）严格落实时限。对逾期未销号问题，责任单位要逐一说明原因、明确完成时间；` +
      `对无正当理由逾期的，领导小组办公室将发出督办单并约谈有关负责同志。`,
    `（三）加强部门协同。各牵头部门要按照职责分工，及时审批整治方案、核验销号，` +
      `不得积压；每月5日前报送牵头任务进展情况。`,
  ];

  return {
    overall: overall.join('\n'),
    ranking: ranking.join('\n'),
    problems: problems.join('\n'),
    requirements: requirements.join('\n'),
  };
}

export function cnDate(isoDate: string): string {
  const [y, m, d] = isoDate.slice(0, 10).split('-').map(Number);
  return `${y}年${m}月${d}日`;
}
