import { InvalidCalendarDateError } from './calendar-date-error';
import { cohortLabel } from './cohort-label';

describe('cohortLabel', () => {
  it.each([
    ['2017-01-01', '2017-Q1'],
    ['2017-03-31', '2017-Q1'],
    ['2017-04-01', '2017-Q2'],
    ['2017-06-30', '2017-Q2'],
    ['2017-07-01', '2017-Q3'],
    ['2017-09-30', '2017-Q3'],
    ['2017-10-01', '2017-Q4'],
    ['2017-12-31', '2017-Q4'],
  ])('puts %s in quarter %s', (date, quarter) => {
    expect(cohortLabel(date, 'quarter')).toBe(quarter);
  });

  it('labels months and years', () => {
    expect(cohortLabel('2017-08-15', 'month')).toBe('2017-08');
    expect(cohortLabel('2017-08-15', 'year')).toBe('2017');
  });

  it('labels that sort as strings in calendar order', () => {
    const dates = ['2017-02-01', '2017-11-30', '2018-01-01', '2017-10-01'];
    for (const by of ['month', 'quarter', 'year'] as const) {
      const labels = dates.map((d) => cohortLabel(d, by));
      const byDate = [...dates].sort().map((d) => cohortLabel(d, by));
      expect([...labels].sort()).toEqual(byDate);
    }
  });

  it('rejects a date that does not exist', () => {
    expect(() => cohortLabel('2017-02-30', 'month')).toThrow(InvalidCalendarDateError);
  });
});
