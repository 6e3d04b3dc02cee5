import fc from 'fast-check';
import { InvalidCalendarDateError } from './calendar-date-error';
import { addDays, daysBetween, fromDayNumber, toDayNumber } from './day-number';

describe('day numbers', () => {
  it('counts days from 1970-01-01', () => {
    expect(toDayNumber('1970-01-01')).toBe(0);
    expect(toDayNumber('1970-01-02')).toBe(1);
    expect(toDayNumber('1969-12-31')).toBe(-1);
    expect(toDayNumber('2000-03-01')).toBe(11017);
  });

  it('knows leap years, including the 100 and 400 year rules', () => {
    expect(daysBetween('2016-02-28', '2016-03-01')).toBe(2);
    expect(daysBetween('2017-02-28', '2017-03-01')).toBe(1);
    expect(daysBetween('1900-02-28', '1900-03-01')).toBe(1);
    expect(daysBetween('2000-02-28', '2000-03-01')).toBe(2);
    expect(toDayNumber('2016-02-29')).toBe(toDayNumber('2016-02-28') + 1);
  });

  it.each([
    '2017-02-29',
    '2017-13-01',
    '2017-00-10',
    '2017-04-31',
    '2017-1-01',
    '2017-01-1',
    '20170101',
    '2017/01/01',
    '',
    'abcd-ef-gh',
    '2017-01-01T00:00',
  ])('rejects %j', (value) => {
    expect(() => toDayNumber(value)).toThrow(InvalidCalendarDateError);
  });

  it('moves across month, year and leap-day boundaries', () => {
    expect(addDays('2017-01-31', 1)).toBe('2017-02-01');
    expect(addDays('2016-12-31', 1)).toBe('2017-01-01');
    expect(addDays('2016-02-28', 1)).toBe('2016-02-29');
    expect(addDays('2017-03-01', -1)).toBe('2017-02-28');
    expect(addDays('2017-07-12', 365)).toBe('2018-07-12');
    expect(addDays('2016-01-10', 365)).toBe('2017-01-09');
  });

  it('agrees with the JavaScript UTC calendar for any day from 1600 to 2600', () => {
    const from = Date.UTC(1600, 0, 1) / 86_400_000;
    const to = Date.UTC(2600, 0, 1) / 86_400_000;
    fc.assert(
      fc.property(fc.integer({ min: from, max: to }), (n) => {
        const iso = new Date(n * 86_400_000).toISOString().slice(0, 10);
        expect(toDayNumber(iso)).toBe(n);
        expect(fromDayNumber(n)).toBe(iso);
      }),
    );
  });

  it('round-trips the first and last days of four-digit years', () => {
    for (const iso of ['0000-01-01', '0000-03-01', '9999-12-31'])
      expect(fromDayNumber(toDayNumber(iso))).toBe(iso);
    expect(toDayNumber('0001-01-01') - toDayNumber('0000-01-01')).toBe(366);
  });

  it('refuses a day number that is not a whole day', () => {
    expect(() => fromDayNumber(1.5)).toThrow(RangeError);
  });
});
