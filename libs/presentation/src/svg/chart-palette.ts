// Colours for charts: Okabe–Ito hues (distinguishable with the common colour-vision
// deficiencies), darkened where they carry text so that labels reach WCAG AA contrast
// (4.5:1) on white; lines reach the 3:1 asked of graphics. Each series also has its own
// line pattern, so nothing depends on colour alone.

export interface SeriesStyle {
  /** line and band colour */
  colour: string;
  /** colour for text labels in the series' colour */
  text: string;
  /** SVG stroke-dasharray; undefined for a solid line */
  dash?: string;
}

export const SERIES_STYLES: readonly SeriesStyle[] = [
  { colour: '#0072B2', text: '#005A8C' },
  { colour: '#C25400', text: '#A34700', dash: '7 4' },
  { colour: '#007A5A', text: '#006B4F', dash: '2 3' },
  { colour: '#B8558F', text: '#8F3E6D', dash: '9 3 2 3' },
];

export const INK = '#1b1b1b';
export const MUTED_INK = '#4b5459';
export const GRID = '#dfe3e6';
export const BOX_FILL = '#f3f5f7';
export const BOX_STROKE = '#5d676d';
