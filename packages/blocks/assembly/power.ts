// The input transform y ↦ y^p (see mlp-kernels.ts for the conventions).


/** x = y^p elementwise over n values, p ∈ {1, 2, 3} (x may equal y). */
export function power(y: usize, x: usize, n: i32, p: i32): void {
  const end = <usize>n << 3;
  if (p == 3) {
    for (let o: usize = 0; o < end; o += 8) {
      const v = load<f64>(y + o);
      store<f64>(x + o, v * v * v);
    }
  } else if (p == 2) {
    for (let o: usize = 0; o < end; o += 8) {
      const v = load<f64>(y + o);
      store<f64>(x + o, v * v);
    }
  } else if (x != y) {
    memory.copy(x, y, end);
  }
}

/** g ← g·p·y^(p−1) elementwise over n values: from the cotangent of y^p to that of y. */
export function powerBackward(y: usize, g: usize, n: i32, p: i32): void {
  const end = <usize>n << 3;
  if (p == 3) {
    for (let o: usize = 0; o < end; o += 8) {
      const v = load<f64>(y + o);
      store<f64>(g + o, load<f64>(g + o) * (3 * v * v));
    }
  } else if (p == 2) {
    for (let o: usize = 0; o < end; o += 8) store<f64>(g + o, load<f64>(g + o) * (2 * load<f64>(y + o)));
  }
}
