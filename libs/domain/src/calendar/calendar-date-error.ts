/** A value that is not a real calendar day in the YYYY-MM-DD form. */
export class InvalidCalendarDateError extends Error {
  constructor(readonly value: string) {
    super(`not a calendar date (YYYY-MM-DD): ${JSON.stringify(value)}`);
    this.name = 'InvalidCalendarDateError';
  }
}
