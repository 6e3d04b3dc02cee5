import type { GroupDimension } from '@ips/contracts';
import { addDays } from '../calendar/day-number';
import { foldJourney } from '../journey/fold-journey';
import type { Journey } from '../journey/journey';
import { computeFirstJobCurves, computeOutcomes } from '../outcomes/compute-outcomes';
import { participant } from '../testing/stored-events';
import { auditSuppression, planSuppression } from './cell-suppression';
import { discloseOutcomeTables, outcomeSuppressionModel } from './disclose-outcome-tables';

const TABLES: [string, GroupDimension[]][] = [
  ['trial', []],
  ['byArm', ['arm']],
  ['bySiteAndArm', ['site', 'arm']],
];

/** `n` people of a site and arm, randomised on 2017-01-10; every `jobEvery`-th finds a 20-hour job 60 days later. */
function people(site: string, arm: 'ips' | 'usual_care', n: number, jobEvery: number): Journey[] {
  return Array.from({ length: n }, (_, i) => {
    const p = participant(`${site}-${arm}-${i}`, site);
    const events = p.enrolled('2017-01-10', arm);
    if (i % jobEvery === 0) events.push(p.jobStarted(addDays('2017-01-10', 60), 'job-1'));
    return foldJourney(events.map((e) => ({ ...e, trialId: 'trial-1' })));
  });
}

function disclose(journeys: Journey[]) {
  const inputs = TABLES.map(([name, groupBy]) => {
    const query = { trialId: 'trial-1', asOf: '2018-03-01', groupBy, journeys };
    return { name, outcomes: computeOutcomes(query), firstJobCurves: computeFirstJobCurves(query) };
  });
  return { inputs, ...discloseOutcomeTables(inputs) };
}

describe('disclosure control of a trial with a small site', () => {
  // two sites with 40 and 33 people an arm, and a third that randomised 3 people to IPS
  const journeys = [
    ...people('sheffield', 'ips', 40, 3),
    ...people('sheffield', 'usual_care', 40, 5),
    ...people('walsall', 'ips', 33, 2),
    ...people('walsall', 'usual_care', 33, 4),
    ...people('dudley', 'ips', 3, 2),
  ];

  it('hides the small site’s counts and everything computed from them', () => {
    const { tables } = disclose(journeys);
    const dudley = tables.bySiteAndArm.groups.find((g) => g.key.site === 'dudley')!;
    expect(dudley.flow.randomised).toBe('*');
    expect(dudley.jobStart12m).toEqual({
      numerator: '*',
      denominator: '*',
      rate: '*',
      lower: '*',
      upper: '*',
    });
    expect(dudley.firstJob.at.every((p) => p.cumulativeIncidence === '*')).toBe(true);
  });

  it('rounds the others to 5 and keeps their rates, to three decimals', () => {
    const { tables } = disclose(journeys);
    const ips = tables.byArm.groups.find((g) => g.key.arm === 'ips')!;
    expect(ips.flow.randomised).toBe(75); // 76
    expect(ips.jobStart12m.numerator).toBe(35); // 14 + 17 + 2 = 33
    expect(ips.jobStart12m.rate).toBe(0.434); // 33 / 76
    const effect = tables.byArm.effects.find((e) => e.metric === 'jobStart12m')!;
    expect(typeof effect.riskDifference).toBe('number');
  });

  it('hides one more IPS site count, because the arm total and Sheffield’s rates would give Dudley’s away', () => {
    const { tables, suppressed, inputs } = disclose(journeys);
    expect(suppressed.secondary).toBeGreaterThan(0);
    // Walsall is the next smallest IPS site: its counts behind Dudley’s hidden ones are hidden too
    const walsall = tables.bySiteAndArm.groups.find((g) => g.key.site === 'walsall' && g.key.arm === 'ips')!;
    expect(walsall.flow.randomised).toBe('*');
    expect(walsall.jobStart12m.rate).toBe('*');
    // while usual care, with no small site, is published in full
    const sheffieldUsualCare = tables.bySiteAndArm.groups.find(
      (g) => g.key.site === 'sheffield' && g.key.arm === 'usual_care',
    )!;
    expect(sheffieldUsualCare.flow.randomised).toBe(40);
    const { model } = outcomeSuppressionModel(inputs);
    expect(auditSuppression(model, planSuppression(model)).recoverable).toEqual([]);
  });
});
