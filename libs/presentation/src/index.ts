// @ips/presentation: framework-free building blocks for human-readable outputs — SVG
// charts (Kaplan–Meier cumulative incidence with confidence bands, CONSORT flow),
// accessible HTML tables and self-contained pages. Pure functions from data to strings;
// every piece of text is escaped here, so callers pass plain text.

export { escapeHtml, safeId } from './text/escape';
export {
  formatPercent,
  formatPoints,
  formatCount,
  formatNumber,
  type DisplayValue,
  type FormatOptions,
} from './text/number-format';
export {
  MONTHS,
  QUARTER_NAMES,
  DIMENSION_LABELS,
  VALUE_LABELS,
  MISSING_VALUE_LABELS,
  WHOLE_CUT_LABEL,
  COHORT_GRANULARITY_LABELS,
  cohortName,
  longDate,
  ukDateTime,
  valueLabel,
  armLabel,
  groupLabel,
  WELLBEING_INSTRUMENT_LABELS,
  betterDirectionLabel,
} from './text/labels';
export {
  kaplanMeierChartSvg,
  cumulativeIncidencePoints,
  type CurvePoint,
  type CurveSeries,
  type KaplanMeierChartOptions,
} from './svg/kaplan-meier-chart';
export {
  consortFlowSvg,
  type ConsortBox,
  type ConsortFlow,
  type ConsortFlowOptions,
} from './svg/consort-flow';
export { SERIES_STYLES, type SeriesStyle } from './svg/chart-palette';
export { htmlTable, type TableColumn, type TableOptions } from './html/html-table';
export { htmlPage, BASE_STYLES, type PageOptions } from './html/html-page';
export { FINDING_GUIDES, findingGuide, type FindingGuide } from './text/finding-guides';
