import type {
  ArmComparison,
  EffectMetric,
  GroupDimension,
  GroupKey,
  OutcomeGroup,
  OutcomeGroupV2,
  OutcomesResponse,
  TreatmentEffect,
  TreatmentEffectV2,
  WellbeingComparison,
  WellbeingSummary,
} from '@ips/contracts';
import type { KaplanMeierCurve } from '../statistics/kaplan-meier';
import { FOLLOW_UP_DAYS } from '../outcomes/follow-up';
import {
  planSuppression,
  type SuppressionModel,
  type SuppressionPlan,
  type SuppressionQuantity,
  type SuppressionStatistic,
  type SumRelation,
} from './cell-suppression';
import {
  MEAN_DECIMALS,
  P_VALUE_DIGITS,
  PROPORTION_DECIMALS,
  RATIO_DECIMALS,
  roundCount,
  roundSignificant,
  roundTo,
  SUPPRESSED,
} from './disclosure-rules';
import { DisclosureModelError } from './disclosure-model-error';
import type {
  PublishedArmComparison,
  PublishedCount,
  PublishedEffect,
  PublishedEffectV2,
  PublishedOutcomeGroup,
  PublishedOutcomeGroupV2,
  PublishedOutcomeTable,
  PublishedOutcomeTableV2,
  PublishedProportion,
  PublishedValue,
  PublishedWellbeingSummary,
} from './published-outcomes';
import { armDependencies, RESTS_ON, WELLBEING_COUNT_FIELDS } from './rests-on';

// Disclosure control for a report's outcome tables as one whole: the same people are
// counted in every table (by arm, by arm × condition, by site × arm, ...), so a count
// hidden in one table must not be recoverable from another.

export interface OutcomeTableInput {
  /** the table's name in the report (`byArm`, `bySiteAndArm`, ...) */
  name: string;
  /**
   * computeOutcomes, or computeOutcomesV2 (definitions version 2): then the groups' wellbeing,
   * the effects' stratified differences and the comparisons are published too (DESIGN §8)
   */
  outcomes: Pick<OutcomesResponse, 'groupBy' | 'groups' | 'effects'> & {
    comparisons?: readonly ArmComparison[];
  };
  /** computeFirstJobCurves for the same query: one per group, same keys, same order */
  firstJobCurves: readonly { key: GroupKey; curve: KaplanMeierCurve }[];
}

export interface DisclosedOutcomeTables {
  tables: Record<string, PublishedOutcomeTable>;
  /** how many distinct counts were hidden, and why */
  suppressed: { primary: number; secondary: number };
}

const FLOW_FIELDS = [
  'referred',
  'assessed',
  'eligible',
  'ineligible',
  'consented',
  'randomised',
  'randomisedIps',
  'randomisedUsualCare',
  'withdrawn',
  'followUpComplete',
] as const;
const PROPORTIONS = ['jobStart12m', 'sustained13w', 'sustained26w', 'hours16Plus', 'worked13wIn12m'] as const;

interface PreparedTable {
  input: OutcomeTableInput;
  groupBy: GroupDimension[];
  /** row id → group index */
  rows: Map<string, number>;
  keepPriority: number;
}

/** Applies DESIGN §8's disclosure control, with secondary suppression, to a report's tables. */
export function discloseOutcomeTables(inputs: readonly OutcomeTableInput[]): DisclosedOutcomeTables {
  const { model, tables } = outcomeSuppressionModel(inputs);
  const plan = planSuppression(model);
  const published: Record<string, PublishedOutcomeTable> = {};
  for (const table of tables) published[table.input.name] = publishTable(table, plan);
  return { tables: published, suppressed: { ...plan.counts } };
}

