import { escapeHtml } from '../text/escape';

export interface PageOptions {
  title: string;
  /** trusted HTML built from this library's helpers (which escape their text) */
  body: string;
  lang?: string;
  /** extra CSS after the base stylesheet */
  styles?: string;
  /** <meta name=…> entries */
  meta?: Readonly<Record<string, string>>;
}

/**
 * A complete, self-contained HTML document: inline CSS, no scripts, no external fonts,
 * images or links to load, so it can be saved, mailed and opened offline, and printed.
 */
export function htmlPage(options: PageOptions): string {
  const meta = Object.entries(options.meta ?? {})
    .map(([name, content]) => `<meta name="${escapeHtml(name)}" content="${escapeHtml(content)}">`)
    .join('\n');
  return `<!doctype html>
<html lang="${escapeHtml(options.lang ?? 'en-GB')}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(options.title)}</title>
${meta}
<style>${BASE_STYLES}${options.styles ?? ''}</style>
</head>
<body>
${options.body}
</body>
</html>
`;
}

/** Typography, tables, figures and print rules shared by report pages and dashboards. */
export const BASE_STYLES = `
:root { color-scheme: light; --ink: #1b1b1b; --muted: #4b5459; --rule: #c9d0d4; --panel: #f3f5f7; --accent: #005a8c; }
* { box-sizing: border-box; }
html { font-family: system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif; font-size: 16px; line-height: 1.5; color: var(--ink); background: #fff; }
body { margin: 0 auto; max-width: 62rem; padding: 2rem 1.5rem 4rem; }
h1 { font-size: 2rem; line-height: 1.2; margin: 0 0 .5rem; }
h2 { font-size: 1.45rem; line-height: 1.25; margin: 2.5rem 0 .75rem; padding-top: .5rem; border-top: 2px solid var(--ink); }
h3 { font-size: 1.15rem; margin: 1.75rem 0 .5rem; }
p, li { max-width: 46rem; }
a { color: var(--accent); }
.muted { color: var(--muted); }
figure { margin: 1.25rem 0; }
figure svg { max-width: 100%; height: auto; display: block; }
figcaption { color: var(--muted); font-size: .9rem; margin-top: .4rem; max-width: 46rem; }
.table-wrap { overflow-x: auto; margin: 1rem 0 1.5rem; }
table { border-collapse: collapse; font-size: .9rem; min-width: 50%; }
caption { text-align: left; font-weight: 700; font-size: 1rem; padding: 0 0 .4rem; }
th, td { padding: .35rem .6rem; border-bottom: 1px solid var(--rule); text-align: left; vertical-align: top; }
thead th { border-bottom: 2px solid var(--ink); vertical-align: bottom; white-space: normal; }
thead th.group { text-align: center; border-bottom: 1px solid var(--ink); }
tbody th { font-weight: 600; }
.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
thead th.num { white-space: normal; }
td.empty { color: var(--muted); font-style: italic; }
.table-note { color: var(--muted); font-size: .85rem; margin: .4rem 0 0; }
dl { display: grid; grid-template-columns: minmax(8rem, 15rem) minmax(0, 1fr); gap: .35rem 1.25rem; max-width: 52rem; }
dt { font-weight: 600; }
dd { margin: 0; }
code { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; font-size: .85em; overflow-wrap: anywhere; }
@media print {
  @page { size: A4; margin: 15mm 14mm 18mm; }
  html { font-size: 10.5pt; }
  body { max-width: none; padding: 0; }
  h2 { break-after: avoid; page-break-after: avoid; }
  figure, table, .keep-together { break-inside: avoid; page-break-inside: avoid; }
  .table-wrap { overflow: visible; }
  th, td { padding: .25rem .4rem; }
  a { color: inherit; text-decoration: none; }
}
`;
