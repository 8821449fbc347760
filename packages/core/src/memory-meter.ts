import { OdeflowError } from './odeflow-error.js';
import type { BackendMemory } from './tensor-backend.js';

/** Where a meter reads the bytes of live tensors: a backend's own accounting (`memory`, `resetPeak`). */
export interface TensorMemorySource {
  /** Bytes held now and the most held since the last reset. */
  memory(): BackendMemory;
  /** Start a new peak from the bytes held now. */
  resetPeak(): void;
}

/** The label under which a meter reports live backend tensors that no other label claims. */
export const TENSORS_LABEL = 'tensors';

/** The meter buffers report to now (the innermost running one), if any. */
let active: MemoryMeter | undefined;

/**
 * The meter of the computation running now, or `undefined` outside any metered computation. Code that
 * allocates buffers outside the backend reports them through a {@link MeteredBuffers}, which finds the
 * meter here: dynamics have no other channel to the gradient computation that calls them.
 */
export function activeMemoryMeter(): MemoryMeter | undefined {
  return active;
}

function checkBytes(what: string, bytes: number): void {
  if (typeof bytes !== 'number' || !Number.isFinite(bytes) || bytes < 0) {
    throw new OdeflowError('INVALID_ARGUMENT', `MemoryMeter.${what}: bytes must be a finite number ≥ 0; got ${String(bytes)}.`);
  }
}

/**
 * Counts every byte a computation holds — a gradient's, as the sensitivities run it — by label, now and at
 * its peak. Two kinds of bytes add up to the whole:
 * - live backend tensors, read from the backend's own accounting (beyond what was live when the meter was
 *   made); part of them may be claimed by a label (`inTensors`: a direct tape, checkpoints), the rest is
 *   reported as {@link TENSORS_LABEL};
 * - buffers outside the backend (block workspaces, WebAssembly memory, float64 copies of a forward
 *   solution), reported with {@link MemoryMeter.hold} and {@link MemoryMeter.release}, usually through a
 *   {@link MeteredBuffers}.
 *
 * The peak is the most held at once: the backend's peak between two reports is paired with the labelled
 * bytes held over that stretch (the meter restarts the backend's peak at each report), so it is exact to the
 * backend's own sampling. Buffers report to the meter that is running ({@link MemoryMeter.run}); a meter run
 * inside another passes every report on to the enclosing one.
 */
export class MemoryMeter {
  private readonly baseline: number;
  /** Current bytes per label (outside the backend, and claimed tensors). */
  private readonly labels = new Map<string, number>();
  private outside = 0;
  private claimed = 0;
  private tensorsNow = 0;
  private peak = 0;
  private atPeak: Record<string, number> = {};
  private enclosing: MemoryMeter | undefined;
  private running = 0;

  /** @param tensors - the backend whose live tensors count (none: only labelled bytes count) */
  constructor(private readonly tensors?: TensorMemorySource) {
    this.baseline = tensors ? tensors.memory().bytes : 0;
    tensors?.resetPeak();
  }

  /**
   * Run `fn` with this meter active: buffers allocated or used meanwhile report to it. Restores the
   * previously active meter afterwards, and samples the backend once more so the peak covers `fn` whole.
   */
  run<R>(fn: () => R): R {
    const outer = active;
    if (this.running === 0) this.enclosing = outer === this ? undefined : outer;
    this.running++;
    active = this;
    try {
      return fn();
    } finally {
      this.sample();
      this.running--;
      active = outer;
      if (this.running === 0) this.enclosing = undefined;
    }
  }

  /**
   * Report `bytes` more held under `label`.
   * @param inTensors - the bytes are live backend tensors (already in the backend's count): they are claimed
   *   from {@link TENSORS_LABEL}, not added to the whole
   */
  hold(label: string, bytes: number, inTensors = false): void {
    checkBytes('hold', bytes);
    this.change(label, bytes, inTensors);
  }

  /** Report `bytes` held under `label` as released (at most what the label holds). */
  release(label: string, bytes: number, inTensors = false): void {
    checkBytes('release', bytes);
    const had = this.labels.get(label) ?? 0;
    if (bytes > had) {
      throw new OdeflowError('INVALID_ARGUMENT', `MemoryMeter.release: "${label}" holds ${had} bytes, cannot release ${bytes}; release only what was held.`);
    }
    this.change(label, -bytes, inTensors);
  }

  /** The most bytes held at once so far (tensors and labelled buffers). */
  get peakBytes(): number {
    if (this.running > 0) this.sample();
    return this.peak;
  }

  /** Bytes held now (tensors beyond those live at the start, and labelled buffers). */
  get bytes(): number {
    this.readNow();
    return this.tensorsNow + this.outside;
  }

  /** What the peak was made of: bytes per label at the moment of {@link MemoryMeter.peakBytes}; they add up to it. */
  breakdown(): Record<string, number> {
    if (this.running > 0) this.sample();
    return { ...this.atPeak };
  }

  /** Bytes per label now (zero labels left out). */
  current(): Record<string, number> {
    this.readNow();
    return this.composition(this.tensorsNow);
  }

  /** The tensors held now; while running, the peak stretch is closed on the way (outside a run the peak is left alone). */
  private readNow(): void {
    if (this.running > 0) this.sample();
    else if (this.tensors !== undefined) this.tensorsNow = Math.max(0, this.tensors.memory().bytes - this.baseline);
  }

  /** Close the backend's peak stretch of this meter and of the enclosing ones, then restart the peaks. */
  private sample(): void {
    for (let m: MemoryMeter | undefined = this; m !== undefined; m = m.enclosing) m.closeStretch();
    for (let m: MemoryMeter | undefined = this; m !== undefined; m = m.enclosing) m.tensors?.resetPeak();
  }

  private change(label: string, delta: number, inTensors: boolean): void {
    if (this.running > 0) this.sample();
    for (let m: MemoryMeter | undefined = this; m !== undefined; m = m.enclosing) m.apply(label, delta, inTensors);
  }

  private apply(label: string, delta: number, inTensors: boolean): void {
    const now = (this.labels.get(label) ?? 0) + delta;
    if (now > 0) this.labels.set(label, now);
    else this.labels.delete(label);
    if (inTensors) this.claimed += delta;
    else this.outside += delta;
    this.consider(this.tensorsNow);
  }

  /** Pair the backend's peak since the last report with the labelled bytes held over that stretch. */
  private closeStretch(): void {
    if (this.tensors === undefined) return;
    const m = this.tensors.memory();
    this.tensorsNow = Math.max(0, m.bytes - this.baseline);
    this.consider(Math.max(0, m.peakBytes - this.baseline));
  }

  private consider(tensorBytes: number): void {
    const total = tensorBytes + this.outside;
    if (total > this.peak) {
      this.peak = total;
      this.atPeak = this.composition(tensorBytes);
    }
  }

  private composition(tensorBytes: number): Record<string, number> {
    const out: Record<string, number> = {};
    // claimed bytes are part of the tensors: only the rest is reported as plain tensors
    const unclaimed = tensorBytes - this.claimed;
    if (this.tensors !== undefined && unclaimed > 0) out[TENSORS_LABEL] = unclaimed;
    for (const [label, bytes] of this.labels) out[label] = (out[label] ?? 0) + bytes;
    return out;
  }
}
