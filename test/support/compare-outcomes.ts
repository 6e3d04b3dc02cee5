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
