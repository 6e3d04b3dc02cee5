// The oracle's version-2 comparisons (DESIGN §6a), written from the text, not from
// libs/domain: participants are evaluated by this oracle's own `evaluate`, grouped into
// keys without arm, split by site, and every statistic is computed person by person —
// risk sets by scanning the list, Efron's terms from the people tied at a time. Clarity
// over speed. Compare with production as outcomes-oracle's README says (counts exact,
// estimates to about 1e-9; Cox to 1e-6 relative).

import type {
  FirstJobComparison,
  GroupDimension,
  GroupKey,
  StratifiedRiskDifference,
  StoredEvent,
} from '@ips/contracts';
import { Z, evaluate, participantAt, type OracleEvaluation, type OracleQuery } from './outcomes-oracle';

interface Person {
  site: string;
  ips: boolean;
  time: number;
  event: boolean;
  jobStart12m: boolean | null;
  worked13wIn12m: boolean | null;
}

export interface OracleComparisons {
  /** per key without arm, in the order of the first armed group of the key */
  comparisons: { key: GroupKey; firstJob: FirstJobComparison }[];
  /** per key and metric, in effects order */
  stratified: {
    key: GroupKey;
    metric: 'jobStart12m' | 'worked13wIn12m';
    stratified: StratifiedRiskDifference;
  }[];
}

/** Upper tail of the standard normal by the complementary error function (Numerical Recipes erfc, ~1e-7 is not enough, so a continued fraction). */
function upperTail(z: number): number {
  // Φ(−z) via erfc(z/√2) computed with a Lentz continued fraction for large z and a
  // series for small z; both accurate to ~1e-15.
  const x = Math.abs(z) / Math.SQRT2;
  let erfc: number;
  if (x < 2.5) {
    let sum = x;
    let term = x;
    for (let n = 1; n < 200; n++) {
      term *= (-x * x) / n;
      const add = term / (2 * n + 1);
      sum += add;
      if (Math.abs(add) < 1e-17 * Math.abs(sum)) break;
    }
    erfc = 1 - (2 / Math.sqrt(Math.PI)) * sum;
  } else {
    // erfc(x) = exp(−x²)/√π · 1/(x + 1/2/(x + 1/(x + 3/2/(x + …))))
    let f = x;
    for (let n = 60; n >= 1; n--) f = x + n / 2 / f;
    erfc = Math.exp(-x * x) / Math.sqrt(Math.PI) / f;
  }
  return z >= 0 ? erfc / 2 : 1 - erfc / 2;
}

const chiSquare1Tail = (x: number) => 2 * upperTail(Math.sqrt(x));

function byStratum(people: Person[]): Person[][] {
  const sites = [...new Set(people.map((p) => p.site))].sort();
  return sites.map((s) => people.filter((p) => p.site === s));
}

function logRankAndCox(people: Person[]): FirstJobComparison {
  const strata = byStratum(people);
  const strataWithBoth = strata.filter((s) => s.some((p) => p.ips) && s.some((p) => !p.ips));
  let o1 = 0;
  let o0 = 0;
  let e1 = 0;
  let e0 = 0;
  let v = 0;
  let vPositive = false;
  for (const s of strata) {
    const times = [...new Set(s.filter((p) => p.event).map((p) => p.time))].sort((a, b) => a - b);
    for (const t of times) {
      const atRisk = s.filter((p) => p.time >= t);
      const dead = atRisk.filter((p) => p.time === t && p.event);
      const n = atRisk.length;
      const n1 = atRisk.filter((p) => p.ips).length;
      const d = dead.length;
      o1 += dead.filter((p) => p.ips).length;
      o0 += dead.filter((p) => !p.ips).length;
      e1 += (n1 * d) / n;
      e0 += ((n - n1) * d) / n;
      if (n > 1) {
        const term = (n1 * (n - n1) * d * (n - d)) / (n * n * (n - 1));
        if (term > 0) vPositive = true;
        v += term;
      }
    }
  }
  const anyIps = people.some((p) => p.ips);
  const anyUsual = people.some((p) => !p.ips);
  const testable = anyIps && anyUsual && vPositive;
  const chi = testable ? (o1 - e1) ** 2 / v : null;
  return {
    strata: strataWithBoth.length,
    logRank: {
      observedIps: o1,
      expectedIps: testable ? e1 : null,
      observedUsualCare: o0,
      expectedUsualCare: testable ? e0 : null,
      chiSquare: chi,
      p: chi === null ? null : chiSquare1Tail(chi),
    },
    hazardRatio: cox(strataWithBoth),
  };
}

