import { dirname, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Command, CommanderError, InvalidArgumentError } from 'commander';
import type { ContainerModule } from 'inversify';
import type { OdeflowError, ProgressReporter, Solver } from '@odeflow/core';
import { PIPELINE_LIMITS } from '../pipeline-limits.js';

// The pipeline machinery (solvers, sensitivities, zod, inversify) is imported by the commands that need it,
// so `odeflow --help` starts in a fraction of the time.
const core = () => import('@odeflow/core');
const pipelineApi = () => import('../index.js');

/** An OdeflowError from any copy of core (checked by shape, so core need not be loaded to recognise it). */
function isOdeflowLike(e: unknown): e is OdeflowError {
  return e instanceof Error && e.name === 'OdeflowError' && typeof (e as { code?: unknown }).code === 'string';
}

/** Where the CLI writes and reads. Defaults: the process's streams and working directory. */
export interface CliIo {
  /** Results and listings. */
  readonly stdout?: NodeJS.WritableStream;
  /** Errors and the progress bar. */
  readonly stderr?: NodeJS.WriteStream;
  /** Folder relative paths are resolved against. */
  readonly cwd?: string;
  /** Progress reporter (default: a cli-progress bar, quiet when output is not a terminal). */
  readonly progress?: ProgressReporter;
}

const integer = (min: number, max = Number.MAX_SAFE_INTEGER) => (v: string) => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < min || n > max) throw new InvalidArgumentError(`expected an integer from ${min} to ${max}.`);
  return n;
};
const numberList = (v: string) => {
  const xs = v.split(',').map((s) => Number(s.trim()));
  if (xs.length === 0 || xs.some((x) => !Number.isFinite(x) || x <= 0)) throw new InvalidArgumentError('expected comma-separated numbers > 0, e.g. 5,10,20.');
  if (xs.length > PIPELINE_LIMITS.horizons) throw new InvalidArgumentError(`expected at most ${PIPELINE_LIMITS.horizons} numbers.`);
  return xs;
};
const nameList = (v: string) => v.split(',').map((s) => s.trim()).filter(Boolean);
const seeds = (v: string, prev: number[] | undefined) => {
  const all = [...(prev ?? []), ...v.split(',').map((s) => integer(0, 2 ** 32 - 1)(s.trim()))];
  if (all.length > PIPELINE_LIMITS.runs) throw new InvalidArgumentError(`expected at most ${PIPELINE_LIMITS.runs} seeds.`);
  return all;
};
const folders = (v: string, prev: string[] | undefined) => [...(prev ?? []), v];

/** Load plugin files: each module's default export (or its `module` export) is a ContainerModule. */
async function loadPlugins(files: readonly string[], cwd: string): Promise<ContainerModule[]> {
  const out: ContainerModule[] = [];
  for (const f of files) {
    const path = resolve(cwd, f);
    let m: Record<string, unknown>;
    try {
      m = (await import(pathToFileURL(path).href)) as Record<string, unknown>;
    } catch (e) {
      const { OdeflowError } = await core();
      throw new OdeflowError('INVALID_ARGUMENT', `Could not load plugin ${path}: ${(e as Error).message}`, { plugin: path });
    }
    const mod = (m.default ?? m.module) as { load?: unknown } | undefined;
    if (!mod || typeof mod !== 'object' || typeof mod.load !== 'function') {
      const { OdeflowError } = await core();
      throw new OdeflowError('INVALID_ARGUMENT', `Plugin ${path} must export an inversify ContainerModule as its default export (or as \`module\`).`, { plugin: path });
    }
    out.push(mod as ContainerModule);
  }
  return out;
}

