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
  const offsetAt = (instant: number) => {
    const shown = partsIn(instant, timeZone);
    return Date.UTC(shown.year, shown.month - 1, shown.day, shown.hour, shown.minute) - instant;
  };
  // The zone's offsets a day before and a day after: one instant per offset, of which those that show the wanted
  // time are the answers (two when the clocks go back); none does when the clocks go forward over it.
  const candidates = [offsetAt(wanted - 86_400_000), offsetAt(wanted + 86_400_000)].map((offset) => wanted - offset);
  const exact = candidates.filter((instant) => instant + offsetAt(instant) === wanted);
  return Math.min(...(exact.length > 0 ? exact : candidates));
}

const minutesOf = (hhmm: string) => (hhmm === '24:00' ? 1440 : Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5)));

/**
 * Starts the teacher offers in the next <paramref name="days"/> days: every half hour inside their weekly ranges
 * (on their clock), leaving room for the whole session, at least an hour from now (as Sessions requires).
 */
export function slotsWithin(availability: Availability[], teacherTimeZone: string, durationMinutes: number, now: number, days = 14): number[] {
  const earliest = now + 60 * 60_000;
  const slots: number[] = [];
  const today = partsIn(now, teacherTimeZone);
  for (let offset = 0; offset <= days; offset++) {
    // Calendar days on the teacher's clock (adding 24 h to now skips or repeats a day around a clock change).
    const calendar = new Date(Date.UTC(today.year, today.month - 1, today.day + offset));
    const date = { year: calendar.getUTCFullYear(), month: calendar.getUTCMonth() + 1, day: calendar.getUTCDate() };
    const weekday = weekdays[calendar.getUTCDay()];
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
