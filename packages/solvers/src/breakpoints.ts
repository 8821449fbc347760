import type { FixedGrid } from './fixed-grid.js';

/**
 * The times the steps must land on, in the direction of integration and ending with the last output
 * time: `stepT` and `jumpT` points, and on a fixed-step solve every point of its grid, merged as the
 * solve goes (the grid is computed on demand, never stored). Output times are not among them (they come
 * from the dense output). {@link Breakpoints.clip} cuts a proposed step at the next point and leaves the
 * result in its fields (no allocation per step).
 */
export class Breakpoints {
  /** End of the clipped step. */
  t1 = 0;
  /** Signed size of the clipped step. */
  h = 0;
  /** Whether the step ends on a breakpoint. */
  land = false;
  /** Whether that breakpoint is a discontinuity (`jumpT`): f restarts after it. */
  jump = false;
  private readonly times: number[] = [];
  private readonly jumps: boolean[] = [];
  private readonly grid: FixedGrid | undefined;
  private readonly direction: 1 | -1;
  private next = 0;
  private nextGrid = 1;
  // the next breakpoint and whether it comes from `times` and/or the grid, kept for clip and passed
  private bp = 0;
  private fromTimes = false;
  private fromGrid = false;

  /** @param o - the solve's output times, direction, `stepT`, `jumpT` and fixed-step grid (if any) */
  constructor(o: {
    readonly ts: readonly number[];
    readonly direction: 1 | -1;
    readonly stepT: readonly number[];
    readonly jumpT: readonly number[];
    readonly grid?: FixedGrid;
  }) {
    const dir = (this.direction = o.direction);
    const t0 = o.ts[0];
    const tEnd = o.ts[o.ts.length - 1];
    this.grid = o.grid;
    const inside = (x: number) => dir * (x - t0) > 0 && dir * (tEnd - x) > 0;
    const bps = [
      ...o.stepT.filter(inside).map((t) => ({ t, jump: false })),
      ...o.jumpT.filter(inside).map((t) => ({ t, jump: true })),
    ];
    bps.sort((a, b) => dir * (a.t - b.t) || Number(b.jump) - Number(a.jump));
    // a time listed twice (or in both stepT and jumpT) is landed on once, as a jump if it is one
    bps.forEach((b, i) => i > 0 && b.t === bps[i - 1].t ? undefined : this.push(b.t, b.jump));
    this.push(tEnd, false);
    this.pick();
  }

  private push(t: number, jump: boolean): void {
    this.times.push(t);
    this.jumps.push(jump);
  }

  // the nearer of the next listed time and the next grid point (both when they coincide)
  private pick(): void {
    const a = this.times[this.next];
    if (!this.grid || this.nextGrid >= this.grid.length) {
      this.bp = a;
      this.fromTimes = true;
      this.fromGrid = false;
      return;
    }
    const g = this.grid.at(this.nextGrid);
    const d = this.direction * (g - a);
    this.bp = d < 0 ? g : a;
    this.fromTimes = d >= 0;
    this.fromGrid = d <= 0;
  }

  /** Cut a step of magnitude `dt` from `t` at the next breakpoint (∞ steps straight to it). */
  clip(t: number, dt: number): void {
    const bp = this.bp;
    const t1 = t + this.direction * dt;
    this.land = this.direction * (t1 - bp) >= 0;
    this.t1 = this.land ? bp : t1;
    this.h = this.land ? bp - t : this.direction * dt;
    this.jump = this.land && this.fromTimes && this.jumps[this.next];
  }

  /** The clipped step was accepted: move past its breakpoint if it landed on one. */
  passed(): void {
    if (!this.land) return;
    if (this.fromTimes) this.next++;
    if (this.fromGrid) this.nextGrid++;
    if (this.next < this.times.length) this.pick();
  }
}