/** Read and validate a spec file: a regular file within the size limit (a device or FIFO is refused unread). */
async function readSpec(file: string, cwd: string, modules: readonly ContainerModule[]) {
  const path = resolve(cwd, file);
  const { createPipelineContainer, parsePipelineJson, readRegularFile, EXPERIMENT_FOLDER_FILES } = await pipelineApi();
  const read = await readRegularFile(path, PIPELINE_LIMITS.specBytes);
  if (!('text' in read)) {
    const { OdeflowError } = await core();
    if (read.problem === 'too-large') {
      throw new OdeflowError('LIMIT_EXCEEDED', `The spec file ${path} is larger than the limit of ${PIPELINE_LIMITS.specBytes} bytes.`, { file: path, limit: PIPELINE_LIMITS.specBytes });
    }
    const why = read.problem === 'not-regular' ? `it is ${read.reason}, not a file` : read.reason;
    throw new OdeflowError('INVALID_ARGUMENT', `Could not read the spec file ${path} (${why}). Give the path of a pipeline JSON file.`, { file: path });
  }
  const container = createPipelineContainer(modules);
  const spec = parsePipelineJson(read.text, { container, source: file, reservedFiles: EXPERIMENT_FOLDER_FILES });
  return { spec, container, path, baseDir: dirname(path) };
}

/** A fixed-width text table. */
function textTable(header: string[], rows: string[][]): string {
  const w = header.map((h, k) => Math.max(h.length, ...rows.map((r) => r[k]!.length)));
  const line = (r: string[]) => r.map((c, k) => c.padEnd(w[k]!)).join('  ').trimEnd();
  return [line(header), line(w.map((n) => '-'.repeat(n))), ...rows.map(line)].join('\n') + '\n';
}

/** What every command's action reads: the working directory, the error stream, a line printer, the io. */
interface CommandContext {
  readonly cwd: string;
  readonly stderr: NodeJS.WriteStream;
  readonly say: (s: string) => void;
  readonly io: CliIo;
}

/**
 * The `odeflow` command-line program (commander): `run`, `compare-memory`, `solvers`, `validate`, each with
 * `--help`. Exported so that it can be embedded; {@link runCli} parses and runs it.
 */
export function createCliProgram(io: CliIo = {}): Command {
  const stdout = io.stdout ?? process.stdout;
  const stderr = io.stderr ?? process.stderr;
  const cwd = io.cwd ?? process.cwd();
  const say = (s: string) => void stdout.write(s.endsWith('\n') ? s : `${s}\n`);
  const program = new Command('odeflow')
    .description('Neural ODEs and the adjoint method: run declarative pipelines (JSON specs), compare sensitivities, list solvers.')
    .version('0.1.0')
    .showHelpAfterError('(add --help for usage)')
    .configureOutput({ writeOut: (s) => void stdout.write(s), writeErr: (s) => void stderr.write(s) })
    .exitOverride();
  const context: CommandContext = { cwd, stderr, say, io };
  for (const add of [addRunCommand, addCompareMemoryCommand, addSolversCommand, addValidateCommand]) add(program, context);
  return program;
}


