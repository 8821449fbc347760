import type { Dynamics, TensorBackend } from '@odeflow/core';
import type { ChosenBlockRealisation } from './block-realisation-registry.js';
import type { ResolvedMlpBlockSpec } from './block-spec.js';
import type { MlpLayout } from './mlp-layout.js';

/** One candidate of a calibration: a realisation and the dynamics it created for the spec. */
export interface CalibrationCandidate<T> {
  /** Which realisation. */
  readonly realisation: ChosenBlockRealisation;
  /** Its dynamics for the spec on the backend. */
  readonly dynamics: Dynamics<T>;
}

/** What one calibration measured (see {@link blockCalibrations}). */
export interface BlockCalibration {
  /** The cache key: backend name, candidate set and the block's architecture. */
  readonly key: string;
  /** The backend name. */
  readonly backend: string;
  /** The realisation `auto` uses for this key from now on. */
  readonly chosen: ChosenBlockRealisation;
  /** Least ms of one f plus one VJP (f alone when a candidate has no VJP) over the samples, per candidate, at `batch` rows. */
  readonly costs: Readonly<Partial<Record<ChosenBlockRealisation, number>>>;
  /** Rows of the calibration state. */
  readonly batch: number;
  /** Wall time the calibration took, ms (the candidates' first calls included). */
  readonly elapsedMs: number;
}

/**
 * Multiply–adds of one calibration f (rows × the block's multiply–adds per row, rows capped at 16): about
 * 1–2 ms of f plus VJP per candidate at 10–20 GFLOP/s, so large blocks are measured where their matrix
 * products, not dispatch, dominate, and the whole calibration stays near {@link BUDGET_MS}.
 */
const CALIBRATION_MACS = 1 << 22;
const MAX_ROWS = 16;
/**
 * Timed samples per candidate at most, interleaved across candidates; the least of each candidate's samples is
 * its cost (interference from other work only ever adds time).
 */
const SAMPLES = 5;
/** Samples per candidate at least, whatever the budget. */
const MIN_SAMPLES = 2;
/** Each sample repeats its f + VJP up to this many ms, so that tiny blocks are not timed at the clock's grain. */
const SAMPLE_MS = 2;
/**
 * After {@link MIN_SAMPLES} rounds of samples, no further round starts once this many ms have passed since the
 * first calls (which compile, allocate and upload weights once per candidate, and are not timed).
 */
const BUDGET_MS = 50;
/**
 * A later candidate (in `auto`'s order of preference) is chosen only when it costs less than this fraction of
 * the best so far: differences within timing noise keep the order of preference, so identical costs give a
 * deterministic choice.
 */
const TIE = 0.8;

const calibrations = new Map<string, BlockCalibration>();
let calibrationCount = 0;
let cacheHits = 0;

const now = (): number => (typeof performance === 'object' ? performance.now() : Date.now());
const processCpu = (globalThis as { process?: { cpuUsage?: () => { user: number; system: number } } }).process?.cpuUsage;
/** CPU time of this process where the runtime reports it (Node: time other processes take is not counted), else wall time, ms. */
const clock = (): number => {
  if (processCpu === undefined) return now();
  const c = processCpu();
  return (c.user + c.system) / 1000;
};

/** A smooth deterministic pattern in [−1, 1] (no RNG state: every calibration sees the same inputs). */
function pattern(n: number, phase: number): Float64Array {
  return Float64Array.from({ length: n }, (_, i) => Math.sin(0.7 * i + phase));
}

/** Run one f (+ VJP) and release everything it returned. */
function evaluate<T>(backend: TensorBackend<T>, dynamics: Dynamics<T>, t: number, y: T, a: T, params: readonly T[], withVjp: boolean): void {
  backend.dispose(dynamics.f(t, y, params));
  if (withVjp && dynamics.vjp !== undefined) {
    const v = dynamics.vjp(t + 0.5, y, a, params);
    backend.dispose([v.f, v.y, ...v.params]);
  }
}

/**
 * The realisation `auto` chose before for `key`, if any (counted as a cache hit).
 * @internal
 */
export function cachedBlockRealisation(key: string): ChosenBlockRealisation | undefined {
  const hit = calibrations.get(key);
  if (hit !== undefined) cacheHits++;
  return hit?.chosen;
}

