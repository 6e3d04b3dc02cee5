import {
  effectColumns,
  effectRow,
  outcomeGroupColumns,
  outcomeGroupRow,
  toCsv,
  type GroupDimension,
  type OutcomeGroup,
  type TreatmentEffect,
} from '@ips/contracts';
import type { PublishedEffect, PublishedOutcomeGroup } from '@ips/domain';
import { REPORT_TABLES, type ReportContent, type ReportTableName } from '../report-types';

// The CSV form (DESIGN §8): tidy tables, one row per group, one column per figure, named
// by its JSON path as in the query API's CSV. Suppressed and withheld figures are `*`,
// figures that cannot be estimated are empty.
//   outcomes        every outcome table stacked, with a `table` column (the default)
//   <table name>    one table with only its own key columns (trial, byArm, ...)
//   effects         every IPS − usual care difference, stacked with a `table` column
//   firstJobCurves  the drawn time-to-first-job curves by arm

export const CSV_SECTIONS = [
  'outcomes',
  ...REPORT_TABLES.map((t) => t.name),
  'effects',
  'firstJobCurves',
] as const;
export type CsvSection = (typeof CSV_SECTIONS)[number];

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
    default:
      return singleTable(content, section);
  }
}

function singleTable(content: ReportContent, name: ReportTableName): string {
  const table = content.tables[name];
  return toCsv(
    outcomeGroupColumns(table.groupBy),
    table.groups.map((g) => outcomeGroupRow(asContractGroup(g), table.groupBy)),
  );
}

function stackedOutcomes(content: ReportContent): string {
  const measures = outcomeGroupColumns([]);
  const rows = REPORT_TABLES.flatMap(({ name }) => {
    const table = content.tables[name];
    return table.groups.map((g) => [
      name,
      ...keyCells(g.key, table.groupBy, ALL_DIMENSIONS),
      ...outcomeGroupRow(asContractGroup(g), []),
    ]);
  });
  return toCsv(['table', ...ALL_DIMENSIONS.map((d) => `key.${d}`), ...measures], rows);
}

function stackedEffects(content: ReportContent): string {
  const rows = REPORT_TABLES.flatMap(({ name }) => {
    const table = content.tables[name];
    return table.effects.map((e) => [
      name,
      ...keyCells(e.key, table.groupBy, EFFECT_DIMENSIONS),
      ...effectRow(asContractEffect(e), []),
    ]);
  });
  return toCsv(['table', ...EFFECT_DIMENSIONS.map((d) => `key.${d}`), ...effectColumns([])], rows);
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
