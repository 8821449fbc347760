// The stiff benchmark problems, each with f (fInto form), its exact Jacobian (row-major), y0, the interval, the
// tolerance convention and a reference value at the final time with its source.
import { e5 } from './e5.mjs';
import { hires } from './hires.mjs';
import { oregonator } from './oregonator.mjs';
import { pollu } from './pollu.mjs';
import { robertson, robertsonLong } from './robertson.mjs';
import { vanDerPol, vdpol } from './van-der-pol.mjs';
import { REFERENCES } from './references.mjs';

/** Every problem, in table order; computed references filled in from references.mjs. */
export const PROBLEMS = [robertson, robertsonLong, hires, vanDerPol, vdpol, oregonator, pollu, e5].map((p) =>
  p.ref === null ? { ...p, ref: REFERENCES[p.name] ?? null } : p,
);

/** f as a plain (t, y) => number[] (what odeint takes), built on fInto. */
export function plainF(p) {
  return (t, y) => {
    const out = new Array(p.n);
    p.fInto(t, y, out);
    return out;
  };
}

/** The Jacobian as odeint takes it: (t, y) => row-major n·n (a buffer reused across calls). */
export function plainJacobian(p) {
  const buf = new Float64Array(p.n * p.n);
  return (t, y) => {
    p.jacobianInto(t, y, buf);
    return buf;
  };
}