function partial(strata: Person[][], beta: number) {
  let ll = 0;
  let u = 0;
  let info = 0;
  for (const s of strata) {
    const times = [...new Set(s.filter((p) => p.event).map((p) => p.time))].sort((a, b) => a - b);
    for (const t of times) {
      const atRisk = s.filter((p) => p.time >= t);
      const dead = atRisk.filter((p) => p.time === t && p.event);
      const d = dead.length;
      const w = (p: Person) => Math.exp(beta * (p.ips ? 1 : 0));
      const r0 = atRisk.reduce((a, p) => a + w(p), 0);
      const r1 = atRisk.reduce((a, p) => a + (p.ips ? w(p) : 0), 0);
      const d0 = dead.reduce((a, p) => a + w(p), 0);
      const d1 = dead.reduce((a, p) => a + (p.ips ? w(p) : 0), 0);
      for (const p of dead) {
        ll += beta * (p.ips ? 1 : 0);
        u += p.ips ? 1 : 0;
      }
      for (let k = 0; k < d; k++) {
        const s0 = r0 - (k / d) * d0;
        const s1 = r1 - (k / d) * d1;
        ll -= Math.log(s0);
        u -= s1 / s0;
        info += s1 / s0 - (s1 / s0) ** 2;
      }
    }
  }
  return { ll, u, info };
}

function cox(strata: Person[][]): FirstJobComparison['hazardRatio'] {
  const none = { estimate: null, lower: null, upper: null, p: null };
  const events = strata.flat().filter((p) => p.event);
  if (!events.some((p) => p.ips) || !events.some((p) => !p.ips)) return none;
  const start = partial(strata, 0);
  if (!(start.info > 0)) return none;
  // Newton–Raphson from 0 as R's coxph: the first step always; then stop when the log
  // partial likelihood changes by less than 1e-9 relative; halve a step that lowers it.
  let best = start.ll;
  let beta = 0;
  let next = start.u / start.info;
  let halvings = 0;
  for (let iter = 1; iter <= 20; iter++) {
    const at = partial(strata, next);
    if (Math.abs(1 - best / at.ll) <= 1e-9) {
      const se = 1 / Math.sqrt(at.info);
      return {
        estimate: Math.exp(next),
        lower: Math.exp(next - Z * se),
        upper: Math.exp(next + Z * se),
        p: chiSquare1Tail((next / se) ** 2),
      };
    }
    if (at.ll < best) {
      halvings++;
      next = (next + halvings * beta) / (halvings + 1);
    } else {
      halvings = 0;
      best = at.ll;
      beta = next;
      next = next + at.u / at.info;
    }
  }
  return none;
}

