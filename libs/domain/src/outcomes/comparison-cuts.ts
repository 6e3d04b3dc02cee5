import type { GroupDimension, GroupKey } from '@ips/contracts';
import { keyId, keyObject } from './group-key';
import type { TalliedGroup } from './treatment-effects';

/** One entry of §7 `comparisons`: a key without arm and the groups of that key that have an arm. */
export interface ComparisonCut {
  key: GroupKey;
  /** in group order; each group's participants all have this arm */
  armed: { arm: 'ips' | 'usual_care'; group: TalliedGroup }[];
}

/**
 * DESIGN §6a/§7: when `arm` is in groupBy, one cut per key without arm that holds a
 * randomised participant, in the order the first group of each key appears in `groups`
 * (a key's armless group sorts after its armed ones, so only armed groups need looking at).
 * Empty unless arm is in groupBy. Every section of a comparison (first job, wellbeing) is
 * computed from these cuts, so they share one list and one order.
 */
export function comparisonCuts(
  groupBy: readonly GroupDimension[],
  groups: readonly TalliedGroup[],
): ComparisonCut[] {
  const armAt = groupBy.indexOf('arm');
  if (armAt < 0) return [];
  const otherDimensions = groupBy.filter((d) => d !== 'arm');
  const cuts = new Map<string, ComparisonCut>();
  for (const group of groups) {
    const arm = group.values[armAt] ?? null;
    if (arm !== 'ips' && arm !== 'usual_care') continue;
    const otherValues = group.values.filter((_, i) => i !== armAt);
    const id = keyId(otherValues);
    let cut = cuts.get(id);
    if (cut === undefined) {
      cut = { key: keyObject(otherDimensions, otherValues), armed: [] };
      cuts.set(id, cut);
    }
    cut.armed.push({ arm, group });
  }
  return [...cuts.values()];
}
