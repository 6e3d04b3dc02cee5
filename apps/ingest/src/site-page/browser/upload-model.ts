import {
  csvText,
  CSV_READ_OPTIONS,
  SITE_PAGE_MAX_FILE_BYTES,
  spreadsheetRow,
  type CsvRecordInfo,
} from '../../events/record-events/csv-format';

// What the site page does with a file before and after POST /v1/events/csv, without the DOM
// (upload-model.spec.ts runs it under Node with csv-parse's Node build; the page passes the
// browser build): read it as the ingest reads it (the same csv-parse options and row
// numbers, csv-format.ts), send its rows, and put the answer back on the spreadsheet's rows.

/** The column a refused-rows download adds; the page drops it again when that file comes back. */
export const ERRORS_COLUMN = 'errors';

export type CsvParse = (
  text: string,
  options: typeof CSV_READ_OPTIONS,
) => { record: string[]; info: CsvRecordInfo }[];

const WORKBOOK = /\.(xlsx|xlsm|xlsb|xls|ods|numbers)$/i;
const NOT_TEXT = /\.(pdf|docx?|odt|zip|json|xml|txt)$/i;

/** A problem seen from the file's name and size alone, or null. */
export function fileProblem(name: string, size: number): string | null {
  if (WORKBOOK.test(name))
    return `${name} is a spreadsheet workbook, not a CSV file. In your spreadsheet choose File › Save As (or Download) › “CSV UTF-8 (comma delimited)”, then upload that file.`;
  if (NOT_TEXT.test(name) && !/\.txt$/i.test(name))
    return `${name} is not a CSV file. Export the events from your system as CSV (comma-separated values, UTF-8), one event a row.`;
  if (size === 0)
    return `${name} is empty. The file needs a header row (eventId,type,participantId,occurredOn,data.…) and one row per event.`;
  if (size > SITE_PAGE_MAX_FILE_BYTES)
    return `${name} is too large for this page (${megabytes(size)} MB; at most ${megabytes(SITE_PAGE_MAX_FILE_BYTES)} MB). Split it into smaller files, or send it to the API directly (POST /v1/events/csv streams files of any size).`;
  return null;
}

function megabytes(bytes: number): string {
  return (bytes / (1024 * 1024)).toFixed(bytes < 10 * 1024 * 1024 ? 1 : 0);
}

/** The file's text, or why it is not a CSV the ingest can read (binary, not UTF-8). */
export function decodeCsv(name: string, bytes: Uint8Array): { text: string } | { problem: string } {
  const zip = bytes[0] === 0x50 && bytes[1] === 0x4b;
  const ole = bytes[0] === 0xd0 && bytes[1] === 0xcf && bytes[2] === 0x11 && bytes[3] === 0xe0;
  if (zip || ole)
    return {
      problem: `${name} is a spreadsheet workbook (or another packed file), not a CSV file. Save it as “CSV UTF-8 (comma delimited)” and upload that file.`,
    };
  if (bytes.includes(0))
    return {
      problem: `${name} is not a CSV file: it holds binary data. Export the events as CSV (comma-separated text, UTF-8).`,
    };
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes) };
  } catch {
    return {
      problem: `${name} is not UTF-8 text. Save it again as “CSV UTF-8 (comma delimited)” — plain “CSV” in some spreadsheets uses another character set.`,
    };
  }
}

export interface PreparedUpload {
  /** the header as sent (a refused-rows file's `errors` column left out) */
  header: string[];
  droppedErrorsColumn: boolean;
  /** the event rows: their row in the spreadsheet and their cells as sent */
  rows: { row: number; cells: string[] }[];
  /** what is sent: the header and the rows, one line each, so the ingest's row r is rows[r - 2] */
  text: string;
}

