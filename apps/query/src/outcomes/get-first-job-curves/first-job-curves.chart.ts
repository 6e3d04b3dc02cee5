import { FOLLOW_UP_DAYS } from '@ips/domain';
import {
  SERIES_STYLES,
  cumulativeIncidencePoints,
  kaplanMeierChartSvg,
  type CurveSeries,
  groupLabel,
  longDate,
} from '@ips/presentation';
import type { FirstJobCurves } from './get-first-job-curves.query';

// The SVG form of the curves: @ips/presentation's chart (the one the reports draw), fed
// the full, unsuppressed curves — the evaluator API is not disclosure-controlled.

/** More groups than the chart can tell apart (each needs its own colour and line pattern). */
export class TooManyCurvesError extends Error {
  constructor(readonly groups: number) {
    super(
      `the chart draws at most ${SERIES_STYLES.length} groups and this cut has ${groups} with participants at risk; narrow it with filters or read the JSON form`,
    );
  }
}

export const MAX_CHART_SERIES = SERIES_STYLES.length;

/**
 * One chart, one series per group that has anyone in its curve (groups of people never
 * randomised have none and are left out). Each curve is drawn to the last day anyone in
 * the group was followed, at most 365.
 */
export function firstJobCurvesChartSvg(result: FirstJobCurves): string {
  const drawn = result.curves.filter(({ curve }) => curve.n > 0);
  if (drawn.length > MAX_CHART_SERIES) throw new TooManyCurvesError(drawn.length);
  const series: CurveSeries[] = drawn.map(({ key, curve }) => ({
    label: groupLabel(key, result.groupBy, result.siteNames),
    points: cumulativeIncidencePoints(curve.steps),
    drawnToDay: Math.min(FOLLOW_UP_DAYS, curve.steps[curve.steps.length - 1]?.time ?? 0),
  }));
  return kaplanMeierChartSvg(series, {
    id: 'first-job-curves',
    title: `Time to first paid job: share of participants who had started one, by months since randomisation, as of ${longDate(result.asOf)}`,
    description:
      series.length === 0
        ? `Nobody in this cut had been randomised by ${longDate(result.asOf)}, so there is no curve to draw.`
        : undefined,
  });
}