function mantelHaenszel(
  people: Person[],
  metric: 'jobStart12m' | 'worked13wIn12m',
): StratifiedRiskDifference {
  let num = 0;
  let w = 0;
  let pSum = 0;
  let qSum = 0;
  let strata = 0;
  let allOrNone = true;
  for (const s of byStratum(people.filter((p) => p[metric] !== null))) {
    const n1 = s.filter((p) => p.ips).length;
    const n2 = s.length - n1;
    if (n1 === 0 || n2 === 0) continue;
    strata++;
    const a = s.filter((p) => p.ips && p[metric]).length;
    const c = s.filter((p) => !p.ips && p[metric]).length;
    const n = n1 + n2;
    num += (a * n2) / n - (c * n1) / n;
    w += (n1 * n2) / n;
    pSum += (c * n1 * n1) / (n * n) - (a * n2 * n2) / (n * n) + (n1 * n2 * (n2 - n1)) / (2 * n * n);
    qSum += (a * (n2 - c) + c * (n1 - a)) / n;
    if (!((a === 0 || a === n1) && (c === 0 || c === n2))) allOrNone = false;
  }
  if (strata === 0) return { strata: 0, riskDifference: null, lower: null, upper: null };
  const rd = num / w;
  const variance = (rd * pSum + qSum / 2) / (w * w);
  // DECISION: "exactly 0" recognised as every stratum all-or-none in each arm with a variance
  // below rounding (the production code decides it in exact arithmetic)
  const zero = allOrNone && Math.abs(variance) < 1e-12;
  const se = Math.sqrt(Math.max(variance, 0));
  return {
    strata,
    riskDifference: rd,
    lower: zero ? null : rd - Z * se,
    upper: zero ? null : rd + Z * se,
  };
}

export function oracleComparisons({
  trialId,
  asOf,
  groupBy = [],
  filters = {},
  cohortBy = 'quarter',
  events,
}: OracleQuery): OracleComparisons {
  const dims = groupBy.filter((d, i) => groupBy.indexOf(d) === i);
  if (!dims.includes('arm')) return { comparisons: [], stratified: [] };
  const others: GroupDimension[] = dims.filter((d) => d !== 'arm');
  const byParticipant = new Map<string, StoredEvent[]>();
  for (const e of events) {
    if (e.trialId !== trialId) continue;
    const id = JSON.stringify([e.siteId, e.participantId]);
    byParticipant.set(id, [...(byParticipant.get(id) ?? []), e]);
  }
  const evaluations: OracleEvaluation[] = [];
  for (const list of byParticipant.values()) {
    const state = participantAt(list, asOf);
    if (state === null) continue;
    const ev = evaluate(state, asOf, cohortBy);
    const passes = (Object.keys(filters) as (keyof typeof filters)[]).every(
      (d) => filters[d] === undefined || ev.dims[d] === filters[d],
    );
    if (passes && ev.dims.arm !== null) evaluations.push(ev);
  }
  // keys in the order their first armed group appears: groups sort by the key values in groupBy order
  const keys = new Map<string, { key: GroupKey; people: Person[]; sortValues: (string | null)[] }>();
  for (const ev of evaluations) {
    const key: GroupKey = {};
    for (const d of others) key[d] = ev.dims[d];
    const id = JSON.stringify(others.map((d) => ev.dims[d]));
    const entry = keys.get(id) ?? { key, people: [], sortValues: dims.map((d) => ev.dims[d]) };
    const mine = dims.map((d) => ev.dims[d]);
    if (compareValues(mine, entry.sortValues) < 0) entry.sortValues = mine;
    entry.people.push({
      site: ev.dims.site!,
      ips: ev.dims.arm === 'ips',
      time: ev.km!.time,
      event: ev.km!.event,
      jobStart12m: ev.followUpComplete ? ev.firstJob !== null : null,
      worked13wIn12m: ev.followUpComplete ? ev.daysEmployed12m! >= 91 : null,
    });
    keys.set(id, entry);
  }
  const ordered = [...keys.values()].sort((a, b) => compareValues(a.sortValues, b.sortValues));
  return {
    comparisons: ordered.map((k) => ({ key: k.key, firstJob: logRankAndCox(k.people) })),
    stratified: ordered.flatMap((k) =>
      (['jobStart12m', 'worked13wIn12m'] as const).map((metric) => ({
        key: k.key,
        metric,
        stratified: mantelHaenszel(k.people, metric),
      })),
    ),
  };
}

/** Group order of §7 as outcomes-oracle decides it: values in groupBy order, null last. */
function compareValues(a: (string | null)[], b: (string | null)[]): number {
  for (let i = 0; i < a.length; i++) {
    const x = a[i] ?? null;
    const y = b[i] ?? null;
    if (x === y) continue;
    if (x === null) return 1;
    if (y === null) return -1;
    return x < y ? -1 : 1;
  }
  return 0;
}
