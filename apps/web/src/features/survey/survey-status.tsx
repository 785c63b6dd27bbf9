import { Tag } from 'antd';
import { SURVEY_SUBMISSION_STATUS_NAMES } from '@zibo/shared';
import { StatusTag, type StatusTone } from '../../shared/status-tag.tsx';
import type { Survey, SurveySubmission } from './survey.api.ts';

const SUBMISSION_TONES: Record<SurveySubmission['status'], StatusTone> = {
  pending: 'default',
  submitted: 'processing',
  filed: 'success',
  returned: 'warning',
};

export function SubmissionStatusTag({ status }: { status: SurveySubmission['status'] }) {
  return (
    <StatusTag tone={SUBMISSION_TONES[status]} label={SURVEY_SUBMISSION_STATUS_NAMES[status]} />
  );
}

export function SurveyStatusTag({ status }: { status: Survey['status'] }) {
  return status === 'open' ? <Tag color="blue">进行中</Tag> : <Tag>已结束</Tag>;
}

export const ACTION_NAMES: Record<string, string> = {
  submit: '报送',
  file: '备案',
  return: '退回',
};
