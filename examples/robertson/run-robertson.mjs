// The whole example: the stiff solve and its plot, then the fit, its table and its plot, written to a folder.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fitRobertson, INITIAL_GUESS } from './robertson-fit.mjs';
import { robertsonSvg } from './robertson-svg.mjs';
import { ROBERTSON_RATES, ROBERTSON_STATES, solveRobertson } from './robertson.mjs';

/** y(10¹¹) from the IVP test set (Mazzia & Magherini, problem ROBER), for a check of the solve. */
export const IVP_REFERENCE = Object.freeze({ t: 1e11, y: Object.freeze([0.2083340149701255e-7, 0.8333360770334713e-13, 0.9999999791665050]) });

const pct = (e) => `${(100 * e).toFixed(2)}%`.padStart(8);
const num = (v) => v.toPrecision(5).padStart(11);

/** The table's header line. */
export const TABLE_HEADER = `${'iteration'.padStart(9)}  ${'loss'.padStart(10)}  ${'k1'.padStart(11)} ${'k2'.padStart(11)} ${'k3'.padStart(11)}  ${'err k1'.padStart(8)} ${'err k2'.padStart(8)} ${'err k3'.padStart(8)}`;

/** One line of the fit's table: iteration, loss, the three rate constants and their errors relative to the truth. */
export function tableRow({ iteration, loss, rates }) {
  const errors = rates.map((k, i) => k / ROBERTSON_RATES[i] - 1);
  return `${String(iteration).padStart(9)}  ${loss.toExponential(3).padStart(10)}  ${rates.map(num).join(' ')}  ${errors.map(pct).join(' ')}`;
}

/** Solve over [0, tEnd] and write robertson.svg; returns the solve. */
async function solvePart(out, tEnd, log) {
  const sol = await solveRobertson({ tEnd, points: Math.round(20 * (Math.log10(tEnd) + 6)) + 1 });
  const { nfe, steps, accepted, rejected, njev, nlu } = sol.stats;
  const last = sol.ys[sol.ys.length - 1];
  log(`Robertson's kinetics on [0, ${tEnd.toExponential(0)}] with rodas5p (rtol 1e-8, atol 1e-14, exact Jacobian from the equations):`);
  log(`  status ${sol.status}, ${steps} steps (${accepted} accepted, ${rejected} rejected), nfe ${nfe}, njev ${njev}, nlu ${nlu}, ${sol.ms.toFixed(1)} ms`);
  log(`  y(${tEnd.toExponential(0)}) = [${last.map((v) => v.toExponential(6)).join(', ')}]`);
  if (tEnd === IVP_REFERENCE.t) {
    const digits = last.map((v, i) => -Math.log10(Math.abs(v / IVP_REFERENCE.y[i] - 1) || 1e-16));
    log(`  IVP test set reference [${IVP_REFERENCE.y.map((v) => v.toExponential(6)).join(', ')}]: ${digits.map((d) => d.toFixed(1)).join(', ')} correct digits`);
  }
  const svg = robertsonSvg({
    ts: sol.ts,
    ys: sol.ys,
    names: ROBERTSON_STATES,
    title: "Robertson's chemical kinetics (rodas5p)",
    notes: [`A → B (k₁ = 0.04), B + B → C + B (k₂ = 3·10⁷), B + C → A + C (k₃ = 10⁴); ${steps} steps, nfe ${nfe}, njev ${njev}`],
  });
  writeFileSync(join(out, 'robertson.svg'), svg);
  return sol;
}

/** Fit the rates, print the table, and write robertson-fit.svg; returns the fit. */
async function fitPart(out, options, log) {
  const every = options.every ?? 10;
  log(`\nFitting k₁, k₂, k₃ in log space from [${INITIAL_GUESS.join(', ')}] (truth [${ROBERTSON_RATES.join(', ')}]):`);
  log('Adam on the mean squared relative residual; gradients by the adjoint through rodas5p (z(t) from the forward solution, adjointRtol 1e-4).');
  log(TABLE_HEADER);
  const iterations = options.iterations ?? 150;
  const fit = await fitRobertson({ ...options, onRow: (row) => (row.iteration % every === 0 || row.iteration === iterations - 1) && log(tableRow(row)) });
  log(`${'final'.padStart(9)}  ${''.padStart(10)}  ${fit.rates.map(num).join(' ')}  ${fit.relativeErrors.map(pct).join(' ')}`);
  const { nfeForward, nfeBackward, stepsBackward } = fit.perIteration;
  log(
    `${fit.iterations} iterations in ${(fit.totalMs / 1000).toFixed(2)} s (median ${fit.msPerIteration.toFixed(1)} ms each; per iteration ` +
      `nfe ${nfeForward.toFixed(0)} forward, ${nfeBackward.toFixed(0)} backward, ${stepsBackward.toFixed(0)} backward steps)`,
  );
  const [fitted, guess] = await Promise.all([fit.rates, INITIAL_GUESS].map((rates) => solveRobertson({ tEnd: 1e5, points: 181, rates })));
  const svg = robertsonSvg({
    ts: fitted.ts,
    ys: fitted.ys,
    names: ROBERTSON_STATES,
    title: `Robertson: fitted rate constants after ${fit.iterations} Adam steps`,
    dashed: { ts: guess.ts, ys: guess.ys, label: 'initial guess' },
    markers: { ts: fit.data.ts, ys: fit.data.observed, label: `samples (${100 * fit.data.noise}% noise)` },
    notes: [`fitted k = [${fit.rates.map((k) => k.toPrecision(4)).join(', ')}], relative errors [${fit.relativeErrors.map((e) => pct(e).trim()).join(', ')}]`],
  });
  writeFileSync(join(out, 'robertson-fit.svg'), svg);
  return fit;
}

/**
 * Run the example: solve and plot, fit and plot. Writes robertson.svg and robertson-fit.svg into `out`.
 * @param {{ out: string, tEnd?: number, iterations?: number, seed?: number, every?: number, log?: (line: string) => void }} options
 */
export async function runRobertson(options) {
  const { out, tEnd = IVP_REFERENCE.t, log = () => {} } = options;
  mkdirSync(out, { recursive: true });
  const solve = await solvePart(out, tEnd, log);
  const fit = await fitPart(out, options, log);
  log(`\nwrote ${join(out, 'robertson.svg')} and ${join(out, 'robertson-fit.svg')}`);
  return { solve, fit, files: [join(out, 'robertson.svg'), join(out, 'robertson-fit.svg')] };
}
