import type { Float64Slot } from '../dirk/float64-slot.js';

/**
 * The derivatives f(t₀, y₀) and f(t₁, y₁) at the ends of a BDF step's record. The method itself never needs
 * them (their dense-output weights are 0), but a recorder's consumers read a step's first and last recorded
 * vectors as those derivatives: they are evaluated only when a step is recorded, and f(t₁, y₁) of a recorded
 * step is carried over as the next step's f(t₀, y₀).
 */
export class RecordedEnds<T> {
  private firstKnown = false;
  private lastKnown = false;

  /**
   * @param first - the slot of f(t₀, y₀)
   * @param last - the slot of f(t₁, y₁)
   */
  constructor(
    public first: Float64Slot<T>,
    public last: Float64Slot<T>,
  ) {}

  /** f(t₀, y₀) is known (after a start or a jump): copy it from `f`. */
  setFirst(f: Float64Array): void {
    this.first.data.set(f);
    this.first.publish();
    this.firstKnown = true;
  }

  /** A new attempt: its f(t₁, y₁) is not known yet. */
  attempt(): void {
    this.lastKnown = false;
  }

  /** Fill both ends for a record: `first` and `last` evaluate f at the step's start and end into a slot. */
  fill(first: (out: Float64Slot<T>) => void, last: (out: Float64Slot<T>) => void): void {
    if (!this.firstKnown) first(this.first);
    if (!this.lastKnown) last(this.last);
    this.first.publish();
    this.last.publish();
    this.firstKnown = this.lastKnown = true;
  }

  /** The step was accepted: its f(t₁, y₁), if made, becomes the next step's f(t₀, y₀). */
  accept(): void {
    this.firstKnown = this.lastKnown;
    if (this.lastKnown) {
      const s = this.first;
      this.first = this.last;
      this.last = s;
    }
    this.lastKnown = false;
  }

  /** Release both slots. */
  dispose(): void {
    this.first.dispose();
    this.last.dispose();
  }
}
