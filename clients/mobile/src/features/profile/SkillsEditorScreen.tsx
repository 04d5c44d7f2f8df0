import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Pressable, StyleSheet, Text, View } from 'react-native';

import { api, unwrap } from '@/api/client';
import type { Profile } from '@/api/types';
import { useProblemMessage } from '@/api/useProblemMessage';
import { useI18n } from '@/i18n';
import { Button } from '@/ui/Button';
import { RadioGroup } from '@/ui/Choices';
import { Empty, ErrorBanner, Loading, SuccessBanner } from '@/ui/Feedback';
import { Screen, Section } from '@/ui/Screen';
import { TextField } from '@/ui/TextField';
import { colors, space } from '@/ui/theme';

import { useMyProfile } from './useMyProfile';

interface SkillLine {
  /** A catalogue id, or the person's own words when the catalogue has nothing for them. */
  skill: string;
  label: string;
  level: number;
  goal?: string;
}

const levels = [1, 2, 3, 4, 5] as const;

/** What a person teaches and wants to learn, each from the catalogue (suggested as they type, in their language) or in their own words. */
export function SkillsEditorScreen() {
  const profile = useMyProfile();
  const { t } = useI18n();
  const problemMessage = useProblemMessage();
  if (!profile.data) {
    return (
      <Screen title={t('skills.title')}>
        {profile.isPending ? <Loading label={t('common.loading')} /> : <ErrorBanner message={problemMessage(profile.error)} />}
      </Screen>
    );
  }
  return <SkillsForm profile={profile.data} />;
}

function SkillsForm({ profile }: { profile: Profile }) {
  const { t } = useI18n();
  const problemMessage = useProblemMessage();
  const queryClient = useQueryClient();
  const [offered, setOffered] = useState<SkillLine[]>(
    profile.offered.map((skill) => ({ skill: skill.skillId ?? skill.label, label: skill.label, level: Number(skill.level) })),
  );
  const [wanted, setWanted] = useState<SkillLine[]>(
    profile.wanted.map((skill) => ({ skill: skill.skillId ?? skill.label, label: skill.label, level: Number(skill.targetLevel), goal: skill.goal ?? '' })),
  );
  const save = useMutation({
    mutationFn: () =>
      unwrap(
        api.profiles.PUT('/api/v1/profiles/me/skills', {
          body: {
            offered: offered.map((line) => ({ skill: line.skill, level: line.level, yearsOfPractice: null, evidenceUrl: null })),
            wanted: wanted.map((line) => ({ skill: line.skill, targetLevel: line.level, goal: line.goal?.trim() || null })),
            version: profile.version,
          },
        }),
      ),
    onSuccess: (saved) => {
      queryClient.setQueryData(['profile', 'me'], saved);
      void queryClient.invalidateQueries({ queryKey: ['matches'] });
    },
  });

  return (
    <Screen title={t('skills.title')}>
      <Section title={t('skills.offered')}>
        <SkillList lines={offered} onChange={setOffered} levelLabel={t('skills.level')} />
        <SkillPicker label={t('skills.addOffered')} onPick={(skill, label) => setOffered([...offered, { skill, label, level: 3 }])} />
      </Section>
      <Section title={t('skills.wanted')}>
        <SkillList lines={wanted} onChange={setWanted} levelLabel={t('skills.targetLevel')} withGoal />
        <SkillPicker label={t('skills.addWanted')} onPick={(skill, label) => setWanted([...wanted, { skill, label, level: 2, goal: '' }])} />
      </Section>
      <ErrorBanner message={problemMessage(save.error)} />
      <SuccessBanner message={save.isSuccess ? t('common.saved') : null} />
      <Button label={t('common.save')} onPress={() => save.mutate()} busy={save.isPending} />
    </Screen>
  );
}

function SkillList({
  lines,
  onChange,
  levelLabel,
  withGoal = false,
}: {
  lines: SkillLine[];
  onChange: (lines: SkillLine[]) => void;
  levelLabel: string;
  withGoal?: boolean;
}) {
  const { t } = useI18n();
  if (lines.length === 0) {
    return <Empty text={t('skills.none')} />;
  }
  const update = (index: number, change: Partial<SkillLine>) => onChange(lines.map((line, i) => (i === index ? { ...line, ...change } : line)));
  return (
    <View style={styles.list}>
      {lines.map((line, index) => (
        <View key={`${line.skill}-${index}`} style={styles.line}>
          <View style={styles.lineHeader}>
            <Text style={styles.skill}>{line.label}</Text>
            <Button label={t('skills.remove', { skill: line.label })} variant="secondary" onPress={() => onChange(lines.filter((_, i) => i !== index))} />
          </View>
          <RadioGroup
            label={`${levelLabel} — ${line.label}`}
            value={line.level}
            onChange={(level) => update(index, { level })}
            options={levels.map((level) => ({ value: level, label: String(level) }))}
          />
          {withGoal ? (
            <TextField label={t('skills.goal', { skill: line.label })} value={line.goal ?? ''} onChangeText={(goal) => update(index, { goal })} maxLength={200} />
          ) : null}
        </View>
      ))}
    </View>
  );
}

/** Type a few letters: the catalogue's skills whose names start so (French and English), or keep your own words. */
function SkillPicker({ label, onPick }: { label: string; onPick: (skill: string, label: string) => void }) {
  const { t, language } = useI18n();
  const [text, setText] = useState('');
  const query = text.trim();
  const suggestions = useQuery({
    queryKey: ['skills', language, query],
    queryFn: () => unwrap(api.profiles.GET('/api/v1/skills', { params: { query: { q: query, locale: language, limit: 6 } } })),
    enabled: query.length >= 2,
  });
  const pick = (skill: string, name: string) => {
    onPick(skill, name);
    setText('');
  };
  return (
    <View style={styles.picker}>
      <TextField label={label} value={text} onChangeText={setText} autoCapitalize="none" />
      {query.length >= 2 ? (
        <View accessibilityRole="list" accessibilityLabel={t('skills.suggestions')} style={styles.suggestions}>
          {(suggestions.data ?? []).map((skill) => (
            <Pressable key={skill.id} accessibilityRole="button" accessibilityLabel={skill.label} onPress={() => pick(skill.id, skill.label)} style={styles.suggestion}>
              <Text style={styles.suggestionText}>{skill.label}</Text>
              <Text style={styles.category}>{skill.categoryLabel}</Text>
            </Pressable>
          ))}
          <Pressable accessibilityRole="button" accessibilityLabel={t('skills.useOwnWords', { text: query })} onPress={() => pick(query, query)} style={styles.suggestion}>
            <Text style={styles.suggestionText}>{t('skills.useOwnWords', { text: query })}</Text>
          </Pressable>
        </View>
      ) : null}
    </View>
  );
}

const styles = StyleSheet.create({
  list: { gap: space.m },
  line: { gap: space.s, padding: space.m, borderRadius: 8, backgroundColor: colors.surface },
  lineHeader: { flexDirection: 'row', justifyContent: 'space-between', alignItems: 'center', gap: space.s, flexWrap: 'wrap' },
  skill: { fontSize: 16, fontWeight: '600', color: colors.text, flexShrink: 1 },
  picker: { gap: space.xs },
  suggestions: { borderWidth: 1, borderColor: colors.border, borderRadius: 8 },
  suggestion: { padding: space.m, borderBottomWidth: 1, borderBottomColor: colors.surface, minHeight: 44 },
  suggestionText: { color: colors.text, fontSize: 15 },
  category: { color: colors.muted, fontSize: 12 },
});
