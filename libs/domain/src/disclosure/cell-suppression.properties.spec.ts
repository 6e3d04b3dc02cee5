import fc from 'fast-check';
import {
  auditSuppression,
  planSuppression,
  type SuppressionModel,
  type SuppressionPlan,
} from './cell-suppression';
import { roundCount } from './disclosure-rules';
import { attack } from './testing/exhaustive-attacker';

// Random tables shaped like a report's: a total, split by arm, and each arm split two
// ways (by condition and by site), for a numerator and a denominator with a rate on top
// of some rows. Small numbers, so primary suppression is everywhere and sums often give
// a suppressed count away unless secondary suppression steps in.

interface Node {
  id: string;
  num: number;
  den: number;
  rate: boolean;
}

const leafArb = fc.record({
  den: fc.oneof(fc.integer({ min: 0, max: 9 }), fc.integer({ min: 0, max: 30 })),
  share: fc.double({ min: 0, max: 1, noNaN: true }),
  rate: fc.boolean(),
});

const shapeArb = fc.record({
  arms: fc.array(
    fc.record({
      // the second split's parts are drawn as moves between the first split's counts, so both add up to the same arm total
      byCondition: fc.array(leafArb, { minLength: 1, maxLength: 3 }),
      siteCount: fc.integer({ min: 1, max: 3 }),
      seed: fc.array(fc.nat(), { minLength: 6, maxLength: 6 }),
      rate: fc.boolean(),
    }),
    { minLength: 1, maxLength: 2 },
  ),
  rateOnTotal: fc.boolean(),
});

/** Splits `total` into `parts` whole numbers, deterministically from `seed`. */
function split(total: number, parts: number, seed: number[]): number[] {
  const out = new Array<number>(parts).fill(0);
  let left = total;
  for (let i = 0; i < parts - 1; i++) {
    const take = Math.min(left, (seed[i % seed.length] ?? 0) % (left + 1));
    out[i] = take;
    left -= take;
  }
  out[parts - 1] = left;
  return out;
}

type Shape = typeof shapeArb extends fc.Arbitrary<infer T> ? T : never;

function buildModel(shape: Shape): SuppressionModel {
  const quantities: SuppressionModel['quantities'][number][] = [];
  const statistics: SuppressionModel['statistics'][number][] = [];
  const sums: SuppressionModel['sums'][number][] = [];
  const node = (n: Node, keepPriority: number) => {
    quantities.push({ id: `${n.id}.num`, value: n.num, shown: true, keepPriority });
    quantities.push({ id: `${n.id}.den`, value: n.den, shown: true, keepPriority });
    if (n.rate && n.den > 0)
      statistics.push({ id: `${n.id}.rate`, dependsOn: [`${n.id}.num`, `${n.id}.den`] });
  };
  const sum = (total: string, parts: string[]) => {
    sums.push({ total: `${total}.num`, parts: parts.map((p) => `${p}.num`) });
    sums.push({ total: `${total}.den`, parts: parts.map((p) => `${p}.den`) });
  };
  let totalNum = 0;
  let totalDen = 0;
  const armIds: string[] = [];
  shape.arms.forEach((arm, a) => {
    const conditions: Node[] = arm.byCondition.map((leaf, c) => {
      const num = Math.floor(leaf.den * leaf.share);
      return { id: `arm${a}/cond${c}`, num, den: leaf.den, rate: leaf.rate };
    });
    const armNum = conditions.reduce((s, n) => s + n.num, 0);
    const armDen = conditions.reduce((s, n) => s + n.den, 0);
    const siteNums = split(armNum, arm.siteCount, arm.seed);
    const siteExtra = split(armDen - armNum, arm.siteCount, arm.seed.slice().reverse());
    const sites: Node[] = siteNums.map((num, s) => ({
      id: `arm${a}/site${s}`,
      num,
      den: num + siteExtra[s],
      rate: (arm.seed[s] ?? 0) % 2 === 0,
    }));
    const armNode: Node = { id: `arm${a}`, num: armNum, den: armDen, rate: arm.rate };
    node(armNode, 1);
    for (const n of [...conditions, ...sites]) node(n, 0);
    sum(
      armNode.id,
      conditions.map((n) => n.id),
    );
    sum(
      armNode.id,
      sites.map((n) => n.id),
    );
    totalNum += armNum;
    totalDen += armDen;
    armIds.push(armNode.id);
  });
  node({ id: 'total', num: totalNum, den: totalDen, rate: shape.rateOnTotal }, 2);
  sum('total', armIds);
  return { quantities, statistics, sums, identities: [] };
}

function publishedCounts(model: SuppressionModel, plan: SuppressionPlan): (number | '*')[] {
  return model.quantities
    .filter((q) => q.shown)
    .map((q) => (plan.suppressed.has(q.id) ? '*' : roundCount(q.value)));
}