/**
 * Time every candidate on a state of the spec's size and keep the cheapest (ties, within 20%, go to the
 * earlier candidate): one f and one VJP per call, a few interleaved samples in about 50 ms after each
 * candidate's first call. The choice is cached under `key` for the process. Tensors it creates are released.
 * @internal
 */
export function calibrateBlockRealisations<T>(
  key: string,
  spec: ResolvedMlpBlockSpec,
  layout: MlpLayout,
  backend: TensorBackend<T>,
  candidates: readonly CalibrationCandidate<T>[],
): CalibrationCandidate<T> {
  const started = now();
  let macsPerRow = 0;
  for (const l of layout.layers) macsPerRow += l.inputs * l.outputs;
  const batch = Math.max(1, Math.min(MAX_ROWS, Math.floor(CALIBRATION_MACS / Math.max(1, macsPerRow))));
  const n = spec.inputSize;
  // parameters of the layout's shapes, scaled by 1/√fan-in so that activations stay in their working range
  const params = layout.paramShapes.map((shape, k) => {
    const size = shape.reduce((p, q) => p * q, 1);
    const scale = shape.length > 1 ? 1 / Math.sqrt(shape[0]) : 0.1;
    return backend.fromArray(pattern(size, k + 2).map((v) => v * scale), shape);
  });
  const y = backend.fromArray(pattern(batch * n, 0), [batch, n]);
  const a = backend.fromArray(pattern(batch * n, 1), [batch, n]);
  const withVjp = candidates.every((c) => c.dynamics.vjp !== undefined);
  const samples: number[][] = candidates.map(() => []);
  try {
    let t = 0;
    // one untimed call each (compilation, buffers, weight uploads), then an untimed one that sizes the samples
    for (const c of candidates) evaluate(backend, c.dynamics, (t += 1), y, a, params, withVjp);
    const timing = now();
    const reps = candidates.map((c) => {
      const t0 = clock();
      evaluate(backend, c.dynamics, (t += 1), y, a, params, withVjp);
      return Math.max(1, Math.min(100, Math.ceil(SAMPLE_MS / Math.max(clock() - t0, 1e-3))));
    });
    for (let s = 0; s < SAMPLES && (s < MIN_SAMPLES || now() - timing < BUDGET_MS); s++) {
      candidates.forEach((c, k) => {
        const t0 = clock();
        for (let r = 0; r < reps[k]; r++) evaluate(backend, c.dynamics, (t += 1), y, a, params, withVjp);
        samples[k].push((clock() - t0) / reps[k]);
      });
    }
  } finally {
    backend.dispose([...params, y, a]);
  }
  const costs: Partial<Record<ChosenBlockRealisation, number>> = {};
  let best = 0;
  candidates.forEach((c, k) => {
    costs[c.realisation] = Math.min(...samples[k]);
  });
  for (let k = 1; k < candidates.length; k++) {
    if (costs[candidates[k].realisation]! < TIE * costs[candidates[best].realisation]!) best = k;
  }
  calibrationCount++;
  calibrations.set(key, { key, backend: backend.name, chosen: candidates[best].realisation, costs, batch, elapsedMs: now() - started });
  return candidates[best];
}

/** How often `auto` measured the block realisations of a backend (a new backend, candidate set or architecture) and how often it reused a choice. */
export interface BlockCalibrationStats {
  /** Calibrations run in this process (since the last {@link clearBlockCalibrations}). */
  readonly calibrations: number;
  /** `auto` choices taken from the cache. */
  readonly cacheHits: number;
}

/** Counts of `auto`'s calibrations and cache hits in this process. */
export function blockCalibrationStats(): BlockCalibrationStats {
  return { calibrations: calibrationCount, cacheHits };
}

/** Every cached calibration: what `auto` measured per backend and architecture and what it chose. */
export function blockCalibrations(): BlockCalibration[] {
  return [...calibrations.values()];
}

/** Forget every cached choice and reset the counts: the next `auto` realisation of each architecture measures again. */
export function clearBlockCalibrations(): void {
  calibrations.clear();
  calibrationCount = 0;
  cacheHits = 0;
}
