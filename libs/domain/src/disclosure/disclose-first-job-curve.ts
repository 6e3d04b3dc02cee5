import type { KaplanMeierCurve } from '../statistics/kaplan-meier';
import {
  isSmallCount,
  LARGEST_SUPPRESSED_COUNT,
  PROPORTION_DECIMALS,
  roundTo,
  SUPPRESSED,
  type Suppressed,
} from './disclosure-rules';
import type { PublishedCurve, PublishedCurvePoint } from './published-outcomes';

/**
 * A time-to-first-job curve (cumulative incidence F = 1 − S with its log-log limits) as
 * a report may draw it. A full Kaplan–Meier step function shows every first job on its
 * day; a step of one in a small arm is one person. So:
 *  - a curve resting on 1–7 people, or on 1–7 first jobs, is withheld (`*`);
 *  - the curve steps only once at least 8 further first jobs have accumulated since its
 *    last step (it lags the exact estimate a little, never leads it), at the day the
 *    8th of them happened, to the estimate there;
 *  - it is drawn only as far as at least 8 people were still at risk.
 */
export function discloseFirstJobCurve(curve: KaplanMeierCurve): PublishedCurve | Suppressed {
  if (isSmallCount(curve.n) || isSmallCount(curve.events)) return SUPPRESSED;
  const points: PublishedCurvePoint[] = [{ day: 0, cumulativeIncidence: 0, lower: null, upper: null }];
  let drawnToDay = 0;
  let pending = 0;
  for (const step of curve.steps) {
    if (step.atRisk <= LARGEST_SUPPRESSED_COUNT) break;
    drawnToDay = step.time;
    pending += step.events;
    if (pending > LARGEST_SUPPRESSED_COUNT) {
      points.push({
        day: step.time,
        cumulativeIncidence: roundTo(1 - step.survival, PROPORTION_DECIMALS),
        lower: step.upper === null ? null : roundTo(1 - step.upper, PROPORTION_DECIMALS),
        upper: step.lower === null ? null : roundTo(1 - step.lower, PROPORTION_DECIMALS),
      });
      pending = 0;
    }
  }
  return { points, drawnToDay };
}
