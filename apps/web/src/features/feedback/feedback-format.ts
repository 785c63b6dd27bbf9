import type { FeedbackDetail } from './feedback.api.ts';

type FeedbackEvent = FeedbackDetail['events'][number];

/**
 * A timeline line as staff read it. The resident's own steps (submitting, following a problem,
 * adding a note, rating) are stored in the words the resident reads on the tracking page
 * ("已收到您的反映", "您的评价"); staff read who did it instead. Staff steps read as stored: they are
 * written to the resident, and staff should see what the resident was told.
 */
export function staffLine(e: FeedbackEvent): { text: string; note: string | null } {
  const text = e.publicText ?? e.comment ?? '';
  switch (e.action) {
    case 'submit':
      return { text: '居民提交反映', note: null };
    case 'follow':
      return { text: text.replace(/^已关注/, '居民关注'), note: null };
    case 'follow_up':
      return { text: `居民补充：${e.comment ?? text.replace(/^您补充：/, '')}`, note: null };
    case 'rate':
      return { text: text.replace(/^您的评价/, '居民评价'), note: null };
    default:
      return {
        text,
        note: e.comment && e.publicText && e.comment !== e.publicText ? e.comment : null,
      };
  }
}
