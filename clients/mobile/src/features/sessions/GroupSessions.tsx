import { useMutation, useQuery } from '@tanstack/react-query';
import { useRouter } from 'expo-router';
import { useState } from 'react';
import { StyleSheet, Text, View } from 'react-native';

import { api, unwrap } from '@/api/client';
import { useProblemMessage } from '@/api/useProblemMessage';
import { useMyProfile } from '@/features/profile/useMyProfile';
import { useI18n } from '@/i18n';
import { Button } from '@/ui/Button';
import { RadioGroup } from '@/ui/Choices';
import { Empty, ErrorBanner, Loading } from '@/ui/Feedback';
import { Screen, Section } from '@/ui/Screen';
import { TextField } from '@/ui/TextField';
import { colors, space } from '@/ui/theme';

import { durations } from './SlotPicker';
import { instantOf } from './slots';
import { useDuration } from './WalletScreen';

/** Group sessions with seats left: a seat is booked (and its credits held) like a session of one's own. */
export function OpenGroups() {
  const { t, formatDateTime } = useI18n();
  const router = useRouter();
  const duration = useDuration();
  const problemMessage = useProblemMessage();
  const groups = useQuery({ queryKey: ['sessions', 'groups'], queryFn: () => unwrap(api.sessions.GET('/api/v1/sessions/groups')) });
  const join = useMutation({
    mutationFn: (sessionId: string) => unwrap(api.sessions.POST('/api/v1/sessions/{sessionId}/seats', { params: { path: { sessionId } } })),
    onSuccess: (session) => router.push({ pathname: '/sessions/[sessionId]', params: { sessionId: session.id } }),
  });
  return (
    <Section title={t('groups.title')}>
      <Button label={t('groups.create')} variant="secondary" onPress={() => router.push('/sessions/new-group')} />
      {groups.isPending ? <Loading label={t('common.loading')} /> : null}
      <ErrorBanner message={problemMessage(groups.error ?? join.error)} />
      {groups.data?.length === 0 ? <Empty text={t('groups.none')} /> : null}
      <View accessibilityRole="list" accessibilityLabel={t('groups.title')} style={styles.list}>
        {groups.data?.map((group) => (
          <View key={group.id} role="listitem" aria-label={group.skillLabel} style={styles.card}>
            <Text style={styles.skill}>{group.skillLabel}</Text>
            <Text style={styles.meta}>
              {formatDateTime(group.startsAt)} · {duration(group.durationMinutes)} · {t(`format.${group.format}`)}
            </Text>
            <Text style={styles.meta}>{t('groups.seatsLeft', { count: group.seatsLeft, capacity: group.capacity })}</Text>
            {group.description ? <Text style={styles.text}>{group.description}</Text> : null}
            <Button label={t('groups.join', { skill: group.skillLabel })} onPress={() => join.mutate(group.id)} busy={join.isPending && join.variables === group.id} />
          </View>
        ))}
      </View>
    </Section>
  );
}

const dateTimeShape = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2})$/;

/** A teacher opens a group session: a fixed time (on their own clock), a length, a number of seats. */
export function CreateGroupScreen() {
  const { t } = useI18n();
  const router = useRouter();
  const problemMessage = useProblemMessage();
  const duration = useDuration();
  const me = useMyProfile();
  const [skill, setSkill] = useState('');
  const [when, setWhen] = useState('');
  const [minutes, setMinutes] = useState(90);
  const [capacity, setCapacity] = useState('5');
  const [format, setFormat] = useState('online');
  const [location, setLocation] = useState('');
  const [description, setDescription] = useState('');
  const myZone = me.data?.timeZone ?? Intl.DateTimeFormat().resolvedOptions().timeZone;
  const parsed = dateTimeShape.exec(when.trim());
  const create = useMutation({
    mutationFn: () => {
      const [, year, month, day, hour, minute] = parsed!.map(Number);
      return unwrap(
        api.sessions.POST('/api/v1/sessions/groups', {
          body: {
            skill: skill.trim(),
            startsAt: new Date(instantOf(year!, month!, day!, hour!, minute!, myZone)).toISOString(),
            durationMinutes: minutes,
            capacity: Number(capacity),
            format,
            location: location.trim() || null,
            description: description.trim() || null,
          },
        }),
      );
    },
    onSuccess: (session) => router.replace({ pathname: '/sessions/[sessionId]', params: { sessionId: session.id } }),
  });
  return (
    <Screen title={t('groups.create')}>
      <TextField label={t('groups.skill')} value={skill} onChangeText={setSkill} maxLength={80} />
      <TextField label={t('groups.when', { timeZone: myZone })} value={when} onChangeText={setWhen} placeholder="2026-12-24 18:00" />
      <RadioGroup label={t('request.duration')} value={minutes} onChange={setMinutes} options={durations.map((value) => ({ value, label: duration(value) }))} />
      <TextField label={t('groups.capacity')} value={capacity} onChangeText={setCapacity} keyboardType="number-pad" maxLength={2} />
      <RadioGroup
        label={t('profile.formats')}
        value={format}
        onChange={setFormat}
        options={[
          { value: 'online', label: t('format.online') },
          { value: 'in-person', label: t('format.in-person') },
        ]}
      />
      {format === 'in-person' ? <TextField label={t('groups.location')} value={location} onChangeText={setLocation} maxLength={200} /> : null}
      <TextField label={t('groups.description')} value={description} onChangeText={setDescription} multiline maxLength={1000} />
      <ErrorBanner message={problemMessage(create.error)} />
      <Button label={t('groups.open')} onPress={() => create.mutate()} busy={create.isPending} disabled={!skill.trim() || !parsed || !(Number(capacity) >= 2)} />
    </Screen>
  );
}

const styles = StyleSheet.create({
  list: { gap: space.s },
  card: { padding: space.m, borderRadius: 8, backgroundColor: colors.surface, gap: space.xs },
  skill: { fontSize: 16, fontWeight: '600', color: colors.text },
  meta: { fontSize: 13, color: colors.muted },
  text: { fontSize: 14, color: colors.text },
});
