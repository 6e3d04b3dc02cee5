import { DEFINITIONS_VERSION, type FirstJobCurvesResponse } from '@ips/contracts';
import type { FirstJobCurves } from './get-first-job-curves.query';

export type { FirstJobCurveGroup, FirstJobCurveStep, FirstJobCurvesResponse } from '@ips/contracts';

// The JSON form of GET /v1/trials/{trialId}/outcomes/first-job-curves: every step of each
// group's Kaplan–Meier curve, as the cumulative incidence F = 1 − S that the outcomes
// endpoint reports at days 91, 182 and 365 (limits swapped accordingly).

export function firstJobCurvesResponse(result: FirstJobCurves): FirstJobCurvesResponse {
  return {
    trialId: result.trialId,
    asOf: result.asOf,
    definitionsVersion: DEFINITIONS_VERSION,
    groupBy: result.groupBy,
    groups: result.curves.map(({ key, curve }) => ({
      key,
      n: curve.n,
      events: curve.events,
      medianDays: curve.medianTime,
      steps: curve.steps.map((s) => ({
        day: s.time,
        atRisk: s.atRisk,
        events: s.events,
        censored: s.censored,
        cumulativeIncidence: 1 - s.survival,
        lower: s.upper === null ? null : 1 - s.upper,
        upper: s.lower === null ? null : 1 - s.lower,
      })),
    })),
  };
}

/** An example for the OpenAPI document. */
export const FIRST_JOB_CURVES_EXAMPLE: FirstJobCurvesResponse = {
  trialId: 'demo',
  asOf: '2018-06-30',
  definitionsVersion: DEFINITIONS_VERSION,
  groupBy: ['arm'],
  groups: [
    {
      key: { arm: 'ips' },
      n: 120,
      events: 3,
      medianDays: null,
      steps: [
        {
          day: 12,
          atRisk: 120,
          events: 1,
          censored: 0,
          cumulativeIncidence: 0.008333333333333304,
          lower: 0.0011780796654771164,
          upper: 0.05767696777736264,
        },
        {
          day: 20,
          atRisk: 119,
          events: 0,
          censored: 1,
          cumulativeIncidence: 0.008333333333333304,
          lower: 0.0011780796654771164,
          upper: 0.05767696777736264,
        },
        {
          day: 31,
          atRisk: 118,
          events: 2,
          censored: 0,
          cumulativeIncidence: 0.025141242937853026,
          lower: 0.008178092253500857,
          upper: 0.07591761135214226,
        },
        {
          day: 365,
          atRisk: 116,
          events: 0,
          censored: 116,
          cumulativeIncidence: 0.025141242937853026,
          lower: 0.008178092253500857,
          upper: 0.07591761135214226,
        },
      ],
    },
  ],
};
