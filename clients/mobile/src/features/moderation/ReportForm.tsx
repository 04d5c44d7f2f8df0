import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';

import { useProblemMessage } from '@/api/useProblemMessage';
import { useI18n } from '@/i18n';
import { Button } from '@/ui/Button';
import { ErrorBanner, SuccessBanner } from '@/ui/Feedback';
import { TextField } from '@/ui/TextField';

/**
 * "Report this …" to moderation: a button that opens a reason field, sent once, then a thank-you. What is reported and
 * where it goes is the caller's <paramref name="send" />; <paramref name="maxLength" /> is the service's limit.
 */
export function ReportForm({ label, maxLength, send }: { label: string; maxLength: number; send: (reason: string) => Promise<unknown> }) {
  const { t } = useI18n();
  const problemMessage = useProblemMessage();
  const [reason, setReason] = useState('');
  const [open, setOpen] = useState(false);
  const report = useMutation({ mutationFn: () => send(reason.trim()) });

  if (report.isSuccess) {
    return <SuccessBanner message={t('report.thanks')} />;
  }
  if (!open) {
    return <Button label={label} variant="secondary" onPress={() => setOpen(true)} />;
  }
  return (
    <>
      <ErrorBanner message={problemMessage(report.error)} />
      <TextField label={t('report.reason')} value={reason} onChangeText={setReason} multiline maxLength={maxLength} />
      <Button label={t('report.send')} variant="danger" onPress={() => report.mutate()} busy={report.isPending} disabled={!reason.trim()} />
    </>
  );
}
