// The trial simulator's generator: pure and seeded, no I/O. The CLI, benchmarks and the
// demo call it through this module.
export { TrialSimulation } from './trial-simulation';
export { simulateSite, referralSchedule, type SimulatedUpload } from './site-simulation';
export {
  simulationConfig,
  defaultSites,
  DEFAULTS,
  DEFAULT_CONDITION_MIX,
  DEFAULT_MESS,
  NO_MESS,
  SimulationConfigError,
  type MessRates,
  type SimulatedSite,
  type SimulationConfig,
  type SimulationOptions,
} from './simulation-config';
export {
  SITE_PROFILES,
  SITE_PROFILE_NAMES,
  profileForSiteId,
  isSiteProfileName,
  type SiteProfileName,
} from './site-profiles';
export { INVALID_KINDS } from './site-mess';
export type { SimulationCounts, SiteSimulationStats, TrialSimulationStats } from './simulation-stats';
export { foldUploads, journeyTruth, TEST_TRIAL } from './fold-uploads';
