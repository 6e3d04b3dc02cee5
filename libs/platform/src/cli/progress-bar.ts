/**
 * A progress line for long-running commands (replay, simulation, benchmarks), written to
 * stderr so stdout stays machine-readable. On a terminal it redraws in place; otherwise it
 * prints a line every `everyPercent` so CI logs show movement without flooding.
 */
export class ProgressBar {
  private done = 0;
  private readonly started = Date.now();
  private lastDrawn = 0;
  private lastPercentPrinted = -1;
  private readonly tty: boolean;

  constructor(
    private readonly label: string,
    private total: number,
    private readonly opts: { unit?: string; everyPercent?: number; stream?: NodeJS.WriteStream } = {},
  ) {
    this.tty = Boolean((opts.stream ?? process.stderr).isTTY);
  }

  setTotal(total: number): void {
    this.total = total;
  }

  tick(by = 1): void {
    this.done += by;
    this.draw(false);
  }

  update(done: number): void {
    this.done = done;
    this.draw(false);
  }

  finish(): void {
    this.draw(true);
  }

  private draw(final: boolean): void {
    const now = Date.now();
    const pct = this.total > 0 ? Math.min(100, Math.floor((this.done / this.total) * 100)) : 100;
    const stream = this.opts.stream ?? process.stderr;
    if (this.tty) {
      if (!final && now - this.lastDrawn < 100) return;
      this.lastDrawn = now;
      const width = 30;
      const filled = Math.round((pct / 100) * width);
      stream.write(
        `\r${this.label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${pct}% ${this.detail(now)}${final ? '\n' : ''}`,
      );
      return;
    }
    const every = this.opts.everyPercent ?? 10;
    if (pct === this.lastPercentPrinted || (!final && pct % every !== 0)) return;
    this.lastPercentPrinted = pct;
    stream.write(`${this.label} ${pct}% ${this.detail(now)}\n`);
  }

  private detail(now: number): string {
    const seconds = Math.max((now - this.started) / 1000, 0.001);
    const rate = Math.round(this.done / seconds);
    const unit = this.opts.unit ?? 'items';
    return `${this.done.toLocaleString('en-GB')}/${this.total.toLocaleString('en-GB')} ${unit} · ${rate.toLocaleString('en-GB')} ${unit}/s · ${seconds.toFixed(1)} s`;
  }
}
