import {
  comparisonColumns,
  comparisonRow,
  effectColumns,
  effectRow,
  outcomeGroupColumns,
  outcomeGroupRow,
  stratifiedEffectColumns,
  stratifiedEffectCells,
  toCsv,
  WELLBEING_INSTRUMENTS,
  type ArmComparison,
  type GroupDimension,
  type OutcomeGroup,
  type TreatmentEffect,
  type TreatmentEffectV2,
} from '@ips/contracts';
import {
  isPublishedTableV2,
  type PublishedEffect,
  type PublishedOutcomeGroup,
  type PublishedWellbeingSummary,
} from '@ips/domain';
import { REPORT_TABLES, type ReportContent, type ReportTableName } from '../report-types';

// The CSV form (DESIGN §8): tidy tables, one row per group, one column per figure, named
// by its JSON path as in the query API's CSV. Suppressed and withheld figures are `*`,
// figures that cannot be estimated are empty.
//   outcomes        every outcome table stacked, with a `table` column (the default)
//   <table name>    one table with only its own key columns (trial, byArm, ...)
//   effects         every IPS − usual care difference, stacked with a `table` column
//   firstJobCurves  the drawn time-to-first-job curves by arm
// Reports of definitions version 2 (DESIGN §6a, §6b) also have, and the version-1 sections
// of a version-1 report stay exactly as they were:
//   outcomes, <table>  each group row gains `wellbeing.<instrument>.<field>` columns
//   effects         each row gains its `stratified.*` columns (site-stratified difference)
//   comparisons     log-rank, hazard ratio and adjusted wellbeing differences, one row per comparison
//   wellbeing       the wellbeing table in long form: one row per group and instrument
// and any report published with a monitoring plan (DESIGN §6c):
//   monitoring      the looks of the monitoring plan up to this report

export const CSV_SECTIONS = [
  'outcomes',
  ...REPORT_TABLES.map((t) => t.name),
  'effects',
  'firstJobCurves',
  'comparisons',
  'wellbeing',
  'monitoring',
] as const;
export type CsvSection = (typeof CSV_SECTIONS)[number];

/** A section this report does not have (a version-1 report has no comparisons; no plan, no monitoring). */
export class MissingCsvSectionError extends Error {}

const ALL_DIMENSIONS: GroupDimension[] = ['site', 'arm', 'condition', 'cohort'];
/** effects compare the arms, so their keys never hold one */
const EFFECT_DIMENSIONS: GroupDimension[] = ['site', 'condition', 'cohort'];
/** in a stacked table, a dimension the row's table is not grouped by */
const NOT_GROUPED = '(all)';

export function isCsvSection(value: string): value is CsvSection {
  return (CSV_SECTIONS as readonly string[]).includes(value);
}

export function reportCsv(content: ReportContent, section: CsvSection): string {
  switch (section) {
    case 'outcomes':
      return stackedOutcomes(content);
    case 'effects':
      return stackedEffects(content);
    case 'firstJobCurves':
      return curves(content);
    case 'comparisons':
      return stackedComparisons(content);
    case 'wellbeing':
      return wellbeingLong(content);
    case 'monitoring':
      return monitoringLooks(content);
    default:
      return singleTable(content, section);
  }
}

function singleTable(content: ReportContent, name: ReportTableName): string {
  const table = content.tables[name];
  const v2 = isVersion2(content);
  return toCsv(
    [...outcomeGroupColumns(table.groupBy), ...(v2 ? wellbeingColumns() : [])],
    table.groups.map((g) => [
      ...outcomeGroupRow(asContractGroup(g), table.groupBy),
      ...(v2 ? wellbeingCells(g) : []),
    ]),
  );
}

function stackedOutcomes(content: ReportContent): string {
  const v2 = isVersion2(content);
  const measures = [...outcomeGroupColumns([]), ...(v2 ? wellbeingColumns() : [])];
  const rows = REPORT_TABLES.flatMap(({ name }) => {
    const table = content.tables[name];
    return table.groups.map((g) => [
      name,
      ...keyCells(g.key, table.groupBy, ALL_DIMENSIONS),
      ...outcomeGroupRow(asContractGroup(g), []),
      ...(v2 ? wellbeingCells(g) : []),
    ]);
  });
  return toCsv(['table', ...ALL_DIMENSIONS.map((d) => `key.${d}`), ...measures], rows);
}

function stackedEffects(content: ReportContent): string {
  const v2 = isVersion2(content);
  const rows = REPORT_TABLES.flatMap(({ name }) => {
    const table = content.tables[name];
    return table.effects.map((e) => [
      name,
      ...keyCells(e.key, table.groupBy, EFFECT_DIMENSIONS),
      ...effectRow(asContractEffect(e), []),
      ...(v2 ? stratifiedEffectCells(e as unknown as TreatmentEffectV2) : []),
    ]);
  });
  return toCsv(
    [
      'table',
      ...EFFECT_DIMENSIONS.map((d) => `key.${d}`),
      ...effectColumns([]),
      ...(v2 ? stratifiedEffectColumns() : []),
    ],
    rows,
  );
}

/** DESIGN §6a/§6b: the comparisons of every table that has arms, stacked, columns as the query API's `?section=comparisons`. */
function stackedComparisons(content: ReportContent): string {
  const rows = version2Tables(content, 'comparisons').flatMap(({ name, table }) =>
    table.comparisons.map((c) => [
      name,
      ...keyCells(c.key, table.groupBy, EFFECT_DIMENSIONS),
      // published figures have the §7 shape with `*` where withheld, passed through as text
      ...comparisonRow(c as unknown as ArmComparison, []),
    ]),
  );
  return toCsv(['table', ...EFFECT_DIMENSIONS.map((d) => `key.${d}`), ...comparisonColumns([])], rows);
}

