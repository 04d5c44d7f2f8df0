import { render, screen, userEvent } from '@testing-library/react-native';

import type { Availability } from '@/api/types';
import { AvailabilityGrid, toCells, toRanges } from '@/features/profile/AvailabilityGrid';
import fr from '@/i18n/fr.json';
import { I18nProvider } from '@/i18n';

describe('toCells / toRanges', () => {
  it('round-trips ranges aligned on the two-hour blocks', () => {
    const availability: Availability[] = [
      { day: 'monday', start: '06:00', end: '10:00' },
      { day: 'monday', start: '18:00', end: '22:00' },
      { day: 'wednesday', start: '12:00', end: '14:00' },
      { day: 'sunday', start: '08:00', end: '24:00' },
    ];

    expect(toRanges(toCells(availability))).toEqual(availability);
  });

  it('names one cell per two-hour block a range covers whole', () => {
    expect(toCells([{ day: 'friday', start: '18:00', end: '24:00' }])).toEqual(new Set(['friday@18', 'friday@20', 'friday@22']));
    // 18:00–21:00 covers 18–20 whole, 20–22 only in part.
    expect(toCells([{ day: 'friday', start: '18:00', end: '21:00' }])).toEqual(new Set(['friday@18']));
  });

  it('merges adjacent blocks of a day into one range, and keeps separate blocks apart', () => {
    const cells = new Set(['tuesday@18', 'tuesday@20', 'tuesday@8', 'thursday@10']);

    expect(toRanges(cells)).toEqual([
      { day: 'tuesday', start: '08:00', end: '10:00' },
      { day: 'tuesday', start: '18:00', end: '22:00' },
      { day: 'thursday', start: '10:00', end: '12:00' },
    ]);
  });

  it('ends a range that reaches the last block at "24:00"', () => {
    expect(toRanges(new Set(['saturday@20', 'saturday@22']))).toEqual([{ day: 'saturday', start: '20:00', end: '24:00' }]);
    expect(toCells([{ day: 'saturday', start: '22:00', end: '24:00' }])).toEqual(new Set(['saturday@22']));
  });

  it('lists the days in week order, Monday first', () => {
    const ranges = toRanges(new Set(['sunday@6', 'monday@6', 'thursday@6']));
    expect(ranges.map((range) => range.day)).toEqual(['monday', 'thursday', 'sunday']);
  });

  it('gives no range for no cell', () => {
    expect(toRanges(new Set())).toEqual([]);
  });
});

describe('AvailabilityGrid', () => {
  it('adds the cell pressed, found by its accessible name, to the cells it reports', async () => {
    const user = userEvent.setup();
    const onChange = jest.fn();
    await render(
      <I18nProvider initial="en">
        <AvailabilityGrid cells={new Set(['tuesday@6'])} onChange={onChange} />
      </I18nProvider>,
    );

    const cell = screen.getByRole('checkbox', { name: 'Monday 18:00–20:00' });
    expect(cell).not.toBeChecked();
    await user.press(cell);

    expect(onChange).toHaveBeenCalledTimes(1);
    expect(onChange).toHaveBeenCalledWith(new Set(['tuesday@6', 'monday@18']));
  });

  it('shows the cells held as checked, and removes one when pressed again', async () => {
    const user = userEvent.setup();
    const onChange = jest.fn();
    const cells = new Set(['friday@22', 'monday@6']);
    await render(
      <I18nProvider initial="en">
        <AvailabilityGrid cells={cells} onChange={onChange} />
      </I18nProvider>,
    );

    const lastBlock = screen.getByRole('checkbox', { name: 'Friday 22:00–24:00' });
    expect(lastBlock).toBeChecked();
    await user.press(lastBlock);

    expect(onChange).toHaveBeenCalledWith(new Set(['monday@6']));
    // The grid does not change the set it was given.
    expect(cells).toEqual(new Set(['friday@22', 'monday@6']));
  });

  it('has one checkbox per day and two-hour block from 06:00 to midnight', async () => {
    await render(
      <I18nProvider initial="en">
        <AvailabilityGrid cells={new Set()} onChange={jest.fn()} />
      </I18nProvider>,
    );

    expect(screen.getAllByRole('checkbox')).toHaveLength(7 * 9);
    expect(screen.getByRole('checkbox', { name: 'Sunday 06:00–08:00' })).toBeOnTheScreen();
  });

  it('names the cells in French inside a French provider', async () => {
    await render(
      <I18nProvider initial="fr">
        <AvailabilityGrid cells={new Set()} onChange={jest.fn()} />
      </I18nProvider>,
    );

    expect(screen.getByRole('checkbox', { name: `${fr['day.monday']} 18:00–20:00` })).toBeOnTheScreen();
    expect(screen.queryByRole('checkbox', { name: 'Monday 18:00–20:00' })).not.toBeOnTheScreen();
  });
});