/** The suppression model of a report's tables: exported so tests can audit a plan against it. */
export function outcomeSuppressionModel(inputs: readonly OutcomeTableInput[]): {
  model: SuppressionModel;
  tables: PreparedTable[];
} {
  const maxDims = Math.max(0, ...inputs.map((t) => t.outcomes.groupBy.length));
  const tables: PreparedTable[] = inputs.map((input) => {
    if (input.firstJobCurves.length !== input.outcomes.groups.length) {
      throw new DisclosureModelError(`table ${input.name}: one Kaplan–Meier curve per group is needed`);
    }
    const rows = new Map<string, number>();
    input.outcomes.groups.forEach((g, i) => rows.set(rowId(input.name, input.outcomes.groupBy, g.key), i));
    return {
      input,
      groupBy: [...input.outcomes.groupBy],
      rows,
      keepPriority: maxDims - input.outcomes.groupBy.length,
    };
  });
  const seenDims = new Set<string>();
  for (const t of tables) {
    const dims = [...t.groupBy].sort().join(',');
    if (seenDims.has(dims)) throw new DisclosureModelError(`two tables are grouped by ${dims || 'nothing'}`);
    seenDims.add(dims);
  }

  const quantities: SuppressionQuantity[] = [];
  const statistics: SuppressionStatistic[] = [];
  const sums: SumRelation[] = [];
  const identities: [string, string][] = [];

  for (const table of tables) {
    table.input.outcomes.groups.forEach((group, i) => {
      const row = rowId(table.input.name, table.groupBy, group.key);
      const curve = table.input.firstJobCurves[i].curve;
      addGroup(row, group, curve, table.keepPriority, { quantities, statistics, sums, identities });
    });
    addEffects(table, statistics);
    addComparisons(table, { quantities, statistics, sums, identities });
  }

  // A table grouped by more dimensions splits each row of a table grouped by fewer: the
  // rows that agree on the fewer dimensions add up to it, count by count.
  const countFields =
    tables.length === 0
      ? []
      : countFieldsOf(
          tables[0].input.outcomes.groups[0]?.firstJob.at.map((p) => p.day) ?? [],
          instrumentsOf(tables),
        );
  for (const detailed of tables) {
    for (const summary of tables) {
      if (summary === detailed || !isStrictSubset(summary.groupBy, detailed.groupBy)) continue;
      const parts = new Map<string, string[]>();
      for (const group of detailed.input.outcomes.groups) {
        const target = rowId(summary.input.name, summary.groupBy, group.key);
        if (!summary.rows.has(target))
          throw new DisclosureModelError(
            `${detailed.input.name} has a group that ${summary.input.name} lacks`,
          );
        let list = parts.get(target);
        if (!list) parts.set(target, (list = []));
        list.push(rowId(detailed.input.name, detailed.groupBy, group.key));
      }
      for (const [target, rows] of parts) {
        for (const field of countFields)
          sums.push({ total: `${target}/${field}`, parts: rows.map((r) => `${r}/${field}`) });
      }
    }
  }
  return { model: { quantities, statistics, sums, identities }, tables };
}

/** The count fields of a group: those published, and the implicit first jobs by each reported day. */
function countFieldsOf(days: readonly number[], instruments: readonly string[]): string[] {
  return [
    ...instruments.flatMap((i) => WELLBEING_COUNT_FIELDS.map((f) => `wellbeing.${i}.${f}`)),
    ...FLOW_FIELDS.map((f) => `flow.${f}`),
    'firstJob.n',
    'firstJob.events',
    ...days.flatMap((d) => [`firstJob.at${d}.atRisk`, `firstJob.at${d}.events`]),
    ...PROPORTIONS.flatMap((p) => [`${p}.numerator`, `${p}.denominator`]),
    'daysEmployed12m.n',
  ];
}

/** The wellbeing instruments of version-2 tables (every group lists all of them), none for version 1. */
function instrumentsOf(tables: readonly PreparedTable[]): string[] {
  for (const t of tables)
    for (const g of t.input.outcomes.groups) if (hasWellbeing(g)) return g.wellbeing.map((w) => w.instrument);
  return [];
}

function hasWellbeing(group: OutcomeGroup): group is OutcomeGroupV2 {
  return 'wellbeing' in group;
}

function hasStratified(effect: TreatmentEffect): effect is TreatmentEffectV2 {
  return 'stratified' in effect;
}

interface ModelParts {
  quantities: SuppressionQuantity[];
  statistics: SuppressionStatistic[];
  sums: SumRelation[];
  identities: [string, string][];
}

