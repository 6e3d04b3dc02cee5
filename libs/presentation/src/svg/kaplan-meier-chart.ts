import { escapeHtml, safeId } from '../text/escape';
import { formatPercent } from '../text/number-format';
import { SERIES_STYLES, INK, MUTED_INK, GRID } from './chart-palette';

/** One point of a step curve: the estimate holds from `day` until the next point. */
export interface CurvePoint {
  day: number;
  estimate: number;
  lower: number | null;
  upper: number | null;
}

export interface CurveSeries {
  label: string;
  /** in ascending day order; the first is usually day 0 */
  points: readonly CurvePoint[];
  /** the curve is drawn to this day (default: the last point's day) */
  drawnToDay?: number;
  /** shown in the legend instead of a curve when there is none (e.g. "withheld: fewer than 8 people") */
  note?: string;
}

export interface KaplanMeierChartOptions {
  /** unique on the page; used for element ids */
  id: string;
  title: string;
  /** read by screen readers; default: each series' last estimate */
  description?: string;
  width?: number;
  height?: number;
  /** x axis runs from 0 to this day */
  maxDay?: number;
  xTicks?: readonly { day: number; label: string }[];
  xLabel?: string;
  yLabel?: string;
  /** show the 95% confidence bands (default true) */
  bands?: boolean;
}

const MONTH_TICKS = [
  { day: 0, label: '0' },
  { day: 91, label: '3' },
  { day: 182, label: '6' },
  { day: 273, label: '9' },
  { day: 365, label: '12' },
];

/**
 * A cumulative-incidence (1 − Kaplan–Meier) step chart with 95% confidence bands, as one
 * self-contained SVG element: no scripts, no external fonts or styles. Series differ by
 * colour and by line pattern, and are labelled at their ends, so the chart reads in
 * greyscale and without a legend lookup. Text is escaped.
 */
export function kaplanMeierChartSvg(
  series: readonly CurveSeries[],
  options: KaplanMeierChartOptions,
): string {
  const width = options.width ?? 720;
  const height = options.height ?? 400;
  const margin = { top: 44, right: 150, bottom: 58, left: 64 };
  const plotW = width - margin.left - margin.right;
  const plotH = height - margin.top - margin.bottom;
  const maxDay = options.maxDay ?? 365;
  const drawn = series.filter((s) => s.points.length > 0);
  const yMax = niceMax(
    Math.max(
      0,
      ...drawn.flatMap((s) =>
        s.points.map((p) => (options.bands === false ? p.estimate : (p.upper ?? p.estimate))),
      ),
    ),
  );
  const x = (day: number) => margin.left + (Math.min(day, maxDay) / maxDay) * plotW;
  const y = (value: number) => margin.top + plotH - (Math.min(value, yMax) / yMax) * plotH;
  const id = safeId(options.id);
  const description = options.description ?? defaultDescription(series);

  const parts: string[] = [];
  parts.push(
    `<svg xmlns="http://www.w3.org/2000/svg" class="chart km-chart" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-labelledby="${id}-title ${id}-desc" font-family="system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif">`,
    `<title id="${id}-title">${escapeHtml(options.title)}</title>`,
    `<desc id="${id}-desc">${escapeHtml(description)}</desc>`,
    `<rect width="${width}" height="${height}" fill="#ffffff"/>`,
  );

  // grid and y axis
  const yStep = yMax <= 0.2 ? 0.05 : yMax <= 0.5 ? 0.1 : 0.2;
  parts.push('<g aria-hidden="true">');
  for (let v = 0; v <= yMax + 1e-9; v += yStep) {
    const yy = round(y(v));
    parts.push(
      `<line x1="${margin.left}" x2="${margin.left + plotW}" y1="${yy}" y2="${yy}" stroke="${GRID}" stroke-width="1"/>`,
    );
    parts.push(
      `<text x="${margin.left - 8}" y="${yy + 4}" text-anchor="end" font-size="12" fill="${MUTED_INK}">${Math.round(v * 100)}%</text>`,
    );
  }
  for (const tick of options.xTicks ?? MONTH_TICKS) {
    if (tick.day > maxDay) continue;
    const xx = round(x(tick.day));
    parts.push(
      `<line x1="${xx}" x2="${xx}" y1="${margin.top + plotH}" y2="${margin.top + plotH + 5}" stroke="${INK}" stroke-width="1"/>`,
    );
    parts.push(
      `<text x="${xx}" y="${margin.top + plotH + 19}" text-anchor="middle" font-size="12" fill="${MUTED_INK}">${escapeHtml(tick.label)}</text>`,
    );
  }
  parts.push(
    `<line x1="${margin.left}" x2="${margin.left + plotW}" y1="${margin.top + plotH}" y2="${margin.top + plotH}" stroke="${INK}" stroke-width="1"/>`,
  );
  parts.push(
    `<line x1="${margin.left}" x2="${margin.left}" y1="${margin.top}" y2="${margin.top + plotH}" stroke="${INK}" stroke-width="1"/>`,
  );
  parts.push(
    `<text x="${margin.left + plotW / 2}" y="${height - 14}" text-anchor="middle" font-size="13" fill="${INK}">${escapeHtml(options.xLabel ?? 'Months since randomisation')}</text>`,
  );
  parts.push(
    `<text transform="translate(16 ${margin.top + plotH / 2}) rotate(-90)" text-anchor="middle" font-size="13" fill="${INK}">${escapeHtml(options.yLabel ?? 'Had a first job (%)')}</text>`,
  );
  parts.push('</g>');

  // bands first, so every line sits on top of every band
  if (options.bands !== false) {
    series.forEach((s, i) => {
      const style = SERIES_STYLES[i % SERIES_STYLES.length];
      const rects = stepSegments(s).flatMap(({ from, to, point }) =>
        point.lower === null || point.upper === null || to <= from
          ? []
          : [
              `M${round(x(from))} ${round(y(point.upper))}H${round(x(to))}V${round(y(point.lower))}H${round(x(from))}Z`,
            ],
      );
      if (rects.length > 0) {
        parts.push(
          `<path class="km-band" data-series="${i}" d="${rects.join('')}" fill="${style.colour}" fill-opacity="0.16" stroke="none" aria-hidden="true"/>`,
        );
      }
    });
  }

  const labels: { y: number; text: string; colour: string }[] = [];
  series.forEach((s, i) => {
    const style = SERIES_STYLES[i % SERIES_STYLES.length];
    if (s.points.length === 0) return;
    let d = `M${round(x(s.points[0].day))} ${round(y(s.points[0].estimate))}`;
    for (const { to, next } of stepSegments(s)) {
      d += `H${round(x(to))}`;
      if (next) d += `V${round(y(next.estimate))}`;
    }
    parts.push(
      `<path class="km-line" data-series="${i}" d="${d}" fill="none" stroke="${style.colour}" stroke-width="2.5" stroke-linejoin="round"${style.dash ? ` stroke-dasharray="${style.dash}"` : ''}><title>${escapeHtml(s.label)}</title></path>`,
    );
    const last = s.points[s.points.length - 1];
    labels.push({
      y: y(last.estimate),
      text: `${s.label} ${formatPercent(last.estimate, 0)}`,
      colour: style.text,
    });
  });

  // end labels, pushed apart so they never overlap
  labels.sort((a, b) => a.y - b.y);
  for (let i = 1; i < labels.length; i++)
    if (labels[i].y - labels[i - 1].y < 16) labels[i].y = labels[i - 1].y + 16;
  parts.push('<g aria-hidden="true">');
  for (const label of labels) {
    parts.push(
      `<text x="${margin.left + plotW + 8}" y="${round(label.y + 4)}" font-size="13" font-weight="600" fill="${label.colour}">${escapeHtml(label.text)}</text>`,
    );
  }

  // legend: line pattern and colour per series, and the band
  let lx = margin.left;
  const ly = 18;
  series.forEach((s, i) => {
    const style = SERIES_STYLES[i % SERIES_STYLES.length];
    const text = s.points.length > 0 ? s.label : `${s.label}: ${s.note ?? 'not shown'}`;
    parts.push(
      `<line x1="${lx}" x2="${lx + 28}" y1="${ly}" y2="${ly}" stroke="${style.colour}" stroke-width="2.5"${style.dash ? ` stroke-dasharray="${style.dash}"` : ''}/>`,
      `<text x="${lx + 34}" y="${ly + 4}" font-size="13" fill="${INK}">${escapeHtml(text)}</text>`,
    );
    lx += 48 + text.length * 7;
  });
  if (options.bands !== false && drawn.length > 0) {
    parts.push(
      `<rect x="${lx}" y="${ly - 7}" width="28" height="14" fill="${MUTED_INK}" fill-opacity="0.2"/>`,
      `<text x="${lx + 34}" y="${ly + 4}" font-size="13" fill="${INK}">95% confidence band</text>`,
    );
  }
  parts.push('</g></svg>');
  return parts.join('');
}

