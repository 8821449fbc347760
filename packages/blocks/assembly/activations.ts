// Activation kernels (see mlp-kernels.ts for the conventions). The codes are those of ACTIVATIONS in
// src/activations.ts (its `kernelCode`s): identity 0, tanh 1, relu 2, sigmoid 3, softplus 4.
import { fastTanh, fastTanh2 } from './tanh';


/** h = act(z) elementwise over n values (h may equal z). */
export function activate(kind: i32, z: usize, h: usize, n: i32): void {
  const end = <usize>n << 3;
  switch (kind) {
    case 1: {
      const pairs = end & ~(<usize>15);
      for (let o: usize = 0; o < pairs; o += 16) v128.store(h + o, fastTanh2(v128.load(z + o)));
      if (pairs < end) store<f64>(h + pairs, fastTanh(load<f64>(z + pairs)));
      break;
    }
    case 2:
      for (let o: usize = 0; o < end; o += 8) {
        const v = load<f64>(z + o);
        store<f64>(h + o, v > 0 ? v : 0);
      }
      break;
    case 3:
      for (let o: usize = 0; o < end; o += 8) store<f64>(h + o, 1 / (1 + Math.exp(-load<f64>(z + o))));
      break;
    case 4:
      for (let o: usize = 0; o < end; o += 8) {
        const v = load<f64>(z + o);
        store<f64>(h + o, v > 30 ? v : v < -30 ? Math.exp(v) : Math.log1p(Math.exp(v)));
      }
      break;
    default:
      if (h != z) memory.copy(h, z, end);
      break;
  }
}

/** g ← g ⊙ act'(z) over n values, from the stored activation h where that is cheaper. */
export function activateBackward(kind: i32, z: usize, h: usize, g: usize, n: i32): void {
  const end = <usize>n << 3;
  switch (kind) {
    case 1: {
      const pairs = end & ~(<usize>15);
      const one = f64x2.splat(1.0);
      for (let o: usize = 0; o < pairs; o += 16) {
        const v = v128.load(h + o);
        v128.store(g + o, f64x2.mul(v128.load(g + o), f64x2.sub(one, f64x2.mul(v, v))));
      }
      if (pairs < end) {
        const v = load<f64>(h + pairs);
        store<f64>(g + pairs, load<f64>(g + pairs) * (1 - v * v));
      }
      break;
    }
    case 2:
      for (let o: usize = 0; o < end; o += 8) if (!(load<f64>(z + o) > 0)) store<f64>(g + o, 0);
      break;
    case 3: {
      const pairs = end & ~(<usize>15);
      const one = f64x2.splat(1.0);
      for (let o: usize = 0; o < pairs; o += 16) {
        const v = v128.load(h + o);
        v128.store(g + o, f64x2.mul(v128.load(g + o), f64x2.mul(v, f64x2.sub(one, v))));
      }
      if (pairs < end) {
        const v = load<f64>(h + pairs);
        store<f64>(g + pairs, load<f64>(g + pairs) * (v * (1 - v)));
      }
      break;
    }
    case 4:
      for (let o: usize = 0; o < end; o += 8) store<f64>(g + o, load<f64>(g + o) * (1 / (1 + Math.exp(-load<f64>(z + o)))));
      break;
    default:
      break;
  }
}
