import fs from 'node:fs';
import path from 'node:path';

import en from '@/i18n/en.json';
import fr from '@/i18n/fr.json';
import { format, translate } from '@/i18n';

const catalogues: Record<'en' | 'fr', Record<string, string>> = { en, fr };
const root = path.resolve(__dirname, '..');

function placeholdersOf(text: string): string[] {
  return [...text.matchAll(/\{(\w+)\}/g)].map((match) => match[1]!).sort();
}

function sourceFiles(directory: string): string[] {
  return fs.readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(directory, entry.name);
    if (entry.isDirectory()) {
      return sourceFiles(full);
    }
    return /\.tsx?$/.test(entry.name) && !entry.name.endsWith('.d.ts') ? [full] : [];
  });
}

/** Every value the API can send for each family the screens translate with t(`family.${value}`). */
const families: Record<string, readonly string[]> = {
  status: ['pending-payment', 'requested', 'confirmed', 'completed', 'disputed', 'resolved', 'declined', 'cancelled', 'expired', 'rejected'],
  role: ['learner', 'teacher', 'mentor'],
  format: ['online', 'in-person'],
  day: ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'],
  'day.short': ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'],
  category: ['sessions', 'reviews', 'messages', 'matches', 'surveys'],
  channel: ['inApp', 'push', 'email'],
  ledger: ['grant', 'hold', 'release', 'refund', 'late-cancellation', 'dispute-settlement'],
  erasure: ['pending', 'overdue', 'completed'],
  presence: ['online', 'away', 'offline'],
  dispute: ['no-show', 'did-not-happen', 'not-as-agreed'],
  'sessions.with': ['learner', 'teacher', 'moderator'],
  'sessions.lateWarning': ['learner', 'teacher', 'moderator'],
};

describe('the EN and FR catalogues', () => {
  it('have exactly the same keys', () => {
    expect(Object.keys(fr).sort()).toEqual(Object.keys(en).sort());
  });

  it.each(['en', 'fr'] as const)('have no empty value in %s', (language) => {
    const empty = Object.entries(catalogues[language])
      .filter(([, value]) => value.trim() === '')
      .map(([key]) => key);
    expect(empty).toEqual([]);
  });

  it('use the same placeholders in both languages for every key', () => {
    const mismatches = Object.keys(en)
      .filter((key) => key in fr)
      .map((key) => ({ key, en: placeholdersOf(catalogues.en[key]!), fr: placeholdersOf(catalogues.fr[key]!) }))
      .filter((entry) => JSON.stringify(entry.en) !== JSON.stringify(entry.fr));
    expect(mismatches).toEqual([]);
  });

  describe.each(Object.entries(families))('the dynamic family "%s"', (family, values) => {
    it.each(['en', 'fr'] as const)('has an entry in %s for every value the API can send', (language) => {
      const missing = values.map((value) => `${family}.${value}`).filter((key) => !catalogues[language][key]);
      expect(missing).toEqual([]);
    });
  });

  it('hold every static key the source passes to t()', () => {
    const files = [...sourceFiles(path.join(root, 'src')), ...sourceFiles(path.join(root, 'app'))];
    const used: { file: string; key: string }[] = [];
    for (const file of files) {
      const text = fs.readFileSync(file, 'utf8');
      for (const match of text.matchAll(/\bt\(\s*(['"])([^'"\n]+)\1/g)) {
        used.push({ file: path.relative(root, file), key: match[2]! });
      }
    }
    // The scan must find the screens' keys, or it proves nothing.
    expect(used.length).toBeGreaterThan(100);
    expect(used.map(({ key }) => key)).toEqual(expect.arrayContaining(['signIn.title', 'signUp.submit', 'error.network']));

    const unknown = used.filter(({ key }) => !(key in en));
    expect(unknown).toEqual([]);
  });
});

describe('format()', () => {
  it('replaces each placeholder by its value', () => {
    expect(format('{name} has {count} unread', { name: 'Amélie', count: 3 })).toBe('Amélie has 3 unread');
  });

  it('keeps an unknown placeholder visible', () => {
    expect(format('{count} unread, {missing}', { count: 2 })).toBe('2 unread, {missing}');
  });

  it('returns the template untouched without values', () => {
    expect(format('{count} unread')).toBe('{count} unread');
  });

  it('replaces a placeholder that appears twice', () => {
    expect(format('{a}-{a}', { a: 'x' })).toBe('x-x');
  });
});

describe('translate()', () => {
  it('gives the string of the asked language, with its placeholders replaced', () => {
    expect(translate('en', 'tab.notificationsUnread', { count: 4 })).toBe('Alerts, 4 unread');
    expect(translate('fr', 'tab.notificationsUnread', { count: 4 })).toBe(format(fr['tab.notificationsUnread'], { count: 4 }));
    expect(translate('fr', 'signIn.title')).toBe(fr['signIn.title']);
    expect(translate('fr', 'signIn.title')).not.toBe(translate('en', 'signIn.title'));
  });

  it('returns the key itself for an unknown key', () => {
    expect(translate('en', 'status.no-such-status')).toBe('status.no-such-status');
    expect(translate('fr', 'problem.something-new')).toBe('problem.something-new');
  });
});