const WELLBEING_FIELDS: [string, (w: PublishedWellbeingSummary) => string | number | null][] = [
  ['higherIsBetter', (w) => String(w.higherIsBetter)],
  ['randomised', (w) => w.randomised],
  ['withBaseline', (w) => w.withBaseline],
  ['due', (w) => w.due],
  ['withFollowUp', (w) => w.withFollowUp],
  ['missingFollowUp', (w) => w.missingFollowUp],
  ['baselineMean', (w) => w.baselineMean],
  ['followUpMean', (w) => w.followUpMean],
  ['change.n', (w) => w.change.n],
  ['change.mean', (w) => w.change.mean],
  ['change.lower', (w) => w.change.lower],
  ['change.upper', (w) => w.change.upper],
];

/** DESIGN §7's `wellbeing.<instrument>.<field>` columns, every instrument in contract order, with the report's missingFollowUp. */
function wellbeingColumns(): string[] {
  return WELLBEING_INSTRUMENTS.flatMap((i) => WELLBEING_FIELDS.map(([f]) => `wellbeing.${i}.${f}`));
}

function wellbeingCells(group: PublishedOutcomeGroup): (string | number | null)[] {
  const wellbeing = 'wellbeing' in group ? (group.wellbeing as PublishedWellbeingSummary[]) : [];
  return WELLBEING_INSTRUMENTS.flatMap((instrument) => {
    const w = wellbeing.find((x) => x.instrument === instrument);
    if (w === undefined) throw new Error(`wellbeing of a group lacks ${instrument}`);
    return WELLBEING_FIELDS.map(([, cell]) => cell(w));
  });
}

/** DESIGN §6b per arm and instrument, long form: a row per group of every table and instrument. */
function wellbeingLong(content: ReportContent): string {
  const rows = version2Tables(content, 'wellbeing').flatMap(({ name, table }) =>
    table.groups.flatMap((g) =>
      g.wellbeing.map((w) => [
        name,
        ...keyCells(g.key, table.groupBy, ALL_DIMENSIONS),
        w.instrument,
        ...WELLBEING_FIELDS.map(([, cell]) => cell(w)),
      ]),
    ),
  );
  return toCsv(
    ['table', ...ALL_DIMENSIONS.map((d) => `key.${d}`), 'instrument', ...WELLBEING_FIELDS.map(([f]) => f)],
    rows,
  );
}

/** DESIGN §6c: the monitoring table, one row per look; the plan repeated on each row. */
function monitoringLooks(content: ReportContent): string {
  const m = content.monitoring;
  if (m === undefined)
    throw new MissingCsvSectionError(
      'this report has no monitoring section: the trial had no monitoring plan when it was published',
    );
  return toCsv(
    [
      'look',
      'asOf',
      'informationFraction',
      'z',
      'boundary',
      'nominalP',
      'alphaSpent',
      'crossed',
      'thisReport',
      'primaryOutcome',
      'plannedParticipants',
      'alpha',
    ],
    m.looks.map((l) => [
      l.look,
      l.asOf,
      l.informationFraction,
      l.z,
      l.boundary,
      l.nominalP,
      l.alphaSpent,
      String(l.crossed),
      String(l.look === m.thisLook),
      m.primaryOutcome,
      m.plannedParticipants,
      m.alpha,
    ]),
  );
}

function isVersion2(content: ReportContent): boolean {
  return isPublishedTableV2(content.tables.trial);
}

function version2Tables(content: ReportContent, section: CsvSection) {
  if (!isVersion2(content))
    throw new MissingCsvSectionError(
      `this report has no ${section} section: it was published under definitions version ${content.definitionsVersion}`,
    );
  return REPORT_TABLES.map(({ name }) => ({ name, table: content.tables[name] })).flatMap(
    ({ name, table }) => (isPublishedTableV2(table) ? [{ name, table }] : []),
  );
}

function curves(content: ReportContent): string {
  const rows = content.firstJobCurves.flatMap(({ key, curve }) =>
    curve === '*'
      ? [[key.arm ?? null, '*', '*', '*', '*', '*']]
      : curve.points.map((p) => [
          key.arm ?? null,
          p.day,
          p.cumulativeIncidence,
          p.lower,
          p.upper,
          curve.drawnToDay,
        ]),
  );
  return toCsv(['key.arm', 'day', 'cumulativeIncidence', 'lower', 'upper', 'drawnToDay'], rows);
}

/** One cell per column dimension: the key's value (empty when the group lacks it), or (all) where the table is not split by it. */
function keyCells(
  key: Record<string, string | null | undefined>,
  groupBy: readonly GroupDimension[],
  columns: readonly GroupDimension[],
): (string | null)[] {
  return columns.map((d) => (groupBy.includes(d) ? (key[d] ?? null) : NOT_GROUPED));
}

// The contract's CSV helpers take §7 groups; a published group has the same shape with
// `*` strings where figures are withheld, which the helpers pass through as text.
function asContractGroup(group: PublishedOutcomeGroup): OutcomeGroup {
  return group as unknown as OutcomeGroup;
}

function asContractEffect(effect: PublishedEffect): TreatmentEffect {
  return effect as unknown as TreatmentEffect;
}
