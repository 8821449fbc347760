/**
 * Find θ in (0, 1] where g changes sign, given g(0) = ga ≠ 0 and g(1) = gb of the other sign (or 0), by
 * the Illinois variant of regula falsi, until the bracket is shorter than `thetaTol`. Returns the end of
 * the final bracket on gb's side, so the state there is at or just past the crossing.
 */
export function locateEvent(g: (theta: number) => number, ga: number, gb: number, thetaTol: number): number {
  if (gb === 0) return 1;
  const aPositive = ga > 0;
  let a = 0;
  let b = 1;
  let side = 0;
  for (let iter = 0; iter < 200 && b - a > thetaTol; iter++) {
    let m = (a * gb - b * ga) / (gb - ga);
    // keep the trial strictly inside the bracket so that it always shrinks
    if (!(m > a && m < b)) m = 0.5 * (a + b);
    const gm = g(m);
    if (gm === 0) return m;
    if (gm > 0 === aPositive) {
      a = m;
      ga = gm;
      if (side === -1) gb *= 0.5;
      side = -1;
    } else {
      b = m;
      gb = gm;
      if (side === 1) ga *= 0.5;
      side = 1;
    }
  }
  return b;
}
