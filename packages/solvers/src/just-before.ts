/**
 * The float just before `t` in the direction of integration. A step that ends on a `jumpT` point
 * evaluates its stages with c = 1 (and the appended f(t₁, y₁)) there, so that f is sampled on the side
 * of the discontinuity the step integrates; the next step restarts with f(t₁, y₁) on the other side.
 */
export function justBefore(t: number, direction: 1 | -1): number {
  const u = t === 0 ? Number.MIN_VALUE : Math.abs(t) * Number.EPSILON;
  const r = t - direction * u;
  return r === t ? t - direction * 2 * u : r;
}
