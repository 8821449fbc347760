// A cache-blocked, register-tiled matrix product for the js MLP realisation's dense kernels (the loop nest of
// Goto and van de Geijn, "Anatomy of high-performance matrix multiplication", 2008, in plain JavaScript).
//
// Why this shape on V8: the engine has no SIMD for JavaScript and keeps sixteen float registers, so the inner
// kernel is a 4×4 tile of sixteen local accumulators fed by four values of each operand per step (every load
// feeds four multiply–adds). Both operands are first copied ("packed") into small contiguous panels — 4 rows of
// A or 4 columns of B interleaved along k — so the inner loop walks two arrays with unit stride whatever the
// layout of the source (a transposed operand costs nothing extra), and a KC × NC block of B stays in L2 while
// every 4-row panel of A streams past it. Sums start from the current values of C and run over k in ascending
// order across blocks, so each output is summed in exactly the order of the plain triple loop: results do not
// depend on the blocking.

/** Rows and columns of a register tile. */
const MR = 4;
const NR = 4;
/** k-extent of a packed block (KC·(MR + NR) doubles stream through L1 per tile). */
const KC = 256;
/** Rows of A packed at once (MC·KC doubles = 128 KiB). */
const MC = 64;
/** Columns of B packed at once (KC·NC doubles = 512 KiB, within a 1 MiB L2). */
const NC = 256;

/** Packed panels, shared by every call (one thread; never held across calls). */
const packedA = new Float64Array(MC * KC);
const packedB = new Float64Array(KC * NC);
/** A partial tile at the edges, computed as a whole tile here and copied back. */
const edgeTile = new Float64Array(MR * NR);

/** Copy rows i0 … i0 + mc − 1, k0 … k0 + kc − 1 of A into MR-row panels (k-major inside a panel; zero padding). */
function packA(data: Float64Array, offset: number, rs: number, cs: number, i0: number, mc: number, k0: number, kc: number): void {
  for (let p = 0; p < mc; p += MR) {
    const rows = Math.min(MR, mc - p);
    for (let r = 0; r < MR; r++) {
      const q0 = p * kc + r;
      if (r >= rows) {
        for (let k = 0, q = q0; k < kc; k++, q += MR) packedA[q] = 0;
        continue;
      }
      let src = offset + (i0 + p + r) * rs + k0 * cs;
      for (let k = 0, q = q0; k < kc; k++, q += MR, src += cs) packedA[q] = data[src];
    }
  }
}

/** Copy rows k0 … k0 + kc − 1, columns j0 … j0 + nc − 1 of B into NR-column panels (k-major; zero padding). */
function packB(data: Float64Array, offset: number, rs: number, cs: number, k0: number, kc: number, j0: number, nc: number): void {
  for (let p = 0; p < nc; p += NR) {
    const cols = Math.min(NR, nc - p);
    for (let c = 0; c < NR; c++) {
      const q0 = p * kc + c;
      if (c >= cols) {
        for (let k = 0, q = q0; k < kc; k++, q += NR) packedB[q] = 0;
        continue;
      }
      let src = offset + k0 * rs + (j0 + p + c) * cs;
      for (let k = 0, q = q0; k < kc; k++, q += NR, src += rs) packedB[q] = data[src];
    }
  }
}

/** C[0..3, 0..3] (row stride ldc, from co) += packed A panel (from ao) · packed B panel (from bo) over kc steps. */
function tile4x4(kc: number, ao: number, bo: number, C: Float64Array, co: number, ldc: number): void {
  const a = packedA;
  const b = packedB;
  const c1 = co + ldc;
  const c2 = c1 + ldc;
  const c3 = c2 + ldc;
  let s00 = C[co], s01 = C[co + 1], s02 = C[co + 2], s03 = C[co + 3]; // prettier-ignore
  let s10 = C[c1], s11 = C[c1 + 1], s12 = C[c1 + 2], s13 = C[c1 + 3]; // prettier-ignore
  let s20 = C[c2], s21 = C[c2 + 1], s22 = C[c2 + 2], s23 = C[c2 + 3]; // prettier-ignore
  let s30 = C[c3], s31 = C[c3 + 1], s32 = C[c3 + 2], s33 = C[c3 + 3]; // prettier-ignore
  for (let k = 0; k < kc; k++, ao += 4, bo += 4) {
    const w0 = b[bo];
    const w1 = b[bo + 1];
    const w2 = b[bo + 2];
    const w3 = b[bo + 3];
    let x = a[ao];
    s00 += x * w0; s01 += x * w1; s02 += x * w2; s03 += x * w3; // prettier-ignore
    x = a[ao + 1];
    s10 += x * w0; s11 += x * w1; s12 += x * w2; s13 += x * w3; // prettier-ignore
    x = a[ao + 2];
    s20 += x * w0; s21 += x * w1; s22 += x * w2; s23 += x * w3; // prettier-ignore
    x = a[ao + 3];
    s30 += x * w0; s31 += x * w1; s32 += x * w2; s33 += x * w3; // prettier-ignore
  }
  C[co] = s00; C[co + 1] = s01; C[co + 2] = s02; C[co + 3] = s03; // prettier-ignore
  C[c1] = s10; C[c1 + 1] = s11; C[c1 + 2] = s12; C[c1 + 3] = s13; // prettier-ignore
  C[c2] = s20; C[c2 + 1] = s21; C[c2 + 2] = s22; C[c2 + 3] = s23; // prettier-ignore
  C[c3] = s30; C[c3 + 1] = s31; C[c3 + 2] = s32; C[c3 + 3] = s33; // prettier-ignore
}

