/** Receives progress of long runs (training, sweeps); the CLI shows a bar, libraries stay silent. */
export interface ProgressReporter {
  /** A run of `total` units begins. */
  start(total: number, label?: string): void;
  /** `done` units are finished; `info` carries metrics to show (loss, error...). */
  update(done: number, info?: Readonly<Record<string, number | string>>): void;
  /** The run ended. */
  finish(): void;
}

/** The default reporter: reports nothing. */
export class SilentProgressReporter implements ProgressReporter {
  /** Does nothing. */
  start(): void {}
  /** Does nothing. */
  update(): void {}
  /** Does nothing. */
  finish(): void {}
}
