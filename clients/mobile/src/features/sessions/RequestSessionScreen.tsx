import { useMutation, useQuery } from '@tanstack/react-query';
import { useLocalSearchParams, useRouter } from 'expo-router';
import { useState } from 'react';
import { StyleSheet, Text } from 'react-native';

import { api, unwrap } from '@/api/client';
import { useProblemMessage } from '@/api/useProblemMessage';
import { useI18n } from '@/i18n';
import { useMyProfile } from '@/features/profile/useMyProfile';
import { Button } from '@/ui/Button';
import { RadioGroup } from '@/ui/Choices';
import { ErrorBanner, Loading } from '@/ui/Feedback';
import { Screen, Section } from '@/ui/Screen';
import { TextField } from '@/ui/TextField';
import { colors } from '@/ui/theme';

import { durations, SlotPicker } from './SlotPicker';
import { useDuration, useWallet } from './WalletScreen';


/**
 * Asking a teacher for a session: one of their skills, up to three starts inside their weekly availability, each
 * shown on both clocks, a length and a format. The credits are held when the request is made; the teacher accepts
 * one of the times, proposes others, or declines (credits back).
 */
export function RequestSessionScreen() {
  const { teacherId } = useLocalSearchParams<{ teacherId: string }>();
  const { t } = useI18n();
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
  // One key per request screen: a retried tap (flaky network) finds the session it created instead of asking twice.
  const [idempotencyKey] = useState(() => `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`);

  const teacherZone = teacher.data?.timeZone ?? 'UTC';
  const myZone = me.data?.timeZone ?? Intl.DateTimeFormat().resolvedOptions().timeZone;

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
        <SlotPicker
          availability={teacher.data.availability}
          teacherTimeZone={teacherZone}
          myTimeZone={myZone}
          durationMinutes={minutes}
          chosen={chosen}
          onChange={setChosen}
        />
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
});
