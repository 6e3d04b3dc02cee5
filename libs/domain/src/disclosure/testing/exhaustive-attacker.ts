import { roundCount } from '../disclosure-rules';
import type { SuppressionModel, SuppressionPlan } from '../cell-suppression';

// An attacker for the property tests, written independently of the production audit (no
// interval propagation, no shared code beyond the rounding rule): it searches every
// assignment of whole numbers that agrees with what was published and with the sums,
// and reports each suppressed count that only one value fits.
//
// It knows what the production audit assumes a reader knows: an asterisk hides a count
// that is not zero, and a published statistic gives away its counts exactly.
// Unbounded counts are capped at `cap` — a cap can only remove solutions, so it makes
// the attacker stronger, never weaker.

export interface AttackResult {
  /** suppressed (primary) quantity ids whose value is pinned */
  recovered: string[];
}

export function attack(model: SuppressionModel, plan: SuppressionPlan, cap: number): AttackResult {
  const ids = model.quantities.map((q) => q.id);
  const index = new Map(ids.map((id, i) => [id, i]));
  const truth = model.quantities.map((q) => q.value);

  // which ids the attacker knows to be equal (identities) — merge them
  const parent = ids.map((_, i) => i);
  const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i])));
  for (const [a, b] of model.identities) parent[find(index.get(a)!)] = find(index.get(b)!);
  const roots = [...new Set(ids.map((_, i) => find(i)))];
  const varOf = new Map(roots.map((r, v) => [r, v]));
  const v = (id: string) => varOf.get(find(index.get(id)!))!;

  // domains: what the publication says about each number
  const domains: number[][] = roots.map(() => range(0, cap));
  const restrict = (variable: number, allowed: number[]) => {
    domains[variable] = domains[variable].filter((x) => allowed.includes(x));
  };
  const revealed = new Set<string>();
  for (const s of model.statistics)
    if (s.dependsOn.every((d) => !plan.suppressed.has(d))) for (const d of s.dependsOn) revealed.add(d);
  model.quantities.forEach((q, i) => {
    const variable = v(q.id);
    const reason = plan.suppressed.get(q.id);
    if (reason !== undefined) restrict(variable, range(1, cap));
    else if (revealed.has(q.id)) restrict(variable, [truth[i]]);
    else if (q.shown) {
      const shown = roundCount(q.value);
      restrict(
        variable,
        range(0, cap).filter((x) => (x === 0 ? shown === 0 : x >= 8 && roundCount(x) === shown)),
      );
    }
  });
  const sums = model.sums.map((s) => ({ total: v(s.total), parts: s.parts.map(v) }));

  const recovered: string[] = [];
  for (const [id, reason] of plan.suppressed) {
    if (reason !== 'primary') continue;
    const target = v(id);
    // the truth is always feasible; one other feasible value is enough to protect it
    const truthValue = truth[index.get(id)!];
    const other = domains[target].some(
      (value) => value !== truthValue && solvable(domains, sums, target, value),
    );
    if (!other) recovered.push(id);
  }
  return { recovered };
}

/** Is there an assignment with `target` = `value` that satisfies every sum? Depth-first, forcing the last unknown of a sum. */
function solvable(
  domains: number[][],
  sums: { total: number; parts: number[] }[],
  target: number,
  value: number,
): boolean {
  const relevant = connected(sums, target);
  const mySums = sums.filter((s) => relevant.has(s.total));
  const order = [...relevant].sort((a, b) => domains[a].length - domains[b].length);

  // one sweep over the sums: a conflict, or the values forced by sums with one unknown
  const sweep = (a: (number | undefined)[]): 'conflict' | 'changed' | 'stable' => {
    let changed = false;
    for (const s of mySums) {
      const unknown = [s.total, ...s.parts].filter((m) => a[m] === undefined);
      const partSum = s.parts.reduce((acc, p) => acc + (a[p] ?? 0), 0);
      if (unknown.length === 0) {
        if (a[s.total] !== partSum) return 'conflict';
        continue;
      }
      // bounds: the unknown parts can add at least minRest and at most maxRest
      let minRest = 0;
      let maxRest = 0;
      for (const p of s.parts) {
        if (a[p] !== undefined) continue;
        minRest += domains[p][0];
        maxRest += domains[p][domains[p].length - 1];
      }
      const lo = partSum + minRest;
      const hi = partSum + maxRest;
      if (a[s.total] !== undefined) {
        if (a[s.total]! < lo || a[s.total]! > hi) return 'conflict';
      } else if (!domains[s.total].some((x) => x >= lo && x <= hi)) return 'conflict';
      const m = unknown[0];
      if (new Set(unknown).size !== 1) continue;
      const times = s.parts.filter((p) => p === m).length;
      let need: number;
      if (m === s.total && times === 0) need = partSum;
      else if (m !== s.total) {
        const rest = a[s.total]! - partSum;
        if (rest % times !== 0) return 'conflict';
        need = rest / times;
      } else continue;
      if (!domains[m].includes(need)) return 'conflict';
      a[m] = need;
      changed = true;
    }
    return changed ? 'changed' : 'stable';
  };

  const search = (given: (number | undefined)[]): boolean => {
    const a = given.slice();
    for (;;) {
      const r = sweep(a);
      if (r === 'conflict') return false;
      if (r === 'stable') break;
    }
    const next = order.find((i) => a[i] === undefined);
    if (next === undefined) return true;
    for (const candidate of domains[next]) {
      a[next] = candidate;
      if (search(a)) return true;
    }
    return false;
  };

  if (!domains[target].includes(value)) return false;
  const start: (number | undefined)[] = domains.map(() => undefined);
  start[target] = value;
  return search(start);
}

function connected(sums: { total: number; parts: number[] }[], start: number): Set<number> {
  const seen = new Set([start]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const s of sums) {
      const members = [s.total, ...s.parts];
      if (members.some((m) => seen.has(m)) && members.some((m) => !seen.has(m))) {
        for (const m of members) seen.add(m);
        grew = true;
      }
    }
  }
  return seen;
}

function range(from: number, to: number): number[] {
  const out: number[] = [];
  for (let x = from; x <= to; x++) out.push(x);
  return out;
}
