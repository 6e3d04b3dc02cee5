import type { EffectMetric, WellbeingInstrument } from '@ips/contracts';

// DESIGN §8 for the figures of definitions version 2 (§6a, §6b): "a comparison or a
// wellbeing figure that rests on a suppressed count is withheld". What each one rests on,
// in one place: the suppression model (whose audit assumes a published figure gives these
// counts away exactly) and the publication (which withholds the figure when any of them
// is hidden) both read it from here. Fields are relative to a table row, as in
// `disclose-outcome-tables.ts`; `eachArm` fields are read from both arms' rows of the
// comparison (IPS and usual care, same key otherwise).
//
// - log-rank observed first jobs per arm ARE counts: the arm row's `firstJob.events`,
//   published (rounded or `*`) exactly as that count is;
// - log-rank expected counts, chi-square and p, and the hazard ratio with its interval
//   and p, rest on each arm's number randomised and number of first jobs;
// - a stratified risk difference rests on the numerator and denominator of its metric in
//   each arm (those of the unstratified Newcombe difference beside it);
// - a wellbeing mean rests on the number it is a mean over (baseline: withBaseline,
//   follow-up: withFollowUp, change and its interval: change.n);
// - a baseline-adjusted wellbeing difference rests on each arm's number with both a
//   baseline and a follow-up (nIps, nUsualCare: the arm rows' change.n); its `n` is a count
//   (nIps + nUsualCare);
// - `strata` counts sites, not people, and is published as it is.
// Not modelled: what a stratified figure could tell about its strata's own counts beyond
// the arm totals (docs/decisions.md, "Disclosure control of version-2 figures").

export const WELLBEING_COUNT_FIELDS = [
  'randomised',
  'withBaseline',
  'due',
  'withFollowUp',
  'missingFollowUp',
  'change.n',
] as const;

export const RESTS_ON = {
  wellbeingMean: {
    baselineMean: (i: WellbeingInstrument) => [`wellbeing.${i}.withBaseline`],
    followUpMean: (i: WellbeingInstrument) => [`wellbeing.${i}.withFollowUp`],
    change: (i: WellbeingInstrument) => [`wellbeing.${i}.change.n`],
  },
  eachArm: {
    logRankStatistics: () => ['firstJob.n', 'firstJob.events'],
    hazardRatio: () => ['firstJob.n', 'firstJob.events'],
    stratified: (metric: EffectMetric) => [`${metric}.numerator`, `${metric}.denominator`],
    wellbeingDifference: (i: WellbeingInstrument) => [`wellbeing.${i}.change.n`],
  },
} as const;

/** The count ids a comparison figure rests on: each field in each arm row present (null: the arm has nobody in the cut). */
export function armDependencies(rows: readonly (string | null)[], fields: readonly string[]): string[] {
  return rows.flatMap((row) => (row === null ? [] : fields.map((f) => `${row}/${f}`)));
}