describe('cell suppression (primary 1–7 → *, others rounded to 5, secondary where a sum gives one away)', () => {
  it('never publishes a count from 1 to 7, and every published count is a multiple of 5', () => {
    fc.assert(
      fc.property(shapeArb, (shape) => {
        const model = buildModel(shape);
        const plan = planSuppression(model);
        for (const shown of publishedCounts(model, plan)) {
          if (shown === '*') continue;
          expect(shown >= 1 && shown <= 7).toBe(false);
          expect(shown % 5).toBe(0);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('suppresses every count from 1 to 7, and withholds every statistic resting on a suppressed count', () => {
    fc.assert(
      fc.property(shapeArb, (shape) => {
        const model = buildModel(shape);
        const plan = planSuppression(model);
        for (const q of model.quantities)
          if (q.value >= 1 && q.value <= 7) expect(plan.suppressed.get(q.id)).toBe('primary');
        for (const s of model.statistics)
          expect(plan.withheld.has(s.id)).toBe(s.dependsOn.some((d) => plan.suppressed.has(d)));
      }),
      { numRuns: 300 },
    );
  });

  it('leaves no suppressed count recoverable, checked by an exhaustive attacker that does not share the audit code', () => {
    fc.assert(
      fc.property(shapeArb, (shape) => {
        const model = buildModel(shape);
        const plan = planSuppression(model);
        const cap = Math.max(...model.quantities.map((q) => q.value)) + 10;
        expect(attack(model, plan, cap).recovered).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });

  it('has teeth: on the same random tables, primary suppression alone often leaves counts the attacker recovers', () => {
    const shapes = fc.sample(shapeArb, { numRuns: 300, seed: 42 });
    let attackable = 0;
    let protectedBySecondary = 0;
    for (const shape of shapes) {
      const model = buildModel(shape);
      const primary = new Map(
        model.quantities.filter((q) => q.value >= 1 && q.value <= 7).map((q) => [q.id, 'primary' as const]),
      );
      const primaryOnly: SuppressionPlan = {
        suppressed: primary,
        withheld: new Set(),
        counts: { primary: primary.size, secondary: 0 },
      };
      const cap = Math.max(...model.quantities.map((q) => q.value)) + 10;
      if (attack(model, primaryOnly, cap).recovered.length > 0) attackable++;
      if (planSuppression(model).counts.secondary > 0) protectedBySecondary++;
    }
    expect(attackable).toBeGreaterThan(20);
    expect(protectedBySecondary).toBeGreaterThanOrEqual(attackable);
  });

  it('needs secondary suppression: primary suppression alone leaves recoverable counts that the attacker finds', () => {
    // one suppressed part (3) next to siblings and a total that their rates give away exactly: 23 − 11 − 9 = 3
    const model: SuppressionModel = {
      quantities: [
        { id: 'total', value: 23, shown: true, keepPriority: 1 },
        { id: 'a', value: 3, shown: true, keepPriority: 0 },
        { id: 'b', value: 11, shown: true, keepPriority: 0 },
        { id: 'c', value: 9, shown: true, keepPriority: 0 },
        { id: 'n', value: 40, shown: true, keepPriority: 0 },
      ],
      statistics: [
        { id: 'total.rate', dependsOn: ['total', 'n'] },
        { id: 'b.rate', dependsOn: ['b', 'n'] },
        { id: 'c.rate', dependsOn: ['c', 'n'] },
      ],
      sums: [{ total: 'total', parts: ['a', 'b', 'c'] }],
      identities: [],
    };
    const primaryOnly: SuppressionPlan = {
      suppressed: new Map([['a', 'primary']]),
      withheld: new Set(),
      counts: { primary: 1, secondary: 0 },
    };
    expect(attack(model, primaryOnly, 60).recovered).toEqual(['a']);
    expect(auditSuppression(model, primaryOnly).recoverable).toEqual(['a']);

    const plan = planSuppression(model);
    // the next smallest part is hidden too (NHS Digital's secondary suppression), and its rate with it
    expect([...plan.suppressed]).toEqual([
      ['a', 'primary'],
      ['c', 'secondary'],
    ]);
    expect(plan.withheld).toEqual(new Set(['c.rate']));
    expect(attack(model, plan, 60).recovered).toEqual([]);
  });

  it('keeps counts that are the same number by definition suppressed together', () => {
    const model: SuppressionModel = {
      quantities: [
        { id: 'total', value: 20, shown: true, keepPriority: 1 },
        { id: 'a', value: 4, shown: true, keepPriority: 0 },
        { id: 'b', value: 16, shown: true, keepPriority: 0 },
        { id: 'b-again', value: 16, shown: true, keepPriority: 0 },
      ],
      statistics: [
        { id: 'total.rate', dependsOn: ['total'] },
        { id: 'b-again.rate', dependsOn: ['b-again'] },
      ],
      sums: [{ total: 'total', parts: ['a', 'b'] }],
      identities: [['b', 'b-again']],
    };
    const plan = planSuppression(model);
    expect(plan.suppressed.get('b')).toBe('secondary');
    expect(plan.suppressed.get('b-again')).toBe('secondary');
    expect(auditSuppression(model, plan).recoverable).toEqual([]);
  });

  it('treats a part as its total when every other part is zero (zeros are published exactly)', () => {
    const model: SuppressionModel = {
      quantities: [
        { id: 'total', value: 5, shown: true, keepPriority: 1 },
        { id: 'a', value: 5, shown: true, keepPriority: 0 },
        { id: 'b', value: 0, shown: true, keepPriority: 0 },
      ],
      statistics: [],
      sums: [{ total: 'total', parts: ['a', 'b'] }],
      identities: [],
    };
    const plan = planSuppression(model);
    expect(plan.suppressed.get('total')).toBe('primary');
    expect(plan.suppressed.get('a')).toBe('primary');
    expect(plan.counts).toEqual({ primary: 1, secondary: 0 });
  });

  it('refuses a model whose sums do not hold', () => {
    expect(() =>
      planSuppression({
        quantities: [
          { id: 't', value: 10, shown: true, keepPriority: 0 },
          { id: 'a', value: 4, shown: true, keepPriority: 0 },
        ],
        statistics: [],
        sums: [{ total: 't', parts: ['a'] }],
        identities: [],
      }),
    ).toThrow(/t = 10, but its parts add up to 4/);
  });
});
