import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useLocalSearchParams } from 'expo-router';
import { useState } from 'react';
import { StyleSheet, Text, View } from 'react-native';

import { api, unwrap } from '@/api/client';
import type { CaseDetail } from '@/api/types';
import { useProblemMessage } from '@/api/useProblemMessage';
import { useAuth } from '@/auth/AuthProvider';
import { useI18n } from '@/i18n';
import { Button } from '@/ui/Button';
import { RadioGroup } from '@/ui/Choices';
import { Empty, ErrorBanner, Loading, SuccessBanner } from '@/ui/Feedback';
import { Screen, Section } from '@/ui/Screen';
import { TextField } from '@/ui/TextField';
import { colors, space } from '@/ui/theme';

import { AuditEntries } from './AuditLogScreen';
import { CaseClock } from './CaseClock';
import { StaffLinks } from './StaffLinks';

type Outcome = 'dismiss' | 'warn' | 'remove-content' | 'suspend' | 'ban' | 'settle';

/** One case: what was reported and by whom, taking it, the decision, and its audit trail. */
export function CaseScreen() {
  const { caseId } = useLocalSearchParams<{ caseId: string }>();
  const { t, formatDateTime } = useI18n();
  const { userId } = useAuth();
  const problemMessage = useProblemMessage();
  const queryClient = useQueryClient();
  const detail = useQuery({
    queryKey: ['staff', 'case', caseId],
    queryFn: () => unwrap(api.administration.GET('/api/v1/admin/cases/{caseId}', { params: { path: { caseId } } })),
  });
  const refresh = (changed: CaseDetail) => {
    queryClient.setQueryData(['staff', 'case', caseId], changed);
    void queryClient.invalidateQueries({ queryKey: ['staff', 'queue'] });
    void queryClient.invalidateQueries({ queryKey: ['staff', 'audit'] });
  };
  const take = useMutation({
    mutationFn: () => unwrap(api.administration.POST('/api/v1/admin/cases/{caseId}/assignment', { params: { path: { caseId } } })),
    onSuccess: refresh,
  });
  const giveBack = useMutation({
    mutationFn: () => unwrap(api.administration.DELETE('/api/v1/admin/cases/{caseId}/assignment', { params: { path: { caseId } } })),
    onSuccess: refresh,
  });
  const [decided, setDecided] = useState(false);
  const moderationCase = detail.data;
  // Whoever decided a case before its appeal leaves the new decision to a colleague (the API refuses them too).
  const decidedBefore = !!moderationCase?.appeal?.underAppeal && moderationCase.appeal.formerDeciders.includes(userId ?? '');
  const kind = moderationCase ? t(`staff.kind.${moderationCase.kind}`) : '';
  return (
    <Screen title={moderationCase ? t('staff.case.title', { kind }) : t('staff.case.loading')}>
      <StaffLinks />
      {detail.isPending ? <Loading label={t('common.loading')} /> : null}
      <ErrorBanner message={problemMessage(detail.error)} />
      {moderationCase ? (
        <>
          <Text style={styles.meta}>
            {t('staff.case.priority', { priority: Number(moderationCase.priority) })} · {t(`staff.status.${moderationCase.status}`)} ·{' '}
            {t('staff.case.opened', { date: formatDateTime(moderationCase.openedAt) })}
          </Text>
          <Text style={styles.meta} selectable>
            {t('staff.case.subject', { subject: moderationCase.subject })}
            {moderationCase.reportedUserId ? ` · ${t('staff.case.reportedPerson', { id: moderationCase.reportedUserId })}` : ''}
          </Text>
          {moderationCase.status === 'open' ? <CaseClock waitingSince={moderationCase.waitingSince} dueAt={moderationCase.dueAt} /> : null}
          {moderationCase.reportedText ? (
            <Section title={t('staff.case.reportedText')}>
              <Text style={styles.quote} selectable>
                {moderationCase.reportedText}
              </Text>
            </Section>
          ) : null}
          {moderationCase.context ? <CaseContextSection moderationCase={moderationCase} context={moderationCase.context} /> : null}
          {moderationCase.timeline?.length ? <BookingTimelineSection timeline={moderationCase.timeline} /> : null}
          {moderationCase.appeal ? (
            <Section title={t('staff.case.appeal')}>
              <Text style={styles.meta}>
                {t('staff.case.appealed', {
                  date: formatDateTime(moderationCase.appeal.appealedAt),
                  outcome: t(`staff.outcome.${moderationCase.appeal.appealedOutcome ?? 'dismissed'}`),
                })}
              </Text>
              <Text style={styles.quote} selectable>
                {moderationCase.appeal.text}
              </Text>
            </Section>
          ) : null}
          <Section title={t('staff.case.reportsTitle', { count: moderationCase.reports.length })}>
            {moderationCase.reports.map((report) => (
              <Text key={`${report.reporterId}-${report.reportedAt}`} style={styles.report}>
                {formatDateTime(report.reportedAt)} · {report.reason}
              </Text>
            ))}
          </Section>
          {moderationCase.status === 'open' && decidedBefore ? (
            <Empty text={t('problem.decided-before')} />
          ) : moderationCase.status === 'open' ? (
            <>
              {moderationCase.assignedTo === userId ? (
                <Button label={t('staff.case.giveBack')} variant="secondary" onPress={() => giveBack.mutate()} busy={giveBack.isPending} />
              ) : (
                <Button label={t('staff.case.take')} variant="secondary" onPress={() => take.mutate()} busy={take.isPending} />
              )}
              {moderationCase.assignedTo && moderationCase.assignedTo !== userId ? <Empty text={t('staff.case.heldByColleague')} /> : null}
              <ErrorBanner message={problemMessage(take.error ?? giveBack.error)} />
              <DecisionForm
                moderationCase={moderationCase}
                onDecided={(changed) => {
                  refresh(changed);
                  setDecided(true);
                }}
              />
            </>
          ) : (
            <Section title={t('staff.case.decision')}>
              <SuccessBanner message={decided ? t('staff.decision.done') : null} />
              <Text style={styles.decided}>
                {t(`staff.outcome.${moderationCase.outcome ?? 'dismissed'}`)}
                {moderationCase.decidedAt ? ` · ${formatDateTime(moderationCase.decidedAt)}` : ''}
              </Text>
              {moderationCase.decisionReason ? <Text style={styles.report}>{moderationCase.decisionReason}</Text> : null}
            </Section>
          )}
          <Section title={t('staff.case.trail')}>
            <AuditEntries target={`case:${moderationCase.id}`} />
          </Section>
        </>
      ) : null}
    </Screen>
  );
}

