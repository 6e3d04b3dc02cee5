/**
 * Differences between two outcome answers: counts, keys, order and nulls must be identical;
 * numbers that are not integers may differ by at most `tolerance`.
 */
export function outcomeDifferences(
  actual: unknown,
  expected: unknown,
  tolerance = 1e-9,
  path = '',
): string[] {
  if (typeof expected === 'number' && typeof actual === 'number') {
    if (Number.isInteger(expected) && Number.isInteger(actual))
      return actual === expected ? [] : [`${path}: ${actual} ≠ ${expected}`];
    return Math.abs(actual - expected) <= tolerance
      ? []
      : [`${path}: ${actual} ≠ ${expected} (Δ ${Math.abs(actual - expected)})`];
  }
  if (expected === null || actual === null || typeof expected !== 'object' || typeof actual !== 'object') {
    return actual === expected ? [] : [`${path}: ${JSON.stringify(actual)} ≠ ${JSON.stringify(expected)}`];
  }
  if (Array.isArray(expected) !== Array.isArray(actual)) return [`${path}: array vs object`];
  const keys = new Set([...Object.keys(expected as object), ...Object.keys(actual as object)]);
  if (Array.isArray(expected) && (actual as unknown[]).length !== expected.length) {
    return [`${path}: length ${(actual as unknown[]).length} ≠ ${expected.length}`];
  }
  return [...keys].flatMap((k) =>
    outcomeDifferences(
      (actual as Record<string, unknown>)[k],
      (expected as Record<string, unknown>)[k],
      tolerance,
      path ? `${path}.${k}` : k,
    ),
  );
}

/**
 * The version-2 comparisons of a production answer in the shape of
 * test/oracle/comparisons-oracle.ts: each comparison's first-job figures, and each
 * effect's stratified risk difference.
 */
export function comparisonsOf(answer: {
  comparisons: { key: unknown; firstJob: unknown }[];
  effects: { key: unknown; metric: string; stratified: unknown }[];
}) {
  return {
    comparisons: answer.comparisons.map((c) => ({ key: c.key, firstJob: c.firstJob })),
    stratified: answer.effects.map((e) => ({ key: e.key, metric: e.metric, stratified: e.stratified })),
  };
}

/** A version-2 answer with its additions taken away: what version 1 answers. */
export function versionOnePart(answer: Record<string, any>) {
  const { comparisons: _c, ...rest } = answer;
  return {
    ...rest,
    definitionsVersion: 1,
    groups: (answer.groups as Record<string, any>[]).map(({ wellbeing: _w, ...g }) => g),
    effects: (answer.effects as Record<string, any>[]).map(({ stratified: _s, ...e }) => e),
  };
}
