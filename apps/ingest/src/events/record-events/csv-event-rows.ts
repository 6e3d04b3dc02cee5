import { parse } from 'csv-parse';
import type { Readable } from 'node:stream';
import { ApiError, BodyStalled } from '@ips/platform';
import {
  CSV_BOOLEAN_FIELDS,
  CSV_DATA_FIELDS,
  CSV_ENVELOPE_COLUMNS,
  CSV_NUMBER_FIELDS,
  CSV_READ_OPTIONS,
  spreadsheetRow,
  type CsvRecordInfo,
} from './csv-format';

// CSV upload (DESIGN §4): columns eventId,type,participantId,occurredOn then data.<field>.
// siteId comes from the key; schemaVersion is 1. Cells are typed by field so the same
// validator as JSON judges them: "20" becomes 20 for hoursPerWeek, "true" becomes true.

export type CsvItem =
  { row: number; raw: unknown } | { row: number; errors: { path: string; message: string }[] };

/**
 * Rows are numbered as a spreadsheet shows them: the header is row 1, the first event row 2,
 * a blank line a row of its own, a cell with line breaks in it still one row.
 */
export async function* csvEventRows(stream: Readable, siteId: string): AsyncGenerator<CsvItem> {
  // pipe() does not pass the source's errors on: a stalled upload (BodyStalled) must end the parse
  const parser = stream.pipe(parse(CSV_READ_OPTIONS));
  stream.once('error', (err) => parser.destroy(err));
  let header: string[] | null = null;
  try {
    for await (const { record, info } of parser as AsyncIterable<{
      record: string[];
      info: CsvRecordInfo;
    }>) {
      if (!header) {
        header = checkHeader(record);
        continue;
      }
      const row = spreadsheetRow(info);
      if (record.length !== header.length) {
        yield {
          row,
          errors: [{ path: '', message: `row has ${record.length} cells; the header has ${header.length}` }],
        };
        continue;
      }
      yield { row, raw: toEnvelope(header, record, siteId) };
    }
  } catch (err) {
    if (err instanceof ApiError || err instanceof BodyStalled) throw err;
    throw new ApiError(400, `CSV could not be read: ${(err as Error).message}`);
  }
  if (!header)
    throw new ApiError(
      400,
      'CSV is empty: expected a header row eventId,type,participantId,occurredOn,data.<field>...',
    );
}

function checkHeader(columns: string[]): string[] {
  const problems: { path: string; message: string }[] = [];
  const seen = new Set<string>();
  for (const column of columns) {
    if (seen.has(column)) problems.push({ path: column, message: `column ${column} appears twice` });
    seen.add(column);
    const isEnvelope = (CSV_ENVELOPE_COLUMNS as readonly string[]).includes(column);
    const field = column.startsWith('data.') ? column.slice(5) : null;
    if (!isEnvelope && !(field && CSV_DATA_FIELDS.includes(field))) {
      problems.push({
        path: column,
        message: `unknown column ${JSON.stringify(column)}: expected ${CSV_ENVELOPE_COLUMNS.join(', ')} and data.<field> with field one of ${CSV_DATA_FIELDS.join(', ')}`,
      });
    }
  }
  for (const required of CSV_ENVELOPE_COLUMNS) {
    if (!seen.has(required))
      problems.push({ path: required, message: `required column ${required} is missing` });
  }
  if (problems.length > 0) throw new ApiError(400, 'CSV header does not match the event columns', problems);
  return columns;
}

function toEnvelope(header: string[], cells: string[], siteId: string): Record<string, unknown> {
  const envelope: Record<string, unknown> = { schemaVersion: 1, siteId };
  const data: Record<string, unknown> = {};
  header.forEach((column, i) => {
    const cell = cells[i];
    if (column.startsWith('data.')) {
      if (cell === '') return; // an empty cell is an absent field
      const field = column.slice(5);
      data[field] = typed(field, cell);
    } else {
      envelope[column] = cell;
    }
  });
  envelope.data = data;
  return envelope;
}

function typed(field: string, cell: string): unknown {
  if (CSV_NUMBER_FIELDS.includes(field) && /^-?\d+(\.\d+)?$/.test(cell)) return Number(cell);
  if (CSV_BOOLEAN_FIELDS.includes(field) && /^(true|false)$/i.test(cell))
    return cell.toLowerCase() === 'true';
  return cell;
}
