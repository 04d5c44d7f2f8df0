import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { StyleSheet, Text, View } from 'react-native';

import { api, unwrap } from '@/api/client';
import type { Preferences } from '@/api/types';
import { useProblemMessage } from '@/api/useProblemMessage';
import { useI18n } from '@/i18n';
import { Button } from '@/ui/Button';
import { Checkbox } from '@/ui/Choices';
import { ErrorBanner, Loading, SuccessBanner } from '@/ui/Feedback';
import { Screen, Section } from '@/ui/Screen';
import { TextField } from '@/ui/TextField';
import { colors, space } from '@/ui/theme';

const categories = ['sessions', 'reviews', 'messages', 'matches', 'surveys'] as const;
const channels = ['inApp', 'push', 'email'] as const;

/** Which kinds of news come by which channel, and the quiet hours during which phones stay silent (on the person's clock). */
export function PreferencesScreen() {
  const { t } = useI18n();
  const problemMessage = useProblemMessage();
  const queryClient = useQueryClient();
  const preferences = useQuery({
    queryKey: ['notifications', 'preferences'],
    queryFn: () => unwrap(api.notifications.GET('/api/v1/notifications/preferences')),
  });
  const [from, setFrom] = useState<string | null>(null);
  const [to, setTo] = useState<string | null>(null);
  const toggle = useMutation({
    mutationFn: ({ category, channel, on }: { category: string; channel: string; on: boolean }) =>
      unwrap(api.notifications.PUT('/api/v1/notifications/preferences', { body: { categories: { [category]: { [channel]: on } } } })),
    // The switch moves at once; the server's answer replaces it.
    onMutate: ({ category, channel, on }) =>
      queryClient.setQueryData<Preferences>(['notifications', 'preferences'], (old) =>
        old ? { ...old, categories: { ...old.categories, [category]: { ...old.categories[category], [channel]: on } } } : old,
      ),
    onSettled: () => queryClient.invalidateQueries({ queryKey: ['notifications', 'preferences'] }),
  });
  const quiet = useMutation({
    mutationFn: (hours: { from: string; to: string } | null) =>
      unwrap(
        hours === null
          ? api.notifications.DELETE('/api/v1/notifications/preferences/quiet-hours')
          : api.notifications.PUT('/api/v1/notifications/preferences/quiet-hours', { body: hours }),
      ),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['notifications', 'preferences'] }),
  });
  if (!preferences.data) {
    return (
      <Screen title={t('notifications.settings')}>
        {preferences.isPending ? <Loading label={t('common.loading')} /> : <ErrorBanner message={problemMessage(preferences.error)} />}
      </Screen>
    );
  }
  const current = preferences.data;
  return (
    <Screen title={t('notifications.settings')}>
      <ErrorBanner message={problemMessage(toggle.error ?? quiet.error)} />
      {categories.map((category) => (
        <Section key={category} title={t(`category.${category}`)}>
          <View style={styles.row}>
            {channels.map((channel) => (
              <Checkbox
                key={channel}
                label={`${t(`category.${category}`)} — ${t(`channel.${channel}`)}`}
                checked={current.categories[category]?.[channel] ?? true}
                onChange={(on) => toggle.mutate({ category, channel, on })}
              />
            ))}
          </View>
        </Section>
      ))}
      <Section title={t('quiet.title')}>
        <Text style={styles.hint}>
          {current.quietHours ? t('quiet.current', { from: current.quietHours.from ?? '', to: current.quietHours.to ?? '' }) : t('quiet.none')}
        </Text>
        <TextField label={t('quiet.from')} value={from ?? current.quietHours?.from ?? '22:00'} onChangeText={setFrom} placeholder="22:00" />
        <TextField label={t('quiet.to')} value={to ?? current.quietHours?.to ?? '07:00'} onChangeText={setTo} placeholder="07:00" />
        <Button
          label={t('quiet.save')}
          onPress={() => quiet.mutate({ from: from ?? current.quietHours?.from ?? '22:00', to: to ?? current.quietHours?.to ?? '07:00' })}
          busy={quiet.isPending}
        />
        {current.quietHours ? <Button label={t('quiet.clear')} variant="secondary" onPress={() => quiet.mutate(null)} /> : null}
        <SuccessBanner message={quiet.isSuccess ? t('common.saved') : null} />
      </Section>
    </Screen>
  );
}

const styles = StyleSheet.create({
  row: { flexDirection: 'row', flexWrap: 'wrap', gap: space.s },
  hint: { fontSize: 14, color: colors.muted },
});
