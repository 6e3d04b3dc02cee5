// The oracle's version-2 wellbeing figures (DESIGN §5 wellbeing, §6b, §7), written from the
// text, not from libs/domain: every measurement is read from the raw events person by
// person, groups are formed as outcomes-oracle forms them, and the adjusted difference is
// solved by the normal equations (Gauss–Jordan), not by a QR decomposition as production
// does. Compare with production as README says (counts exact, estimates to about 1e-8).

import tQuantile from '@stdlib/stats-base-dists-t-quantile';
import tCdf from '@stdlib/stats-base-dists-t-cdf';
import type {
  GroupDimension,
  GroupKey,
  StoredEvent,
  WellbeingComparison,
  WellbeingInstrument,
  WellbeingSummary,
} from '@ips/contracts';
import { dayNumber, effectiveEvents, evaluate, participantAt, type OracleQuery } from './outcomes-oracle';

const INSTRUMENTS: [WellbeingInstrument, boolean][] = [
  ['wemwbs', true],
  ['swemwbs', true],
  ['phq9', false],
  ['gad7', false],
  ['eq5d_vas', true],
];

interface Measured {
  baseline: number | null;
  followUp: number | null;
  due: boolean;
}

interface Member {
  dims: Record<GroupDimension, string | null>;
  /** per instrument, for randomised members only */
  wellbeing: Measured[] | null;
}

/** One instrument of one randomised person at A, straight from the events. */
function measuredAt(events: StoredEvent[], instrument: WellbeingInstrument, t0: number, A: number): Measured {
  // same day, same instrument: the later arrival (higher seq) wins
  const byDay = new Map<number, { seq: number; score: number }>();
  for (const e of effectiveEvents(events)) {
    if (e.type !== 'wellbeing.measured' || e.data.instrument !== instrument) continue;
    const d = dayNumber(e.occurredOn);
    if (d > A) continue;
    const held = byDay.get(d);
    if (held === undefined || e.seq > held.seq) byDay.set(d, { seq: e.seq, score: e.data.score });
  }
  let baseline: number | null = null;
  let baselineDay = -Infinity;
  let followUp: number | null = null;
  let followUpDay = Infinity;
  for (const [d, { score }] of byDay) {
    if (d >= t0 - 30 && d <= t0 && d > baselineDay) {
      baseline = score;
      baselineDay = d;
    }
    if (d >= t0 + 305 && d <= t0 + 425) {
      const distance = Math.abs(d - (t0 + 365));
      const heldDistance = Math.abs(followUpDay - (t0 + 365));
      if (distance < heldDistance || (distance === heldDistance && d < followUpDay)) {
        followUp = score;
        followUpDay = d;
      }
    }
  }
  return { baseline, followUp, due: t0 + 425 <= A || followUp !== null };
}

function members(query: OracleQuery): Member[] {
  const { trialId, asOf, filters = {}, cohortBy = 'quarter', events } = query;
  const byParticipant = new Map<string, StoredEvent[]>();
  for (const e of events) {
    if (e.trialId !== trialId) continue;
    const id = JSON.stringify([e.siteId, e.participantId]);
    byParticipant.set(id, [...(byParticipant.get(id) ?? []), e]);
  }
  const A = dayNumber(asOf);
  const out: Member[] = [];
  for (const list of byParticipant.values()) {
    const state = participantAt(list, asOf);
    if (state === null) continue;
    const ev = evaluate(state, asOf, cohortBy);
    const passes = (Object.keys(filters) as GroupDimension[]).every(
      (d) => filters[d] === undefined || filters[d] === null || ev.dims[d] === filters[d],
    );
    if (!passes) continue;
    const t0 = state.randomisation === null ? null : dayNumber(state.randomisation.on);
    out.push({
      dims: ev.dims,
      wellbeing: t0 === null ? null : INSTRUMENTS.map(([instrument]) => measuredAt(list, instrument, t0, A)),
    });
  }
  return out;
}

function compareValues(a: (string | null)[], b: (string | null)[]): number {
  for (let i = 0; i < a.length; i++) {
    if (a[i] === b[i]) continue;
    if (a[i] === null) return 1;
    if (b[i] === null) return -1;
    return (a[i] as string) < (b[i] as string) ? -1 : 1;
  }
  return 0;
}

function mean(xs: number[]): number | null {
  return xs.length === 0 ? null : xs.reduce((s, x) => s + x, 0) / xs.length;
}

function summary(group: Member[]): WellbeingSummary[] {
  const randomised = group.filter((m) => m.wellbeing !== null);
  return INSTRUMENTS.map(([instrument, higherIsBetter], i) => {
    const w = randomised.map((m) => m.wellbeing![i]);
    const baselines = w.filter((x) => x.baseline !== null).map((x) => x.baseline!);
    const followUps = w.filter((x) => x.followUp !== null).map((x) => x.followUp!);
    const changes = w
      .filter((x) => x.baseline !== null && x.followUp !== null)
      .map((x) => x.followUp! - x.baseline!);
    const n = changes.length;
    const m = mean(changes);
    let lower: number | null = null;
    let upper: number | null = null;
    if (n >= 2 && m !== null) {
      const sd = Math.sqrt(changes.reduce((s, x) => s + (x - m) ** 2, 0) / (n - 1));
      const half = tQuantile(0.975, n - 1) * (sd / Math.sqrt(n));
      lower = m - half;
      upper = m + half;
    }
    return {
      instrument,
      higherIsBetter,
      randomised: randomised.length,
      withBaseline: baselines.length,
      due: w.filter((x) => x.due).length,
      withFollowUp: followUps.length,
      baselineMean: mean(baselines),
      followUpMean: mean(followUps),
      change: { n, mean: m, lower, upper },
    };
  });
}

