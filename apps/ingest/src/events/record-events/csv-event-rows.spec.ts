import { Readable } from 'node:stream';
import { csvEventRows, type CsvItem } from './csv-event-rows';

async function rowsOf(text: string): Promise<number[]> {
  const items: CsvItem[] = [];
  for await (const item of csvEventRows(Readable.from([Buffer.from(text)]), 'site-1')) items.push(item);
  return items.map((i) => i.row);
}

const HEAD = 'eventId,type,participantId,occurredOn,data.reason';

describe('CSV rows are numbered as a spreadsheet shows them', () => {
  it('header = row 1, the first event row 2', async () => {
    expect(
      await rowsOf(
        `${HEAD}\na,participant.consented,P-1,2017-07-03,\nb,participant.consented,P-2,2017-07-03,\n`,
      ),
    ).toEqual([2, 3]);
  });

  it('a blank line is a row of its own', async () => {
    expect(
      await rowsOf(
        `${HEAD}\r\n\r\na,participant.consented,P-1,2017-07-03,\r\n   \r\nb,participant.consented,P-2,2017-07-03,\r\n`,
      ),
    ).toEqual([3, 5]);
  });

  it('a cell with line breaks is still one row, and the rows after it keep their numbers', async () => {
    const text = `${HEAD}\r\na,event.retracted,P-1,2017-07-03,"sent twice\r\nby mistake"\r\nb,participant.consented,P-2,2017-07-03,\r\n`;
    expect(await rowsOf(text)).toEqual([2, 3]);
  });
});
