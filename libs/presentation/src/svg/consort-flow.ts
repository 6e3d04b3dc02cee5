import { escapeHtml, safeId } from '../text/escape';
import { BOX_FILL, BOX_STROKE, INK, MUTED_INK } from './chart-palette';

/** One box of the diagram; `count` is already formatted ("240", "*", "1,205"). */
export interface ConsortBox {
  label: string;
  count: string;
}

export interface ConsortFlow {
  /** the enrolment chain, top to bottom: referred, assessed, eligible, consented … */
  enrolment: readonly ConsortBox[];
  /** side boxes: people leaving the chain after enrolment[after] (e.g. ineligible) */
  exclusions?: readonly { after: number; box: ConsortBox }[];
  randomised: ConsortBox;
  /** one column per arm: allocated, withdrawn, followed up … */
  arms: readonly { label: string; boxes: readonly ConsortBox[] }[];
}

export interface ConsortFlowOptions {
  /** unique on the page; used for element ids */
  id: string;
  title: string;
  /** read by screen readers; default: every box in reading order */
  description?: string;
  /** label in front of counts (default "n = ") */
  countPrefix?: string;
}

const WIDTH = 760;
const BOX_H = 52;
const GAP = 40;
const MAIN_X = 270;
const MAIN_W = 260;
const SIDE_X = 560;
const SIDE_W = 190;
const ARM_W = 260;
const STAGE_LABEL_X = 8;

/**
 * A CONSORT flow diagram (enrolment, allocation, follow-up) as one self-contained SVG
 * element. Text is escaped; the description lists every box for screen readers, and a
 * page should also give the same numbers as a table.
 */
export function consortFlowSvg(flow: ConsortFlow, options: ConsortFlowOptions): string {
  const id = safeId(options.id);
  const prefix = options.countPrefix ?? 'n = ';
  const out: string[] = [];
  const arrow = `${id}-arrow`;
  let y = 16;

  const box = (x: number, top: number, w: number, b: ConsortBox, cls: string) => {
    const lines = wrap(b.label, w < 220 ? 24 : 34);
    const h = Math.max(BOX_H, 20 + lines.length * 16 + 14);
    out.push(`<g class="consort-box ${cls}">`);
    out.push(
      `<rect x="${x}" y="${top}" width="${w}" height="${h}" rx="4" fill="${BOX_FILL}" stroke="${BOX_STROKE}" stroke-width="1.2"/>`,
    );
    lines.forEach((line, i) => {
      out.push(
        `<text x="${x + w / 2}" y="${top + 19 + i * 16}" text-anchor="middle" font-size="13" font-weight="600" fill="${INK}">${escapeHtml(line)}</text>`,
      );
    });
    out.push(
      `<text x="${x + w / 2}" y="${top + 19 + lines.length * 16 + 2}" text-anchor="middle" font-size="13" fill="${INK}">${escapeHtml(prefix + b.count)}</text>`,
    );
    out.push('</g>');
    return h;
  };
  const line = (x1: number, y1: number, x2: number, y2: number, head = true) =>
    out.push(
      `<line x1="${x1}" y1="${y1}" x2="${x2}" y2="${y2}" stroke="${BOX_STROKE}" stroke-width="1.4"${head ? ` marker-end="url(#${arrow})"` : ''}/>`,
    );
  const stage = (text: string, at: number) =>
    out.push(
      `<text x="${STAGE_LABEL_X}" y="${at}" font-size="12" font-weight="700" letter-spacing="0.06em" fill="${MUTED_INK}">${escapeHtml(text.toUpperCase())}</text>`,
    );

  stage('Enrolment', y + 14);
  const centre = MAIN_X + MAIN_W / 2;
  flow.enrolment.forEach((b, i) => {
    const h = box(MAIN_X, y, MAIN_W, b, 'consort-enrolment');
    const next = y + h + GAP;
    line(centre, y + h, centre, next - 2);
    for (const exclusion of flow.exclusions ?? []) {
      if (exclusion.after !== i) continue;
      const mid = y + h + GAP / 2;
      box(SIDE_X, mid - BOX_H / 2, SIDE_W, exclusion.box, 'consort-exclusion');
      line(centre, mid, SIDE_X - 2, mid);
    }
    y = next;
  });

  stage('Allocation', y + 14);
  const rh = box(MAIN_X, y, MAIN_W, flow.randomised, 'consort-randomised');
  y += rh;
  const arms = flow.arms;
  const columnCentre = (i: number) =>
    arms.length === 1 ? centre : 120 + ARM_W / 2 + (i * (WIDTH - 140 - ARM_W)) / Math.max(1, arms.length - 1);
  const branchY = y + GAP / 2;
  line(centre, y, centre, branchY, false);
  if (arms.length > 1) line(columnCentre(0), branchY, columnCentre(arms.length - 1), branchY, false);
  y += GAP;
  let bottom = y;
  arms.forEach((arm, i) => {
    const cx = columnCentre(i);
    line(cx, branchY, cx, y - 2);
    let top = y;
    arm.boxes.forEach((b, j) => {
      if (i === 0 && j === 1) stage('Follow-up', top + 14);
      const h = box(cx - ARM_W / 2, top, ARM_W, b, 'consort-arm');
      if (j < arm.boxes.length - 1) line(cx, top + h, cx, top + h + GAP - 2);
      top += h + GAP;
    });
    bottom = Math.max(bottom, top - GAP);
  });
  const height = bottom + 12;

  const description = options.description ?? describe(flow, prefix);
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" class="chart consort-flow" viewBox="0 0 ${WIDTH} ${height}" width="${WIDTH}" height="${height}" role="img" aria-labelledby="${id}-title ${id}-desc" font-family="system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif">`,
    `<title id="${id}-title">${escapeHtml(options.title)}</title>`,
    `<desc id="${id}-desc">${escapeHtml(description)}</desc>`,
    `<defs><marker id="${arrow}" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0 0L10 5L0 10z" fill="${BOX_STROKE}"/></marker></defs>`,
    `<rect width="${WIDTH}" height="${height}" fill="#ffffff"/>`,
    ...out,
    '</svg>',
  ].join('');
}

function describe(flow: ConsortFlow, prefix: string): string {
  const text = (b: ConsortBox) => `${b.label}: ${prefix}${b.count}`;
  const parts = flow.enrolment.map((b, i) => {
    const side = (flow.exclusions ?? []).filter((e) => e.after === i).map((e) => ` (${text(e.box)})`);
    return text(b) + side.join('');
  });
  parts.push(text(flow.randomised));
  for (const arm of flow.arms) parts.push(`${arm.label}: ${arm.boxes.map(text).join('; ')}`);
  return parts.join('. ') + '.';
}

/** Greedy word wrap to at most `width` characters a line. */
function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let current = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (current && current.length + 1 + word.length > width) {
      lines.push(current);
      current = word;
    } else current = current ? `${current} ${word}` : word;
  }
  if (current) lines.push(current);
  return lines.length > 0 ? lines : [''];
}
