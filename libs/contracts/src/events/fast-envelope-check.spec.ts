import fc from 'fast-check';
import { EVENT_EXAMPLES } from './event-examples';
import { checkEnvelope, fastEnvelopeCheck } from './fast-envelope-check';
import { validateEnvelope } from './validate-event';
import { EVENT_TYPES } from './vocabulary';

// The hand-written check used on the projector's hot path must make exactly the decision
// the class-validator DTOs make, on any input, and canonicalise the same way.
const rules = { latestOccurredOn: '2026-01-01' };

function agree(raw: unknown): void {
  const slow = validateEnvelope(raw, rules);
  const fast = fastEnvelopeCheck(raw, rules);
  expect({ valid: fast !== null, raw }).toEqual({ valid: slow.ok, raw });
  if (slow.ok) expect(fast).toEqual(slow.envelope);
  // what the ingest and the projector call: the DTOs' answer, errors and all
  expect(checkEnvelope(raw, rules)).toEqual(slow);
}

const FIELDS = [
  'eventId',
  'type',
  'schemaVersion',
  'siteId',
  'participantId',
  'occurredOn',
  'data',
  '__proto__',
  'extra',
];
const DATA_FIELDS = [
  'condition',
  'referralSource',
  'employmentStatus',
  'ageBand',
  'sex',
  'eligible',
  'reason',
  'arm',
  'jobId',
  'hoursPerWeek',
  'competitive',
  'selfEmployed',
  'hourlyWagePence',
  'socCode',
  'inWork',
  'retractedEventId',
  'instrument',
  'score',
  'note',
  '__proto__',
];
// values that sit on the edges of the rules, plus arbitrary JSON
const edgy = fc.oneof(
  fc.jsonValue({ maxDepth: 2 }),
  fc.constantFrom(
    null,
    0,
    -1,
    0.0001,
    1,
    16,
    79.99,
    80,
    80.0001,
    1e308,
    1.5,
    '',
    ' ',
    '20',
    'true',
    true,
    false,
    [],
    {},
  ),
  fc.constantFrom(
    '2017-02-28',
    '2017-02-29',
    '2016-02-29',
    '1999-12-31',
    '2000-01-01',
    '2026-01-01',
    '2026-01-02',
    '2017-7-3',
    '２０１７-01-01',
  ),
  fc.constantFrom(
    '0B6F8A9E-3C1D-4E55-9A53-7F0C2A1D5E01',
    '0b6f8a9e3c1d4e559a537f0c2a1d5e01',
    '00000000-0000-0000-0000-000000000000',
    'zz',
  ),
  fc.constantFrom(
    'x'.repeat(64),
    'x'.repeat(65),
    'y'.repeat(200),
    'y'.repeat(201),
    '😀'.repeat(100),
    '😀'.repeat(101),
    'a b',
    'A_-9',
  ),
  fc.constantFrom(
    ...EVENT_TYPES,
    'mental_health',
    'ips',
    'usual_care',
    'resigned',
    'moved_away',
    '9233',
    '923',
    'self',
    'unemployed',
    '65+',
    'female',
  ),
  // wellbeing instruments and the edges of their ranges
  fc.constantFrom(
    'wemwbs',
    'swemwbs',
    'phq9',
    'gad7',
    'eq5d_vas',
    'WEMWBS',
    'toString',
    6,
    7,
    13,
    14,
    21,
    22,
    27,
    28,
    35,
    36,
    70,
    71,
    100,
    101,
    41.5,
    -0,
  ),
);

describe('fastEnvelopeCheck = the class-validator DTOs', () => {
  it.each(EVENT_TYPES)('accepts the %s example identically', (type) =>
    agree(structuredClone(EVENT_EXAMPLES[type])),
  );

  it('agrees on single-field mutations of valid envelopes', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...EVENT_TYPES),
        fc.boolean(),
        fc.constantFrom(...FIELDS),
        fc.constantFrom(...DATA_FIELDS),
        edgy,
        fc.boolean(),
        (type, inData, field, dataField, value, remove) => {
          const raw = JSON.parse(JSON.stringify(EVENT_EXAMPLES[type])) as Record<string, any>;
          const target = inData ? raw.data : raw;
          const key = inData ? dataField : field;
          if (remove) delete target[key];
          else
            Object.defineProperty(target, key, {
              value,
              enumerable: true,
              writable: true,
              configurable: true,
            });
          agree(JSON.parse(JSON.stringify(raw)));
        },
      ),
      { numRuns: 3000 },
    );
  });

  it('agrees on several mutations at once and on arbitrary JSON', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...EVENT_TYPES),
        fc.array(fc.tuple(fc.boolean(), fc.constantFrom(...FIELDS, ...DATA_FIELDS), edgy), { maxLength: 4 }),
        (type, changes) => {
          const raw = JSON.parse(JSON.stringify(EVENT_EXAMPLES[type])) as Record<string, any>;
          for (const [inData, key, value] of changes) {
            const target = inData && raw.data && typeof raw.data === 'object' ? raw.data : raw;
            target[key] = value;
          }
          agree(JSON.parse(JSON.stringify(raw)));
        },
      ),
      { numRuns: 2000 },
    );
    fc.assert(
      fc.property(fc.jsonValue(), (value) => agree(value)),
      { numRuns: 500 },
    );
  });

  it('agrees on a __proto__ key in the JSON', () => {
    agree(
      JSON.parse(
        `{"__proto__": {"x": 1}, ${JSON.stringify(EVENT_EXAMPLES['participant.consented']).slice(1)}`,
      ),
    );
    const withData = JSON.parse(
      JSON.stringify(EVENT_EXAMPLES['participant.consented']).replace('"data":{}', '"data":{"__proto__":{}}'),
    );
    agree(withData);
  });
});