function addGroup(
  row: string,
  group: OutcomeGroup,
  curve: KaplanMeierCurve,
  keepPriority: number,
  m: ModelParts,
): void {
  const count = (field: string, value: number, shown = true) =>
    m.quantities.push({ id: `${row}/${field}`, value, shown, keepPriority });
  const id = (field: string) => `${row}/${field}`;

  for (const f of FLOW_FIELDS) count(`flow.${f}`, group.flow[f]);
  count('firstJob.n', group.firstJob.n);
  count('firstJob.events', group.firstJob.events);
  for (const point of group.firstJob.at) {
    count(`firstJob.at${point.day}.atRisk`, point.atRisk);
    // the number of first jobs by the day: not published, but the estimate rests on it
    count(`firstJob.at${point.day}.events`, eventsBy(curve, point.day), false);
  }
  for (const p of PROPORTIONS) {
    count(`${p}.numerator`, group[p].numerator);
    count(`${p}.denominator`, group[p].denominator);
  }
  count('daysEmployed12m.n', group.daysEmployed12m.n);

  // the same numbers by definition (DESIGN §6)
  m.identities.push([id('firstJob.n'), id('flow.randomised')]);
  m.identities.push([id('firstJob.events'), id('hours16Plus.denominator')]);
  m.identities.push([id('flow.followUpComplete'), id('jobStart12m.denominator')]);
  m.identities.push([id('flow.followUpComplete'), id('worked13wIn12m.denominator')]);
  m.identities.push([id('flow.followUpComplete'), id('daysEmployed12m.n')]);
  for (const point of group.firstJob.at) {
    if (point.day >= FOLLOW_UP_DAYS)
      m.identities.push([id(`firstJob.at${point.day}.events`), id('firstJob.events')]);
  }
  m.sums.push({ total: id('flow.assessed'), parts: [id('flow.eligible'), id('flow.ineligible')] });
  m.sums.push({
    total: id('flow.randomised'),
    parts: [id('flow.randomisedIps'), id('flow.randomisedUsualCare')],
  });

  // statistics that are null (nothing to estimate) reveal nothing and are left out
  const statistic = (field: string, value: number | null, dependsOn: string[]) => {
    if (value !== null) m.statistics.push({ id: id(field), dependsOn: dependsOn.map(id) });
  };
  statistic('firstJob.medianDays', group.firstJob.medianDays, ['firstJob.n', 'firstJob.events']);
  for (const point of group.firstJob.at) {
    statistic(`firstJob.at${point.day}.estimate`, point.cumulativeIncidence, [
      'firstJob.n',
      `firstJob.at${point.day}.atRisk`,
      `firstJob.at${point.day}.events`,
    ]);
  }
  for (const p of PROPORTIONS) statistic(`${p}.rate`, group[p].rate, [`${p}.numerator`, `${p}.denominator`]);
  statistic('hours16Plus.meanHours', group.hours16Plus.meanHours, ['hours16Plus.denominator']);
  statistic('daysEmployed12m.mean', group.daysEmployed12m.mean, ['daysEmployed12m.n']);

  // DESIGN §6b per group (version 2): counts, and means resting on them (rests-on.ts)
  if (!hasWellbeing(group)) return;
  for (const w of group.wellbeing) {
    const f = (field: string) => `wellbeing.${w.instrument}.${field}`;
    count(f('randomised'), w.randomised);
    count(f('withBaseline'), w.withBaseline);
    count(f('due'), w.due);
    count(f('withFollowUp'), w.withFollowUp);
    count(f('missingFollowUp'), w.due - w.withFollowUp);
    count(f('change.n'), w.change.n);
    m.identities.push([id(f('randomised')), id('flow.randomised')]);
    m.sums.push({ total: id(f('due')), parts: [id(f('withFollowUp')), id(f('missingFollowUp'))] });
    const means = RESTS_ON.wellbeingMean;
    statistic(f('baselineMean'), w.baselineMean, means.baselineMean(w.instrument));
    statistic(f('followUpMean'), w.followUpMean, means.followUpMean(w.instrument));
    statistic(f('change.mean'), w.change.mean, means.change(w.instrument));
  }
}

