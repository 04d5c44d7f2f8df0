import { useMutation } from '@tanstack/react-query';
import { useLocalSearchParams } from 'expo-router';
import { useState } from 'react';

import { api, unwrap } from '@/api/client';
import { useProblemMessage } from '@/api/useProblemMessage';
import { useI18n } from '@/i18n';
import { Button } from '@/ui/Button';
import { RadioGroup } from '@/ui/Choices';
import { ErrorBanner, SuccessBanner } from '@/ui/Feedback';
import { Screen } from '@/ui/Screen';
import { TextField } from '@/ui/TextField';

const scores = Array.from({ length: 11 }, (_, value) => ({ value, label: String(value) }));

/** The quarterly "would you recommend SkillSwap" question (the NPS the product measures), opened from its notification. */
export function SurveyScreen() {
  const { surveyId } = useLocalSearchParams<{ surveyId?: string }>();
  const { t } = useI18n();
  const problemMessage = useProblemMessage();
  const [score, setScore] = useState<number | null>(null);
  const [comment, setComment] = useState('');
  const answer = useMutation({
    mutationFn: () =>
      unwrap(
        api.notifications.POST('/api/v1/notifications/surveys/{surveyId}/answer', {
          params: { path: { surveyId: surveyId! } },
          body: { score, comment: comment.trim() || null },
        }),
      ),
  });
  return (
    <Screen title={t('survey.title')}>
      {!surveyId ? <ErrorBanner message={t('survey.missing')} /> : null}
      <RadioGroup label={t('survey.question')} value={score} onChange={setScore} options={scores} />
      <TextField label={t('survey.comment')} value={comment} onChangeText={setComment} multiline maxLength={1000} />
      <ErrorBanner message={problemMessage(answer.error)} />
      <SuccessBanner message={answer.isSuccess ? t('survey.thanks') : null} />
      <Button label={t('survey.submit')} onPress={() => answer.mutate()} busy={answer.isPending} disabled={!surveyId || score === null || answer.isSuccess} />
    </Screen>
  );
}
