import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useRouter } from 'expo-router';
import { useState } from 'react';

import { api, unwrap } from '@/api/client';
import { ApiProblem } from '@/api/problem';
import type { Profile } from '@/api/types';
import { useProblemMessage } from '@/api/useProblemMessage';
import { useI18n } from '@/i18n';
import { Button } from '@/ui/Button';
import { Checkbox, ChipRow, RadioGroup } from '@/ui/Choices';
import { Empty, ErrorBanner, Loading, SuccessBanner } from '@/ui/Feedback';
import { Screen, Section } from '@/ui/Screen';
import { TextField } from '@/ui/TextField';

import { AvailabilityGrid, toCells, toRanges } from './AvailabilityGrid';
import { useMyProfile } from './useMyProfile';

export const spokenLanguages = ['fr', 'en', 'es', 'de', 'it', 'pt', 'ar', 'zh', 'ja'] as const;
const roles = ['learner', 'teacher', 'mentor'] as const;
const formats = ['online', 'in-person'] as const;

const deviceTimeZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone;

/**
 * Everything others see of a person, in one form sent whole with the version read (Profiles refuses an edit based
 * on an older version: someone edited on another device meanwhile).
 */
export function ProfileEditorScreen() {
  const profile = useMyProfile();
  const { t } = useI18n();
  const problemMessage = useProblemMessage();
  if (!profile.data) {
    return (
      <Screen title={t('profile.title')}>
        {profile.isPending ? <Loading label={t('common.loading')} /> : <ErrorBanner message={problemMessage(profile.error)} />}
      </Screen>
    );
  }
  return <ProfileForm profile={profile.data} />;
}

function ProfileForm({ profile }: { profile: Profile }) {
  const { t, language } = useI18n();
  const problemMessage = useProblemMessage();
  const queryClient = useQueryClient();
  const router = useRouter();
  const [displayName, setDisplayName] = useState(profile.displayName);
  const [bio, setBio] = useState(profile.bio);
  const [timeZone, setTimeZone] = useState(profile.timeZone ?? deviceTimeZone());
  const [city, setCity] = useState(profile.location?.city ?? '');
  const [country, setCountry] = useState(profile.location?.country ?? '');
  const [photoUrl, setPhotoUrl] = useState(profile.photoUrl ?? '');
  const [languages, setLanguages] = useState<string[]>(profile.languages.length > 0 ? profile.languages : [language]);
  const [chosenRoles, setRoles] = useState<string[]>(profile.roles.length > 0 ? profile.roles : ['learner', 'teacher']);
  const [chosenFormats, setFormats] = useState<string[]>(profile.sessionFormats.length > 0 ? profile.sessionFormats : ['online']);
  const [visibility, setVisibility] = useState(profile.visibility);
  const [cells, setCells] = useState(() => toCells(profile.availability));
  // The grid shows whole two-hour blocks only: the ranges read go back as they were unless the grid is edited.
  const [gridEdited, setGridEdited] = useState(false);

  const save = useMutation({
    mutationFn: () =>
      unwrap(
        api.profiles.PUT('/api/v1/profiles/me', {
          body: {
            displayName: displayName.trim(),
            bio: bio.trim(),
            locale: language,
            languages,
            timeZone: timeZone.trim() || null,
            location: country.trim() ? { city: city.trim() || null, country: country.trim().toUpperCase() } : null,
            roles: chosenRoles,
            visibility,
            photoUrl: photoUrl.trim() || null,
            availability: gridEdited ? toRanges(cells) : profile.availability,
            sessionFormats: chosenFormats,
            version: profile.version,
          },
        }),
      ),
    onSuccess: (saved) => queryClient.setQueryData(['profile', 'me'], saved),
  });
  const fieldError = (field: string) => (save.error instanceof ApiProblem ? save.error.fieldError(field) : null);
  const toggle = (list: string[], value: string, on: boolean) => (on ? [...list, value] : list.filter((item) => item !== value));

  return (
    <Screen title={t('profile.title')}>
      <TextField label={t('field.displayName')} value={displayName} onChangeText={setDisplayName} error={fieldError('displayName')} />
      <TextField label={t('profile.bio')} value={bio} onChangeText={setBio} multiline maxLength={500} error={fieldError('bio')} />
      {profile.bioRemovedByModeration && !bio ? <Empty text={t('profile.yourBioRemoved')} /> : null}
      <TextField label={t('profile.photoUrl')} value={photoUrl} onChangeText={setPhotoUrl} autoCapitalize="none" keyboardType="url" error={fieldError('photoUrl')} />
      <TextField label={t('profile.city')} value={city} onChangeText={setCity} error={fieldError('location.city')} />
      <TextField label={t('profile.country')} value={country} onChangeText={setCountry} autoCapitalize="characters" maxLength={2} error={fieldError('location.country')} />
      <TextField label={t('profile.timeZone')} value={timeZone} onChangeText={setTimeZone} autoCapitalize="none" error={fieldError('timeZone')} />
      <ChipRow label={t('profile.languages')}>
        {spokenLanguages.map((code) => (
          <Checkbox key={code} label={t(`language.${code}`)} checked={languages.includes(code)} onChange={(on) => setLanguages(toggle(languages, code, on))} />
        ))}
      </ChipRow>
      <ChipRow label={t('profile.roles')}>
        {roles.map((role) => (
          <Checkbox key={role} label={t(`role.${role}`)} checked={chosenRoles.includes(role)} onChange={(on) => setRoles(toggle(chosenRoles, role, on))} />
        ))}
      </ChipRow>
      <ChipRow label={t('profile.formats')}>
        {formats.map((format) => (
          <Checkbox
            key={format}
            label={t(`format.${format}`)}
            checked={chosenFormats.includes(format)}
            onChange={(on) => setFormats(toggle(chosenFormats, format, on))}
          />
        ))}
      </ChipRow>
      <RadioGroup
        label={t('profile.visibility')}
        value={visibility}
        onChange={setVisibility}
        options={[
          { value: 'public', label: t('visibility.public') },
          { value: 'matches-only', label: t('visibility.matches-only') },
        ]}
      />
      <Section title={t('profile.availability')}>
        <AvailabilityGrid
          cells={cells}
          onChange={(next) => {
            setCells(next);
            setGridEdited(true);
          }}
        />
      </Section>
      <ErrorBanner message={problemMessage(save.error)} />
      <SuccessBanner message={save.isSuccess ? t('common.saved') : null} />
      <Button label={t('common.save')} onPress={() => save.mutate()} busy={save.isPending} />
      <Button label={t('profile.editSkills')} variant="secondary" onPress={() => router.push('/account/skills')} />
    </Screen>
  );
}
