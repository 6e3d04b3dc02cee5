// The CSV upload's format (DESIGN §4), shared by the ingest's reader (csv-event-rows.ts)
// and the site page's browser code (site-page/browser), so that both read a file into the
// same rows and number them the same way. Plain data and functions: no Node or Nest imports.

export const CSV_ENVELOPE_COLUMNS = ['eventId', 'type', 'participantId', 'occurredOn'] as const;
export const CSV_NUMBER_FIELDS: readonly string[] = ['hoursPerWeek', 'hourlyWagePence', 'score'];
export const CSV_BOOLEAN_FIELDS: readonly string[] = ['eligible', 'competitive', 'selfEmployed', 'inWork'];
export const CSV_STRING_FIELDS: readonly string[] = [
  'condition',
  'referralSource',
  'employmentStatus',
  'ageBand',
  'sex',
  'reason',
  'arm',
  'jobId',
  'socCode',
  'retractedEventId',
  'instrument',
];
export const CSV_DATA_FIELDS: readonly string[] = [
  ...CSV_STRING_FIELDS,
  ...CSV_NUMBER_FIELDS,
  ...CSV_BOOLEAN_FIELDS,
];

/** The longest record (row) read, in bytes. */
export const CSV_MAX_RECORD_BYTES = 65_536;

/** csv-parse options of the upload (with `info`, so each record carries its position). */
export const CSV_READ_OPTIONS = {
  bom: true,
  skip_empty_lines: true,
  relax_column_count: true,
  trim: true,
  max_record_size: CSV_MAX_RECORD_BYTES,
  info: true,
} as const;

/** What csv-parse tells about a record when `info` is on (the fields used here). */
export interface CsvRecordInfo {
  /** records read so far, this one included (the header is record 1) */
  records: number;
  /** empty lines skipped so far */
  empty_lines: number;
}

/**
 * The row a spreadsheet shows a record in: header = row 1, and a blank line is a row of
 * its own. Not csv-parse's `lines`, which counts the line breaks inside a quoted cell too,
 * so a record after a two-line cell would be one row off.
 */
export function spreadsheetRow(info: CsvRecordInfo): number {
  return info.records + info.empty_lines;
}

/**
 * The largest file the site page takes (it reads the file in the tab to number its rows and
 * to give back the refused ones). The API itself streams CSV without a size limit.
 */
export const SITE_PAGE_MAX_FILE_BYTES = 50 * 1024 * 1024;

/**
 * One CSV line (RFC 4180): a cell with a comma, a quote or a line break is quoted, quotes
 * doubled; nothing else is changed, so what a site typed goes back to it as it was.
 */
export function csvLine(cells: readonly string[]): string {
  return cells.map((c) => (/[",\r\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c)).join(',');
}

/** Lines joined with CRLF, ending with one (as spreadsheets write CSV). */
export function csvText(rows: readonly (readonly string[])[]): string {
  return rows.map(csvLine).join('\r\n') + '\r\n';
}
