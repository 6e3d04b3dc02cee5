import { appendFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { TEST_OUTPUT } from '../../support/service-process';
import type { FaultSystem } from './fault-system';
import { sleep } from './fault-system';
import { LoadGenerator, type LoadOptions } from './load-generator';
import { checkPromises, expectPromisesKept, type PromiseReport } from './promises';

export const DEFAULT_LOAD: LoadOptions = {
  participants: 2_500,
  seed: 1,
  clientsPerSite: 2,
  batchMin: 1,
  batchMax: 150,
  eventsPerSecond: 300,
  readsPerSecond: 5,
};

export function loadFor(system: FaultSystem, options: Partial<LoadOptions> = {}): LoadGenerator {
  return new LoadGenerator(
    {
      ingestUrl: () => system.ingestUrl,
      queryUrl: () => system.queryUrl,
      sites: system.sites,
      trialId: system.trialId,
      evaluatorKey: system.evaluatorKey,
      sitePrefix: `${system.tag}-`,
    },
    { ...DEFAULT_LOAD, ...options },
  );
}

/**
 * Runs one scenario: the load streams while `faults` injects its faults; poison goes onto
 * the topic at the start, in the middle and at the end; then, once everything is quiet,
 * the four promises are checked exactly. Figures go to test-output/fault-runs.ndjson.
 */
export async function runScenario(
  name: string,
  system: FaultSystem,
  load: LoadGenerator,
  faults: (load: LoadGenerator) => Promise<Record<string, unknown> | void>,
): Promise<PromiseReport> {
  const started = Date.now();
  const writing = load.start();
  let faultFigures: Record<string, unknown> | void;
  try {
    await load.injectPoison(system.bootstrap, system.topic, 4);
    const midway = load.waitForProgress(0.5).then(() => load.injectPoison(system.bootstrap, system.topic, 3));
    faultFigures = await faults(load);
    await midway;
    await writing;
    await load.injectPoison(system.bootstrap, system.topic, 3);
  } catch (err) {
    // never leave the load running after a failed step
    load.stop();
    await writing.catch(() => undefined);
    throw err;
  }
  const report = await checkPromises(system, load);
  const seconds = Math.round((Date.now() - started) / 1000);
  record({
    scenario: name,
    at: new Date().toISOString(),
    seconds,
    load: load.summary(),
    faults: faultFigures ?? {},
    report: summarise(report),
  });
  expectPromisesKept(report, load);
  return report;
}

/** Random pause in [min, max] ms. */
export function jitter(min: number, max: number): Promise<void> {
  return sleep(min + Math.random() * (max - min));
}

function summarise(report: PromiseReport) {
  return {
    acknowledged: report.storedOnce.acknowledged,
    stored: report.storedOnce.stored,
    journeys: report.journeys.stored,
    outcomeAnswersChecked: report.outcomes.checked,
    poison: report.deadLetters.poisonOnTopic,
    dlqMessages: report.deadLetters.dlqMessages,
    dlqRepeats: report.deadLetters.dlqRepeats,
    deadLetterRows: report.deadLetters.tableRows,
    quiescenceSeconds: Math.round(report.quiescenceSeconds * 10) / 10,
    problems:
      report.storedOnce.missing.length +
      report.storedOnce.unacknowledged.length +
      report.storedOnce.duplicated +
      report.journeys.differing.length +
      report.outcomes.differing.length +
      report.deadLetters.dlqMissing.length +
      report.deadLetters.dlqUnexpected.length +
      report.deadLetters.tableMismatch.length,
  };
}

export function record(entry: Record<string, unknown>): void {
  mkdirSync(TEST_OUTPUT, { recursive: true });
  appendFileSync(join(TEST_OUTPUT, 'fault-runs.ndjson'), `${JSON.stringify(entry)}\n`);
  process.stdout.write(`${JSON.stringify(entry)}\n`);
}
