import { escapeHtml } from '../text/escape';

export interface TableColumn {
  header: string;
  /** right-aligned, tabular figures */
  numeric?: boolean;
  /** a longer header for screen readers (abbr) */
  description?: string;
}

export interface TableOptions {
  caption: string;
  columns: readonly TableColumn[];
  /** cell text, already formatted; escaped here; a newline starts a new line in the cell */
  rows: readonly (readonly string[])[];
  /** how many leading columns name the row (th scope="row"); default 1 */
  rowHeaderColumns?: number;
  /** optional header row above the column headers: [label, span] pairs */
  groupHeaders?: readonly (readonly [string, number])[];
  /** shown under the table, e.g. what * means */
  note?: string;
  className?: string;
  /** shown as a single row when there are no rows */
  empty?: string;
}

/**
 * An accessible data table: a caption, column headers with scope, row headers, numbers
 * right-aligned with tabular figures. All text is escaped.
 */
export function htmlTable(options: TableOptions): string {
  const rowHeaders = options.rowHeaderColumns ?? 1;
  const head: string[] = [];
  if (options.groupHeaders && options.groupHeaders.length > 0) {
    head.push(
      '<tr>' +
        options.groupHeaders
          .map(([label, span]) =>
            label
              ? `<th scope="colgroup" colspan="${span}" class="group">${escapeHtml(label)}</th>`
              : `<td colspan="${span}"></td>`,
          )
          .join('') +
        '</tr>',
    );
  }
  head.push(
    '<tr>' +
      options.columns
        .map(
          (c) =>
            `<th scope="col"${c.numeric ? ' class="num"' : ''}${c.description ? ` abbr="${escapeHtml(c.description)}"` : ''}>${escapeHtml(c.header)}</th>`,
        )
        .join('') +
      '</tr>',
  );
  const body =
    options.rows.length === 0
      ? `<tr><td colspan="${options.columns.length}" class="empty">${escapeHtml(options.empty ?? 'No rows.')}</td></tr>`
      : options.rows
          .map(
            (row) =>
              '<tr>' +
              row
                .map((cell, i) => {
                  const numeric = options.columns[i]?.numeric ? ' class="num"' : '';
                  const text = escapeHtml(cell).replace(/\n/g, '<br>');
                  return i < rowHeaders
                    ? `<th scope="row"${numeric}>${text}</th>`
                    : `<td${numeric}>${text}</td>`;
                })
                .join('') +
              '</tr>',
          )
          .join('');
  const note = options.note ? `<p class="table-note">${escapeHtml(options.note)}</p>` : '';
  return `<div class="table-wrap"><table${options.className ? ` class="${escapeHtml(options.className)}"` : ''}><caption>${escapeHtml(options.caption)}</caption><thead>${head.join('')}</thead><tbody>${body}</tbody></table>${note}</div>`;
}
