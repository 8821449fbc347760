import { AdamsBashforth } from './adams-bashforth.js';
import { bdf } from './bdf/bdf.js';
import { implicitEuler, kvaerno5, trapezoid } from './dirk/index.js';
import { adaptiveHeun } from './methods/adaptive-heun.js';
import { bosh3 } from './methods/bosh3.js';
import { dopri5 } from './methods/dopri5.js';
import { dopri8 } from './methods/dopri8.js';
import { euler } from './methods/euler.js';
import { fehlberg2 } from './methods/fehlberg2.js';
import { heun2 } from './methods/heun2.js';
import { heun3 } from './methods/heun3.js';
import { midpoint } from './methods/midpoint.js';
import { ralston } from './methods/ralston.js';
import { rk4 } from './methods/rk4.js';
import { tsit5 } from './methods/tsit5.js';
import { vern7 } from './methods/vern7.js';
import { vern9 } from './methods/vern9.js';
import { rodas5p } from './rosenbrock/rodas5p.js';
import { rosenbrock23 } from './rosenbrock/rosenbrock23.js';
import { auto } from './auto/auto-switch.js';
import type { SteppableSolver } from './stepper.js';

/** Adams–Bashforth of order 4 under the name `adams_bashforth`. */
export const adamsBashforth = new AdamsBashforth(4, 'adams_bashforth');

/**
 * Every built-in method, in listing order: fixed-step euler, midpoint, heun2, ralston, heun3, rk4,
 * adams_bashforth (order 4) and ab1…ab5; adaptive adaptive_heun, fehlberg2, bosh3, dopri5 (default),
 * tsit5, dopri8; stiff (implicit) rosenbrock23, rodas5p, implicit_euler, trapezoid, kvaerno5, bdf; and auto,
 * which switches between an explicit and a stiff method.
 */
export const BUILTIN_SOLVERS: readonly SteppableSolver[] = Object.freeze([
  euler, midpoint, heun2, ralston, heun3, rk4, adamsBashforth,
  new AdamsBashforth(1), new AdamsBashforth(2), new AdamsBashforth(3), new AdamsBashforth(4), new AdamsBashforth(5),
  adaptiveHeun, fehlberg2, bosh3, dopri5, tsit5, dopri8, vern7, vern9,
  rosenbrock23, rodas5p,
  implicitEuler, trapezoid, kvaerno5,
  bdf,
  auto,
]);