/**
 * What surrounded the reported thing when it was first reported: a message's neighbours (the reported one in its place),
 * a review's stars and reply, a disputed booking's terms and its session's conversation up to the dispute. People are shown by id (Administration knows no names).
 */
function CaseContextSection({ moderationCase, context }: { moderationCase: CaseDetail; context: NonNullable<CaseDetail['context']> }) {
  const { t, formatDateTime } = useI18n();
  const person = usePersonLabel();
  const sequence = moderationCase.kind === 'chat-message' ? Number(moderationCase.subject.split('/').pop()) : null;
  const messages = context.messages ?? [];
  const conversation = [
    ...messages.map((message) => ({ ...message, sequence: Number(message.sequence), reported: false })),
    ...(sequence !== null ? [{ sequence, senderId: moderationCase.reportedUserId ?? formerMember, text: moderationCase.reportedText ?? '', sentAt: '', reported: true }] : []),
  ].sort((a, b) => a.sequence - b.sequence);
  if (messages.length === 0 && context.rating == null && !context.reply && !context.requestedAt) {
    // A first message in its conversation, a review without stars recorded: nothing to show around it.
    return null;
  }
  return (
    <Section title={t('staff.case.context')}>
      {messages.length > 0 ? (
        <View
          accessibilityRole="list"
          accessibilityLabel={t(moderationCase.kind === 'dispute' ? 'staff.case.sessionConversation' : 'staff.case.conversation')}
          style={styles.conversation}
        >
          {conversation.map((message) => (
            <Text key={message.sequence} accessibilityRole="text" style={message.reported ? styles.reportedLine : styles.report} selectable>
              {message.reported
                ? t('staff.case.reportedMessage', { sequence: message.sequence, text: message.text })
                : t('staff.case.contextMessage', { sequence: message.sequence, sender: person(message.senderId), date: formatDateTime(message.sentAt), text: message.text })}
            </Text>
          ))}
        </View>
      ) : null}
      {context.rating != null ? <Text style={styles.report}>{t('staff.case.reviewStars', { rating: Number(context.rating), skill: context.skillLabel ?? '' })}</Text> : null}
      {context.reply ? <Text style={styles.report}>{t('staff.case.reply', { text: context.reply })}</Text> : null}
      {context.requestedAt ? (
        <>
          <Text style={styles.report}>
            {t('staff.case.booking', { skill: context.skillLabel ?? '', minutes: Number(context.creditMinutes ?? 0), date: formatDateTime(context.requestedAt) })}
          </Text>
          <Text style={styles.meta} selectable>
            {t('staff.case.bookingParties', { learner: person(context.learnerId), teacher: person(context.teacherId) })}
          </Text>
        </>
      ) : null}
    </Section>
  );
}