function addEffects(table: PreparedTable, statistics: SuppressionStatistic[]): void {
  for (const effect of table.input.outcomes.effects) {
    const deps = effectCounts(table, effect).flatMap(({ row }) =>
      row === null ? [] : [`${row}/${effect.metric}.numerator`, `${row}/${effect.metric}.denominator`],
    );
    if (effect.riskDifference !== null) statistics.push({ id: effectId(table, effect), dependsOn: deps });
    if (hasStratified(effect) && effect.stratified.riskDifference !== null) {
      const rows = effectCounts(table, effect).map(({ row }) => row);
      statistics.push({
        id: `${effectId(table, effect)}/stratified`,
        dependsOn: armDependencies(rows, RESTS_ON.eachArm.stratified(effect.metric)),
      });
    }
  }
}

/**
 * DESIGN §6a/§6b comparisons (version 2): the observed first jobs are the arm rows' own
 * counts; a wellbeing comparison's n is a count, the sum of the arms' change.n; every
 * estimate rests on the arm counts rests-on.ts names.
 */
function addComparisons(table: PreparedTable, m: ModelParts): void {
  for (const c of table.input.outcomes.comparisons ?? []) {
    const rows = comparisonRows(table, c);
    const cid = comparisonId(table, c);
    const { logRank, hazardRatio } = c.firstJob;
    if (logRank.expectedIps !== null)
      m.statistics.push({
        id: `${cid}/firstJob.logRank`,
        dependsOn: armDependencies(rows, RESTS_ON.eachArm.logRankStatistics()),
      });
    if (hazardRatio.estimate !== null)
      m.statistics.push({
        id: `${cid}/firstJob.hazardRatio`,
        dependsOn: armDependencies(rows, RESTS_ON.eachArm.hazardRatio()),
      });
    for (const w of c.wellbeing) {
      const nId = `${cid}/wellbeing.${w.instrument}.n`;
      m.quantities.push({ id: nId, value: w.n, shown: true, keepPriority: table.keepPriority });
      m.sums.push({ total: nId, parts: armDependencies(rows, [`wellbeing.${w.instrument}.change.n`]) });
      if (w.adjustedDifference !== null)
        m.statistics.push({
          id: `${cid}/wellbeing.${w.instrument}.adjustedDifference`,
          dependsOn: armDependencies(rows, RESTS_ON.eachArm.wellbeingDifference(w.instrument)),
        });
    }
  }
}

/** The IPS and usual-care rows of a comparison (null where the arm has nobody in it), checked against the comparison's own counts. */
function comparisonRows(table: PreparedTable, c: ArmComparison): [string | null, string | null] {
  const rows = (['ips', 'usual_care'] as const).map((arm) => {
    const row = rowId(table.input.name, table.groupBy, { ...c.key, arm });
    const index = table.rows.get(row);
    const group = index === undefined ? undefined : table.input.outcomes.groups[index];
    const observed = arm === 'ips' ? c.firstJob.logRank.observedIps : c.firstJob.logRank.observedUsualCare;
    if ((group?.firstJob.events ?? 0) !== observed)
      throw new DisclosureModelError(
        `${comparisonId(table, c)}: observed first jobs disagree with its ${arm} row`,
      );
    for (const w of c.wellbeing) {
      const n = arm === 'ips' ? w.nIps : w.nUsualCare;
      const own =
        group && hasWellbeing(group) ? group.wellbeing.find((x) => x.instrument === w.instrument) : undefined;
      if ((own?.change.n ?? 0) !== n)
        throw new DisclosureModelError(
          `${comparisonId(table, c)}: ${w.instrument} n disagrees with its ${arm} row`,
        );
    }
    return group === undefined ? null : row;
  });
  return [rows[0], rows[1]];
}

function comparisonId(table: PreparedTable, c: ArmComparison): string {
  return `${table.input.name}/comparison${JSON.stringify(table.groupBy.filter((d) => d !== 'arm').map((d) => c.key[d] ?? null))}`;
}

