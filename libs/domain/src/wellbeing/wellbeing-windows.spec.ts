import type { WellbeingInstrument } from '@ips/contracts';
import { addDays } from '../calendar/day-number';
import { given } from '../testing/given-when-then';
import { participant } from '../testing/stored-events';

// DESIGN §6b: baseline = latest in [t0 − 30, t0]; follow-up = closest to t0 + 365 within
// [t0 + 305, t0 + 425], the earlier on a tie; due = window closed or follow-up present.
const T0 = '2017-07-01';
const p = participant();
const at = (days: number) => addDays(T0, days);
const wemwbs = (days: number, score: number) => p.measured(at(days), 'wemwbs', score);
const enrolled = () => p.enrolled(T0, 'ips');

function windowsOf(asOf: string, ...events: ReturnType<typeof wemwbs>[]) {
  let result: unknown;
  given(enrolled(), ...events)
    .when(asOf)
    .thenOutcome((o) => (result = o.wellbeing));
  return result as { baseline: number | null; followUp: number | null; due: boolean }[];
}

describe('wellbeing windows (DESIGN §6b)', () => {
  it('takes the latest baseline in [t0 − 30, t0], nothing before or after', () => {
    expect(
      windowsOf(at(600), wemwbs(-31, 20), wemwbs(-30, 30), wemwbs(-2, 40), wemwbs(0, 45), wemwbs(1, 50))[0]
        .baseline,
    ).toBe(45);
    expect(windowsOf(at(600), wemwbs(-31, 20), wemwbs(1, 50))[0].baseline).toBeNull();
    expect(windowsOf(at(600), wemwbs(-30, 30))[0].baseline).toBe(30);
  });

  it('takes the follow-up closest to t0 + 365 within [t0 + 305, t0 + 425], the earlier on a tie', () => {
    expect(windowsOf(at(600), wemwbs(304, 20), wemwbs(426, 21))[0].followUp).toBeNull();
    expect(windowsOf(at(600), wemwbs(305, 20), wemwbs(426, 21))[0].followUp).toBe(20);
    expect(windowsOf(at(600), wemwbs(305, 20), wemwbs(425, 21))[0].followUp).toBe(20);
    expect(windowsOf(at(600), wemwbs(355, 20), wemwbs(375, 21))[0].followUp).toBe(20);
    expect(windowsOf(at(600), wemwbs(356, 20), wemwbs(373, 21))[0].followUp).toBe(21);
    expect(windowsOf(at(600), wemwbs(340, 20), wemwbs(365, 22), wemwbs(366, 23))[0].followUp).toBe(22);
  });

  it('counts only measurements dated on or before the as-of date', () => {
    const events = [wemwbs(0, 40), wemwbs(360, 50), wemwbs(365, 55)];
    expect(windowsOf(at(362), ...events)[0]).toEqual({ baseline: 40, followUp: 50, due: true });
    expect(windowsOf(at(365), ...events)[0]).toEqual({ baseline: 40, followUp: 55, due: true });
    expect(windowsOf(at(300), ...events)[0]).toEqual({ baseline: 40, followUp: null, due: false });
  });

  it('is due once the window has closed (t0 + 425 ≤ A) or a follow-up exists', () => {
    expect(windowsOf(at(424))[0].due).toBe(false);
    expect(windowsOf(at(425))[0].due).toBe(true);
    expect(windowsOf(at(310), wemwbs(306, 40))[0].due).toBe(true);
  });

  it('gives every instrument in contract order, and keeps the withdrawn in', () => {
    const instruments: WellbeingInstrument[] = ['wemwbs', 'swemwbs', 'phq9', 'gad7', 'eq5d_vas'];
    let result: unknown;
    given(
      enrolled(),
      p.withdrawn(at(100)),
      ...instruments.map((instrument, i) => p.measured(at(-i), instrument, 10 + i)),
      p.measured(at(365), 'gad7', 3),
    )
      .when(at(500))
      .thenOutcome((o) => (result = o.wellbeing));
    expect(result).toEqual([
      { baseline: 10, followUp: null, due: true },
      { baseline: 11, followUp: null, due: true },
      { baseline: 12, followUp: null, due: true },
      { baseline: 13, followUp: 3, due: true },
      { baseline: 14, followUp: null, due: true },
    ]);
  });

  it('has no wellbeing for a participant not randomised by the as-of date', () => {
    given(p.referred(T0), p.measured(T0, 'phq9', 10))
      .when(at(10))
      .thenOutcome((o) => expect(o.wellbeing).toBeNull());
  });
});
