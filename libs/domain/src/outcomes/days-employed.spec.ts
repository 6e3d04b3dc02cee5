import { toDayNumber } from '../calendar/day-number';
import type { JobSpell } from '../journey/journey';
import { daysEmployed } from './days-employed';

const T0 = toDayNumber('2017-01-10');
const END = T0 + 365;
const AS_OF = '2019-01-01';

function job(startedOn: string, endedOn: string | null, competitive = true): JobSpell {
  return {
    jobId: startedOn,
    startedOn,
    endedOn,
    endReason: endedOn === null ? null : 'resigned',
    competitive,
    hoursAtStart: 20,
    hours: [{ on: startedOn, hoursPerWeek: 20 }],
    retentionChecks: [],
  };
}

describe('daysEmployed', () => {
  it('is 0 without jobs', () => {
    expect(daysEmployed([], AS_OF, T0, END)).toBe(0);
  });

  it('merges a job inside another, touching jobs and separate jobs', () => {
    const jobs = [
      job('2017-02-01', '2017-03-01'), // 28 days
      job('2017-02-10', '2017-02-20'), // inside
      job('2017-03-01', '2017-03-11'), // touching: +10
      job('2017-06-01', '2017-06-11'), // separate: +10
    ];
    expect(daysEmployed(jobs, AS_OF, T0, END)).toBe(48);
  });

  it('gives the same answer for jobs not in start order (a hand-made journey)', () => {
    const jobs = [
      job('2017-06-01', '2017-06-11'),
      job('2017-02-10', '2017-02-20'),
      job('2017-02-01', '2017-03-01'),
    ];
    expect(daysEmployed(jobs, AS_OF, T0, END)).toBe(38);
  });

  it('clips to [t0, E) and treats an end after asOf as still open', () => {
    expect(daysEmployed([job('2016-12-01', null)], AS_OF, T0, END)).toBe(365);
    expect(daysEmployed([job('2017-12-01', '2018-06-01')], '2018-01-20', T0, toDayNumber('2018-01-10'))).toBe(
      40,
    );
  });

  it('ignores jobs started after asOf and non-competitive jobs', () => {
    expect(daysEmployed([job('2017-03-01', null)], '2017-02-01', T0, toDayNumber('2017-02-01'))).toBe(0);
    expect(daysEmployed([job('2017-03-01', null, false)], AS_OF, T0, END)).toBe(0);
  });
});
