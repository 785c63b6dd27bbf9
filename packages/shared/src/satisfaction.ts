/**
 * P13 — how residents say how satisfied they are, in one place: the rating of a handled
 * feedback (满意 / 基本满意 / 不满意) and a questionnaire's answer, which adds 不了解. No zod
 * here, so the residents' pages import it (`@zibo/shared/satisfaction`) without the contracts.
 */
export const RATINGS = ['satisfied', 'basically_satisfied', 'dissatisfied'] as const;
export type Rating = (typeof RATINGS)[number];

export const QUESTIONNAIRE_CHOICES = [...RATINGS, 'unknown'] as const;
export type QuestionnaireChoice = (typeof QUESTIONNAIRE_CHOICES)[number];

export const CHOICE_NAMES: Record<QuestionnaireChoice, string> = {
  satisfied: '满意',
  basically_satisfied: '基本满意',
  dissatisfied: '不满意',
  unknown: '不了解',
};

export const RATING_NAMES: Record<Rating, string> = {
  satisfied: CHOICE_NAMES.satisfied,
  basically_satisfied: CHOICE_NAMES.basically_satisfied,
  dissatisfied: CHOICE_NAMES.dissatisfied,
};
