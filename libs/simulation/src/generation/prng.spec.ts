import { seededUuid } from './event-ids';
import { hashString, Prng, weightedTable } from './prng';

describe('Prng', () => {
  it('repeats its sequence for the same seed words and differs for others', () => {
    const draw = (...words: [number, number, number, number]) =>
      Array.from(
        { length: 5 },
        (
          (p) => () =>
            p.nextUint32()
        )(new Prng(...words)),
      );
    expect(draw(1, 2, 3, 4)).toEqual(draw(1, 2, 3, 4));
    expect(draw(1, 2, 3, 4)).not.toEqual(draw(1, 2, 3, 5));
    expect(draw(1, 2, 3, 4)).not.toEqual(draw(1, 2, 4, 4));
  });

  it('draws uniformly on [0, 1) and picks from weighted tables in proportion', () => {
    const rng = new Prng(7, 7, 7, 7);
    let sum = 0;
    const n = 100_000;
    for (let i = 0; i < n; i++) {
      const u = rng.next();
      expect(u >= 0 && u < 1).toBe(true);
      sum += u;
    }
    expect(sum / n).toBeCloseTo(0.5, 2);
    const table = weightedTable([
      ['a', 1],
      ['b', 3],
      ['never', 0],
    ]);
    const counts: Record<string, number> = { a: 0, b: 0, never: 0 };
    for (let i = 0; i < n; i++) counts[rng.pick(table)]++;
    expect(counts.never).toBe(0);
    expect(counts.b / n).toBeCloseTo(0.75, 2);
  });

  it('draws exponential and normal variates with the right means', () => {
    const rng = new Prng(9, 8, 7, 6);
    let e = 0;
    let z = 0;
    let z2 = 0;
    const n = 100_000;
    for (let i = 0; i < n; i++) {
      e += rng.exponential();
      const x = rng.normal();
      z += x;
      z2 += x * x;
    }
    expect(e / n).toBeCloseTo(1, 1);
    expect(z / n).toBeCloseTo(0, 1);
    expect(z2 / n).toBeCloseTo(1, 1);
  });

  it('refuses a table with no positive weight', () => {
    expect(() => weightedTable([['a', 0]])).toThrow(RangeError);
  });

  it('hashes names to well-spread words', () => {
    expect(hashString('sheffield#0')).not.toBe(hashString('sheffield#1'));
    expect(hashString('x')).toBe(hashString('x'));
  });
});

describe('seededUuid', () => {
  it('makes version 4 UUIDs, reproducibly', () => {
    const a = new Prng(1, 1, 1, 1);
    const b = new Prng(1, 1, 1, 1);
    const ids = Array.from({ length: 1000 }, () => seededUuid(a));
    expect(
      ids.every((id) => /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/.test(id)),
    ).toBe(true);
    expect(new Set(ids).size).toBe(1000);
    expect(seededUuid(b)).toBe(ids[0]);
  });
});