/** lm(followUp ~ arm + baseline [+ factor(site)]) by the normal equations; the arm row. */
function adjusted(rows: { site: string; ips: boolean; baseline: number; followUp: number }[]) {
  const sites = [...new Set(rows.map((r) => r.site))].sort();
  const x = rows.map((r) => [
    1,
    r.ips ? 1 : 0,
    r.baseline,
    ...sites.slice(1).map((s) => (r.site === s ? 1 : 0)),
  ]);
  const y = rows.map((r) => r.followUp);
  const p = x[0].length;
  const n = rows.length;
  if (n - p < 1) return null;
  // [XᵀX | I | Xᵀy], reduced to [I | (XᵀX)⁻¹ | β]
  const m = Array.from({ length: p }, (_, i) => [
    ...Array.from({ length: p }, (_, j) => x.reduce((s, row) => s + row[i] * row[j], 0)),
    ...Array.from({ length: p }, (_, j) => (i === j ? 1 : 0)),
    x.reduce((s, row, k) => s + row[i] * y[k], 0),
  ]);
  const scale = m.map((row, i) => row[i]);
  for (let c = 0; c < p; c++) {
    let best = c;
    for (let r = c + 1; r < p; r++) if (Math.abs(m[r][c]) > Math.abs(m[best][c])) best = r;
    [m[c], m[best]] = [m[best], m[c]];
    // a pivot that has all but vanished: a column is a combination of the others
    if (Math.abs(m[c][c]) <= 1e-9 * Math.max(...scale)) return null;
    const pivot = m[c][c];
    for (let j = 0; j < m[c].length; j++) m[c][j] /= pivot;
    for (let r = 0; r < p; r++) {
      if (r === c) continue;
      const f = m[r][c];
      for (let j = 0; j < m[r].length; j++) m[r][j] -= f * m[c][j];
    }
  }
  const beta = m.map((row) => row[2 * p]);
  const rss = rows.reduce((s, _, k) => s + (y[k] - x[k].reduce((t, v, j) => t + v * beta[j], 0)) ** 2, 0);
  if (rss <= 1e-20 * y.reduce((s, v) => s + v * v, 0)) return null;
  const df = n - p;
  const se = Math.sqrt((rss / df) * m[1][p + 1]);
  const half = tQuantile(0.975, df) * se;
  return {
    estimate: beta[1],
    lower: beta[1] - half,
    upper: beta[1] + half,
    p: 2 * tCdf(-Math.abs(beta[1] / se), df),
  };
}

function comparison(people: Member[]): WellbeingComparison[] {
  return INSTRUMENTS.map(([instrument, higherIsBetter], i) => {
    const rows = people
      .filter((m) => m.wellbeing![i].baseline !== null && m.wellbeing![i].followUp !== null)
      .map((m) => ({
        site: m.dims.site!,
        ips: m.dims.arm === 'ips',
        baseline: m.wellbeing![i].baseline!,
        followUp: m.wellbeing![i].followUp!,
      }));
    const nIps = rows.filter((r) => r.ips).length;
    const nUsualCare = rows.length - nIps;
    const fit = nIps < 2 || nUsualCare < 2 ? null : adjusted(rows);
    return {
      instrument,
      higherIsBetter,
      n: rows.length,
      nIps,
      nUsualCare,
      adjustedDifference: fit?.estimate ?? null,
      lower: fit?.lower ?? null,
      upper: fit?.upper ?? null,
      p: fit?.p ?? null,
    };
  });
}

export interface OracleWellbeing {
  groups: { key: GroupKey; wellbeing: WellbeingSummary[] }[];
  comparisons: { key: GroupKey; wellbeing: WellbeingComparison[] }[];
}

export function oracleWellbeing(query: OracleQuery): OracleWellbeing {
  const groupBy = query.groupBy ?? [];
  const dims = groupBy.filter((d, i) => groupBy.indexOf(d) === i);
  const everyone = members(query);

  const groups = new Map<string, { values: (string | null)[]; people: Member[] }>();
  if (dims.length === 0) groups.set('[]', { values: [], people: [] });
  for (const m of everyone) {
    const values = dims.map((d) => m.dims[d]);
    const id = JSON.stringify(values);
    const g = groups.get(id) ?? { values, people: [] };
    g.people.push(m);
    groups.set(id, g);
  }
  const orderedGroups = [...groups.values()].sort((a, b) => compareValues(a.values, b.values));
  const keyOf = (ds: GroupDimension[], m: Record<GroupDimension, string | null>) => {
    const key: GroupKey = {};
    for (const d of ds) key[d] = m[d];
    return key;
  };

  const comparisons: OracleWellbeing['comparisons'] = [];
  if (dims.includes('arm')) {
    const others = dims.filter((d) => d !== 'arm');
    const cuts = new Map<string, { key: GroupKey; first: (string | null)[]; people: Member[] }>();
    for (const m of everyone) {
      if (m.dims.arm === null) continue;
      const id = JSON.stringify(others.map((d) => m.dims[d]));
      const values = dims.map((d) => m.dims[d]);
      const cut = cuts.get(id) ?? { key: keyOf(others, m.dims), first: values, people: [] };
      if (compareValues(values, cut.first) < 0) cut.first = values;
      cut.people.push(m);
      cuts.set(id, cut);
    }
    for (const cut of [...cuts.values()].sort((a, b) => compareValues(a.first, b.first)))
      comparisons.push({ key: cut.key, wellbeing: comparison(cut.people) });
  }

  return {
    groups: orderedGroups.map((g) => {
      const key: GroupKey = {};
      dims.forEach((d, i) => (key[d] = g.values[i]));
      return { key, wellbeing: summary(g.people) };
    }),
    comparisons,
  };
}
