/**
 * The messages of the solve failures: each names the time reached and what to try.
 * @internal
 */
import type { ResolvedOptions } from './resolve-options.js';

/** maxSteps reached at t. */
export function maxSteps(o: Pick<ResolvedOptions<unknown>, 'maxSteps' | 'ts'>, t: number): string {
  return (
    `Reached maxSteps = ${o.maxSteps} at t = ${t} (integrating from ${o.ts[0]} to ${o.ts[o.ts.length - 1]}). Raise maxSteps, ` +
    'loosen rtol/atol, or, if the problem is stiff, use an implicit method.'
  );
}

/** A fixed step from t to t1 became non-finite. */
export function nonFiniteFixedStep(t: number, t1: number): string {
  return (
    `The state became NaN or infinite in the step from t = ${t} to t = ${t1}. Use a smaller stepSize, an adaptive method, ` +
    'or check f for a singularity or overflow near that time.'
  );
}

/** Adaptive steps kept failing to be finite near t. */
export function nonFinite(t: number): string {
  return (
    `f produced NaN or infinite values near t = ${t}, and shrinking the step did not help. Check f for a ` +
    'singularity, overflow or a domain error (sqrt/log of a negative number) near that time.'
  );
}

/** The step needed at t (dt) is below what can be taken. */
export function underflow(o: Pick<ResolvedOptions<unknown>, 'dtMin'>, t: number, dt: number): string {
  return (
    `Step size underflow at t = ${t}: the step needed (${dt.toExponential(3)}) is below ${o.dtMin > 0 ? `dtMin = ${o.dtMin}` : 'what t can resolve'}. ` +
    'The problem may be stiff (use an implicit method), have a singularity near that time, or need looser rtol/atol' +
    (o.dtMin > 0 ? '; or lower dtMin.' : '.')
  );
}

/** The estimate of h·ρ stayed above the method's stability bound near t; `methods` are the implicit ones to name. */
export function stiff(t: number, method: string, methods: readonly string[]): string {
  return (
    `The problem looks stiff near t = ${t}: ${method}'s step size is held down by stability, not accuracy. ` +
    `Use an implicit method (${methods.join(', ')}), or pass stiffnessCheck: false to keep going with ${method}.`
  );
}
