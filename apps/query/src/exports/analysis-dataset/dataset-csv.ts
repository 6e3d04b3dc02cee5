import type { DatasetCell, DatasetColumn } from '@ips/contracts';
import { addDays } from '@ips/domain';

// The CSV form of the analysis dataset (DESIGN §6d): a header of column names, then one
// line per row; empty is missing, flags are 1/0, dates ISO, moved by the participant's shift.

export function csvHeader(columns: readonly DatasetColumn[]): string {
  return columns.map((c) => csvField(c.name)).join(',') + '\n';
}

/** One row as a CSV line. `shiftDays` moves every `date` column (0 for an unshifted export). */
export function csvLine(
  columns: readonly DatasetColumn[],
  row: Readonly<Record<string, DatasetCell>>,
  shiftDays: number,
): string {
  let line = '';
  for (let i = 0; i < columns.length; i++) {
    const column = columns[i]!;
    if (i > 0) line += ',';
    line += csvField(cellText(column, row[column.name] ?? null, shiftDays));
  }
  return line + '\n';
}

function cellText(column: DatasetColumn, value: DatasetCell, shiftDays: number): string {
  if (value === null) return '';
  if (typeof value === 'boolean') return value ? '1' : '0';
  if (column.type === 'date' && typeof value === 'string')
    return shiftDays === 0 ? value : addDays(value, shiftDays);
  return String(value);
}

export function csvField(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
