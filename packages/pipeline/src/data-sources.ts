import type { Container } from 'inversify';
import { OdeflowError } from '@odeflow/core';
import { DEFAULT_SOLVER } from '@odeflow/solvers';
import { odeint } from '@odeflow/runtime';
import { PIPELINE_LIMITS } from './pipeline-limits.js';
import { readDataFile } from './read-data-file.js';
import type { ArraySourceSpec, CsvSourceSpec, PendulumSourceSpec, SpiralSourceSpec } from './pipeline-spec.js';

/** A trajectory as plain float64 data: sample times and one state row per time. */
export interface Dataset {
  /** Sample times. */
  readonly ts: readonly number[];
  /** One state row per time. */
  readonly ys: readonly (readonly number[])[];
}

/** Source stages. */
export type SourceStageSpec = SpiralSourceSpec | PendulumSourceSpec | ArraySourceSpec | CsvSourceSpec;

/**
 * Where relative CSV paths are resolved and may be read, and the container whose `dopri5` generates the
 * built-in data.
 */
export interface DataSourceContext {
  /** Folder of the spec file (default: the working directory); CSV files are read only below it. */
  readonly baseDir?: string;
  /** Further folders CSV files may be read from (the CLI's `--allow-read DIR`). */
  readonly allowRead?: readonly string[];
  /** Container to resolve `dopri5` from (default: odeflow's own). */
  readonly container?: Container;
}

const linspace = (a: number, b: number, n: number) => Array.from({ length: n }, (_, k) => a + ((b - a) * k) / (n - 1));

// The reference trajectories are solved far tighter than any model will fit them.
const REFERENCE = { rtol: 1e-10, atol: 1e-12, method: DEFAULT_SOLVER };

/**
 * The data of a source stage: the spiral and pendulum generators solve their true dynamics with dopri5 at
 * rtol 1e-10; arrays are copied; CSV files are read (header row, one time column, state columns).
 * `index` is the stage's position in the spec, for INVALID_SPEC paths.
 */
export async function loadDataSource(stage: SourceStageSpec, index: number, context: DataSourceContext = {}): Promise<Dataset> {
  const opts = context.container ? { ...REFERENCE, container: context.container } : REFERENCE;
  switch (stage.kind) {
    case 'spiral': {
      const a = stage.matrix ?? [
        [-0.1, 2.0],
        [-2.0, -0.1],
      ];
      const ts = linspace(0, stage.tEnd, stage.points);
      const r = odeint(
        (_t, y) => {
          const u = y[0]! ** 3;
          const v = y[1]! ** 3;
          return [u * a[0]![0]! + v * a[1]![0]!, u * a[0]![1]! + v * a[1]![1]!];
        },
        stage.y0 ?? [2, 0],
        ts,
        opts,
      );
      return { ts, ys: r.ys.map((y) => Array.from(y)) };
    }
    case 'pendulum': {
      const b = stage.damping ?? 0.25;
      const c = stage.stiffness ?? 5;
      const ts = linspace(0, stage.tEnd, stage.points);
      const r = odeint((_t, y) => [y[1]!, -b * y[1]! - c * Math.sin(y[0]!)], stage.y0 ?? [Math.PI - 0.1, 0], ts, opts);
      return { ts, ys: r.ys.map((y) => Array.from(y)) };
    }
    case 'array':
      return { ts: [...stage.ts], ys: stage.ys.map((r) => [...r]) };
    case 'csv':
      return readCsv(stage, index, context);
  }
}

// Messages name the file, the line and the spec's own column names, never the file's contents: a spec may
// point at a file that is not a CSV at all.
async function readCsv(stage: CsvSourceSpec, index: number, context: DataSourceContext): Promise<Dataset> {
  const at = `stages[${index}]`;
  const baseDir = context.baseDir ?? process.cwd();
  const text = await readDataFile(stage.path, { baseDir, at: `${at}.path`, what: 'CSV file', ...(context.allowRead ? { allowRead: context.allowRead } : {}) });
  const file = stage.path;
  const lines = text.split(/\r?\n/).map((l, k) => ({ l: l.trim(), k: k + 1 })).filter((x) => x.l !== '' && !x.l.startsWith('#'));
  if (lines.length - 1 > PIPELINE_LIMITS.points) {
    const limit = PIPELINE_LIMITS.points;
    throw new OdeflowError('LIMIT_EXCEEDED', `${at}.path: ${file} has ${lines.length - 1} data rows, over the limit of ${limit}; use fewer samples.`, { path: `${at}.path`, file, limit });
  }
  if (lines.length < 3) {
    throw new OdeflowError('INVALID_SPEC', `${at}.path: expected a CSV file with a header row and at least 2 data rows; ${file} has ${Math.max(0, lines.length - 1)}.`, { path: `${at}.path`, file });
  }
  const header = lines[0]!.l.split(',').map((h) => h.trim());
  const timeColumn = stage.timeColumn ?? 't';
  const ti = header.indexOf(timeColumn);
  if (ti < 0) {
    throw new OdeflowError('INVALID_SPEC', `${at}.timeColumn: expected a column of ${file} (its header has ${header.length}); "${timeColumn}" is not one.`, { path: `${at}.timeColumn`, file });
  }
  const columns = stage.columns ?? header.filter((_, k) => k !== ti);
  const ci = columns.map((c, k) => {
    const j = header.indexOf(c);
    if (j < 0) throw new OdeflowError('INVALID_SPEC', `${at}.columns[${k}]: expected a column of ${file} (its header has ${header.length}); "${c}" is not one.`, { path: `${at}.columns[${k}]`, file });
    return j;
  });
  if (ci.length === 0) throw new OdeflowError('INVALID_SPEC', `${at}.columns: expected at least one state column besides "${timeColumn}" in ${file}.`, { path: `${at}.columns`, file });
  const ts: number[] = [];
  const ys: number[][] = [];
  // a column named by the spec is quoted; one taken from the file is given by its position
  const named = new Set([timeColumn, ...(stage.columns ?? [])]);
  const columnName = (j: number) => (named.has(header[j]!) ? `"${header[j]}"` : `${j + 1}`);
  for (const { l, k } of lines.slice(1)) {
    const cells = l.split(',').map((c) => c.trim());
    const num = (j: number) => {
      const v = cells[j] === undefined || cells[j] === '' ? NaN : Number(cells[j]);
      if (!Number.isFinite(v)) {
        const got = cells[j] === undefined || cells[j] === '' ? 'an empty cell' : 'a cell that is not a finite number';
        throw new OdeflowError('INVALID_SPEC', `${at}.path: expected a finite number in column ${columnName(j)} of ${file} line ${k}; got ${got}.`, { path: `${at}.path`, file, line: k });
      }
      return v;
    };
    const t = num(ti);
    if (ts.length > 0 && !(t > ts[ts.length - 1]!)) {
      throw new OdeflowError('INVALID_SPEC', `${at}.path: expected strictly increasing times in ${file}; the time on line ${k} is not after the previous row's.`, { path: `${at}.path`, file, line: k });
    }
    ts.push(t);
    ys.push(ci.map(num));
  }
  return { ts, ys };
}
