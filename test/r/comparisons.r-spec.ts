import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runRscript } from '../support/r-script';
import { comparisonDatasets } from '../../libs/domain/src/testing/comparison-datasets';
import { compareWithR, type RComparisonAnswers } from '../../libs/domain/src/testing/compare-with-r';

// DESIGN §6a and §6c against R itself: random datasets (ties, events at time 0, strata
// with one arm, empty strata, tiny groups, one site, all-or-none successes, look
// sequences as §6c allows) go to survival::survdiff and coxph, metafor::rma.mh and
// rpact::getDesignGroupSequential, and every figure is compared with ours.

// R's start-up and rpact's integration take seconds; this only bounds a hung R.
jest.setTimeout(600_000);

const SEEDS = [20261207, 7, 424242];
const DATASETS_PER_SEED = 60;

describe('comparisons and boundaries agree with R', () => {
  it.each(SEEDS)('seed %i', async (seed) => {
    const datasets = comparisonDatasets(seed, DATASETS_PER_SEED);
    const answers = await runRscript<RComparisonAnswers>('comparisons.R', datasets);
    expect(answers.survival).toHaveLength(DATASETS_PER_SEED);
    expect(compareWithR(datasets, answers)).toEqual([]);
  });

  // Writes the committed reference of the unit tests (libs/domain/reference/) when asked:
  // IPS_WRITE_R_REFERENCE=1 npx jest --selectProjects r test/r/comparisons
  it('can regenerate the committed reference from R', async () => {
    const datasets = comparisonDatasets(1, 40);
    const answers = await runRscript<RComparisonAnswers>('comparisons.R', datasets);
    expect(compareWithR(datasets, answers)).toEqual([]);
    if (process.env.IPS_WRITE_R_REFERENCE === '1') {
      const file = join(__dirname, '..', '..', 'libs', 'domain', 'reference', 'comparisons-reference.json');
      writeFileSync(file, JSON.stringify({ seed: 1, datasets, r: answers }, null, 1) + '\n');
    }
  });
});
