export const TRIAL_SCOPE = Symbol('TRIAL_SCOPE');

/**
 * Which trials this instance schedules and publishes for: those whose id starts with
 * `prefix` (REPORTING_TRIAL_PREFIX; empty, the default, means every trial). Lets trials be
 * shared out between deployments, and keeps tests on a shared database apart. Reading
 * reports and on-demand generation are not limited by it.
 */
export interface TrialScope {
  prefix: string;
}

/** A LIKE pattern matching ids that start with the prefix. */
export function trialIdLike(scope: TrialScope): string {
  return `${scope.prefix.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}
