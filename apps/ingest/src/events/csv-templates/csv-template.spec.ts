import { Readable } from 'node:stream';
import { EVENT_EXAMPLES, EVENT_TYPES } from '@ips/contracts';
import { csvEventRows, type CsvItem } from '../record-events/csv-event-rows';
import { csvTemplate, isEventType, templateFileName } from './csv-template';

async function readBack(text: string, siteId: string): Promise<CsvItem[]> {
  const items: CsvItem[] = [];
  for await (const item of csvEventRows(Readable.from([Buffer.from(text)]), siteId)) items.push(item);
  return items;
}

describe('the CSV template of each event type', () => {
  it.each(EVENT_TYPES)(
    '%s: read by the ingest, its one row is the contract’s example envelope',
    async (type) => {
      const text = csvTemplate(type);
      expect(text.split('\r\n')).toHaveLength(3); // header, one row, the final line break
      const example = EVENT_EXAMPLES[type];
      const items = await readBack(text, example.siteId);
      expect(items).toEqual([{ row: 2, raw: example }]);
    },
  );

  it('has the envelope columns first, then only the data fields of its type', () => {
    expect(csvTemplate('participant.randomised').split('\r\n')[0]).toBe(
      'eventId,type,participantId,occurredOn,data.arm',
    );
    expect(csvTemplate('participant.consented').split('\r\n')[0]).toBe(
      'eventId,type,participantId,occurredOn',
    );
  });

  it('names its file after the type and knows only the contract’s types', () => {
    expect(templateFileName('job.hours_changed')).toBe('ips-job-hours-changed-template.csv');
    expect(isEventType('job.started')).toBe(true);
    expect(isEventType('job.start')).toBe(false);
  });
});
