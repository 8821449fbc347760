import { OdeflowError } from '@odeflow/core';
import { EQUATION_LIMITS } from './equation-limits.js';
import { ALLOWED_FUNCTIONS } from './expression-whitelist.js';

/**
 * Dynamics written as equations: plain JSON data, so that it can live in an experiment file.
 *
 * @example
 * ```json
 * { "state": ["theta", "omega"], "params": { "b": 0.25, "c": 5 },
 *   "equations": { "theta": "omega", "omega": "-b*omega - c*sin(theta)" } }
 * ```
 */
export interface EquationSpec {
  /** Names of the state components, in the order of the state vector. */
  readonly state: readonly string[];
  /**
   * Parameters: names with initial values (in this order), or just names (initial values 0). They become the
   * problem's parameter tensors, one per name.
   */
  readonly params?: Readonly<Record<string, number>> | readonly string[];
  /** One right-hand side per state name: dy/dt for that component, as a mathjs expression (or a number). */
  readonly equations: Readonly<Record<string, string | number>>;
  /**
   * Name of the time symbol (default `t`, unless a state or parameter is called `t`: then equations have no
   * time symbol unless one is named here).
   */
  readonly time?: string;
  /** Name of the dynamics, for messages (default `equations`). */
  readonly name?: string;
}

/** An {@link EquationSpec} after validation, with everything in state order. */
export interface ResolvedEquationSpec {
  /** Name for messages. */
  readonly name: string;
  /** State names. */
  readonly state: readonly string[];
  /** Parameter names, in declared order. */
  readonly params: readonly string[];
  /** Initial parameter values, in declared order. */
  readonly paramValues: readonly number[];
  /** The time symbol, or undefined when equations may not mention time. */
  readonly time: string | undefined;
  /** The right-hand side of each state component, in state order. */
  readonly equations: readonly string[];
}

const SPEC_KEYS = ['state', 'params', 'equations', 'time', 'name'];
/** Plain identifiers; mathjs would also accept some Unicode letters, but names must survive any JSON tooling. */
const NAME = /^[A-Za-z_$][A-Za-z0-9_$]*$/;
/** Words mathjs parses as operators or keywords, and names that are special on JS objects: not symbols. */
const KEYWORDS = new Set(['mod', 'and', 'or', 'xor', 'not', 'to', 'in', 'end', '__proto__', 'constructor', 'prototype']);

function invalid(message: string, details: Record<string, unknown> = {}): never {
  throw new OdeflowError('INVALID_SPEC', message, details);
}

/** A plain object (an object literal or parsed JSON, not an array, a class instance or an object with a changed prototype). */
function isRecord(x: unknown): x is Record<string, unknown> {
  if (x === null || typeof x !== 'object' || Array.isArray(x)) return false;
  const proto = Object.getPrototypeOf(x) as unknown;
  return proto === Object.prototype || proto === null;
}

function tooLarge(what: string, count: number, limit: number, path: string): never {
  throw new OdeflowError(
    'EQUATION_TOO_LARGE',
    `Equations: ${what} ${count}, more than the limit of ${limit}; split the model or reduce it (EQUATION_LIMITS in @odeflow/equations).`,
    { path, count, limit },
  );
}

function checkName(name: unknown, role: string, where: string): string {
  if (typeof name !== 'string' || !NAME.test(name) || KEYWORDS.has(name) || ALLOWED_FUNCTIONS.has(name)) {
    invalid(
      `Equations: ${where} has the ${role} name ${JSON.stringify(name)}; names are identifiers (letters, digits, _ and $, ` +
        `not starting with a digit) other than the function names ${[...ALLOWED_FUNCTIONS.keys()].join(', ')} and the ` +
        `keywords ${[...KEYWORDS].join(', ')}.`,
      { path: where, value: name },
    );
  }
  return name;
}

/**
 * Check an {@link EquationSpec}: known keys, valid and distinct names, one equation per state and none for
 * anything else, finite initial parameter values. The expressions themselves are checked when parsed.
 * @throws OdeflowError `INVALID_SPEC` naming the offending field
 */
