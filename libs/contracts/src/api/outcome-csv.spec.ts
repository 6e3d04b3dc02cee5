import { WELLBEING_INSTRUMENTS, WELLBEING_SCALES } from '../events/vocabulary';
import {
  toCsv,
  wellbeingComparisonCells,
  wellbeingComparisonColumns,
  wellbeingGroupCells,
  wellbeingGroupColumns,
} from './outcome-csv';
import type { WellbeingComparison, WellbeingSummary } from './outcomes';

describe('wellbeing CSV columns (DESIGN §7 version 2)', () => {
  const summaries: WellbeingSummary[] = WELLBEING_INSTRUMENTS.map((instrument, i) => ({
    instrument,
    higherIsBetter: WELLBEING_SCALES[instrument].higherIsBetter,
    randomised: 10,
    withBaseline: 9 - i,
    due: 8,
    withFollowUp: 7 - i,
    baselineMean: i === 4 ? null : 40.5 + i,
    followUpMean: 44,
    change: { n: 6, mean: 2.25, lower: i === 1 ? null : -0.5, upper: 5 },
  }));

  it('names a column per instrument and field by its JSON path, in contract order', () => {
    const columns = wellbeingGroupColumns();
    expect(columns.slice(0, 3)).toEqual([
      'wellbeing.wemwbs.higherIsBetter',
      'wellbeing.wemwbs.randomised',
      'wellbeing.wemwbs.withBaseline',
    ]);
    expect(columns).toContain('wellbeing.phq9.change.upper');
    expect(columns[columns.length - 1]).toBe('wellbeing.eq5d_vas.change.upper');
    expect(wellbeingGroupCells(summaries)).toHaveLength(columns.length);
  });

  it('writes the values under their columns, null as an empty cell', () => {
    const csv = toCsv(wellbeingGroupColumns(), [wellbeingGroupCells([...summaries].reverse())]);
    const [head, row] = csv
      .trim()
      .split('\r\n')
      .map((line) => line.split(','));
    const cell = (name: string) => row[head.indexOf(name)];
    expect(cell('wellbeing.gad7.withBaseline')).toBe('6');
    expect(cell('wellbeing.phq9.higherIsBetter')).toBe('false');
    expect(cell('wellbeing.eq5d_vas.baselineMean')).toBe('');
    expect(cell('wellbeing.swemwbs.change.lower')).toBe('');
    expect(cell('wellbeing.wemwbs.change.mean')).toBe('2.25');
  });

  it('has the comparison columns too', () => {
    const comparisons: WellbeingComparison[] = WELLBEING_INSTRUMENTS.map((instrument) => ({
      instrument,
      higherIsBetter: WELLBEING_SCALES[instrument].higherIsBetter,
      n: 20,
      nIps: 11,
      nUsualCare: 9,
      adjustedDifference: 1.5,
      lower: 0.25,
      upper: 2.75,
      p: 0.02,
    }));
    const columns = wellbeingComparisonColumns();
    expect(columns).toContain('wellbeing.gad7.adjustedDifference');
    const cells = wellbeingComparisonCells(comparisons);
    expect(cells).toHaveLength(columns.length);
    expect(cells[columns.indexOf('wellbeing.gad7.nIps')]).toBe(11);
    expect(() => wellbeingComparisonCells(comparisons.slice(1))).toThrow(/wemwbs/);
  });
});