/** Reads the text as the ingest will; a problem (unreadable CSV, nothing in it) instead. */
export function prepareUpload(
  name: string,
  text: string,
  parse: CsvParse,
): PreparedUpload | { problem: string } {
  let records: { record: string[]; info: CsvRecordInfo }[];
  try {
    records = parse(text, CSV_READ_OPTIONS);
  } catch (e) {
    return {
      problem: `${name} could not be read as CSV: ${e instanceof Error ? e.message : String(e)}. Check for a quote (") that is opened and never closed.`,
    };
  }
  if (records.length === 0)
    return {
      problem: `${name} is empty. The file needs a header row (eventId,type,participantId,occurredOn,data.…) and one row per event.`,
    };
  const [first, ...rest] = records;
  const errorsAt = first.record.indexOf(ERRORS_COLUMN);
  const drop = errorsAt >= 0 && errorsAt === first.record.length - 1;
  const without = (cells: string[]) => (drop ? cells.filter((_, i) => i !== errorsAt) : cells);
  const header = without(first.record);
  const rows = rest.map(({ record, info }) => ({
    row: spreadsheetRow(info),
    // a refused-rows file pads a short row to the header; what it had past the header stays
    cells: drop && record.length === first.record.length ? without(record) : record,
  }));
  return {
    header,
    droppedErrorsColumn: drop,
    rows,
    text: csvText([header, ...rows.map((r) => r.cells)]),
  };
}

/** POST /v1/events/csv?listDuplicates=true's answer (the fields the page reads). */
export interface CsvUploadAnswer {
  accepted: number;
  duplicates: number;
  rejected: {
    row?: number;
    eventId: string | null;
    status: number;
    errors: { path: string; message: string }[];
  }[];
  rejectedTotal?: number;
  duplicateRows?: number[];
}

export type RowOutcome = 'accepted' | 'duplicate' | 'refused';

export interface RowAnswer {
  /** the row in the site's spreadsheet */
  row: number;
  outcome: RowOutcome;
  /** the row's eventId cell ('' when it has none) */
  eventId: string;
  errors: { path: string; message: string }[];
  cells: string[];
}

export interface UploadAnswer {
  rows: RowAnswer[];
  accepted: number;
  duplicates: number;
  refused: number;
  /** false when the answer itemised only the first 10,000 refused or duplicate rows */
  complete: boolean;
}

/** The answer on the spreadsheet's rows: the ingest numbers the rows as sent (header = 1). */
export function answerRows(prepared: PreparedUpload, answer: CsvUploadAnswer): UploadAnswer {
  const eventIdAt = prepared.header.indexOf('eventId');
  const refused = new Map<number, { path: string; message: string }[]>();
  for (const r of answer.rejected) if (typeof r.row === 'number') refused.set(r.row, r.errors);
  const duplicate = new Set(answer.duplicateRows ?? []);
  const listedDuplicates = answer.duplicateRows?.length ?? 0;
  const complete =
    (answer.rejectedTotal ?? answer.rejected.length) === answer.rejected.length &&
    listedDuplicates === answer.duplicates;
  const rows: RowAnswer[] = prepared.rows.map((r, i) => {
    const sent = i + 2;
    const errors = refused.get(sent);
    const outcome: RowOutcome = errors ? 'refused' : duplicate.has(sent) ? 'duplicate' : 'accepted';
    return {
      row: r.row,
      outcome,
      eventId: eventIdAt >= 0 ? (r.cells[eventIdAt] ?? '') : '',
      errors: errors ?? [],
      cells: r.cells,
    };
  });
  return {
    rows,
    accepted: answer.accepted,
    duplicates: answer.duplicates,
    refused: answer.rejectedTotal ?? answer.rejected.length,
    complete,
  };
}

/** "data.hoursPerWeek: must not be greater than 80; eventId: must be a UUID" */
export function errorsText(errors: { path: string; message: string }[]): string {
  return errors.map((e) => (e.path ? `${e.path}: ${e.message}` : e.message)).join('; ');
}

/**
 * The refused rows as a CSV to fix and upload again: the header with an `errors` column,
 * each refused row's cells as they were, and what was wrong with it (the page drops the
 * `errors` column when the file comes back).
 */
export function refusedRowsCsv(prepared: PreparedUpload, answer: UploadAnswer): string {
  const width = prepared.header.length;
  const lines = answer.rows
    .filter((r) => r.outcome === 'refused')
    .map((r) => {
      const cells =
        r.cells.length < width ? [...r.cells, ...Array<string>(width - r.cells.length).fill('')] : r.cells;
      return [...cells, errorsText(r.errors)];
    });
  return csvText([[...prepared.header, ERRORS_COLUMN], ...lines]);
}