/** The arm rows an effect compares; row null where the arm has nobody in that cut (0/0). */
function effectCounts(table: PreparedTable, effect: TreatmentEffect): { row: string | null }[] {
  return (['ips', 'usual_care'] as const).map((arm) => {
    const row = rowId(table.input.name, table.groupBy, { ...effect.key, arm });
    const index = table.rows.get(row);
    const stated = arm === 'ips' ? effect.ips : effect.usualCare;
    if (index === undefined) {
      if (stated.numerator !== 0 || stated.denominator !== 0)
        throw new DisclosureModelError(`effect ${effectId(table, effect)} counts an arm the table lacks`);
      return { row: null };
    }
    const count = table.input.outcomes.groups[index][effect.metric];
    if (count.numerator !== stated.numerator || count.denominator !== stated.denominator) {
      throw new DisclosureModelError(`effect ${effectId(table, effect)} disagrees with its ${arm} row`);
    }
    return { row };
  });
}

function publishTable(table: PreparedTable, plan: SuppressionPlan): PublishedOutcomeTable {
  const { name, outcomes } = table.input;
  const groups = outcomes.groups.map((group) =>
    publishGroup(rowId(name, table.groupBy, group.key), group, plan),
  );
  const effects = outcomes.effects.map((effect) => publishEffect(table, effect, plan));
  if (outcomes.comparisons === undefined) return { groupBy: [...outcomes.groupBy], groups, effects };
  const published: PublishedOutcomeTableV2 = {
    groupBy: [...outcomes.groupBy],
    groups: groups as PublishedOutcomeGroupV2[],
    effects: effects as PublishedEffectV2[],
    comparisons: outcomes.comparisons.map((c) => publishComparison(table, c, plan)),
  };
  return published;
}

function publishGroup(row: string, group: OutcomeGroup, plan: SuppressionPlan): PublishedOutcomeGroup {
  const v1 = publishGroupV1(row, group, plan);
  if (!hasWellbeing(group)) return v1;
  const published: PublishedOutcomeGroupV2 = {
    ...v1,
    wellbeing: group.wellbeing.map((w) => publishWellbeing(row, w, plan)),
  };
  return published;
}

function publishWellbeing(
  row: string,
  w: WellbeingSummary,
  plan: SuppressionPlan,
): PublishedWellbeingSummary {
  const f = (field: string) => `wellbeing.${w.instrument}.${field}`;
  const hidden = (field: string) => plan.suppressed.has(`${row}/${field}`);
  const count = (field: string, value: number): PublishedCount =>
    hidden(f(field)) ? SUPPRESSED : roundCount(value);
  const value = (v: number | null, dependsOn: readonly string[]): PublishedValue =>
    dependsOn.some(hidden) ? SUPPRESSED : v === null ? null : roundTo(v, MEAN_DECIMALS);
  const means = RESTS_ON.wellbeingMean;
  const change = means.change(w.instrument);
  return {
    instrument: w.instrument,
    higherIsBetter: w.higherIsBetter,
    randomised: count('randomised', w.randomised),
    withBaseline: count('withBaseline', w.withBaseline),
    due: count('due', w.due),
    withFollowUp: count('withFollowUp', w.withFollowUp),
    missingFollowUp: count('missingFollowUp', w.due - w.withFollowUp),
    baselineMean: value(w.baselineMean, means.baselineMean(w.instrument)),
    followUpMean: value(w.followUpMean, means.followUpMean(w.instrument)),
    change: {
      n: count('change.n', w.change.n),
      mean: value(w.change.mean, change),
      lower: value(w.change.lower, change),
      upper: value(w.change.upper, change),
    },
  };
}

