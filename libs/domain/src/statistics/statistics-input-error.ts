/** Counts that cannot be a proportion (negative, fractional, or more successes than trials). */
export class StatisticsInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StatisticsInputError';
  }
}
