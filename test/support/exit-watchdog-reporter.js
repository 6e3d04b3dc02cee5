// A jest reporter (jest.config.js): when a run has ended, jest must exit by itself. If
// something still holds the event loop open (a timer, a socket, a child process: a leak in a
// test or its support code), jest would wait forever and CI would sit until its own time
// limit. Once the run has ended this gives the process `graceMs` more (JEST_EXIT_GRACE_MS,
// default 30 s), then names what is still open and exits with 1, so the leak fails the run
// in seconds and says where to look. Not a substitute for finding the leak: each one found
// is fixed at its cause (docs/decisions.md, issue 10).
'use strict';

class ExitWatchdogReporter {
  constructor(_globalConfig, options = {}) {
    this.graceMs = Number(process.env.JEST_EXIT_GRACE_MS ?? options.graceMs ?? 30_000);
  }

  onRunComplete() {
    const timer = setTimeout(() => {
      const open = (process.getActiveResourcesInfo?.() ?? []).filter((r) => r !== 'TTYWrap');
      process.stderr.write(
        `\n[exit-watchdog] jest did not exit ${Math.round(this.graceMs / 1000)} s after the run ended: ` +
          `something a test started is still open (${open.join(', ') || 'unknown'}). ` +
          `Failing the run instead of hanging; run jest with --detectOpenHandles to find it.\n`,
      );
      process.exit(1);
    }, this.graceMs);
    timer.unref(); // only fires if something else keeps the process alive
  }
}

module.exports = ExitWatchdogReporter;
