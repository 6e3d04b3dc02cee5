/**
 * A progress line for long-running commands (replay, simulation, benchmarks), written to
 * stderr so stdout stays machine-readable. On a terminal it redraws in place; otherwise it
 * prints a line every `everyPercent` so CI logs show movement without flooding. Until the
 * end it shows an estimate of the time left, from the average rate so far.
 */
export class ProgressBar {
  private done = 0;
  private readonly started: number;
  private lastDrawn = 0;
  private lastPercentPrinted = -1;
  private readonly tty: boolean;
  private readonly now: () => number;

  constructor(
    private readonly label: string,
    private total: number,
    private readonly opts: {
      unit?: string;
      everyPercent?: number;
      stream?: Pick<NodeJS.WriteStream, 'write' | 'isTTY'>;
      /** milliseconds; injected by tests */
      now?: () => number;
    } = {},
  ) {
    this.tty = Boolean((opts.stream ?? process.stderr).isTTY);
    this.now = opts.now ?? Date.now;
    this.started = this.now();
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
    const now = this.now();
    const pct = this.total > 0 ? Math.min(100, Math.floor((this.done / this.total) * 100)) : 100;
    const stream = this.opts.stream ?? process.stderr;
    if (this.tty) {
      if (!final && now - this.lastDrawn < 100) return;
      this.lastDrawn = now;
      const width = 30;
      const filled = Math.round((pct / 100) * width);
      stream.write(
        `\r${this.label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${pct}% ${this.detail(now, final)}\x1b[K${final ? '\n' : ''}`,
      );
      return;
    }
    const every = this.opts.everyPercent ?? 10;
    if (pct === this.lastPercentPrinted || (!final && pct % every !== 0)) return;
    this.lastPercentPrinted = pct;
    stream.write(`${this.label} ${pct}% ${this.detail(now, final)}\n`);
  }

  private detail(now: number, final: boolean): string {
    const seconds = Math.max((now - this.started) / 1000, 0.001);
    const rate = this.done / seconds;
    const unit = this.opts.unit ?? 'items';
    const left = final || this.done >= this.total ? '' : ` · ${timeLeft(this.total - this.done, rate)}`;
    return `${this.done.toLocaleString('en-GB')}/${this.total.toLocaleString('en-GB')} ${unit} · ${Math.round(rate).toLocaleString('en-GB')} ${unit}/s · ${seconds.toFixed(1)} s${left}`;
  }
}

/** "about 1 min 05 s left"; unknown before anything is done. */
export function timeLeft(remaining: number, ratePerSecond: number): string {
  if (remaining <= 0) return 'about 0 s left';
  if (!(ratePerSecond > 0)) return 'time left unknown';
  const s = Math.ceil(remaining / ratePerSecond);
  if (s < 60) return `about ${s} s left`;
  if (s < 3600) return `about ${Math.floor(s / 60)} min ${String(s % 60).padStart(2, '0')} s left`;
  return `about ${Math.floor(s / 3600)} h ${String(Math.floor((s % 3600) / 60)).padStart(2, '0')} min left`;
}
