import {
  firstAnniversary,
  localDate,
  nextOccurrences,
  occurrencesBetween,
  validateSchedule,
} from './schedule-calendar';

const MONTHLY = { cron: '0 6 1 * *', timezone: 'Europe/London' };

describe('schedule calendar', () => {
  it('runs the default schedule at 06:00 London time on the 1st, in GMT and in BST', () => {
    expect(nextOccurrences(MONTHLY, new Date('2018-01-15T00:00:00Z'), 4).map((d) => d.toISOString())).toEqual(
      [
        '2018-02-01T06:00:00.000Z',
        '2018-03-01T06:00:00.000Z',
        '2018-04-01T05:00:00.000Z', // BST
        '2018-05-01T05:00:00.000Z',
      ],
    );
  });

  it('lists the occurrences in a window, oldest first, keeping only the latest when there are many', () => {
    const runs = occurrencesBetween(
      MONTHLY,
      new Date('2018-01-01T06:00:00Z'),
      new Date('2018-06-10T00:00:00Z'),
      12,
    );
    expect(runs.map((d) => localDate(d, 'Europe/London'))).toEqual([
      '2018-02-01',
      '2018-03-01',
      '2018-04-01',
      '2018-05-01',
      '2018-06-01',
    ]);
    const latest = occurrencesBetween(
      MONTHLY,
      new Date('2018-01-01T06:00:00Z'),
      new Date('2018-06-10T00:00:00Z'),
      2,
    );
    expect(latest.map((d) => localDate(d, 'Europe/London'))).toEqual(['2018-05-01', '2018-06-01']);
  });

  it('counts an occurrence exactly at the end of the window, never one at its start', () => {
    const at = new Date('2018-02-01T06:00:00Z');
    expect(occurrencesBetween(MONTHLY, new Date(at.getTime() - 1), at, 5)).toEqual([at]);
    expect(occurrencesBetween(MONTHLY, at, new Date(at.getTime() + 60_000), 5)).toEqual([]);
  });

  it('knows the calendar date in a time zone', () => {
    expect(localDate(new Date('2018-06-30T23:30:00Z'), 'Europe/London')).toBe('2018-07-01');
    expect(localDate(new Date('2018-06-30T23:30:00Z'), 'UTC')).toBe('2018-06-30');
    expect(localDate(new Date('2018-12-31T23:30:00Z'), 'Europe/London')).toBe('2018-12-31');
  });

  it('puts the first anniversary a calendar year after the start, 29 February on 1 March', () => {
    expect(firstAnniversary('2017-07-01')).toBe('2018-07-01');
    expect(firstAnniversary('2016-02-29')).toBe('2017-03-01');
  });

  it.each([
    ['61 6 1 * *', 'Europe/London', /not valid/],
    ['0 6 1 *', 'Europe/London', /5 fields/],
    ['0 6 1 * *', 'Mars/Olympus', /not an IANA time zone/],
    ['0 6 31 2 *', 'Europe/London', /not valid|never/],
    ['* * * * *', 'Europe/London', /more often than once every 1 hour/],
  ])('refuses %s in %s', (cron, timezone, message) => {
    expect(
      validateSchedule(cron, timezone, { minIntervalSeconds: 3600, now: new Date('2018-01-01T00:00:00Z') }),
    ).toMatch(message);
  });

  it('accepts the default schedule and a weekly one', () => {
    expect(validateSchedule('0 6 1 * *', 'Europe/London', { minIntervalSeconds: 3600 })).toBeNull();
    expect(validateSchedule('30 7 * * 1', 'Europe/London', { minIntervalSeconds: 3600 })).toBeNull();
  });
});