function addRunCommand(program: Command, { cwd, stderr, say, io }: CommandContext): void {
  program
    .command('run')
    .description('Run a pipeline spec: train, evaluate metrics, write results.json, results.md and SVG plots into the output folder.')
    .argument('<spec>', 'pipeline spec (JSON file)')
    .option('-b, --backend <names>', 'backend (js, tfjs, wasm, or a plugin\'s); a comma-separated list sweeps; overrides the spec', nameList)
    .option('-s, --solver <names>', 'solver for every ODE stage (dopri5, tsit5, ...); a list sweeps; overrides the spec', nameList)
    .option('--sensitivity <names>', 'sensitivity for every ODE stage (adjoint, direct, checkpointed); a list sweeps; overrides the spec', nameList)
    .option('--seed <n>', 'seed(s): repeat or comma-separate for several runs', seeds)
    .option('-i, --iterations <n>', 'training iterations of every train stage', integer(0, PIPELINE_LIMITS.iterations))
    .option('-o, --out <dir>', 'output folder, replaced whole (default: odeflow-out/<pipeline name>)')
    .option('--allow-read <dir>', 'also let CSV sources read files below this folder (repeatable; by default only below the spec\'s folder)', folders)
    .option('-p, --plugin <file...>', 'ES module(s) whose default export is an inversify ContainerModule registering solvers, block kinds or backends')
    .option('-q, --quiet', 'no progress bar')
    .action(async (file: string, o: { backend?: string[]; solver?: string[]; sensitivity?: string[]; seed?: number[]; iterations?: number; out?: string; plugin?: string[]; quiet?: boolean; allowRead?: string[] }) => {
      const modules = await loadPlugins(o.plugin ?? [], cwd);
      const { spec, container, baseDir } = await readSpec(file, cwd, modules);
      const outDir = resolve(cwd, o.out ?? `odeflow-out/${spec.name}`);
      const { ProgressBarReporter } = await import('../progress-bar-reporter.js');
      const { runExperimentToFolder, withDefaultPlot } = await pipelineApi();
      const progress = o.quiet ? undefined : (io.progress ?? new ProgressBarReporter({ stream: stderr }));
      const allowRead = (o.allowRead ?? []).map((d) => resolve(cwd, d));
      const { result, markdown: md } = await runExperimentToFolder(
        {
          pipeline: withDefaultPlot(spec),
          sweep: {
            ...(o.backend?.length ? { backend: o.backend } : {}),
            ...(o.solver?.length ? { solver: o.solver } : {}),
            ...(o.sensitivity?.length ? { sensitivity: o.sensitivity } : {}),
          },
          ...(o.seed ? { seeds: o.seed } : {}),
          ...(o.iterations !== undefined ? { iterations: o.iterations } : {}),
        },
        { container, baseDir, outDir, allowRead, ...(progress ? { progress } : {}) },
      );
      say(md);
      say(`Wrote ${outDir}/results.json, results.md and ${result.runs.reduce((n, r) => n + r.files.length, 0)} sink file(s).`);
    });
}

function addCompareMemoryCommand(program: Command, { cwd, stderr, say, io }: CommandContext): void {
  program
    .command('compare-memory')
    .description('Compare the memory, evaluations and gradients of sensitivities (direct, adjoint, checkpointed) over growing integration lengths on the spec\'s ODE stage; writes memory.json, memory.md and memory.svg.')
    .argument('<spec>', 'pipeline spec (JSON file) with a "compareMemory" section or an ODE stage')
    .option('-b, --backend <name>', 'backend; overrides the spec')
    .option('-s, --solver <name>', 'forward solver; overrides the spec')
    .option('-m, --methods <names>', 'comma-separated sensitivities (default: the spec\'s, else direct,adjoint,checkpointed)', nameList)
    .option('--horizons <list>', 'comma-separated integration lengths, e.g. 5,10,20 (default: the spec\'s)', numberList)
    .option('--repeats <n>', 'runs per cell; wall time is their median', integer(1, 1000))
    .option('-o, --out <dir>', 'output folder (default: odeflow-out/<pipeline name>)')
    .option('-p, --plugin <file...>', 'ES module(s) exporting a ContainerModule')
    .option('--allow-read <dir>', 'also let CSV sources read files below this folder (repeatable)', folders)
    .action(async (file: string, o: { backend?: string; solver?: string; methods?: string[]; horizons?: number[]; repeats?: number; out?: string; plugin?: string[]; allowRead?: string[] }) => {
      const modules = await loadPlugins(o.plugin ?? [], cwd);
      const { spec, container, baseDir } = await readSpec(file, cwd, modules);
      const outDir = resolve(cwd, o.out ?? `odeflow-out/${spec.name}`);
      const { comparePipelineMemory, writeOutputFolder } = await pipelineApi();
      const allowRead = (o.allowRead ?? []).map((d) => resolve(cwd, d));
      const r = await writeOutputFolder(outDir, (dir) => comparePipelineMemory(
        spec,
        {
          ...(o.backend ? { backend: o.backend } : {}),
          ...(o.solver ? { solver: o.solver } : {}),
          ...(o.methods ? { methods: o.methods } : {}),
          ...(o.horizons ? { horizons: o.horizons } : {}),
          ...(o.repeats ? { repeats: o.repeats } : {}),
        },
        { container, baseDir, outDir: dir, allowRead },
      ));
      say(r.markdown);
      say(`Wrote ${r.files.map((f) => resolve(outDir, f.slice(f.lastIndexOf('/') + 1))).join(', ')}.`);
    });
}