/** The horizontal pieces of a step curve: from a point's day to the next point's (or the end). */
function stepSegments(
  s: CurveSeries,
): { from: number; to: number; point: CurvePoint; next: CurvePoint | null }[] {
  const end = Math.max(s.drawnToDay ?? 0, s.points[s.points.length - 1]?.day ?? 0);
  return s.points.map((point, i) => {
    const next = s.points[i + 1] ?? null;
    return { from: point.day, to: next ? next.day : end, point, next };
  });
}

function defaultDescription(series: readonly CurveSeries[]): string {
  return series
    .map((s) => {
      const last = s.points[s.points.length - 1];
      if (!last) return `${s.label}: ${s.note ?? 'no curve'}.`;
      const day = Math.max(s.drawnToDay ?? last.day, last.day);
      const ci =
        last.lower !== null && last.upper !== null
          ? ` (95% confidence interval ${formatPercent(last.lower)} to ${formatPercent(last.upper)})`
          : '';
      return `${s.label}: ${formatPercent(last.estimate)} had a first job by day ${day}${ci}.`;
    })
    .join(' ');
}

/** A round upper limit for the y axis: 10%, 20%, 30%, 40%, 50%, 60%, 80% or 100%. */
function niceMax(value: number): number {
  for (const limit of [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.8, 1]) if (value <= limit + 1e-9) return limit;
  return 1;
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}

/**
 * Cumulative incidence points F = 1 − S from Kaplan–Meier steps (as @ips/domain's
 * KaplanMeierCurve has them), the limits swapped accordingly: for charts of unsuppressed
 * curves (the evaluator's dashboard). Published reports draw disclosure-controlled curves.
 */
export function cumulativeIncidencePoints(
  steps: readonly { time: number; survival: number; lower: number | null; upper: number | null }[],
): CurvePoint[] {
  const points: CurvePoint[] = [{ day: 0, estimate: 0, lower: null, upper: null }];
  for (const step of steps) {
    const estimate = 1 - step.survival;
    const previous = points[points.length - 1];
    const point = {
      day: step.time,
      estimate,
      lower: step.upper === null ? null : 1 - step.upper,
      upper: step.lower === null ? null : 1 - step.lower,
    };
    if (previous.day === step.time) points[points.length - 1] = point;
    else if (previous.estimate !== estimate || previous.lower !== point.lower) points.push(point);
  }
  return points;
}
