import fc from 'fast-check';
import { coxHazardRatio } from './cox-efron';
import { normalQuantile } from './distributions';
import { obrienFlemingBoundaries } from './group-sequential';
import { stratifiedLogRank } from './log-rank';
import { mantelHaenszelRiskDifference, type TwoByTwoStratum } from './mantel-haenszel';
import { strataFromObservations, type TwoArmObservation, type TwoArmStratum } from './two-arm-survival';

const observation = fc.record({
  stratum: fc.constantFrom('a', 'b', 'c'),
  arm: fc.constantFrom<0 | 1>(0, 1),
  time: fc.integer({ min: 0, max: 12 }),
  event: fc.boolean(),
});
const observations = fc.array(observation, { minLength: 0, maxLength: 60 });
const swapArms = (strata: TwoArmStratum[]): TwoArmStratum[] =>
  strata.map((s) => ({ treated: s.control, control: s.treated }));
const close = (a: number, b: number, tol = 1e-9) => Math.abs(a - b) <= tol * Math.max(1, Math.abs(b));

describe('stratified log-rank', () => {
  it('is symmetric in the arms', () => {
    fc.assert(
      fc.property(observations, (obs) => {
        const strata = strataFromObservations(obs);
        const a = stratifiedLogRank(strata);
        const b = stratifiedLogRank(swapArms(strata));
        expect([b.observedTreated, b.observedControl]).toEqual([a.observedControl, a.observedTreated]);
        expect(b.chiSquare === null).toBe(a.chiSquare === null);
        if (a.chiSquare !== null) expect(close(b.chiSquare!, a.chiSquare)).toBe(true);
      }),
    );
  });

  it('is not moved by a stratum holding one arm only', () => {
    fc.assert(
      fc.property(observations, fc.array(observation, { minLength: 1, maxLength: 10 }), (obs, extra) => {
        const oneArm: TwoArmObservation[] = extra.map((o) => ({ ...o, stratum: 'one-arm', arm: 1 }));
        const a = stratifiedLogRank(strataFromObservations(obs));
        const b = stratifiedLogRank(strataFromObservations([...obs, ...oneArm]));
        if (a.chiSquare !== null && b.chiSquare !== null) expect(close(b.chiSquare, a.chiSquare)).toBe(true);
        if (a.expectedControl !== null) expect(b.expectedControl).not.toBeNull();
      }),
    );
  });

  it('has expected counts that add up to the observed', () => {
    fc.assert(
      fc.property(observations, (obs) => {
        const a = stratifiedLogRank(strataFromObservations(obs));
        if (a.expectedTreated === null) return;
        expect(close(a.expectedTreated + a.expectedControl!, a.observedTreated + a.observedControl)).toBe(
          true,
        );
      }),
    );
  });
});

describe('Cox hazard ratio', () => {
  it('inverts when the arms swap', () => {
    fc.assert(
      fc.property(observations, (obs) => {
        const strata = strataFromObservations(obs);
        const a = coxHazardRatio(strata);
        const b = coxHazardRatio(swapArms(strata));
        expect(b === null).toBe(a === null);
        if (a !== null && b !== null && Math.abs(a.beta) < 5) {
          expect(close(b.beta, -a.beta, 1e-7)).toBe(true);
          expect(close(b.standardError, a.standardError, 1e-6)).toBe(true);
        }
      }),
    );
  });

  it('is null when an arm of the mixed strata has no event, whatever the one-arm strata hold', () => {
    const strata = strataFromObservations([
      { stratum: 'a', arm: 1, time: 3, event: false },
      { stratum: 'a', arm: 0, time: 2, event: true },
      { stratum: 'b', arm: 1, time: 1, event: true },
    ]);
    expect(coxHazardRatio(strata)).toBeNull();
  });
});

const stratum: fc.Arbitrary<TwoByTwoStratum> = fc
  .tuple(fc.integer({ min: 0, max: 30 }), fc.integer({ min: 0, max: 30 }), fc.nat(), fc.nat())
  .map(([n1, n2, x, y]) => ({
    trialsTreated: n1,
    successesTreated: n1 === 0 ? 0 : x % (n1 + 1),
    trialsControl: n2,
    successesControl: n2 === 0 ? 0 : y % (n2 + 1),
  }));

