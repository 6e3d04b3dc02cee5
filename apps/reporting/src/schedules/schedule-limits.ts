export const SCHEDULE_LIMITS = Symbol('SCHEDULE_LIMITS');
export interface ScheduleLimits {
  /** the shortest gap a schedule may leave between two interim reports */
  minIntervalSeconds: number;
}
