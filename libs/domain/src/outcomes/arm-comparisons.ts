import type {
  EffectMetric,
  FirstJobComparison,
  HazardRatio,
  LogRankTest,
  StratifiedRiskDifference,
} from '@ips/contracts';
import { coxHazardRatio } from '../statistics/cox-efron';
import type { SurvivalTallyRow } from '../statistics/kaplan-meier';
import { stratifiedLogRank } from '../statistics/log-rank';
import {
  mantelHaenszelRiskDifference,
  type StratifiedRiskDifferenceEstimate,
  type TwoByTwoStratum,
} from '../statistics/mantel-haenszel';
import type { TwoArmStratum } from '../statistics/two-arm-survival';
import type { ComparisonCut } from './comparison-cuts';
import type { SiteTally } from './group-tally';

// DESIGN §6a: the comparisons of a cut, stratified by the sites of its randomised
// participants (one stratum when the cut fixes a site). IPS is the treated arm (1).

interface SiteArms {
  ips: SiteTally[];
  usualCare: SiteTally[];
}

function sitesOf(cut: ComparisonCut): SiteArms[] {
  const sites = new Map<string, SiteArms>();
  for (const { arm, group } of cut.armed) {
    for (const [site, tally] of group.tally.sites) {
      let arms = sites.get(site);
      if (arms === undefined) {
        arms = { ips: [], usualCare: [] };
        sites.set(site, arms);
      }
      (arm === 'ips' ? arms.ips : arms.usualCare).push(tally);
    }
  }
  // sorted by site, so the floating-point sums never depend on arrival order
  return [...sites.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, arms]) => arms);
}

function survivalRows(tallies: readonly SiteTally[]): SurvivalTallyRow[] {
  const rows: SurvivalTallyRow[] = [];
  const days = tallies[0]?.firstJobEventsByDay.length ?? 0;
  for (let day = 0; day < days; day++) {
    let events = 0;
    let censored = 0;
    for (const t of tallies) {
      events += t.firstJobEventsByDay[day];
      censored += t.firstJobCensoredByDay[day];
    }
    if (events > 0 || censored > 0) rows.push({ time: day, events, censored });
  }
  return rows;
}

/** §6a time to first job: stratified log-rank and Cox hazard ratio, IPS vs usual care. */
export function firstJobComparison(cut: ComparisonCut): FirstJobComparison {
  const strata: TwoArmStratum[] = sitesOf(cut).map((s) => ({
    treated: survivalRows(s.ips),
    control: survivalRows(s.usualCare),
  }));
  const bothArms = strata.filter((s) => s.treated.length > 0 && s.control.length > 0).length;
  const lr = stratifiedLogRank(strata);
  const logRank: LogRankTest = {
    observedIps: lr.observedTreated,
    expectedIps: lr.expectedTreated,
    observedUsualCare: lr.observedControl,
    expectedUsualCare: lr.expectedControl,
    chiSquare: lr.chiSquare,
    p: lr.p,
  };
  const hr = coxHazardRatio(strata);
  const hazardRatio: HazardRatio = {
    estimate: hr?.estimate ?? null,
    lower: hr?.lower ?? null,
    upper: hr?.upper ?? null,
    p: hr?.p ?? null,
  };
  return { strata: bothArms, logRank, hazardRatio };
}

/** §6a `effects[].stratified`: Mantel–Haenszel risk difference over the sites, Sato's variance. */
export function stratifiedEffect(cut: ComparisonCut, metric: EffectMetric): StratifiedRiskDifference {
  const d = stratifiedEstimate(cut, metric);
  return {
    strata: d?.strata ?? 0,
    riskDifference: d?.riskDifference ?? null,
    lower: d?.lower ?? null,
    upper: d?.upper ?? null,
  };
}

/** The same Mantel–Haenszel estimate with its standard error (§6c's Z), null without a stratum holding both arms. */
export function stratifiedEstimate(
  cut: ComparisonCut,
  metric: EffectMetric,
): StratifiedRiskDifferenceEstimate | null {
  const strata: TwoByTwoStratum[] = sitesOf(cut).map((s) => {
    const sum = (tallies: SiteTally[]) =>
      tallies.reduce(
        (acc, t) => ({
          successes: acc.successes + t[metric].successes,
          trials: acc.trials + t[metric].trials,
        }),
        { successes: 0, trials: 0 },
      );
    const ips = sum(s.ips);
    const usualCare = sum(s.usualCare);
    return {
      successesTreated: ips.successes,
      trialsTreated: ips.trials,
      successesControl: usualCare.successes,
      trialsControl: usualCare.trials,
    };
  });
  return mantelHaenszelRiskDifference(strata);
}
