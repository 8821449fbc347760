import { activeMemoryMeter, type MemoryMeter } from './memory-meter.js';
import { OdeflowError } from './odeflow-error.js';

/**
 * The bytes of the buffers one owner keeps (a block's workspaces, a tape, a stored trajectory), under one
 * label, reported to the running {@link MemoryMeter}. The owner calls {@link MeteredBuffers.grow} where it
 * allocates and {@link MeteredBuffers.shrink} where it lets go; an owner whose buffers outlive one computation
 * and are reused by the next (workspaces) calls {@link MeteredBuffers.use} where it is used, so that every
 * computation that uses them is charged their bytes once — not only the one that happened to allocate them.
 * `use` costs two comparisons when nothing changed: it may sit on a hot path.
 */
export class MeteredBuffers {
  private held = 0;
  /** The meter last charged, and what it was charged. */
  private meter: MemoryMeter | undefined;
  private charged = 0;
  /** What other meters were charged before the last switch (a computation may resume after another ran). */
  private readonly earlier = new WeakMap<MemoryMeter, number>();

  /**
   * @param label - what the bytes are, as the meter's breakdown names them (`block workspace`, `direct tape`...)
   * @param inTensors - the buffers are live backend tensors, already in the backend's count
   */
  constructor(
    readonly label: string,
    readonly inTensors = false,
  ) {}

  /** Bytes the owner holds now. */
  get bytes(): number {
    return this.held;
  }

  /** The owner allocated `bytes` more: charged to the running meter, if any. */
  grow(bytes: number): void {
    if (!(bytes >= 0) || !Number.isFinite(bytes)) {
      throw new OdeflowError('INVALID_ARGUMENT', `MeteredBuffers.grow ("${this.label}"): bytes must be a finite number ≥ 0; got ${String(bytes)}.`);
    }
    this.held += bytes;
    this.use();
  }

  /** The owner let go of `bytes` (at most what it holds): released from the meter they were charged to. */
  shrink(bytes: number): void {
    if (!(bytes >= 0) || bytes > this.held) {
      throw new OdeflowError('INVALID_ARGUMENT', `MeteredBuffers.shrink ("${this.label}"): holds ${this.held} bytes, cannot let go of ${String(bytes)}.`);
    }
    this.held -= bytes;
    if (this.meter !== undefined && this.charged > this.held) {
      this.meter.release(this.label, this.charged - this.held, this.inTensors);
      this.charged = this.held;
    }
  }

  /** The owner let go of everything. */
  clear(): void {
    this.shrink(this.held);
  }

  /** The buffers are in use: charge the running meter with what it has not been charged yet. */
  use(): void {
    const m = activeMemoryMeter();
    if (m === undefined || (m === this.meter && this.charged === this.held)) return;
    if (m !== this.meter) {
      if (this.meter !== undefined) this.earlier.set(this.meter, this.charged);
      this.meter = m;
      this.charged = this.earlier.get(m) ?? 0;
    }
    if (this.held > this.charged) m.hold(this.label, this.held - this.charged, this.inTensors);
    else if (this.held < this.charged) m.release(this.label, this.charged - this.held, this.inTensors);
    this.charged = this.held;
  }
}