/** A disputed booking's steps and its escrow's, in the order they happened, up to now (its settlement included). */
function BookingTimelineSection({ timeline }: { timeline: NonNullable<CaseDetail['timeline']> }) {
  const { t, formatDateTime } = useI18n();
  const person = usePersonLabel();
  const describe = (step: (typeof timeline)[number]) => {
    switch (step.step) {
      case 'requested':
        return t('staff.timeline.requested', { person: person(step.actorId), minutes: Number(step.creditMinutes ?? 0) });
      case 'credits-held':
        return t('staff.timeline.credits-held', { minutes: Number(step.creditMinutes ?? 0) });
      case 'confirmed':
        return t('staff.timeline.confirmed', { start: formatDateTime(step.startsAt ?? step.at), end: formatDateTime(step.endsAt ?? step.at) });
      case 'completed':
        return t('staff.timeline.completed', { end: formatDateTime(step.endsAt ?? step.at) });
      case 'cancelled':
        return t(step.late ? 'staff.timeline.cancelledLate' : 'staff.timeline.cancelled', { reason: t(`staff.cancelReason.${step.cancellationReason ?? 'expired'}`) });
      case 'disputed':
        return t('staff.timeline.disputed', { person: person(step.actorId) });
      case 'settled':
        return t('staff.timeline.settled', { person: person(step.actorId), percent: Number(step.learnerRefundPercent ?? 0) });
      case 'credits-released':
        return t('staff.timeline.credits-released');
    }
  };
  return (
    <Section title={t('staff.case.timeline')}>
      <View accessibilityRole="list" accessibilityLabel={t('staff.case.timeline')} style={styles.conversation}>
        {timeline.map((step) => (
          <Text key={`${step.step}-${step.at}`} accessibilityRole="text" style={step.step === 'disputed' ? styles.reportedLine : styles.report} selectable>
            {formatDateTime(step.at)} · {describe(step)}
          </Text>
        ))}
      </View>
    </Section>
  );
}

const formerMember = '00000000-0000-0000-0000-000000000000';

/** A person as the console names them: by id (Administration knows no names), or "a former member" once erased. */
function usePersonLabel() {
  const { t } = useI18n();
  return (id: string | null | undefined) => (!id || id === formerMember ? t('staff.case.formerMember') : id);
}

/** Outcomes offered for the case (a dispute is settled, and only a dispute), a reason, and each outcome's terms. */
function DecisionForm({ moderationCase, onDecided }: { moderationCase: CaseDetail; onDecided: (changed: CaseDetail) => void }) {
  const { t } = useI18n();
  const problemMessage = useProblemMessage();
  const outcomes: Outcome[] = moderationCase.kind === 'dispute' ? ['settle'] : ['dismiss', 'warn', 'remove-content', 'suspend', 'ban'];
  const [outcome, setOutcome] = useState<Outcome | null>(outcomes.length === 1 ? outcomes[0]! : null);
  const [reason, setReason] = useState('');
  const [days, setDays] = useState('7');
  const [refund, setRefund] = useState('50');
  const [noShowBy, setNoShowBy] = useState<'none' | 'teacher' | 'learner'>('none');
  const decide = useMutation({
    mutationFn: () =>
      unwrap(
        api.administration.POST('/api/v1/admin/cases/{caseId}/decision', {
          params: { path: { caseId: moderationCase.id } },
          body: {
            outcome,
            reason: reason.trim(),
            days: outcome === 'suspend' ? Number(days) : null,
            learnerRefundPercent: outcome === 'settle' ? Number(refund) : null,
            noShowBy: outcome === 'settle' && noShowBy !== 'none' ? noShowBy : null,
          },
        }),
      ),
    onSuccess: onDecided,
  });
  return (
    <Section title={t('staff.case.decision')}>
      <RadioGroup<Outcome>
        label={t('staff.decision.outcome')}
        value={outcome}
        onChange={setOutcome}
        options={outcomes.map((value) => ({ value, label: t(`staff.decide.${value}`) }))}
      />
      {outcome === 'suspend' ? <TextField label={t('staff.decision.days')} value={days} onChangeText={setDays} keyboardType="number-pad" maxLength={3} /> : null}
      {outcome === 'settle' ? (
        <>
          <TextField label={t('staff.decision.refund')} value={refund} onChangeText={setRefund} keyboardType="number-pad" maxLength={3} />
          <RadioGroup<'none' | 'teacher' | 'learner'>
            label={t('staff.decision.noShow')}
            value={noShowBy}
            onChange={setNoShowBy}
            options={[
              { value: 'none', label: t('staff.decision.noShowNone') },
              { value: 'teacher', label: t('staff.decision.noShowTeacher') },
              { value: 'learner', label: t('staff.decision.noShowLearner') },
            ]}
          />
        </>
      ) : null}
      <TextField label={t('staff.decision.reason')} value={reason} onChangeText={setReason} multiline maxLength={1000} />
      <Text style={styles.meta}>{t('staff.decision.reasonHint')}</Text>
      <ErrorBanner message={problemMessage(decide.error)} />
      <Button
        label={t('staff.decision.submit')}
        variant={outcome === 'ban' || outcome === 'suspend' ? 'danger' : 'primary'}
        onPress={() => decide.mutate()}
        busy={decide.isPending}
        disabled={outcome === null || reason.trim().length < 10}
      />
    </Section>
  );
}

const styles = StyleSheet.create({
  meta: { fontSize: 13, color: colors.muted },
  quote: { fontSize: 15, color: colors.text, padding: space.m, backgroundColor: colors.surface, borderLeftWidth: 3, borderLeftColor: colors.danger, borderRadius: 4 },
  report: { fontSize: 14, color: colors.text },
  decided: { fontSize: 16, fontWeight: '600', color: colors.text },
  conversation: { gap: space.xs },
  reportedLine: { fontSize: 14, fontWeight: '600', color: colors.danger },
});