function publishGroupV1(row: string, group: OutcomeGroup, plan: SuppressionPlan): PublishedOutcomeGroup {
  const hidden = (field: string) => plan.suppressed.has(`${row}/${field}`);
  const count = (field: string, value: number): PublishedCount =>
    hidden(field) ? SUPPRESSED : roundCount(value);
  const value = (v: number | null, decimals: number, ...dependsOn: string[]): PublishedValue =>
    dependsOn.some(hidden) ? SUPPRESSED : v === null ? null : roundTo(v, decimals);
  const proportion = (p: (typeof PROPORTIONS)[number]): PublishedProportion => {
    const o = group[p];
    const deps = [`${p}.numerator`, `${p}.denominator`];
    return {
      numerator: count(`${p}.numerator`, o.numerator),
      denominator: count(`${p}.denominator`, o.denominator),
      rate: value(o.rate, PROPORTION_DECIMALS, ...deps),
      lower: value(o.lower, PROPORTION_DECIMALS, ...deps),
      upper: value(o.upper, PROPORTION_DECIMALS, ...deps),
    };
  };
  const flow = Object.fromEntries(
    FLOW_FIELDS.map((f) => [f, count(`flow.${f}`, group.flow[f])]),
  ) as PublishedOutcomeGroup['flow'];
  return {
    key: { ...group.key },
    flow,
    firstJob: {
      n: count('firstJob.n', group.firstJob.n),
      events: count('firstJob.events', group.firstJob.events),
      medianDays: value(group.firstJob.medianDays, 0, 'firstJob.n', 'firstJob.events'),
      at: group.firstJob.at.map((p) => {
        const deps = ['firstJob.n', `firstJob.at${p.day}.atRisk`, `firstJob.at${p.day}.events`];
        return {
          day: p.day,
          cumulativeIncidence: value(p.cumulativeIncidence, PROPORTION_DECIMALS, ...deps),
          lower: value(p.lower, PROPORTION_DECIMALS, ...deps),
          upper: value(p.upper, PROPORTION_DECIMALS, ...deps),
          atRisk: count(`firstJob.at${p.day}.atRisk`, p.atRisk),
        };
      }),
    },
    jobStart12m: proportion('jobStart12m'),
    sustained13w: proportion('sustained13w'),
    sustained26w: proportion('sustained26w'),
    hours16Plus: {
      ...proportion('hours16Plus'),
      meanHours: value(group.hours16Plus.meanHours, MEAN_DECIMALS, 'hours16Plus.denominator'),
    },
    daysEmployed12m: {
      n: count('daysEmployed12m.n', group.daysEmployed12m.n),
      mean: value(group.daysEmployed12m.mean, MEAN_DECIMALS, 'daysEmployed12m.n'),
    },
    worked13wIn12m: proportion('worked13wIn12m'),
  };
}

function publishEffect(
  table: PreparedTable,
  effect: TreatmentEffect,
  plan: SuppressionPlan,
): PublishedEffect {
  const sides = effectCounts(table, effect);
  const hidden = (row: string | null, part: 'numerator' | 'denominator') =>
    row !== null && plan.suppressed.has(`${row}/${effect.metric}.${part}`);
  const side = (row: string | null, stated: { numerator: number; denominator: number }) => ({
    numerator: hidden(row, 'numerator') ? SUPPRESSED : roundCount(stated.numerator),
    denominator: hidden(row, 'denominator') ? SUPPRESSED : roundCount(stated.denominator),
  });
  const withheld = sides.some(({ row }) => hidden(row, 'numerator') || hidden(row, 'denominator'));
  const value = (v: number | null): PublishedValue =>
    withheld ? SUPPRESSED : v === null ? null : roundTo(v, PROPORTION_DECIMALS);
  const published: PublishedEffect = {
    key: { ...effect.key },
    metric: effect.metric as EffectMetric,
    ips: side(sides[0].row, effect.ips),
    usualCare: side(sides[1].row, effect.usualCare),
    riskDifference: value(effect.riskDifference),
    lower: value(effect.lower),
    upper: value(effect.upper),
  };
  if (!hasStratified(effect)) return published;
  const rows = sides.map(({ row }) => row);
  const stratifiedWithheld = withheldBy(
    plan,
    armDependencies(rows, RESTS_ON.eachArm.stratified(effect.metric)),
  );
  const s = effect.stratified;
  const estimate = (v: number | null): PublishedValue =>
    stratifiedWithheld ? SUPPRESSED : v === null ? null : roundTo(v, PROPORTION_DECIMALS);
  const v2: PublishedEffectV2 = {
    ...published,
    stratified: {
      strata: s.strata,
      riskDifference: estimate(s.riskDifference),
      lower: estimate(s.lower),
      upper: estimate(s.upper),
    },
  };
  return v2;
}

