import { randomUUID } from 'node:crypto';
import { validEvent } from './events';

/** A small seeded PRNG (mulberry32) so a failing run can be repeated. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const day = (base: string, plus: number) =>
  new Date(Date.parse(`${base}T00:00:00Z`) + plus * 86_400_000).toISOString().slice(0, 10);

/**
 * Plausible participant histories with the mess sites make: shuffled arrival, exact
 * duplicates, retractions (some sent before their target), second randomisations.
 */
export function messyTrialEvents(siteId: string, participants: number, seed: number): Record<string, any>[] {
  const rnd = seeded(seed);
  // wellbeing scores from a stream of their own, so every other event stays as it was
  const wellbeingRnd = seeded(seed ^ 0x5eed1);
  const wellbeing: Record<string, any>[] = [];
  const pick = <T>(xs: T[]) => xs[Math.floor(rnd() * xs.length)];
  const out: Record<string, any>[] = [];
  for (let p = 0; p < participants; p++) {
    const id = `R-${p}`;
    const referred = day('2017-07-01', Math.floor(rnd() * 300));
    const events: Record<string, any>[] = [
      validEvent('participant.referred', siteId, id, {
        occurredOn: referred,
        data: {
          condition: pick(['mental_health', 'musculoskeletal', 'multiple']),
          referralSource: 'primary_care',
          employmentStatus: pick(['unemployed', 'employed_off_sick']),
        },
      }),
    ];
    if (rnd() < 0.9) {
      const assessed = day(referred, 3 + Math.floor(rnd() * 10));
      const eligible = rnd() < 0.85;
      events.push(
        validEvent('participant.eligibility_assessed', siteId, id, {
          occurredOn: assessed,
          data: { eligible },
        }),
      );
      if (eligible && rnd() < 0.9) {
        events.push(validEvent('participant.consented', siteId, id, { occurredOn: assessed, data: {} }));
        const t0 = day(assessed, 1 + Math.floor(rnd() * 5));
        const arm = rnd() < 0.5 ? 'ips' : 'usual_care';
        events.push(validEvent('participant.randomised', siteId, id, { occurredOn: t0, data: { arm } }));
        wellbeing.push(...wellbeingMeasurements(siteId, id, t0, arm, wellbeingRnd));
        if (rnd() < 0.05)
          events.push(
            validEvent('participant.randomised', siteId, id, {
              occurredOn: day(t0, 2),
              data: { arm: arm === 'ips' ? 'usual_care' : 'ips' },
            }),
          );
        let cursor = t0;
        for (let j = 0; j < 3 && rnd() < (arm === 'ips' ? 0.55 : 0.35); j++) {
          const started = day(cursor, 10 + Math.floor(rnd() * 150));
          const jobId = `job-${j}`;
          const start = validEvent('job.started', siteId, id, {
            occurredOn: started,
            data: { jobId, hoursPerWeek: pick([8, 12, 16, 20, 30, 37.5]), competitive: rnd() < 0.85 },
          });
          events.push(start);
          if (rnd() < 0.3)
            events.push(
              validEvent('job.hours_changed', siteId, id, {
                occurredOn: day(started, 30),
                data: { jobId, hoursPerWeek: 24 },
              }),
            );
          if (rnd() < 0.6) {
            cursor = day(started, 20 + Math.floor(rnd() * 200));
            events.push(
              validEvent('job.ended', siteId, id, {
                occurredOn: cursor,
                data: { jobId, reason: 'contract_ended' },
              }),
            );
          } else {
            cursor = day(started, 200);
          }
          if (rnd() < 0.1)
            events.push(
              validEvent('event.retracted', siteId, id, {
                occurredOn: day(started, 1),
                data: { retractedEventId: start.eventId, reason: 'entered in error' },
              }),
            );
        }
        if (rnd() < 0.1)
          events.push(
            validEvent('participant.withdrawn', siteId, id, {
              occurredOn: day(t0, 60 + Math.floor(rnd() * 200)),
              data: { reason: 'lost_to_follow_up' },
            }),
          );
      }
    }
    // shuffle arrival and resend a few exactly
    for (let i = events.length - 1; i > 0; i--) {
      const j = Math.floor(rnd() * (i + 1));
      [events[i], events[j]] = [events[j], events[i]];
    }
    for (const e of [...events]) if (rnd() < 0.08) events.push(e);
    out.push(...events);
  }
  // interleave participants a little, keeping each participant's own order
  const interleaved = out
    .map((e, i) => ({ e, k: i + rnd() * 40 }))
    .sort((a, b) => a.k - b.k)
    .map((x) => x.e);
  // the scores arrive last, in an order of their own (a retraction may come before its target)
  for (let i = wellbeing.length - 1; i > 0; i--) {
    const j = Math.floor(wellbeingRnd() * (i + 1));
    [wellbeing[i], wellbeing[j]] = [wellbeing[j], wellbeing[i]];
  }
  return [...interleaved, ...wellbeing];
}

/**
 * Baseline and follow-up scores on two instruments around the windows' edges (DESIGN §6b):
 * some before t0 − 30 or after t0, follow-ups from t0 + 290 to t0 + 440, the odd same-day
 * repeat and retraction.
 */
function wellbeingMeasurements(
  siteId: string,
  id: string,
  t0: string,
  arm: string,
  rnd: () => number,
): Record<string, any>[] {
  const out: Record<string, any>[] = [];
  for (const [instrument, lo, hi, better] of [
    ['wemwbs', 14, 70, 1],
    ['phq9', 0, 27, -1],
  ] as const) {
    const score = (centre: number) =>
      Math.max(lo, Math.min(hi, Math.round(centre + (rnd() - 0.5) * (hi - lo) * 0.5)));
    const base = score((lo + hi) / 2);
    const measure = (on: string, value: number) =>
      validEvent('wellbeing.measured', siteId, id, { occurredOn: on, data: { instrument, score: value } });
    if (rnd() < 0.85) {
      const first = measure(day(t0, -Math.floor(rnd() * 40)), base);
      out.push(first);
      if (rnd() < 0.1) out.push(measure(first.occurredOn, score(base)));
    }
    const count = rnd() < 0.7 ? 1 : rnd() < 0.5 ? 2 : 0;
    for (let k = 0; k < count; k++) {
      const later = measure(
        day(t0, 290 + Math.floor(rnd() * 150)),
        score(base + better * (arm === 'ips' ? 3 : 1)),
      );
      out.push(later);
      if (rnd() < 0.05)
        out.push(
          validEvent('event.retracted', siteId, id, {
            occurredOn: day(later.occurredOn, 3),
            data: { retractedEventId: later.eventId, reason: 'wrong participant' },
          }),
        );
    }
  }
  return out;
}

export { randomUUID };
