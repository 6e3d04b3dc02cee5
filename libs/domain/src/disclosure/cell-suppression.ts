import { isSmallCount, roundCount, roundedCountRange } from './disclosure-rules';
import { DisclosureModelError } from './disclosure-model-error';

// Primary and secondary cell suppression over a set of counts tied together by sums.
//
// The audit model (the standard one for cell suppression, e.g. τ-ARGUS's audit): the
// reader ("attacker") knows every published figure, every structural fact (which counts
// add up to which, which counts are the same number by definition) and the rules: a
// count shown as a number is 0 or rounded from 8 or more, an asterisk hides a count that
// is not zero. On top of that, as a worst case, they are assumed to know the exact
// numerator and denominator behind every published rate, interval, mean or
// Kaplan–Meier estimate (enough decimals can give them away).
// A suppressed count is "recovered" when that knowledge pins it to a single value.
// Secondary suppression adds asterisks (the next smallest count of a sum that gives one
// away, NHS Digital's rule) until none can be recovered.
//
// The reader is not assumed to tell a primary asterisk (1–7) from a secondary one (≥ 8):
// the publication does not say which is which. Assuming they could makes some tables
// impossible to protect (a hidden total of 7 split into seven hidden rows of one).

export interface SuppressionQuantity {
  id: string;
  /** the true count */
  value: number;
  /** published as a count; false for counts that only a statistic reveals (events by day t) */
  shown: boolean;
  /** higher = suppressed later when a secondary suppression is needed (summary tables) */
  keepPriority: number;
}

/** A published figure computed from counts (rate, interval, mean, estimate). */
export interface SuppressionStatistic {
  id: string;
  dependsOn: readonly string[];
}

/** total = Σ parts, for the true values. */
export interface SumRelation {
  total: string;
  parts: readonly string[];
}

export interface SuppressionModel {
  quantities: readonly SuppressionQuantity[];
  statistics: readonly SuppressionStatistic[];
  sums: readonly SumRelation[];
  /** pairs that are the same count by definition (firstJob.n and flow.randomised) */
  identities: readonly (readonly [string, string])[];
}

export type SuppressionReason = 'primary' | 'secondary';

export interface SuppressionPlan {
  /** by quantity id; absent = published */
  suppressed: ReadonlyMap<string, SuppressionReason>;
  /** statistic ids withheld because a count they depend on is suppressed */
  withheld: ReadonlySet<string>;
  /** distinct published numbers hidden (a number repeated in several fields counts once) */
  counts: { primary: number; secondary: number };
}

export interface Bounds {
  lo: number;
  hi: number;
}

/** The model with identical counts merged into classes, as the audit and the plan use it. */
export interface ClassModel {
  classOf: ReadonlyMap<string, number>;
  classes: ClassInfo[];
  sums: { total: number; parts: number[] }[];
  statistics: { id: string; classes: number[] }[];
}

export interface ClassInfo {
  members: string[];
  value: number;
  shown: boolean;
  keepPriority: number;
  /** indexes into ClassModel.sums */
  inSums: number[];
}

const MAX_PROPAGATION_PASSES = 10_000;

export function planSuppression(model: SuppressionModel): SuppressionPlan {
  const classes = buildClassModel(model);
  const suppressed = new Map<number, SuppressionReason>();
  classes.classes.forEach((c, i) => {
    if (isSmallCount(c.value)) suppressed.set(i, 'primary');
  });

  for (let round = 0; round <= classes.classes.length; round++) {
    const bounds = propagate(classes, knowledge(classes, suppressed));
    const pinned = firstRecoverable(classes, suppressed, bounds);
    if (pinned === null) return toPlan(classes, suppressed);
    const next = secondaryCandidate(classes, suppressed, pinned);
    if (next === null)
      throw new DisclosureModelError(`no count left to protect ${classes.classes[pinned].members[0]} with`);
    suppressed.set(next, 'secondary');
  }
  throw new DisclosureModelError('secondary suppression did not settle');
}

/**
 * What a reader can infer about each count from a plan: an interval per quantity id.
 * Exported so tests and the service can audit any plan (a published report is audited
 * before it is stored).
 */
export function auditSuppression(
  model: SuppressionModel,
  plan: SuppressionPlan,
): { recoverable: string[]; bounds: Map<string, Bounds> } {
  const classes = buildClassModel(model);
  const suppressed = new Map<number, SuppressionReason>();
  for (const [id, reason] of plan.suppressed) {
    const c = classes.classOf.get(id);
    if (c === undefined) throw new DisclosureModelError(`plan names unknown count ${id}`);
    const previous = suppressed.get(c);
    suppressed.set(c, previous === 'primary' ? 'primary' : reason);
  }
  const bounds = propagate(classes, knowledge(classes, suppressed));
  const recoverable: string[] = [];
  const byId = new Map<string, Bounds>();
  classes.classes.forEach((c, i) => {
    for (const id of c.members) byId.set(id, bounds[i]);
    if (suppressed.get(i) === 'primary' && bounds[i].lo === bounds[i].hi) recoverable.push(...c.members);
  });
  return { recoverable, bounds: byId };
}

