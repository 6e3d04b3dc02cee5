import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runRscript } from '../support/r-script';
import { wellbeingDatasets } from '../../libs/domain/src/testing/wellbeing-datasets';
import {
  compareWellbeingWithR,
  type RWellbeingAnswer,
} from '../../libs/domain/src/testing/compare-wellbeing-with-r';

// DESIGN §6b against R itself: random datasets of every size and the corners (an arm of
// one, equal baselines, arm aliased with site, an exact fit, no residual df, one site) go
// to t.test and lm(followUp ~ arm + baseline + factor(site)); every figure is compared.

jest.setTimeout(600_000);

const SEEDS = [20261207, 12, 31337];
const DATASETS_PER_SEED = 80;

describe('wellbeing figures agree with R', () => {
  it.each(SEEDS)('seed %i', async (seed) => {
    const datasets = wellbeingDatasets(seed, DATASETS_PER_SEED);
    const answers = await runRscript<RWellbeingAnswer[]>('wellbeing.R', datasets);
    expect(answers).toHaveLength(datasets.length);
    expect(compareWellbeingWithR(datasets, answers)).toEqual([]);
    // most datasets have a fitted difference to compare, not just nulls on both sides
    expect(answers.filter((a) => a.model.estimate !== undefined).length).toBeGreaterThan(datasets.length / 2);
    // the corners reach the cases they are for
    const byLabel = new Map(answers.map((a) => [a.label, a]));
    expect(byLabel.get('every baseline equal')?.model.aliased).toBe(true);
    expect(byLabel.get('each site holds one arm')?.model.aliased).toBe(true);
    expect(byLabel.get('no residual degree of freedom')?.model.df).toBe(0);
  });

  // Writes the committed reference of the unit tests when asked:
  // IPS_WRITE_R_REFERENCE=1 npx jest --selectProjects r --testPathPattern test/r/wellbeing
  it('can regenerate the committed reference from R', async () => {
    const datasets = wellbeingDatasets(1, 30);
    const answers = await runRscript<RWellbeingAnswer[]>('wellbeing.R', datasets);
    expect(compareWellbeingWithR(datasets, answers)).toEqual([]);
    if (process.env.IPS_WRITE_R_REFERENCE === '1') {
      const file = join(__dirname, '..', '..', 'libs', 'domain', 'reference', 'wellbeing-reference.json');
      writeFileSync(file, JSON.stringify({ seed: 1, count: 30, r: answers }, null, 1) + '\n');
    }
  });
});