function addSolversCommand(program: Command, { cwd, stderr, say, io }: CommandContext): void {
  program
    .command('solvers')
    .description('List the registered solvers with their order and properties.')
    .option('--json', 'print JSON instead of a table')
    .option('-p, --plugin <file...>', 'ES module(s) exporting a ContainerModule')
    .action(async (o: { json?: boolean; plugin?: string[] }) => {
      const { createPipelineContainer } = await pipelineApi();
      const { listNamed, resolveNamed, TOKENS } = await core();
      const container = createPipelineContainer(await loadPlugins(o.plugin ?? [], cwd));
      const solvers: Solver[] = listNamed(container, TOKENS.Solver).map((n) => resolveNamed(container, TOKENS.Solver, n, 'solver'));
      const infos = solvers.map((s) => ({
        name: s.name,
        order: s.order,
        errorOrder: s.errorOrder ?? null,
        adaptive: s.adaptive,
        fsal: s.fsal,
        implicit: s.implicit,
        multistep: s.multistep,
        stages: s.stages,
        interpolantOrder: s.interpolantOrder,
        description: s.description,
      }));
      if (o.json) return say(JSON.stringify(infos, null, 2));
      const yn = (b: boolean) => (b ? 'yes' : 'no');
      say(
        textTable(
          ['name', 'order', 'error order', 'adaptive', 'implicit', 'fsal', 'multistep', 'stages', 'interpolant', 'description'],
          infos.map((i) => [i.name, String(i.order), i.errorOrder === null ? '-' : String(i.errorOrder), yn(i.adaptive), yn(i.implicit), yn(i.fsal), yn(i.multistep), String(i.stages), String(i.interpolantOrder), i.description]),
        ),
      );
    });
}

function addValidateCommand(program: Command, { cwd, stderr, say, io }: CommandContext): void {
  program
    .command('validate')
    .description('Check a pipeline spec without running it: schema, references, cycles, and every name against the registered solvers, sensitivities, backends and block kinds.')
    .argument('<spec>', 'pipeline spec (JSON file)')
    .option('-p, --plugin <file...>', 'ES module(s) exporting a ContainerModule (their names become valid)')
    .action(async (file: string, o: { plugin?: string[] }) => {
      const { spec } = await readSpec(file, cwd, await loadPlugins(o.plugin ?? [], cwd));
      const { executionOrder } = await pipelineApi();
      const order = executionOrder(spec).map((s) => s.id);
      say(`${file}: valid pipeline "${spec.name}" with ${spec.stages.length} stages; execution order: ${order.join(' → ')}`);
    });
}

/**
 * Run the CLI on `argv` (the arguments after the program name) and return the exit code: 0 on success,
 * 1 when odeflow reports an error (its message says what to fix), 2 on a command-line usage error.
 */
export async function runCli(argv: readonly string[], io: CliIo = {}): Promise<number> {
  const stderr = io.stderr ?? process.stderr;
  const program = createCliProgram(io);
  try {
    if (argv.length === 0) {
      program.outputHelp();
      return 0;
    }
    await program.parseAsync([...argv], { from: 'user' });
    return 0;
  } catch (e) {
    if (e instanceof CommanderError) {
      // help and version "errors" are successes
      return e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.code === 'commander.help' ? 0 : 2;
    }
    if (isOdeflowLike(e)) {
      stderr.write(`odeflow: ${e.message}\n`);
      return 1;
    }
    // Not odeflow's own error: a bug, not the user's input. The message, no stack trace (ODEFLOW_DEBUG=1 shows it).
    const debug = process.env.ODEFLOW_DEBUG === '1' && e instanceof Error;
    stderr.write(`odeflow: unexpected error: ${debug ? e.stack : e instanceof Error ? `${e.name}: ${e.message}` : String(e)}\n`);
    return 1;
  }
}