export function buildClassModel(model: SuppressionModel): ClassModel {
  const index = new Map<string, number>();
  model.quantities.forEach((q, i) => {
    if (index.has(q.id)) throw new DisclosureModelError(`count ${q.id} is defined twice`);
    if (!Number.isInteger(q.value) || q.value < 0)
      throw new DisclosureModelError(`count ${q.id} is not a count: ${q.value}`);
    index.set(q.id, i);
  });
  const at = (id: string) => {
    const i = index.get(id);
    if (i === undefined) throw new DisclosureModelError(`unknown count ${id}`);
    return i;
  };

  const parent = model.quantities.map((_, i) => i);
  const find = (i: number): number => {
    while (parent[i] !== i) {
      parent[i] = parent[parent[i]];
      i = parent[i];
    }
    return i;
  };
  const union = (a: number, b: number) => {
    const ra = find(a);
    const rb = find(b);
    if (ra !== rb) parent[Math.max(ra, rb)] = Math.min(ra, rb);
  };

  for (const [a, b] of model.identities) union(at(a), at(b));
  // Zeros are published exactly, so a sum whose parts are all zero but one says that part
  // equals the total: the reader knows they are the same number.
  for (const sum of model.sums) {
    const total = at(sum.total);
    const value = model.quantities[total].value;
    const parts = sum.parts.map(at);
    const partial = parts.reduce((s, p) => s + model.quantities[p].value, 0);
    if (partial !== value)
      throw new DisclosureModelError(`${sum.total} = ${value}, but its parts add up to ${partial}`);
    const nonZero = parts.filter((p) => model.quantities[p].value !== 0 || !model.quantities[p].shown);
    if (nonZero.length === 1 && value !== 0) union(total, nonZero[0]);
  }

  const classOf = new Map<string, number>();
  const classes: ClassInfo[] = [];
  const rootToClass = new Map<number, number>();
  model.quantities.forEach((q, i) => {
    const root = find(i);
    let c = rootToClass.get(root);
    if (c === undefined) {
      c = classes.length;
      rootToClass.set(root, c);
      classes.push({ members: [], value: q.value, shown: false, keepPriority: q.keepPriority, inSums: [] });
    }
    const info = classes[c];
    if (info.value !== q.value)
      throw new DisclosureModelError(
        `${q.id} = ${q.value} is declared the same count as ${info.members[0]} = ${info.value}`,
      );
    info.members.push(q.id);
    info.shown ||= q.shown;
    info.keepPriority = Math.max(info.keepPriority, q.keepPriority);
    classOf.set(q.id, c);
  });

  const sums: ClassModel['sums'] = [];
  for (const sum of model.sums) {
    const total = classOf.get(sum.total)!;
    const parts = sum.parts.map((p) => classOf.get(p)!);
    const self = parts.indexOf(total);
    if (self >= 0) {
      // total ≡ one of its parts: the rest are zeros and say nothing more
      parts.splice(self, 1);
      if (parts.every((p) => classes[p].value === 0)) continue;
    }
    if (parts.length === 0) continue;
    const at = sums.length;
    sums.push({ total, parts });
    for (const c of new Set([total, ...parts])) classes[c].inSums.push(at);
  }

  const classOfId = (id: string) => {
    const c = classOf.get(id);
    if (c === undefined) throw new DisclosureModelError(`statistic rests on unknown count ${id}`);
    return c;
  };
  const statistics = model.statistics.map((s) => ({
    id: s.id,
    classes: [...new Set(s.dependsOn.map(classOfId))],
  }));
  return { classOf, classes, sums, statistics };
}

/** The reader's starting knowledge of each class under a suppression, before any sum is used. */
function knowledge(model: ClassModel, suppressed: ReadonlyMap<number, SuppressionReason>): Bounds[] {
  const revealed = new Set<number>();
  for (const s of model.statistics) {
    if (s.classes.every((c) => !suppressed.has(c))) for (const c of s.classes) revealed.add(c);
  }
  return model.classes.map((c, i) => {
    // an asterisk says "not zero" (zeros are published), nothing more
    if (suppressed.has(i)) return { lo: 1, hi: Infinity };
    if (revealed.has(i)) return { lo: c.value, hi: c.value };
    if (c.shown) {
      const [lo, hi] = roundedCountRange(roundCount(c.value));
      return { lo, hi };
    }
    return { lo: 0, hi: Infinity };
  });
}

