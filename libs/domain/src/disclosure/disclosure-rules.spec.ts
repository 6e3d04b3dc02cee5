import { isSmallCount, roundCount, roundTo } from './disclosure-rules';

describe('the NHS Digital small-number rules', () => {
  it.each([
    [0, false],
    [1, true],
    [7, true],
    [8, false],
  ])('a count of %i is suppressed: %s', (count, small) => {
    expect(isSmallCount(count)).toBe(small);
  });

  it.each([
    [0, 0],
    [8, 10],
    [12, 10],
    [13, 15],
    [17, 15],
    [18, 20],
    [1234, 1235],
  ])('%i is published as %i', (count, shown) => {
    expect(roundCount(count)).toBe(shown);
  });

  it('rounds statistics to a fixed precision and never publishes -0', () => {
    expect(roundTo(0.12345, 3)).toBe(0.123);
    expect(roundTo(-0.0001, 3)).toBe(0);
    expect(Object.is(roundTo(-0.0001, 3), -0)).toBe(false);
    expect(roundTo(41.25, 1)).toBe(41.3);
  });
});
