import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useLocalSearchParams, useRouter } from 'expo-router';
import { useEffect, useState } from 'react';
import { StyleSheet, Text, View } from 'react-native';

import { api, unwrap } from '@/api/client';
import { downloadWithToken } from '@/api/download';
import { ApiProblem } from '@/api/problem';
import type { Session } from '@/api/types';
import { useProblemMessage } from '@/api/useProblemMessage';
import { ReviewForm } from '@/features/reviews/ReviewForm';
import { useI18n } from '@/i18n';
import { Button } from '@/ui/Button';
import { RadioGroup } from '@/ui/Choices';
import { ErrorBanner, Loading, SuccessBanner } from '@/ui/Feedback';
import { Screen, Section } from '@/ui/Screen';
import { TextField } from '@/ui/TextField';
import { colors, space } from '@/ui/theme';

import { useNow } from '@/lib/useNow';

import { SlotPicker } from './SlotPicker';
import { useDuration } from './WalletScreen';

/** A late cancellation (within a day of a confirmed start) is recorded, and costs a learner half the credits. */
const lateCancellationMs = 24 * 60 * 60_000;
const disputeReasons = ['no-show', 'did-not-happen', 'not-as-agreed'] as const;

/**
 * One session: when on each participant's clock, its state, and what the reader may do now. While the credits are
 * being held (pending payment) the screen asks again every two seconds.
 */
export function SessionScreen() {
  const { sessionId } = useLocalSearchParams<{ sessionId: string }>();
  const { t } = useI18n();
  const problemMessage = useProblemMessage();
  const session = useQuery({
    queryKey: ['sessions', sessionId],
    queryFn: () => unwrap(api.sessions.GET('/api/v1/sessions/{sessionId}', { params: { path: { sessionId } } })),
    refetchInterval: (query) => (query.state.data?.status === 'pending-payment' ? 2000 : false),
  });
  // Each change of state moves credits (held, refunded, paid): the wallet is read again.
  const queryClient = useQueryClient();
  const status = session.data?.status;
  useEffect(() => {
    if (status) {
      void queryClient.invalidateQueries({ queryKey: ['wallet'] });
    }
  }, [status, queryClient]);
  if (!session.data) {
    return (
      <Screen title={t('sessions.one')}>
        {session.isPending ? <Loading label={t('common.loading')} /> : <ErrorBanner message={problemMessage(session.error)} />}
      </Screen>
    );
  }
  return <SessionDetails session={session.data} />;
}