/**
 * Interval propagation through every sum until nothing tightens: a total lies between
 * the sums of its parts' bounds, and each part between the total's bounds less the
 * others'. Sound (the truth always stays inside); for the sums reports have (a
 * hierarchy of tables that partition the same people) it is also tight.
 */
export function propagate(model: ClassModel, start: Bounds[]): Bounds[] {
  const b = start.map((x) => ({ ...x }));
  for (let pass = 0; pass < MAX_PROPAGATION_PASSES; pass++) {
    let changed = false;
    for (const { total, parts } of model.sums) {
      let loSum = 0;
      let hiFinite = 0;
      let hiInfinite = 0;
      for (const p of parts) {
        loSum += b[p].lo;
        if (b[p].hi === Infinity) hiInfinite++;
        else hiFinite += b[p].hi;
      }
      const hiSum = hiInfinite > 0 ? Infinity : hiFinite;
      changed = tighten(b[total], loSum, hiSum) || changed;
      for (const p of parts) {
        const othersHi =
          hiInfinite - (b[p].hi === Infinity ? 1 : 0) > 0
            ? Infinity
            : hiFinite - (b[p].hi === Infinity ? 0 : b[p].hi);
        const othersLo = loSum - b[p].lo;
        changed = tighten(b[p], b[total].lo - othersHi, b[total].hi - othersLo) || changed;
      }
    }
    for (let i = 0; i < b.length; i++) {
      const v = model.classes[i].value;
      if (!(b[i].lo <= v && v <= b[i].hi)) {
        throw new DisclosureModelError(
          `audit lost the true value of ${model.classes[i].members[0]} (${v} outside ${b[i].lo}..${b[i].hi})`,
        );
      }
    }
    if (!changed) return b;
  }
  throw new DisclosureModelError('interval propagation did not settle');
}

function tighten(bounds: Bounds, lo: number, hi: number): boolean {
  let changed = false;
  if (lo > bounds.lo) {
    bounds.lo = lo;
    changed = true;
  }
  if (hi < bounds.hi) {
    bounds.hi = hi;
    changed = true;
  }
  return changed;
}

function firstRecoverable(
  model: ClassModel,
  suppressed: ReadonlyMap<number, SuppressionReason>,
  bounds: Bounds[],
): number | null {
  for (let i = 0; i < model.classes.length; i++) {
    if (suppressed.get(i) === 'primary' && bounds[i].lo === bounds[i].hi) return i;
  }
  return null;
}

/**
 * The count to hide next: in the sums that hold the recovered count, the smallest
 * published non-zero count, preferring a part to a total and detailed tables to summary
 * ones; if those sums hold none, the sums one step further out.
 */
function secondaryCandidate(
  model: ClassModel,
  suppressed: ReadonlyMap<number, SuppressionReason>,
  pinned: number,
): number | null {
  const seenSums = new Set<number>();
  let frontier = [pinned];
  const seenClasses = new Set<number>(frontier);
  while (frontier.length > 0) {
    let best: { c: number; rank: number[] } | null = null;
    const next: number[] = [];
    for (const c of frontier) {
      for (const s of model.classes[c].inSums) {
        if (seenSums.has(s)) continue;
        seenSums.add(s);
        const sum = model.sums[s];
        for (const member of [sum.total, ...sum.parts]) {
          if (!seenClasses.has(member)) {
            seenClasses.add(member);
            next.push(member);
          }
          const info = model.classes[member];
          if (suppressed.has(member) || info.value === 0) continue;
          const rank = [member === sum.total ? 1 : 0, info.keepPriority, info.value, member];
          if (best === null || lexLess(rank, best.rank)) best = { c: member, rank };
        }
      }
    }
    if (best !== null) return best.c;
    frontier = next;
  }
  return null;
}

function lexLess(a: number[], b: number[]): boolean {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i] < b[i];
  return false;
}

function toPlan(model: ClassModel, suppressed: ReadonlyMap<number, SuppressionReason>): SuppressionPlan {
  const byId = new Map<string, SuppressionReason>();
  const counts = { primary: 0, secondary: 0 };
  for (const [c, reason] of suppressed) {
    for (const id of model.classes[c].members) byId.set(id, reason);
    if (model.classes[c].shown) counts[reason]++;
  }
  const withheld = new Set<string>();
  for (const s of model.statistics) if (s.classes.some((c) => suppressed.has(c))) withheld.add(s.id);
  return { suppressed: byId, withheld, counts };
}
