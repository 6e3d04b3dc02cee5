import reference from '../../reference/wellbeing-reference.json';
import { compareWellbeingWithR, type RWellbeingAnswer } from '../testing/compare-wellbeing-with-r';
import { wellbeingDatasets } from '../testing/wellbeing-datasets';

// The committed answers of R (test/r/wellbeing.R via test/r/wellbeing.r-spec.ts) for
// seed 1: t.test and lm(followUp ~ arm + baseline + factor(site)), so this runs without R.
describe('§6b figures against committed R reference values', () => {
  const datasets = wellbeingDatasets(reference.seed, reference.count);
  const answers = reference.r as RWellbeingAnswer[];

  it('has R answers for every dataset, many of them fitted', () => {
    expect(answers.map((a) => a.label)).toEqual(datasets.map((d) => d.label));
    expect(answers.filter((a) => a.model.estimate !== undefined).length).toBeGreaterThan(10);
  });

  it('agrees with R on the change and its t interval, and on the adjusted difference, interval and p', () => {
    expect(compareWellbeingWithR(datasets, answers)).toEqual([]);
  });
});
