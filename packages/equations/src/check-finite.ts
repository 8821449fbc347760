import { OdeflowError } from '@odeflow/core';
import type { ResolvedEquationSpec } from './equation-spec.js';

/**
 * Throw `NON_FINITE_STATE` if any of `values[0..length)` is NaN or infinite, naming the equation, the time and
 * the state row: an expression that leaves its domain (log of a negative number, division by zero) must stop
 * the solve with a message, not feed NaN into the step-size controller, which would shrink the step until it
 * gives up with a misleading status. A loop over a few numbers: negligible next to the evaluation.
 * @param y - the state (for the message), or undefined when it has been overwritten
 * @param what - `f` or the name of a VJP output, for the message
 */
export function checkFinite(values: Float64Array, length: number, spec: ResolvedEquationSpec, t: number, y: Float64Array | undefined, what: string): void {
  for (let i = 0; i < length; i++) {
    if (Number.isFinite(values[i])) continue;
    const n = spec.state.length;
    const row = Math.floor(i / n);
    const point = y === undefined ? 'state overwritten in place' : spec.state.map((s, j) => `${s} = ${y[row * n + j]}`).join(', ');
    const inF = what === 'f';
    const component = inF ? spec.state[i % n] : undefined;
    throw new OdeflowError(
      'NON_FINITE_STATE',
      `${spec.name}: ${inF ? `equations.${component} = ${JSON.stringify(spec.equations[i % n])} evaluated to` : `the VJP's ${what} is`} ` +
        `${values[i]} at t = ${t} (${point}${row > 0 ? `, batch row ${row}` : ''}). The expression leaves its domain there ` +
        '(log or sqrt of a negative number, division by zero, overflow, or a kink of abs/min/max differentiated ' +
        'through a singular point); check the initial state and parameters, or tighten the tolerances so the solver ' +
        'does not step out of the domain.',
      { t, value: values[i], index: i, ...(component !== undefined ? { equation: component } : { output: what }) },
    );
  }
}