function SessionDetails({ session }: { session: Session }) {
  const { t, formatDateTime } = useI18n();
  const problemMessage = useProblemMessage();
  const duration = useDuration();
  const queryClient = useQueryClient();
  const [disputeReason, setDisputeReason] = useState<(typeof disputeReasons)[number] | null>(null);
  const [disputeDetails, setDisputeDetails] = useState('');
  const [confirmingCancel, setConfirmingCancel] = useState(false);
  const sessionId = session.id;
  const router = useRouter();

  const act = useMutation({
    mutationFn: async (action: () => Promise<unknown>) => action(),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: ['sessions'] });
      void queryClient.invalidateQueries({ queryKey: ['wallet'] });
      setConfirmingCancel(false);
    },
  });
  const path = { params: { path: { sessionId } } };
  const accept = (startsAt: string) => act.mutate(() => unwrap(api.sessions.POST('/api/v1/sessions/{sessionId}/accept', { ...path, body: { startsAt } })));
  const decline = () => act.mutate(() => unwrap(api.sessions.POST('/api/v1/sessions/{sessionId}/decline', path)));
  const cancel = () => act.mutate(() => unwrap(api.sessions.POST('/api/v1/sessions/{sessionId}/cancel', path)));
  const complete = () => act.mutate(() => unwrap(api.sessions.POST('/api/v1/sessions/{sessionId}/confirm-completion', path)));
  const dispute = () =>
    act.mutate(() =>
      unwrap(api.sessions.POST('/api/v1/sessions/{sessionId}/dispute', { ...path, body: { reason: disputeReason, details: disputeDetails.trim() || null } })),
    );

  const now = useNow();
  const starts = Date.parse(session.startsAt);
  const ends = Date.parse(session.endsAt);
  const myTurn = session.status === 'requested' && session.awaitingResponseFrom === session.yourRole;
  const canCancel = ['pending-payment', 'requested', 'confirmed'].includes(session.status) && now < starts;
  const late = session.status === 'confirmed' && starts - now < lateCancellationMs;
  const others = session.participants.filter((participant) => participant.role !== session.yourRole || session.kind === 'group');

  return (
    <Screen title={session.skillLabel}>
      <Text style={styles.status}>{t(`status.${session.status}`)}</Text>
      {session.status === 'pending-payment' ? <Loading label={t('sessions.holding')} /> : null}
      {session.status === 'requested' ? (
        <Text style={styles.meta}>{myTurn ? t('sessions.yourTurn') : t('sessions.theirTurn')}</Text>
      ) : null}
      <Text style={styles.meta}>
        {formatDateTime(session.startsAt, session.timeZone)} · {duration(session.durationMinutes)} · {t(`format.${session.format}`)}
      </Text>
      {session.participants.map((participant) => (
        <Text key={participant.userId} style={styles.meta}>
          {t(`role.${participant.role}`)}: {participant.displayName ?? t('chat.formerMember')} — {t('sessions.theirTime', { time: formatDateTime(session.startsAt, participant.timeZone), timeZone: participant.timeZone })}
        </Text>
      ))}
      {session.message ? <Text style={styles.message}>“{session.message}”</Text> : null}
      <ErrorBanner message={problemMessage(act.error)} />
      {act.error instanceof ApiProblem && act.error.slug === 'slot-taken' ? <Text style={styles.meta}>{t('sessions.slotTakenHint')}</Text> : null}

      {myTurn ? (
        <Section title={t('sessions.proposedTimes')}>
          {session.proposedSlots.map((slot) => (
            <Button
              key={slot.startsAt}
              label={t('sessions.acceptAt', { time: formatDateTime(slot.startsAt, session.timeZone) })}
              onPress={() => accept(slot.startsAt)}
              busy={act.isPending}
            />
          ))}
          {session.yourRole === 'teacher' ? <Button label={t('sessions.decline')} variant="danger" onPress={decline} busy={act.isPending} /> : null}
          <ProposeTimes session={session} onPropose={(starts) => act.mutate(() => unwrap(api.sessions.POST('/api/v1/sessions/{sessionId}/propose', { ...path, body: { proposedStarts: starts } })))} busy={act.isPending} />
        </Section>
      ) : null}

      {session.status === 'confirmed' ? <CalendarLink sessionId={sessionId} /> : null}

      {session.status === 'confirmed' && now >= ends ? (
        <Button label={t('sessions.confirmCompletion')} onPress={complete} busy={act.isPending} />
      ) : null}

      {canCancel && !confirmingCancel ? <Button label={t('sessions.cancel')} variant="secondary" onPress={() => setConfirmingCancel(true)} /> : null}
      {confirmingCancel ? (
        <View style={styles.box}>
          <Text style={styles.warning}>{late ? t(`sessions.lateWarning.${session.yourRole}`) : t('sessions.cancelConfirm')}</Text>
          <Button label={t('sessions.cancelYes')} variant="danger" onPress={cancel} busy={act.isPending} />
          <Button label={t('sessions.cancelNo')} variant="secondary" onPress={() => setConfirmingCancel(false)} />
        </View>
      ) : null}

      {['confirmed', 'completed'].includes(session.status) && now >= starts && now < ends + 48 * 3600_000 && session.yourRole === 'learner' ? (
        <Section title={t('sessions.dispute')}>
          <RadioGroup label={t('sessions.disputeReason')} value={disputeReason} onChange={setDisputeReason} options={disputeReasons.map((value) => ({ value, label: t(`dispute.${value}`) }))} />
          <TextField label={t('sessions.disputeDetails')} value={disputeDetails} onChangeText={setDisputeDetails} multiline maxLength={2000} />
          <Button label={t('sessions.disputeSubmit')} variant="danger" onPress={dispute} disabled={!disputeReason} busy={act.isPending} />
        </Section>
      ) : null}

      {session.status === 'completed' ? (
        <Section title={t('reviews.write')}>
          {others.map((participant) => (
            <ReviewForm key={participant.userId} sessionId={sessionId} revieweeId={participant.userId} revieweeName={participant.displayName ?? t('chat.aMember')} />
          ))}
        </Section>
      ) : null}
      {act.isSuccess ? <SuccessBanner message={t('common.done')} /> : null}
      <Button label={t('wallet.open')} variant="secondary" onPress={() => router.push('/wallet')} />
    </Screen>
  );
}

