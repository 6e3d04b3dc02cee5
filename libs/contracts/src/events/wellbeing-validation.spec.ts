import { checkEnvelope, fastEnvelopeCheck } from './fast-envelope-check';
import { EVENT_EXAMPLES } from './event-examples';
import { validateEnvelope } from './validate-event';
import { WELLBEING_INSTRUMENTS, WELLBEING_SCALES } from './vocabulary';

// DESIGN §3 `wellbeing.measured` (contract 1.1): the score's range depends on the
// instrument; each kind of mistake gets its own message naming the field.
const rules = { latestOccurredOn: '2026-01-01' };

function measured(data: Record<string, unknown>) {
  return { ...structuredClone(EVENT_EXAMPLES['wellbeing.measured']), data };
}

function errorsOf(data: Record<string, unknown>) {
  const result = checkEnvelope(measured(data), rules);
  return result.ok ? [] : result.errors;
}

describe('wellbeing.measured validation', () => {
  it.each(WELLBEING_INSTRUMENTS)(
    'accepts %s at both ends of its range and rejects one past each',
    (instrument) => {
      const { min, max } = WELLBEING_SCALES[instrument];
      for (const score of [min, max]) {
        const result = checkEnvelope(measured({ instrument, score }), rules);
        expect(result).toEqual({
          ok: true,
          envelope: expect.objectContaining({ data: { instrument, score } }),
        });
      }
      for (const score of [min - 1, max + 1]) {
        expect(errorsOf({ instrument, score })).toEqual([
          {
            path: 'data.score',
            message: `data.score must be between ${min} and ${max} for ${instrument} (got ${score})`,
          },
        ]);
        expect(fastEnvelopeCheck(measured({ instrument, score }), rules)).toBeNull();
      }
    },
  );

  it('says a fractional score must be a whole number, and only that', () => {
    expect(errorsOf({ instrument: 'phq9', score: 30.5 })).toEqual([
      { path: 'data.score', message: 'data.score must be a whole number' },
    ]);
  });

  it('names an unknown instrument without judging the score against a range', () => {
    expect(errorsOf({ instrument: 'sf36', score: 200 })).toEqual([
      {
        path: 'data.instrument',
        message: 'data.instrument must be one of wemwbs, swemwbs, phq9, gad7, eq5d_vas',
      },
    ]);
    // an inherited name is not an instrument
    expect(errorsOf({ instrument: 'toString', score: 1 }).map((e) => e.path)).toEqual(['data.instrument']);
  });

  it('says which field is missing', () => {
    expect(errorsOf({ instrument: 'gad7' })).toEqual([
      { path: 'data.score', message: 'data.score is required' },
    ]);
    expect(errorsOf({ score: 10 })).toEqual([
      { path: 'data.instrument', message: 'data.instrument is required' },
    ]);
  });

  it('rejects unknown fields in data', () => {
    expect(errorsOf({ instrument: 'gad7', score: 3, scale: 'x' }).map((e) => e.path)).toEqual(['data.scale']);
  });

  it('the hand-written check and the DTOs decide alike on every score of every instrument', () => {
    for (const instrument of [...WELLBEING_INSTRUMENTS, 'other']) {
      for (let score = -2; score <= 102; score++) {
        const raw = measured({ instrument, score });
        expect(fastEnvelopeCheck(raw, rules) !== null).toBe(validateEnvelope(raw, rules).ok);
      }
    }
  });
});
