import { JsBackend, OdeflowError, type TensorBackend } from '@odeflow/core';
import { equationDynamics } from '@odeflow/equations';
import type { EquationSpec } from '@odeflow/equations';
import type { BlockKind, RealisedBlockKind } from './block-kind.js';
import { shortJson, type SpecIssue } from './spec-issue.js';

/**
 * The block of a pipeline's block stage for the `equations` kind: an {@link EquationSpec} (state names,
 * parameters with initial values, one right-hand side per state) plus `kind`.
 *
 * @example
 * ```json
 * { "kind": "equations", "state": ["theta", "omega"], "params": { "b": 0.6, "c": 3.5 },
 *   "equations": { "theta": "omega", "omega": "-b*omega - c*sin(theta)" } }
 * ```
 */
export interface EquationsBlockSpec extends EquationSpec {
  /** Block kind. */
  readonly kind: 'equations';
}

/** The equation spec inside a block object: everything but `kind`. */
function equationSpecOf(spec: Readonly<Record<string, unknown>>): EquationSpec {
  const { kind: _kind, ...rest } = spec;
  return rest as unknown as EquationSpec;
}

/**
 * The equations module reports paths relative to its own spec (`equations.omega`, `params.b`); inside a
 * pipeline they live under the block (`stages[1].block.equations.omega`). A problem without a field path
 * (two symbols with one name) belongs to the block as a whole.
 */
function pipelinePath(e: OdeflowError, path: string): string {
  const own = e.details?.path;
  return typeof own === 'string' && own !== '' ? `${path}.${own}` : path;
}

function isSpecProblem(e: unknown): e is OdeflowError {
  return e instanceof OdeflowError && (e.code === 'INVALID_SPEC' || e.code === 'UNSAFE_EXPRESSION' || e.code === 'EQUATION_TOO_LARGE');
}

/**
 * The error's message re-worded under the pipeline path `at`: without its `[CODE] ` and `Equations: `
 * prefixes, and with the equation's own path (`equations.omega = "..."`) replaced by `at`, or `at: ` in front.
 * `bare` drops that leading location instead (an issue lists path and expression separately).
 */
function reworded(e: OdeflowError, at: string, bare = false): string {
  const rest = e.message.replace(/^\[[A-Z_]+\] /, '').replace(/^Equations: /, '');
  const own = e.details?.path;
  const expression = e.details?.expression;
  if (typeof own === 'string' && typeof expression === 'string') {
    const located = `${own} = ${JSON.stringify(expression)}`;
    if (rest.startsWith(located)) return bare ? rest.slice(located.length).replace(/^: /, '') : `${at}${rest.slice(own.length)}`;
  }
  return bare ? rest : `${at}: ${rest}`;
}

/**
 * The `equations` block kind: dynamics written as equations (`equationDynamics` of `@odeflow/equations`), so that a pipeline
 * can fit a classic ODE model's parameters to data. The parameters start at the values in `params` (the
 * run's seed does not change them); checkpoints name them. Every problem with the equations —
 * an unsafe construct (`UNSAFE_EXPRESSION`), an unknown symbol or a syntax error (`INVALID_SPEC`) — is
 * reported at its spec path, e.g. `stages[1].block.equations.omega`, both by {@link BlockKind.check}
 * (so validation reports it before anything runs) and by `realise`.
 */
export const equationsBlockKind: BlockKind = {
  kind: 'equations',
  description: 'dynamics from equations (state, params, equations as mathjs expressions) with symbolic VJPs',
  check(spec: Readonly<Record<string, unknown>>, path: string): SpecIssue[] {
    // Compiling is the only complete check (parsing, the whitelist, derivatives); it is cached by the
    // equations' text, so the realisation that follows a successful check does not compile again.
    const backend = new JsBackend();
    try {
      const { params } = equationDynamics(backend, equationSpecOf(spec));
      backend.dispose(params);
      return [];
    } catch (e) {
      if (!isSpecProblem(e)) throw e;
      const expression = e.details?.expression;
      const at = pipelinePath(e, path);
      return [
        {
          path: at,
          expected: `${e.code === 'UNSAFE_EXPRESSION' ? 'a safe expression' : 'a valid equations block'} (${e.code}): ${reworded(e, at, true).replace(/\.$/, '')}`,
          ...(typeof expression === 'string' ? { received: shortJson(expression)! } : {}),
          code: e.code,
        },
      ];
    }
  },
  realise<T>(spec: Readonly<Record<string, unknown>>, backend: TensorBackend<T>, _seed: number, path: string): RealisedBlockKind<T> {
    try {
      const r = equationDynamics(backend, equationSpecOf(spec));
      return { dynamics: r.dynamics, params: r.params, paramNames: r.paramNames };
    } catch (e) {
      if (!isSpecProblem(e)) throw e;
      const at = pipelinePath(e, path);
      throw new OdeflowError(e.code, reworded(e, at), { ...e.details, path: at });
    }
  },
};