/** A tile of rows × cols < 4 × 4 at the edge: through a whole tile in {@link edgeTile}. */
function edge(rows: number, cols: number, kc: number, ao: number, bo: number, C: Float64Array, co: number, ldc: number): void {
  edgeTile.fill(0);
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) edgeTile[r * NR + c] = C[co + r * ldc + c];
  tile4x4(kc, ao, bo, edgeTile, 0, NR);
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) C[co + r * ldc + c] = edgeTile[r * NR + c];
}

/** The tiles of one packed (mc × kc) block of A against one packed (kc × nc) block of B. */
function macroKernel(mc: number, nc: number, kc: number, C: Float64Array, co: number, ldc: number): void {
  for (let jr = 0; jr < nc; jr += NR) {
    const cols = Math.min(NR, nc - jr);
    const bo = jr * kc;
    for (let ir = 0; ir < mc; ir += MR) {
      const rows = Math.min(MR, mc - ir);
      const at = co + ir * ldc + jr;
      if (rows === MR && cols === NR) tile4x4(kc, ir * kc, bo, C, at, ldc);
      else edge(rows, cols, kc, ir * kc, bo, C, at, ldc);
    }
  }
}

/**
 * Whether an M × N × K product is large enough for {@link blockedGemm} to beat the unpacked 4×4 kernels: below
 * about 16 million multiply–adds (e.g. 64 rows of a 256 × 256 layer) packing costs more than the cache misses
 * it saves; above it (a 1024-wide layer, or 4096 rows of a 256-wide one) blocking is 1.2–1.7× faster.
 * @internal
 */
export function worthBlocking(M: number, N: number, K: number): boolean {
  return M >= 16 && N >= 16 && K >= 16 && M * N * K >= 1 << 24;
}

/**
 * C ← C + A·B for A (M × K) and B (K × N) given as strided views — element (r, c) of A at
 * `a[aOffset + r·aRowStride + c·aColStride]`, so a transposed operand is the same data with its strides swapped —
 * and C row-major with row stride `ldc` from `cOffset`.
 * Each C[i, j] continues from its current value with the products over k = 0 … K − 1 in ascending order, so the
 * caller chooses the start (a bias, zero, or a gradient to accumulate into) and the result equals the plain loop's
 * bit for bit. Allocates nothing.
 * @internal
 */
export function blockedGemm(
  M: number,
  N: number,
  K: number,
  a: Float64Array,
  aOffset: number,
  aRowStride: number,
  aColStride: number,
  b: Float64Array,
  bOffset: number,
  bRowStride: number,
  bColStride: number,
  C: Float64Array,
  cOffset: number,
  ldc: number,
): void {
  for (let j0 = 0; j0 < N; j0 += NC) {
    const nc = Math.min(NC, N - j0);
    for (let k0 = 0; k0 < K; k0 += KC) {
      const kc = Math.min(KC, K - k0);
      packB(b, bOffset, bRowStride, bColStride, k0, kc, j0, nc);
      for (let i0 = 0; i0 < M; i0 += MC) {
        const mc = Math.min(MC, M - i0);
        packA(a, aOffset, aRowStride, aColStride, i0, mc, k0, kc);
        macroKernel(mc, nc, kc, C, cOffset + i0 * ldc + j0, ldc);
      }
    }
  }
}