/** True when any of the counts is hidden: the figure resting on them is withheld. */
function withheldBy(plan: SuppressionPlan, dependsOn: readonly string[]): boolean {
  return dependsOn.some((id) => plan.suppressed.has(id));
}

function publishComparison(
  table: PreparedTable,
  c: ArmComparison,
  plan: SuppressionPlan,
): PublishedArmComparison {
  const rows = comparisonRows(table, c);
  const cid = comparisonId(table, c);
  const armCount = (row: string | null, field: string, value: number): PublishedCount =>
    row !== null && plan.suppressed.has(`${row}/${field}`) ? SUPPRESSED : roundCount(value);
  const figure =
    (withheld: boolean, round: (v: number) => number) =>
    (v: number | null): PublishedValue =>
      withheld ? SUPPRESSED : v === null ? null : round(v);
  const p = (v: number) => roundSignificant(v, P_VALUE_DIGITS);
  const ratio = (v: number) => roundTo(v, RATIO_DECIMALS);
  const mean = (v: number) => roundTo(v, MEAN_DECIMALS);

  const { logRank: lr, hazardRatio: hr } = c.firstJob;
  const lrWithheld = withheldBy(plan, armDependencies(rows, RESTS_ON.eachArm.logRankStatistics()));
  const hrWithheld = withheldBy(plan, armDependencies(rows, RESTS_ON.eachArm.hazardRatio()));
  const wellbeing = c.wellbeing.map((w: WellbeingComparison) => {
    const withheld = withheldBy(
      plan,
      armDependencies(rows, RESTS_ON.eachArm.wellbeingDifference(w.instrument)),
    );
    const nField = `wellbeing.${w.instrument}.change.n`;
    const nId = `${cid}/wellbeing.${w.instrument}.n`;
    return {
      instrument: w.instrument,
      higherIsBetter: w.higherIsBetter,
      n: plan.suppressed.has(nId) ? SUPPRESSED : roundCount(w.n),
      nIps: armCount(rows[0], nField, w.nIps),
      nUsualCare: armCount(rows[1], nField, w.nUsualCare),
      adjustedDifference: figure(withheld, mean)(w.adjustedDifference),
      lower: figure(withheld, mean)(w.lower),
      upper: figure(withheld, mean)(w.upper),
      p: figure(withheld, p)(w.p),
    };
  });
  return {
    key: { ...c.key },
    firstJob: {
      strata: c.firstJob.strata,
      logRank: {
        observedIps: armCount(rows[0], 'firstJob.events', lr.observedIps),
        expectedIps: figure(lrWithheld, mean)(lr.expectedIps),
        observedUsualCare: armCount(rows[1], 'firstJob.events', lr.observedUsualCare),
        expectedUsualCare: figure(lrWithheld, mean)(lr.expectedUsualCare),
        chiSquare: figure(lrWithheld, ratio)(lr.chiSquare),
        p: figure(lrWithheld, p)(lr.p),
      },
      hazardRatio: {
        estimate: figure(hrWithheld, ratio)(hr.estimate),
        lower: figure(hrWithheld, ratio)(hr.lower),
        upper: figure(hrWithheld, ratio)(hr.upper),
        p: figure(hrWithheld, p)(hr.p),
      },
    },
    wellbeing,
  };
}

function effectId(table: PreparedTable, effect: TreatmentEffect): string {
  return `${table.input.name}/effect${JSON.stringify(table.groupBy.filter((d) => d !== 'arm').map((d) => effect.key[d] ?? null))}/${effect.metric}`;
}

/** Stable id of a table row: the table and its key values in groupBy order. */
function rowId(table: string, groupBy: readonly GroupDimension[], key: GroupKey): string {
  return `${table}${JSON.stringify(groupBy.map((d) => key[d] ?? null))}`;
}

function isStrictSubset(small: readonly GroupDimension[], large: readonly GroupDimension[]): boolean {
  return small.length < large.length && small.every((d) => large.includes(d));
}

/** First jobs found by `day`: the events of the curve's steps up to it. */
export function eventsBy(curve: KaplanMeierCurve, day: number): number {
  let events = 0;
  for (const step of curve.steps) {
    if (step.time > day) break;
    events += step.events;
  }
  return events;
}
