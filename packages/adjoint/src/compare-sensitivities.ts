import {
  OdeflowError,
  type OdeProblem,
  type Sensitivity,
  type SensitivityContext,
  type Solution,
  type TensorBackend,
} from '@odeflow/core';

/** One problem instance of a comparison, built for a given integration length. */
export interface ComparisonCase<T> {
  /** The problem (its ts span the horizon). */
  readonly problem: OdeProblem<T>;
  /** Backend, solver, forward options and solver lookup; each method brings its own sensitivity options. */
  readonly context: Omit<SensitivityContext<T>, 'sensitivityOptions'>;
  /** The loss's cotangents ∂L/∂y(tᵢ) for a forward solution; the harness releases them after use. */
  cotangents(solution: Solution<T>): T[];
  /** Release the problem's tensors once every method has run on it. */
  dispose?(): void;
}

/** A sensitivity as it appears in a comparison: a label and its options. */
export interface ComparedMethod {
  /** Row label (default the sensitivity's name); labels must be unique. */
  readonly label?: string;
  /** The sensitivity. */
  readonly sensitivity: Sensitivity;
  /** Its sensitivity options (e.g. `{ norm: 'seminorm' }`). */
  readonly options?: Readonly<Record<string, unknown>>;
}

/** What to compare. */
export interface CompareOptions {
  /** Sensitivities to run (bare ones are labelled by name). */
  readonly methods: readonly (Sensitivity | ComparedMethod)[];
  /** Integration lengths (or any growing size the case factory understands), in order. */
  readonly horizons: readonly number[];
  /**
   * Label of the method the gradient differences are measured against (default `direct`, else
   * `checkpointed`, else the first method: the exact gradients of the discrete solve).
   */
  readonly reference?: string;
  /** Runs per method and horizon; wall time is their median (default 1). */
  readonly repeats?: number;
}

/** One method at one horizon. */
export interface ComparisonRow {
  /** Method label. */
  readonly method: string;
  /** Integration length. */
  readonly horizon: number;
  /** Accepted forward steps. */
  readonly steps: number;
  /**
   * Most bytes held for the gradient (forward + backward), beyond what was live before: tensors, block
   * workspaces, WebAssembly memory and stored forward data (see {@link ComparisonRow.heldAtPeak}).
   */
  readonly peakBytes: number;
  /** What the peak was made of, bytes per label (`tensors`, `direct tape`, `block workspace`, `wasm memory`...); they add up to `peakBytes`. */
  readonly heldAtPeak: Readonly<Record<string, number>>;
  /** f evaluations of the forward solve. */
  readonly nfeForward: number;
  /** f and VJP evaluations of the backward pass. */
  readonly nfeBackward: number;
  /** Wall time of forward + backward, ms (median over repeats). */
  readonly wallMs: number;
  /** ‖g − g_ref‖₂ / ‖g_ref‖₂ over ∂L/∂y0 and ∂L/∂θ, against the reference method at the same horizon. */
  readonly relGradDiff: number;
}

/** The result of {@link compareSensitivities}. */
export interface ComparisonTable {
  /** Label of the reference method. */
  readonly reference: string;
  /** Method labels in order. */
  readonly methods: readonly string[];
  /** Horizons in order. */
  readonly horizons: readonly number[];
  /** One row per horizon and method, horizon-major. */
  readonly rows: readonly ComparisonRow[];
}

/**
 * Run the same problem with each sensitivity over growing integration lengths and tabulate what each
 * costs (peak bytes, evaluations, wall time) and how far its gradient is from the reference method's.
 * Render the table with `toMarkdown` and `toSvg`.
 * @param make - builds the problem for a horizon (called once per horizon)
 */
