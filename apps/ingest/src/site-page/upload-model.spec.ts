import { parse } from 'csv-parse/sync';
import { Readable } from 'node:stream';
import { csvEventRows, type CsvItem } from '../events/record-events/csv-event-rows';
import {
  answerRows,
  decodeCsv,
  fileProblem,
  prepareUpload,
  refusedRowsCsv,
  type CsvParse,
  type PreparedUpload,
} from './browser/upload-model';

const nodeParse = parse as unknown as CsvParse;
const HEAD = 'eventId,type,participantId,occurredOn,data.reason';
const ROW = (id: string, reason = '') => `${id},event.retracted,P-1,2017-07-03,${reason}`;

function prepared(text: string): PreparedUpload {
  const p = prepareUpload('events.csv', text, nodeParse);
  if ('problem' in p) throw new Error(p.problem);
  return p;
}

async function ingestRows(text: string): Promise<number[]> {
  const rows: number[] = [];
  for await (const item of csvEventRows(Readable.from([Buffer.from(text)]), 's') as AsyncIterable<CsvItem>)
    rows.push(item.row);
  return rows;
}

describe('the site page reads a file as the ingest does', () => {
  const file = `\ufeff${HEAD}\r\n${ROW('a')}\r\n\r\n${ROW('b', '"two\r\nlines"')}\r\n  ${ROW('c')}  \r\n`;

  it('numbers the rows as the spreadsheet shows them, the same numbers the ingest gives the file', async () => {
    const p = prepared(file);
    expect(p.rows.map((r) => r.row)).toEqual([2, 4, 5]);
    expect(await ingestRows(file)).toEqual([2, 4, 5]);
    expect(p.rows.map((r) => r.cells[0])).toEqual(['a', 'b', 'c']);
  });

  it('sends one line a row, so the ingest’s row r of the upload is the page’s row r − 2', async () => {
    const p = prepared(file);
    expect(await ingestRows(p.text)).toEqual([2, 3, 4]);
    expect(p.text.startsWith(`${HEAD}\r\n`)).toBe(true);
    expect(p.text).toContain('"two\r\nlines"');
  });

  it('puts the answer back on the spreadsheet’s rows: accepted, duplicate, refused with field and rule', () => {
    const p = prepared(file);
    const answer = answerRows(p, {
      accepted: 1,
      duplicates: 1,
      rejected: [
        {
          row: 3,
          eventId: 'b',
          status: 400,
          errors: [{ path: 'data.retractedEventId', message: 'must be a UUID' }],
        },
      ],
      duplicateRows: [4],
    });
    expect(answer.rows.map((r) => [r.row, r.outcome, r.eventId])).toEqual([
      [2, 'accepted', 'a'],
      [4, 'refused', 'b'],
      [5, 'duplicate', 'c'],
    ]);
    expect(answer.rows[1].errors).toEqual([{ path: 'data.retractedEventId', message: 'must be a UUID' }]);
    expect(answer.complete).toBe(true);
  });

  it('gives back the refused rows with an errors column, which it leaves out when the file comes back', () => {
    const p = prepared(file);
    const answer = answerRows(p, {
      accepted: 2,
      duplicates: 0,
      rejected: [
        {
          row: 3,
          eventId: 'b',
          status: 400,
          errors: [{ path: 'data.retractedEventId', message: 'must be a UUID' }],
        },
      ],
      duplicateRows: [],
    });
    const refused = refusedRowsCsv(p, answer);
    expect(refused).toBe(
      `${HEAD},errors\r\n${ROW('b', '"two\r\nlines"')},data.retractedEventId: must be a UUID\r\n`,
    );
    const again = prepared(refused);
    expect(again.droppedErrorsColumn).toBe(true);
    expect(again.header.join(',')).toBe(HEAD);
    expect(again.rows).toEqual([
      { row: 2, cells: ['b', 'event.retracted', 'P-1', '2017-07-03', 'two\r\nlines'] },
    ]);
  });

  it('says when the answer itemised only part of the refused or duplicate rows', () => {
    const p = prepared(file);
    expect(answerRows(p, { accepted: 0, duplicates: 3, rejected: [], duplicateRows: [2] }).complete).toBe(
      false,
    );
  });
});

describe('the site page refuses what is not a CSV it can send, in words', () => {
  it('a workbook, another kind of file, an empty or a too large file, by name and size', () => {
    expect(fileProblem('events.xlsx', 10)).toMatch(/spreadsheet workbook, not a CSV file.*CSV UTF-8/);
    expect(fileProblem('events.pdf', 10)).toMatch(/not a CSV file/);
    expect(fileProblem('events.csv', 0)).toMatch(/events.csv is empty/);
    expect(fileProblem('events.csv', 60 * 1024 * 1024)).toMatch(
      /too large for this page \(60 MB; at most 50 MB\)/,
    );
    expect(fileProblem('events.csv', 1000)).toBeNull();
  });

  it('a workbook renamed .csv, binary data, or text that is not UTF-8, by content', () => {
    const problem = (bytes: number[]) => {
      const d = decodeCsv('x.csv', Uint8Array.from(bytes));
      return 'problem' in d ? d.problem : null;
    };
    expect(problem([0x50, 0x4b, 3, 4, 1])).toMatch(/spreadsheet workbook/);
    expect(problem([0x61, 0, 0x62])).toMatch(/binary data/);
    expect(problem([0x61, 0xe9, 0x62])).toMatch(/not UTF-8 text/);
    expect(decodeCsv('x.csv', new TextEncoder().encode('a,b\n'))).toEqual({ text: 'a,b\n' });
  });

  it('a file with nothing but blank lines, or a quote never closed', () => {
    expect(prepareUpload('x.csv', '\n  \n', nodeParse)).toEqual({
      problem: expect.stringMatching(/x.csv is empty/),
    });
    expect(prepareUpload('x.csv', `${HEAD}\n"a,b\n`, nodeParse)).toEqual({
      problem: expect.stringMatching(/could not be read as CSV: .*quote/),
    });
  });
});
