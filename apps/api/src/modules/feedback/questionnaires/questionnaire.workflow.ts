import { CHOICE_NAMES, QUESTIONNAIRE_CHOICES, type QuestionnaireChoice } from '@zibo/shared';

export type QuestionnaireStatus = 'draft' | 'open' | 'closed';
export type QuestionnaireAction = 'edit' | 'open' | 'close';

export const QUESTIONNAIRE_STATUS_NAMES: Record<QuestionnaireStatus, string> = {
  draft: '草稿',
  open: '进行中',
  closed: '已结束',
};

export { CHOICE_NAMES };
export const CHOICES: readonly QuestionnaireChoice[] = QUESTIONNAIRE_CHOICES;

/** draft ──open──▶ open ──close──▶ closed; only a draft is edited. */
export function nextStatus(
  status: QuestionnaireStatus,
  action: QuestionnaireAction,
): QuestionnaireStatus | null {
  switch (action) {
    case 'edit':
      return status === 'draft' ? 'draft' : null;
    case 'open':
      return status === 'draft' ? 'open' : null;
    case 'close':
      return status === 'open' ? 'closed' : null;
  }
}

export type ChoiceCounts = Record<QuestionnaireChoice, number>;

export type QuestionTally = {
  category: string;
  text: string;
  /** Answers that reached this question (every answer answers every question). */
  answered: number;
  counts: ChoiceCounts;
  /** count / answered per choice, 0 when nothing was answered. */
  shares: Record<QuestionnaireChoice, number>;
  /** (满意 + 基本满意) / (满意 + 基本满意 + 不满意): 不了解 is no rating; null when none rated. */
  satisfactionRate: number | null;
};

const round4 = (x: number) => Math.round(x * 10_000) / 10_000;

/** Counts and shares per question from grouped counts `{category, choice, n}`. */
export function tallyQuestions(
  questions: { category: string; text: string }[],
  grouped: { category: string; choice: string; n: number }[],
): QuestionTally[] {
  return questions.map((q) => {
    const counts: ChoiceCounts = {
      satisfied: 0,
      basically_satisfied: 0,
      dissatisfied: 0,
      unknown: 0,
    };
    for (const g of grouped)
      if (g.category === q.category && g.choice in counts)
        counts[g.choice as QuestionnaireChoice] += g.n;
    const answered = CHOICES.reduce((s, c) => s + counts[c], 0);
    const rated = counts.satisfied + counts.basically_satisfied + counts.dissatisfied;
    const shares = Object.fromEntries(
      CHOICES.map((c) => [c, answered ? round4(counts[c] / answered) : 0]),
    ) as Record<QuestionnaireChoice, number>;
    return {
      category: q.category,
      text: q.text,
      answered,
      counts,
      shares,
      satisfactionRate: rated
        ? round4((counts.satisfied + counts.basically_satisfied) / rated)
        : null,
    };
  });
}
