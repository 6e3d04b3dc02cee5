/** The kinds of report the reporting service publishes (DESIGN §8): the API's `type`. */
export const REPORT_TYPES = ['interim', 'first_year'] as const;
export type ReportType = (typeof REPORT_TYPES)[number];
