/**
 * The times the steps must land on, in the direction of integration and ending with the last output
 * time: `stepT` and `jumpT` points of an adaptive solve, or every point of a fixed-step grid. Output
 * times are not among them (they come from the dense output). {@link Breakpoints.clip} cuts a proposed
 * step at the next point and leaves the result in its fields (no allocation per step).
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
  // a fixed-step grid is used as it is (no copy: it may have millions of points), its jumps looked up
  private readonly grid: readonly number[] | undefined;
  private readonly jumpSet: ReadonlySet<number> | undefined;
  private readonly direction: 1 | -1;
  private next = 0;

  /** @param o - the solve's output times, direction, `stepT`, `jumpT` and fixed-step grid (if any) */
  constructor(o: {
    readonly ts: readonly number[];
    readonly direction: 1 | -1;
    readonly stepT: readonly number[];
    readonly jumpT: readonly number[];
    readonly grid?: readonly number[];
  }) {
    const dir = (this.direction = o.direction);
    const t0 = o.ts[0];
    const tEnd = o.ts[o.ts.length - 1];
    if (o.grid) {
      this.grid = o.grid;
      this.jumpSet = new Set(o.jumpT);
      this.next = 1;
      return;
    }
    const inside = (x: number) => dir * (x - t0) > 0 && dir * (tEnd - x) > 0;
    const bps = [
      ...o.stepT.filter(inside).map((t) => ({ t, jump: false })),
      ...o.jumpT.filter(inside).map((t) => ({ t, jump: true })),
    ];
    bps.sort((a, b) => dir * (a.t - b.t) || Number(b.jump) - Number(a.jump));
    // a time listed twice (or in both stepT and jumpT) is landed on once, as a jump if it is one
    bps.forEach((b, i) => i > 0 && b.t === bps[i - 1].t ? undefined : this.push(b.t, b.jump));
    this.push(tEnd, false);
  }

  private push(t: number, jump: boolean): void {
    this.times.push(t);
    this.jumps.push(jump);
  }

  /** Cut a step of magnitude `dt` from `t` at the next breakpoint (∞ steps straight to it). */
  clip(t: number, dt: number): void {
    const bp = (this.grid ?? this.times)[this.next];
    const t1 = t + this.direction * dt;
    this.land = this.direction * (t1 - bp) >= 0;
    this.t1 = this.land ? bp : t1;
    this.h = this.land ? bp - t : this.direction * dt;
    this.jump = this.land && (this.jumpSet ? this.jumpSet.has(bp) : this.jumps[this.next]);
  }

  /** The clipped step was accepted: move past its breakpoint if it landed on one. */
  passed(): void {
    if (this.land) this.next++;
  }
}
