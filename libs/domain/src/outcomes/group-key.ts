import type { GroupDimension, GroupKey, OutcomeFilters } from '@ips/contracts';
import { assertNever } from '../assert-never';
import type { ParticipantDimensions } from './participant-outcome';

/** A group's dimension values, in groupBy order. */
export type KeyValues = (string | null)[];

export function dimensionValue(dimensions: ParticipantDimensions, dimension: GroupDimension): string | null {
  switch (dimension) {
    case 'site':
      return dimensions.site;
    case 'arm':
      return dimensions.arm;
    case 'condition':
      return dimensions.condition;
    case 'cohort':
      return dimensions.cohort;
    case 'employmentStatus':
      return dimensions.employmentStatus;
    default:
      return assertNever(dimension, 'group dimension');
  }
}

// A cut's identity as one string, for pairing the arms of a cut in the effects table
// (once per group, not per participant). The separator and the null marker are control
// characters that no site id, vocabulary value or cohort label can contain, and null
// stays distinct from the text "null".
const SEPARATOR = '\u0000';
const NULL_VALUE = '\u0001';

export function keyId(values: readonly (string | null)[]): string {
  let id = '';
  for (let i = 0; i < values.length; i++) {
    const value = values[i];
    if (i > 0) id += SEPARATOR;
    id += value === null || value === undefined ? NULL_VALUE : `=${value}`;
  }
  return id;
}

export function keyObject(
  dimensions: readonly GroupDimension[],
  values: readonly (string | null)[],
): GroupKey {
  const key: GroupKey = {};
  dimensions.forEach((dimension, i) => {
    key[dimension] = values[i] ?? null;
  });
  return key;
}

/** Stable group order: values in groupBy order, plain string order (not locale), null last. */
export function compareKeyValues(a: readonly (string | null)[], b: readonly (string | null)[]): number {
  for (let i = 0; i < a.length; i++) {
    const x = a[i] ?? null;
    const y = b[i] ?? null;
    if (x === y) continue;
    if (x === null) return 1;
    if (y === null) return -1;
    return x < y ? -1 : 1;
  }
  return 0;
}

/** Filters match a dimension's value exactly; a participant lacking the dimension matches no filter on it. */
export function matchesFilters(dimensions: ParticipantDimensions, filters: OutcomeFilters): boolean {
  return (
    (filters.site === undefined || filters.site === dimensions.site) &&
    (filters.arm === undefined || filters.arm === dimensions.arm) &&
    (filters.condition === undefined || filters.condition === dimensions.condition) &&
    (filters.cohort === undefined || filters.cohort === dimensions.cohort) &&
    (filters.employmentStatus === undefined || filters.employmentStatus === dimensions.employmentStatus)
  );
}
