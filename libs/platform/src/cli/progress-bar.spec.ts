import { ProgressBar, timeLeft } from './progress-bar';

function capture(isTTY = false) {
  const lines: string[] = [];
  return { lines, stream: { isTTY, write: (s: string) => lines.push(s) > 0 } };
}

describe('ProgressBar', () => {
  it('estimates the time left from the average rate so far, and drops the estimate at the end', () => {
    let now = 1_000_000;
    const out = capture();
    const bar = new ProgressBar('re-folding', 1000, {
      unit: 'events',
      everyPercent: 25,
      stream: out.stream,
      now: () => now,
    });
    now += 10_000;
    bar.tick(250); // 25 events/s, 750 to go
    now += 5_000;
    bar.tick(250); // 500 in 15 s: 33.3/s, 500 to go
    now += 15_000;
    bar.tick(500);
    bar.finish();
    expect(out.lines).toEqual([
      're-folding 25% 250/1,000 events · 25 events/s · 10.0 s · about 30 s left\n',
      're-folding 50% 500/1,000 events · 33 events/s · 15.0 s · about 15 s left\n',
      're-folding 100% 1,000/1,000 events · 33 events/s · 30.0 s\n',
    ]);
  });

  it('says the time left is unknown while nothing is done yet, and redraws a terminal line in place', () => {
    let now = 0;
    const out = capture(true);
    const bar = new ProgressBar('replay', 10, { stream: out.stream, now: () => now });
    now = 200;
    bar.update(0);
    now = 400;
    bar.update(5);
    now = 800;
    bar.finish();
    expect(out.lines[0]).toMatch(
      /^\rreplay \[\.{30}\] 0% 0\/10 items · 0 items\/s · 0\.2 s · time left unknown/,
    );
    expect(out.lines[1]).toContain('50% 5/10 items · 13 items/s · 0.4 s · about 1 s left');
    expect(out.lines[2].endsWith('50% 5/10 items · 6 items/s · 0.8 s\x1b[K\n')).toBe(true);
  });
});

describe('timeLeft', () => {
  it.each([
    [0, 10, 'about 0 s left'],
    [10, 0, 'time left unknown'],
    [59, 1, 'about 59 s left'],
    [65, 1, 'about 1 min 05 s left'],
    [3 * 3600 + 7 * 60, 1, 'about 3 h 07 min left'],
    [1, 3, 'about 1 s left'],
  ])('%d to go at %d a second: %s', (remaining, rate, says) => {
    expect(timeLeft(remaining, rate)).toBe(says);
  });
});
