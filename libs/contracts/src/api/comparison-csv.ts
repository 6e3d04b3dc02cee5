import { wellbeingComparisonCells, wellbeingComparisonColumns } from './outcome-csv';
import type { ArmComparison, GroupDimension, TreatmentEffectV2 } from './outcomes';

// CSV forms of the version-2 comparisons (DESIGN §7): each effect row gains its
// `stratified.*` columns; `?section=comparisons` gives one row per comparison, a column per
// leaf named by its JSON path (firstJob.logRank.chiSquare, wellbeing.phq9.p, ...).

type Cell = string | number | null;

export const OUTCOME_CSV_SECTIONS = ['groups', 'effects', 'comparisons'] as const;
export type OutcomeCsvSection = (typeof OUTCOME_CSV_SECTIONS)[number];

export function stratifiedEffectColumns(): string[] {
  return ['stratified.strata', 'stratified.riskDifference', 'stratified.lower', 'stratified.upper'];
}

export function stratifiedEffectCells(effect: TreatmentEffectV2): Cell[] {
  const s = effect.stratified;
  return [s.strata, s.riskDifference, s.lower, s.upper];
}

export function comparisonColumns(keyDims: readonly GroupDimension[]): string[] {
  return [
    ...keyDims.map((d) => `key.${d}`),
    'firstJob.strata',
    ...['observedIps', 'expectedIps', 'observedUsualCare', 'expectedUsualCare', 'chiSquare', 'p'].map(
      (f) => `firstJob.logRank.${f}`,
    ),
    ...['estimate', 'lower', 'upper', 'p'].map((f) => `firstJob.hazardRatio.${f}`),
    ...wellbeingComparisonColumns(),
  ];
}

export function comparisonRow(comparison: ArmComparison, keyDims: readonly GroupDimension[]): Cell[] {
  const { strata, logRank: lr, hazardRatio: hr } = comparison.firstJob;
  return [
    ...keyDims.map((d) => comparison.key[d] ?? null),
    strata,
    lr.observedIps,
    lr.expectedIps,
    lr.observedUsualCare,
    lr.expectedUsualCare,
    lr.chiSquare,
    lr.p,
    hr.estimate,
    hr.lower,
    hr.upper,
    hr.p,
    ...wellbeingComparisonCells(comparison.wellbeing),
  ];
}