/** Other times, inside the teacher's availability: then it is the other side's turn to accept one. */
function ProposeTimes({ session, onPropose, busy }: { session: Session; onPropose: (starts: string[]) => void; busy: boolean }) {
  const { t } = useI18n();
  const [open, setOpen] = useState(false);
  const [chosen, setChosen] = useState<number[]>([]);
  const teacher = session.participants.find((participant) => participant.role === 'teacher');
  const me = session.participants.find((participant) => participant.role === session.yourRole);
  const profile = useQuery({
    queryKey: ['profile', teacher?.userId],
    queryFn: () => unwrap(api.profiles.GET('/api/v1/profiles/{userId}', { params: { path: { userId: teacher!.userId } } })),
    enabled: open && !!teacher,
  });
  if (!open) {
    return <Button label={t('sessions.proposeOther')} variant="secondary" onPress={() => setOpen(true)} />;
  }
  return (
    <View style={styles.box}>
      {profile.data ? (
        <SlotPicker
          availability={profile.data.availability}
          teacherTimeZone={profile.data.timeZone ?? teacher?.timeZone ?? 'UTC'}
          myTimeZone={me?.timeZone ?? session.timeZone}
          durationMinutes={Number(session.durationMinutes)}
          chosen={chosen}
          onChange={setChosen}
        />
      ) : (
        <Loading label={t('common.loading')} />
      )}
      <Button
        label={t('sessions.proposeSubmit')}
        onPress={() => onPropose(chosen.map((instant) => new Date(instant).toISOString()))}
        busy={busy}
        disabled={chosen.length === 0}
      />
    </View>
  );
}

/**
 * "Add to calendar": the session as an .ics file. The file needs the person's token, so on the web it is fetched
 * and handed to the browser as a download; a phone opens the private calendar feed instead (a secret address any
 * calendar app can subscribe to).
 */
function CalendarLink({ sessionId }: { sessionId: string }) {
  const { t } = useI18n();
  const problemMessage = useProblemMessage();
  const download = useMutation({
    mutationFn: () => downloadWithToken(`/api/v1/sessions/${sessionId}/calendar.ics`, `skillswap-${sessionId}.ics`),
  });
  return (
    <View style={styles.box}>
      <Button label={t('sessions.addToCalendar')} variant="secondary" onPress={() => download.mutate()} busy={download.isPending} />
      <ErrorBanner message={problemMessage(download.error)} />
    </View>
  );
}

const styles = StyleSheet.create({
  status: { fontSize: 16, fontWeight: '700', color: colors.primary },
  meta: { fontSize: 14, color: colors.muted },
  message: { fontSize: 15, color: colors.text, fontStyle: 'italic' },
  box: { gap: space.s, padding: space.m, borderRadius: 8, backgroundColor: colors.surface },
  warning: { fontSize: 14, color: colors.danger },
});
