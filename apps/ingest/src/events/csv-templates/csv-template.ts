import { EVENT_EXAMPLES, EVENT_TYPES, toCsv, type EventType } from '@ips/contracts';
import { CSV_DATA_FIELDS, CSV_ENVELOPE_COLUMNS } from '../record-events/csv-format';

// A CSV template per event type (issue 17): the upload's columns for that type and one
// example row, made from the contract's example envelope (EVENT_EXAMPLES), so a template
// cannot drift from what the ingest accepts (csv-template.spec.ts reads each one back).

export function isEventType(value: string): value is EventType {
  return (EVENT_TYPES as readonly string[]).includes(value);
}

/** The file name a template downloads as. */
export function templateFileName(type: EventType): string {
  return `ips-${type.replace(/[._]/g, '-')}-template.csv`;
}

function cellText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  throw new Error(`an example's data holds a ${typeof value}, which has no CSV cell`);
}

/** `eventId,type,participantId,occurredOn,data.<field>…` and the contract's example row. */
export function csvTemplate(type: EventType): string {
  const example = EVENT_EXAMPLES[type];
  const data = example.data as Record<string, unknown>;
  const fields = CSV_DATA_FIELDS.filter((f) => f in data);
  const unknown = Object.keys(data).filter((f) => !CSV_DATA_FIELDS.includes(f));
  if (unknown.length > 0)
    throw new Error(`the ${type} example has fields the CSV cannot carry: ${unknown.join(', ')}`);
  const envelope = example as unknown as Record<string, unknown>;
  return toCsv(
    [...CSV_ENVELOPE_COLUMNS, ...fields.map((f) => `data.${f}`)],
    [[...CSV_ENVELOPE_COLUMNS.map((c) => cellText(envelope[c])), ...fields.map((f) => cellText(data[f]))]],
  );
}
