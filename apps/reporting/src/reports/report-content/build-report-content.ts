import type { GroupDimension } from '@ips/contracts';
import {
  discloseFirstJobCurve,
  discloseOutcomeTables,
  firstJobCurvesFromTally,
  outcomesV2FromTally,
  tallyGroups,
  type Journey,
  type OutcomeTableInput,
  type PublishedOutcomeTable,
} from '@ips/domain';
import {
  REPORT_FORMAT,
  REPORT_TABLES,
  type ReportContent,
  type ReportProvenance,
  type ReportTableName,
  type ReportType,
} from '../report-types';
import { firstAnniversary } from '../../schedules/schedule-calendar';

/** What a report is computed from: one consistent read of the trial. */
export interface ReportSnapshot {
  trial: { trialId: string; name: string; startDate: string };
  sites: { siteId: string; name: string }[];
  journeys: readonly Journey[];
  provenance: ReportProvenance;
}

export const DISCLOSURE_METHOD =
  'NHS Digital small-number rules: counts 1–7 shown as *, other counts rounded to the nearest 5; a rate, interval, estimate, mean or ' +
  'difference resting on a suppressed count is withheld (*); further counts hidden (secondary suppression) wherever totals would ' +
  'otherwise give a hidden count away.';

/**
 * The report: the outcome tables of DESIGN §7 for each cut of §8 at the as-of date, under
 * definitions version 2 (every table that has arms carries its §6a comparisons and
 * stratified differences, every group its §6b wellbeing), the time-to-first-job curves by
 * arm, all through disclosure control. Pure: the same
 * snapshot and as-of date give the same content, whatever order the journeys come in.
 */
export function buildReportContent(snapshot: ReportSnapshot, type: ReportType, asOf: string): ReportContent {
  const { trial } = snapshot;
  const inputs = REPORT_TABLES.map(({ name, groupBy }) => {
    const query = {
      trialId: trial.trialId,
      asOf,
      groupBy: groupBy as readonly GroupDimension[],
      cohortBy: 'quarter' as const,
      journeys: snapshot.journeys,
    };
    // one tally per table, for its outcomes and its curves
    const tallied = tallyGroups(query);
    return {
      name,
      outcomes: outcomesV2FromTally(query, tallied),
      firstJobCurves: firstJobCurvesFromTally(tallied),
    } satisfies OutcomeTableInput;
  });
  const disclosed = discloseOutcomeTables(inputs);
  const byArm = inputs.find((t) => t.name === 'byArm')!;
  const firstJobCurves = byArm.firstJobCurves
    .filter(({ key }) => key.arm === 'ips' || key.arm === 'usual_care')
    .map(({ key, curve }) => ({ key: { ...key }, curve: discloseFirstJobCurve(curve) }));
  return {
    reportFormat: REPORT_FORMAT,
    trialId: trial.trialId,
    trial: {
      name: trial.name,
      startDate: trial.startDate,
      firstAnniversary: firstAnniversary(trial.startDate),
    },
    type,
    asOf,
    definitionsVersion: inputs[0].outcomes.definitionsVersion,
    cohortBy: 'quarter',
    provenance: {
      topic: snapshot.provenance.topic,
      consumerGroup: snapshot.provenance.consumerGroup,
      offsets: [...snapshot.provenance.offsets].sort((a, b) => a.partition - b.partition),
      eventCount: snapshot.provenance.eventCount,
    },
    sites: [...snapshot.sites].sort((a, b) => (a.siteId < b.siteId ? -1 : a.siteId > b.siteId ? 1 : 0)),
    tables: disclosed.tables as Record<ReportTableName, PublishedOutcomeTable>,
    firstJobCurves,
    disclosure: { method: DISCLOSURE_METHOD, suppressed: disclosed.suppressed },
  };
}