export function compareSensitivities<T>(make: (horizon: number) => ComparisonCase<T>, options: CompareOptions): ComparisonTable {
  const methods = normalise(options.methods);
  const labels = methods.map((m) => m.label);
  const horizons = [...(options.horizons ?? [])];
  if (horizons.length === 0 || horizons.some((h) => typeof h !== 'number' || !Number.isFinite(h))) {
    throw new OdeflowError('INVALID_ARGUMENT', 'compareSensitivities needs at least one finite horizon in `horizons`.');
  }
  const repeats = options.repeats ?? 1;
  if (!Number.isInteger(repeats) || repeats < 1) {
    throw new OdeflowError('INVALID_ARGUMENT', `repeats must be a positive integer; got ${String(repeats)}.`);
  }
  const reference = options.reference ?? (labels.includes('direct') ? 'direct' : labels.includes('checkpointed') ? 'checkpointed' : labels[0]);
  if (!labels.includes(reference)) {
    throw new OdeflowError('INVALID_ARGUMENT', `Reference "${reference}" is not among the compared methods (${labels.join(', ')}).`);
  }
  const rows: ComparisonRow[] = [];
  for (const horizon of horizons) {
    const c = make(horizon);
    try {
      const measured = methods.map((m) => measure(c, m, repeats));
      const ref = measured[labels.indexOf(reference)].gradient;
      measured.forEach((r, j) => {
        rows.push({ method: labels[j], horizon, ...r.row, relGradDiff: relativeDifference(r.gradient, ref) });
      });
    } finally {
      c.dispose?.();
    }
  }
  return { reference, methods: labels, horizons, rows };
}

type Entry = { label: string; sensitivity: Sensitivity; options?: Readonly<Record<string, unknown>> };

function normalise(methods: CompareOptions['methods']): Entry[] {
  if (!Array.isArray(methods) || methods.length === 0) {
    throw new OdeflowError('INVALID_ARGUMENT', 'compareSensitivities needs at least one method in `methods`.');
  }
  const out = methods.map((m: Sensitivity | ComparedMethod): Entry => {
    const entry = 'sensitivity' in m ? m : { sensitivity: m };
    return { label: entry.label ?? entry.sensitivity.name, sensitivity: entry.sensitivity, options: entry.options };
  });
  const seen = new Set<string>();
  for (const m of out) {
    if (seen.has(m.label)) {
      throw new OdeflowError('INVALID_ARGUMENT', `Method label "${m.label}" appears twice; give each compared method a distinct label.`);
    }
    seen.add(m.label);
  }
  return out;
}

type Measured = { row: Omit<ComparisonRow, 'method' | 'horizon' | 'relGradDiff'>; gradient: Float64Array };

function measure<T>(c: ComparisonCase<T>, m: Entry, repeats: number): Measured {
  const { backend } = c.context;
  const times: number[] = [];
  let first: Measured | undefined;
  for (let r = 0; r < repeats; r++) {
    const run = m.sensitivity.run(c.problem, { ...c.context, sensitivityOptions: m.options });
    const cot = c.cotangents(run.solution);
    let grads;
    try {
      grads = run.backward(cot);
    } finally {
      backend.dispose(cot);
    }
    const s = run.stats;
    times.push(s.forwardMs + s.backwardMs);
    if (!first) {
      first = {
        row: { steps: s.stepsForward, peakBytes: s.peakBytes, heldAtPeak: run.heldAtPeak?.() ?? {}, nfeForward: s.nfeForward, nfeBackward: s.nfeBackward, wallMs: 0 },
        gradient: flatten(backend, [grads.y0, ...grads.params]),
      };
    }
    backend.dispose([grads.y0, ...grads.params]);
    backend.dispose(run.solution.ys);
  }
  times.sort((x, y) => x - y);
  const mid = times.length >> 1;
  const wallMs = times.length % 2 ? times[mid] : (times[mid - 1] + times[mid]) / 2;
  const done = first as Measured;
  return { row: { ...done.row, wallMs }, gradient: done.gradient };
}

function flatten<T>(backend: TensorBackend<T>, xs: readonly T[]): Float64Array {
  const parts = xs.map((x) => backend.toFloat64Array(x));
  const out = new Float64Array(parts.reduce((s, p) => s + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

function relativeDifference(g: Float64Array, ref: Float64Array): number {
  let d = 0;
  let r = 0;
  for (let i = 0; i < ref.length; i++) {
    d += (g[i] - ref[i]) ** 2;
    r += ref[i] ** 2;
  }
  return r === 0 ? Math.sqrt(d) : Math.sqrt(d / r);
}
