import cliProgress from 'cli-progress';
import type { ProgressReporter } from '@odeflow/core';

/** Where the bar is drawn and whether to draw it. */
export interface ProgressBarOptions {
  /** Stream the bar is drawn on (default: process.stderr, so stdout stays clean for results). */
  readonly stream?: NodeJS.WriteStream;
  /** Draw the bar (default: only when both stdout and the bar's stream are terminals). */
  readonly enabled?: boolean;
}

/**
 * A {@link ProgressReporter} drawing a cli-progress bar with the latest metrics (loss...). Quiet — it draws
 * nothing at all — when output is not a terminal, so piped or redirected runs get no control characters.
 */
export class ProgressBarReporter implements ProgressReporter {
  /** Whether this reporter draws anything. */
  readonly enabled: boolean;
  private readonly stream: NodeJS.WriteStream;
  private bar: cliProgress.SingleBar | undefined;

  /** @param options - stream and whether to draw */
  constructor(options: ProgressBarOptions = {}) {
    this.stream = options.stream ?? process.stderr;
    this.enabled = options.enabled ?? (process.stdout.isTTY === true && this.stream.isTTY === true);
  }

  /** Start a bar of `total` units labelled `label`. */
  start(total: number, label = 'run'): void {
    if (!this.enabled) return;
    this.bar?.stop();
    this.bar = new cliProgress.SingleBar(
      { stream: this.stream, format: `${label} [{bar}] {percentage}% | {value}/{total} | ETA {eta_formatted} | {info}`, hideCursor: true, clearOnComplete: false },
      cliProgress.Presets.shades_classic,
    );
    this.bar.start(total, 0, { info: '' });
  }

  /** Move the bar to `done`, showing `info` (e.g. the loss). */
  update(done: number, info?: Readonly<Record<string, number | string>>): void {
    if (!this.bar) return;
    this.bar.update(done, info ? { info: Object.entries(info).map(([k, v]) => `${k} ${v}`).join(' ') } : {});
  }

  /** Stop the bar and move to the next line. */
  finish(): void {
    this.bar?.stop();
    this.bar = undefined;
  }
}