export function resolveEquationSpec(spec: unknown): ResolvedEquationSpec {
  if (!isRecord(spec)) invalid(`Equations: the spec must be an object with state and equations; got ${String(spec)}.`);
  for (const k of Object.keys(spec)) {
    if (!SPEC_KEYS.includes(k)) invalid(`Equations: unknown spec key "${k}". Valid keys: ${SPEC_KEYS.join(', ')}.`, { path: k });
  }
  const name = spec.name ?? 'equations';
  if (typeof name !== 'string') invalid(`Equations: name must be a string; got ${String(name)}.`, { path: 'name' });

  const stateRaw = spec.state;
  if (!Array.isArray(stateRaw) || stateRaw.length === 0) {
    invalid('Equations: state must be a non-empty array of state names, e.g. ["x", "v"].', { path: 'state' });
  }
  const { maxStates, maxParams, maxTotalLength } = EQUATION_LIMITS;
  if (stateRaw.length > maxStates) tooLarge('the number of states is', stateRaw.length, maxStates, 'state');
  const state = Array.from(stateRaw, (s, i) => checkName(s, 'state', `state[${i}]`));

  let params: string[] = [];
  let paramValues: number[] = [];
  const p = spec.params;
  const paramCount = Array.isArray(p) ? p.length : isRecord(p) ? Object.keys(p).length : 0;
  if (paramCount > maxParams) tooLarge('the number of parameters is', paramCount, maxParams, 'params');
  if (Array.isArray(p)) {
    params = Array.from(p, (s, i) => checkName(s, 'parameter', `params[${i}]`));
    paramValues = params.map(() => 0);
  } else if (isRecord(p)) {
    for (const [k, v] of Object.entries(p)) {
      params.push(checkName(k, 'parameter', `params.${k}`));
      if (typeof v !== 'number' || !Number.isFinite(v)) {
        invalid(`Equations: parameter "${k}" has initial value ${String(v)}; give a finite number.`, { path: `params.${k}`, value: v });
      }
      paramValues.push(v);
    }
  } else if (p !== undefined) {
    invalid('Equations: params must be an object of initial values ({ "b": 0.25 }) or an array of names (["b"]).', { path: 'params' });
  }

  let time: string | undefined;
  if (spec.time !== undefined) time = checkName(spec.time, 'time', 'time');

  const seen = new Map<string, string>();
  const declare = (n: string, role: string): void => {
    const before = seen.get(n);
    if (before !== undefined) invalid(`Equations: "${n}" is declared both as ${before} and as ${role}; use distinct names.`, { name: n });
    seen.set(n, role);
  };
  state.forEach((s) => declare(s, 'a state'));
  params.forEach((s) => declare(s, 'a parameter'));
  if (time !== undefined) declare(time, 'the time');
  else if (!seen.has('t')) time = 't';

  const eqs = spec.equations;
  if (!isRecord(eqs)) invalid('Equations: equations must be an object mapping each state name to its right-hand side.', { path: 'equations' });
  const keys = Object.keys(eqs);
  if (keys.length > maxStates) tooLarge('the number of equations is', keys.length, maxStates, 'equations');
  const stateSet = new Set(state);
  for (const k of keys) {
    if (!stateSet.has(k)) {
      invalid(`Equations: there is an equation for "${k}", which is not a declared state. Declared states: ${state.join(', ')}.`, {
        path: `equations.${k}`,
      });
    }
  }
  const equations = state.map((s) => {
    if (!Object.hasOwn(eqs, s)) {
      invalid(`Equations: state "${s}" has no equation; add equations.${s} (its derivative ds/dt).`, { path: `equations.${s}` });
    }
    const e = eqs[s];
    if (typeof e === 'number' && Number.isFinite(e)) return String(e);
    if (typeof e !== 'string' || e.trim() === '') {
      invalid(`Equations: equations.${s} must be a non-empty expression string or a finite number; got ${JSON.stringify(e)}.`, {
        path: `equations.${s}`,
      });
    }
    return e;
  });
  const total = equations.reduce((sum, e) => sum + e.length, 0);
  if (total > maxTotalLength) tooLarge('the total length of the equations (characters) is', total, maxTotalLength, 'equations');
  return { name, state, params, paramValues, time, equations };
}

/**
 * Check that `spec` is a resolved spec (as {@link resolveEquationSpec} returns): the same checks, on the resolved form.
 * @throws OdeflowError `INVALID_SPEC` or `EQUATION_TOO_LARGE`
 */
export function checkResolvedEquationSpec(spec: unknown): asserts spec is ResolvedEquationSpec {
  const r = spec as Partial<Record<keyof ResolvedEquationSpec, unknown>>;
  const arrays = isRecord(spec) && Array.isArray(r.state) && Array.isArray(r.params) && Array.isArray(r.paramValues) && Array.isArray(r.equations);
  // Counts first: the walks below are linear in the arrays' lengths, which a sparse array can make huge.
  if (arrays && (r.state as unknown[]).length > EQUATION_LIMITS.maxStates) {
    tooLarge('the number of states is', (r.state as unknown[]).length, EQUATION_LIMITS.maxStates, 'state');
  }
  if (arrays && (r.params as unknown[]).length > EQUATION_LIMITS.maxParams) {
    tooLarge('the number of parameters is', (r.params as unknown[]).length, EQUATION_LIMITS.maxParams, 'params');
  }
  if (
    !arrays ||
    (r.paramValues as unknown[]).length !== (r.params as unknown[]).length ||
    (r.equations as unknown[]).length !== (r.state as unknown[]).length ||
    !(r.equations as unknown[]).every((e) => typeof e === 'string') ||
    (r.time !== undefined && typeof r.time !== 'string')
  ) {
    invalid('Equations: compileEquations takes a resolved spec { name, state, params, paramValues, time, equations }; pass it through resolveEquationSpec first.');
  }
  const params = r.params as unknown[];
  const values = r.paramValues as unknown[];
  const state = r.state as unknown[];
  // Null-prototype records: a name such as __proto__ stays a key (and is then refused by name).
  const record = (keys: unknown[], of: (i: number) => unknown): Record<string, unknown> => {
    const o = Object.create(null) as Record<string, unknown>;
    keys.forEach((key, i) => (o[String(key)] = of(i)));
    return o;
  };
  const again = resolveEquationSpec({
    name: r.name,
    state,
    params: record(params, (k) => values[k]),
    equations: record(state, (i) => (r.equations as unknown[])[i]),
    ...(r.time !== undefined ? { time: r.time } : {}),
  });
  if (again.params.length !== params.length) invalid('Equations: the resolved spec declares a parameter twice; use distinct names.');
}
