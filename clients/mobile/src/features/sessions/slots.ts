import type { Availability } from '@/api/types';

const weekdays = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];

/** The wall-clock parts of <paramref name="instant"/> in <paramref name="timeZone"/>. */
function partsIn(instant: number, timeZone: string) {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    weekday: 'long',
  }).formatToParts(new Date(instant));
  const get = (type: string) => parts.find((part) => part.type === type)?.value ?? '';
  return {
    year: Number(get('year')),
    month: Number(get('month')),
    day: Number(get('day')),
    hour: Number(get('hour')),
    minute: Number(get('minute')),
    weekday: get('weekday').toLowerCase(),
  };
}

/** The instant at which clocks in <paramref name="timeZone"/> show this date and time (the earlier one across a DST change). */
export function instantOf(year: number, month: number, day: number, hour: number, minute: number, timeZone: string): number {
  const wanted = Date.UTC(year, month - 1, day, hour, minute);
  let guess = wanted;
  for (let attempt = 0; attempt < 3; attempt++) {
    const shown = partsIn(guess, timeZone);
    const shownAsUtc = Date.UTC(shown.year, shown.month - 1, shown.day, shown.hour, shown.minute);
    guess += wanted - shownAsUtc;
  }
  return guess;
}

const minutesOf = (hhmm: string) => (hhmm === '24:00' ? 1440 : Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5)));

/**
 * Starts the teacher offers in the next <paramref name="days"/> days: every half hour inside their weekly ranges
 * (on their clock), leaving room for the whole session, at least an hour from now (as Sessions requires).
 */
export function slotsWithin(availability: Availability[], teacherTimeZone: string, durationMinutes: number, now: number, days = 14): number[] {
  const earliest = now + 60 * 60_000;
  const slots: number[] = [];
  for (let offset = 0; offset <= days; offset++) {
    const date = partsIn(now + offset * 86_400_000, teacherTimeZone);
    const weekday = weekdays[new Date(Date.UTC(date.year, date.month - 1, date.day)).getUTCDay()];
    for (const range of availability.filter((candidate) => candidate.day === weekday)) {
      for (let start = minutesOf(range.start); start + durationMinutes <= minutesOf(range.end); start += 30) {
        const instant = instantOf(date.year, date.month, date.day, Math.floor(start / 60), start % 60, teacherTimeZone);
        if (instant >= earliest) {
          slots.push(instant);
        }
      }
    }
  }
  return [...new Set(slots)].sort((a, b) => a - b);
}
