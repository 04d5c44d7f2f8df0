import { useMutation, useQuery } from '@tanstack/react-query';
import { useLocalSearchParams, useRouter } from 'expo-router';
import { useMemo, useState } from 'react';
import { StyleSheet, Text, View } from 'react-native';

import { api, unwrap } from '@/api/client';
import { useProblemMessage } from '@/api/useProblemMessage';
import { useI18n } from '@/i18n';
import { useMyProfile } from '@/features/profile/useMyProfile';
import { Button } from '@/ui/Button';
import { Checkbox, ChipRow, RadioGroup } from '@/ui/Choices';
import { Empty, ErrorBanner, Loading } from '@/ui/Feedback';
import { Screen, Section } from '@/ui/Screen';
import { TextField } from '@/ui/TextField';
import { colors, space } from '@/ui/theme';

import { slotsWithin } from './slots';
import { useDuration, useWallet } from './WalletScreen';

const durations = [30, 60, 90, 120];
const maxProposals = 3;
/** Shown per page of the slot list: two weeks of a generous teacher would be hundreds. */
const shownSlots = 24;

/**
 * Asking a teacher for a session: one of their skills, up to three starts inside their weekly availability, each
 * shown on both clocks, a length and a format. The credits are held when the request is made; the teacher accepts
 * one of the times, proposes others, or declines (credits back).
 */
export function RequestSessionScreen() {
  const { teacherId } = useLocalSearchParams<{ teacherId: string }>();
  const { t, formatDateTime } = useI18n();
  const router = useRouter();
  const problemMessage = useProblemMessage();
  const duration = useDuration();
  const me = useMyProfile();
  const wallet = useWallet();
  const teacher = useQuery({
    queryKey: ['profile', teacherId],
    queryFn: () => unwrap(api.profiles.GET('/api/v1/profiles/{userId}', { params: { path: { userId: teacherId } } })),
  });
  const [skill, setSkill] = useState<string | null>(null);
  const [minutes, setMinutes] = useState(60);
  const [format, setFormat] = useState('online');
  const [message, setMessage] = useState('');
  const [chosen, setChosen] = useState<number[]>([]);
  const [page, setPage] = useState(0);
  // Slots are computed from when the screen opened, so the list does not shift under the person's finger.
  const [openedAt] = useState(() => Date.now());
  // One key per request screen: a retried tap (flaky network) finds the session it created instead of asking twice.
  const [idempotencyKey] = useState(() => `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`);

  const teacherZone = teacher.data?.timeZone ?? 'UTC';
  const myZone = me.data?.timeZone ?? Intl.DateTimeFormat().resolvedOptions().timeZone;
  const slots = useMemo(
    () => (teacher.data ? slotsWithin(teacher.data.availability, teacherZone, minutes, openedAt) : []),
    [teacher.data, teacherZone, minutes, openedAt],
  );

  const request = useMutation({
    mutationFn: () =>
      unwrap(
        api.sessions.POST('/api/v1/sessions', {
          headers: { 'Idempotency-Key': idempotencyKey },
          body: {
            teacherId,
            skill,
            proposedStarts: chosen.map((instant) => new Date(instant).toISOString()),
            durationMinutes: minutes,
            format,
            location: null,
            message: message.trim() || null,
          },
        }),
      ),
    onSuccess: (session) => router.replace({ pathname: '/sessions/[sessionId]', params: { sessionId: session.id } }),
  });

  if (!teacher.data) {
    return (
      <Screen title={t('request.title')}>
        {teacher.isPending ? <Loading label={t('common.loading')} /> : <ErrorBanner message={problemMessage(teacher.error)} />}
      </Screen>
    );
  }
  const visible = slots.slice(page * shownSlots, (page + 1) * shownSlots);
  const toggle = (instant: number, on: boolean) => setChosen(on ? [...chosen, instant].slice(-maxProposals) : chosen.filter((value) => value !== instant));
  return (
    <Screen title={t('request.title')}>
      <Text style={styles.hint}>{t('request.with', { name: teacher.data.displayName })}</Text>
      {wallet.data ? <Text style={styles.hint}>{t('request.balance', { balance: duration(wallet.data.balanceMinutes), cost: duration(minutes) })}</Text> : null}
      <RadioGroup
        label={t('request.skill')}
        value={skill}
        onChange={setSkill}
        options={teacher.data.offered.map((offered) => ({ value: offered.label, label: offered.label }))}
      />
      <RadioGroup label={t('request.duration')} value={minutes} onChange={setMinutes} options={durations.map((value) => ({ value, label: duration(value) }))} />
      <RadioGroup
        label={t('profile.formats')}
        value={format}
        onChange={setFormat}
        options={teacher.data.sessionFormats.map((value) => ({ value, label: t(`format.${value}`) }))}
      />
      <Section title={t('request.when')}>
        <Text style={styles.hint}>{t('request.clocks', { mine: myZone, theirs: teacherZone })}</Text>
        {slots.length === 0 ? <Empty text={t('request.noSlots')} /> : null}
        <ChipRow label={t('request.pickUpTo', { count: maxProposals })}>
          {visible.map((instant) => (
            <Checkbox
              key={instant}
              label={`${formatDateTime(new Date(instant), myZone)} (${t('request.theirClock', { time: formatDateTime(new Date(instant), teacherZone) })})`}
              checked={chosen.includes(instant)}
              onChange={(on) => toggle(instant, on)}
            />
          ))}
        </ChipRow>
        <View style={styles.pages}>
          {page > 0 ? <Button label={t('request.earlier')} variant="secondary" onPress={() => setPage(page - 1)} /> : null}
          {(page + 1) * shownSlots < slots.length ? <Button label={t('request.later')} variant="secondary" onPress={() => setPage(page + 1)} /> : null}
        </View>
      </Section>
      <TextField label={t('request.message')} value={message} onChangeText={setMessage} multiline maxLength={1000} />
      <ErrorBanner message={problemMessage(request.error)} />
      <Button
        label={t('request.submit')}
        onPress={() => request.mutate()}
        busy={request.isPending}
        disabled={!skill || chosen.length === 0}
        hint={t('request.submitHint', { cost: duration(minutes) })}
      />
    </Screen>
  );
}

const styles = StyleSheet.create({
  hint: { fontSize: 14, color: colors.muted },
  pages: { flexDirection: 'row', gap: space.s },
});