describe('Mantel–Haenszel risk difference', () => {
  it('negates when the arms swap', () => {
    fc.assert(
      fc.property(fc.array(stratum, { minLength: 1, maxLength: 6 }), (strata) => {
        const a = mantelHaenszelRiskDifference(strata);
        const b = mantelHaenszelRiskDifference(
          strata.map((s) => ({
            successesTreated: s.successesControl,
            trialsTreated: s.trialsControl,
            successesControl: s.successesTreated,
            trialsControl: s.trialsTreated,
          })),
        );
        expect(b === null).toBe(a === null);
        if (a === null || b === null) return;
        expect(close(b.riskDifference, -a.riskDifference)).toBe(true);
        expect(close(b.standardError, a.standardError)).toBe(true);
      }),
    );
  });

  it('is the plain difference of proportions for one stratum', () => {
    fc.assert(
      fc.property(stratum, (s) => {
        const d = mantelHaenszelRiskDifference([s]);
        if (s.trialsTreated === 0 || s.trialsControl === 0) return expect(d).toBeNull();
        const plain = s.successesTreated / s.trialsTreated - s.successesControl / s.trialsControl;
        expect(close(d!.riskDifference, plain)).toBe(true);
      }),
    );
  });

  it('has no interval when every stratum is all-or-none in each arm with one common difference', () => {
    const d = mantelHaenszelRiskDifference([
      { successesTreated: 4, trialsTreated: 4, successesControl: 0, trialsControl: 5 },
      { successesTreated: 7, trialsTreated: 7, successesControl: 0, trialsControl: 2 },
    ]);
    expect(d).toMatchObject({ riskDifference: 1, standardError: 0, lower: null, upper: null, strata: 2 });
  });
});

describe("O'Brien–Fleming boundaries", () => {
  it('is the fixed-sample critical value for a single look at full information', () => {
    for (const alpha of [0.01, 0.05, 0.2]) {
      const [look] = obrienFlemingBoundaries(alpha, [1]);
      expect(close(look.boundary, -normalQuantile(alpha / 2), 1e-12)).toBe(true);
      expect(close(look.alphaSpent, alpha, 1e-12)).toBe(true);
    }
  });

  it('has converged: a grid four times finer moves no boundary by 1e-8', () => {
    for (const rates of [
      [0.1, 0.2, 0.5, 1],
      [0.3319, 0.611, 0.9964, 1],
      [0.25, 0.5, 0.75],
    ]) {
      const coarse = obrienFlemingBoundaries(0.05, rates);
      const fine = obrienFlemingBoundaries(0.05, rates, { pointsPerSd: 96 });
      coarse.forEach((look, k) => expect(Math.abs(look.boundary - fine[k].boundary)).toBeLessThan(1e-8));
    }
  });

  it('spends more alpha and needs less evidence as information grows, for equal steps', () => {
    const looks = obrienFlemingBoundaries(0.05, [0.2, 0.4, 0.6, 0.8, 1]);
    for (let k = 1; k < looks.length; k++) {
      expect(looks[k].boundary).toBeLessThan(looks[k - 1].boundary);
      expect(looks[k].alphaSpent).toBeGreaterThan(looks[k - 1].alphaSpent);
    }
    expect(looks[4].nominalP).toBeLessThan(0.05);
  });

  it('refuses fractions that do not increase or leave (0, 1], and alpha outside (0, 1)', () => {
    expect(() => obrienFlemingBoundaries(0.05, [0.5, 0.5])).toThrow(/increase/);
    expect(() => obrienFlemingBoundaries(0.05, [0, 1])).toThrow(/\(0, 1\]/);
    expect(() => obrienFlemingBoundaries(0.05, [1.2])).toThrow(/\(0, 1\]/);
    expect(() => obrienFlemingBoundaries(0, [1])).toThrow(/alpha/);
  });
});
