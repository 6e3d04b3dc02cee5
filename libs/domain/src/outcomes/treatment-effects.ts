import type { ArmCount, EffectMetric, GroupDimension, GroupKey, TreatmentEffect } from '@ips/contracts';
import { newcombeDifference } from '../statistics/newcombe';
import { keyId, keyObject, type KeyValues } from './group-key';
import type { GroupTally, ProportionTally } from './group-tally';

// The contract's EFFECT_METRICS, restated because the domain may import only types.
const EFFECT_METRICS: readonly EffectMetric[] = ['jobStart12m', 'worked13wIn12m'];

export interface TalliedGroup {
  values: KeyValues;
  tally: GroupTally;
}

interface ArmPair {
  key: GroupKey;
  ips: GroupTally | null;
  usualCare: GroupTally | null;
}

/**
 * IPS − usual care for every cut that groupBy makes besides arm, with the Newcombe
 * hybrid score interval. Only cuts holding at least one randomised participant get a
 * row: participants without an arm are not in either side of a comparison.
 */
export function treatmentEffects(
  groupBy: readonly GroupDimension[],
  groups: readonly TalliedGroup[],
): TreatmentEffect[] {
  const armAt = groupBy.indexOf('arm');
  if (armAt < 0) return [];
  const otherDimensions = groupBy.filter((d) => d !== 'arm');

  const pairs = new Map<string, ArmPair>();
  for (const { values, tally } of groups) {
    const arm = values[armAt] ?? null;
    if (arm === null) continue;
    const otherValues = values.filter((_, i) => i !== armAt);
    const id = keyId(otherValues);
    let pair = pairs.get(id);
    if (pair === undefined) {
      pair = { key: keyObject(otherDimensions, otherValues), ips: null, usualCare: null };
      pairs.set(id, pair);
    }
    if (arm === 'ips') pair.ips = tally;
    else if (arm === 'usual_care') pair.usualCare = tally;
  }

  const effects: TreatmentEffect[] = [];
  for (const pair of pairs.values()) {
    for (const metric of EFFECT_METRICS) {
      const ips = armCount(pair.ips?.[metric]);
      const usualCare = armCount(pair.usualCare?.[metric]);
      const d = newcombeDifference(
        ips.numerator,
        ips.denominator,
        usualCare.numerator,
        usualCare.denominator,
      );
      effects.push({
        key: { ...pair.key },
        metric,
        ips,
        usualCare,
        riskDifference: d?.difference ?? null,
        lower: d?.lower ?? null,
        upper: d?.upper ?? null,
      });
    }
  }
  return effects;
}

function armCount(tally: ProportionTally | undefined): ArmCount {
  return { numerator: tally?.successes ?? 0, denominator: tally?.trials ?? 0 };
}
