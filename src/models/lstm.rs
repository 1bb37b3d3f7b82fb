//! One direction of a long short-term memory layer over a sentence's rows: the parser's trainable
//! context (`models::parser`), run once left to right and once right to left. Its backward pass is
//! `train::lstm`. Gates are laid out input, forget, cell, output; the input product of every row
//! is one matrix product, and only the recurrence runs row by row.

use super::parser::gemm;

/// Where one direction's weights lie in the parser's flat parameter vector.
#[derive(Debug, Clone, PartialEq)]
pub struct LstmLayout {
    /// Input weights, `4·width × input`.
    pub wx: std::ops::Range<usize>,
    /// Recurrent weights, `4·width × width`.
    pub wh: std::ops::Range<usize>,
    /// Bias, `4·width`.
    pub b: std::ops::Range<usize>,
}

/// What one direction computed, by row position (not by step order): the gates after their
/// activations, the cell states and the outputs.
#[derive(Debug, Clone, Default)]
pub struct LstmRun {
    pub width: usize,
    pub reverse: bool,
    /// `rows × 4·width`: σ(input), σ(forget), tanh(cell), σ(output).
    pub gates: Vec<f32>,
    /// `rows × width`.
    pub cells: Vec<f32>,
    /// `rows × width`.
    pub out: Vec<f32>,
}

impl LstmRun {
    /// Row positions in the order the direction reads them.
    pub fn order(rows: usize, reverse: bool) -> Box<dyn Iterator<Item = usize>> {
        if reverse {
            Box::new((0..rows).rev())
        } else {
            Box::new(0..rows)
        }
    }

    /// The row read just before `t`, if any.
    pub fn previous(&self, t: usize, rows: usize) -> Option<usize> {
        if self.reverse {
            (t + 1 < rows).then_some(t + 1)
        } else {
            t.checked_sub(1)
        }
    }
}

/// Runs one direction over `rows` input rows of width `input` (`x`, row-major): what
/// `Parser::forward_many` does in two steps over many sentences, for the tests.
#[cfg(test)]
pub fn lstm_forward(
    x: &[f32],
    rows: usize,
    wx: &[f32],
    wh: &[f32],
    b: &[f32],
    reverse: bool,
) -> LstmRun {
    lstm_recur(
        &input_product(x, rows, &transposed(wx, b.len())),
        rows,
        &transposed(wh, b.len()),
        b,
        reverse,
    )
}

/// `w` (`out × in`, row-major) transposed to `in × out`.
pub fn transposed(w: &[f32], out: usize) -> Vec<f32> {
    let inp = w.len() / out.max(1);
    let mut t = vec![0f32; w.len()];
    for (k, row) in w.chunks_exact(inp).enumerate() {
        for (q, &v) in row.iter().enumerate() {
            t[q * out + k] = v;
        }
    }
    t
}

/// The input part of every row's gate pre-activations, `x · Wxᵀ` (`rows × 4·width`), from the
/// input weights transposed (`wx_t`: `input × 4·width`): one matrix product, which may span the
/// rows of several sentences.
pub fn input_product(x: &[f32], rows: usize, wx_t: &[f32]) -> Vec<f32> {
    let input = x.len() / rows.max(1);
    let g4 = wx_t.len() / input.max(1);
    let mut pre = vec![0f32; rows * g4];
    gemm(rows, input, g4, x, false, wx_t, false, &mut pre, 0.0);
    pre
}

/// The recurrence of one direction over one sentence's rows, from their input products `pre`;
/// `wh_t` is the recurrent weights transposed (`width × 4·width`, `transposed(wh, 4·width)`).
pub fn lstm_recur(pre: &[f32], rows: usize, wh_t: &[f32], b: &[f32], reverse: bool) -> LstmRun {
    #[cfg(target_arch = "x86_64")]
    if std::arch::is_x86_feature_detected!("avx512f") {
        // SAFETY: the processor has just been found to have AVX-512.
        return unsafe { lstm_recur_avx512(pre, rows, wh_t, b, reverse) };
    }
    #[cfg(target_arch = "x86_64")]
    if std::arch::is_x86_feature_detected!("avx2") {
        // SAFETY: the processor has just been found to have AVX2.
        return unsafe { lstm_recur_avx2(pre, rows, wh_t, b, reverse) };
    }
    lstm_recur_body(pre, rows, wh_t, b, reverse)
}

/// `lstm_recur` compiled for AVX2 (eight lanes where the baseline has four): the same operations
/// in the same order, so the same results to the bit.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2")]
unsafe fn lstm_recur_avx2(
    pre: &[f32],
    rows: usize,
    wh_t: &[f32],
    b: &[f32],
    reverse: bool,
) -> LstmRun {
    lstm_recur_body(pre, rows, wh_t, b, reverse)
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx512f")]
unsafe fn lstm_recur_avx512(
    pre: &[f32],
    rows: usize,
    wh_t: &[f32],
    b: &[f32],
    reverse: bool,
) -> LstmRun {
    lstm_recur_body(pre, rows, wh_t, b, reverse)
}

/// Gates summed in registers at a time by `add_recurrent`.
const TILE: usize = 256;

#[inline(always)]
fn lstm_recur_body(pre: &[f32], rows: usize, wh_t: &[f32], b: &[f32], reverse: bool) -> LstmRun {
    let g4 = b.len();
    let width = g4 / 4;
    let mut run = LstmRun {
        width,
        reverse,
        gates: vec![0.0; rows * g4],
        cells: vec![0.0; rows * width],
        out: vec![0.0; rows * width],
    };
    let mut h_prev = vec![0f32; width];
    let mut c_prev = vec![0f32; width];
    let mut first = true;
    for t in LstmRun::order(rows, reverse) {
        let gates = &mut run.gates[t * g4..(t + 1) * g4];
        for ((g, z), bias) in gates.iter_mut().zip(&pre[t * g4..(t + 1) * g4]).zip(b) {
            *g = z + bias;
        }
        if !first {
            add_recurrent(gates, &h_prev, wh_t);
        }
        first = false;
        let (ifg, o) = gates.split_at_mut(3 * width);
        let (i_f, g) = ifg.split_at_mut(2 * width);
        i_f.iter_mut().for_each(|v| *v = sigmoid(*v));
        g.iter_mut().for_each(|v| *v = tanh(*v));
        o.iter_mut().for_each(|v| *v = sigmoid(*v));
        let cells = &mut run.cells[t * width..(t + 1) * width];
        let out = &mut run.out[t * width..(t + 1) * width];
        for q in 0..width {
            let c = i_f[width + q] * c_prev[q] + i_f[q] * g[q];
            cells[q] = c;
            out[q] = o[q] * tanh(c);
        }
        c_prev.copy_from_slice(cells);
        h_prev.copy_from_slice(out);
    }
    run
}

/// `gates += h_prev · wh_t`: each gate adds `h_prev[q]` times its entry of row `q`, q in order.
/// A tile of `TILE` gates stays in registers while every row's slice of it is added, so the
/// weights are the only memory read in the inner loop; gates beyond the last whole tile take the
/// plain loop. Either way each gate sums in the same order.
#[inline(always)]
fn add_recurrent(gates: &mut [f32], h_prev: &[f32], wh_t: &[f32]) {
    let g4 = gates.len();
    let whole = g4 / TILE * TILE;
    for start in (0..whole).step_by(TILE) {
        let mut acc = [0f32; TILE];
        acc.copy_from_slice(&gates[start..start + TILE]);
        for (&h, row) in h_prev.iter().zip(wh_t.chunks_exact(g4)) {
            let w: &[f32; TILE] = row[start..start + TILE].try_into().expect("a whole tile");
            for j in 0..TILE {
                acc[j] += h * w[j];
            }
        }
        gates[start..start + TILE].copy_from_slice(&acc);
    }
    for (&h, row) in h_prev.iter().zip(wh_t.chunks_exact(g4)) {
        gates[whole..]
            .iter_mut()
            .zip(&row[whole..])
            .for_each(|(g, w)| *g += h * w);
    }
}

/// e^x to about 2e-7 relative (x clamped to [-87, 88]): x = k·ln 2 + r, e^r by its Taylor
/// polynomial of degree 6 (|r| ≤ ln 2 / 2), 2^k written into the exponent bits. Plain
/// arithmetic, so that the loops of `lstm_recur` vectorize (the library's `exp` is a call).
#[inline(always)]
pub fn fast_exp(x: f32) -> f32 {
    const ROUND: f32 = 12_582_912.0; // 1.5 · 2^23: adding and subtracting it rounds to an integer
    const LN2_HI: f32 = 0.693_145_75;
    const LN2_LO: f32 = 1.428_606_8e-6;
    let x = x.clamp(-87.0, 88.0);
    let k = (x * std::f32::consts::LOG2_E + ROUND) - ROUND;
    let r = x - k * LN2_HI - k * LN2_LO;
    let p = 1.0
        + r * (1.0
            + r * (0.5
                + r * (1.0 / 6.0 + r * (1.0 / 24.0 + r * (1.0 / 120.0 + r * (1.0 / 720.0))))));
    p * f32::from_bits(((k as i32 + 127) << 23) as u32)
}

#[inline(always)]
pub fn sigmoid(x: f32) -> f32 {
    1.0 / (1.0 + fast_exp(-x))
}

#[inline(always)]
pub fn tanh(x: f32) -> f32 {
    2.0 * sigmoid(2.0 * x) - 1.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fast_activations_match_the_library_ones() {
        for k in -2000..=2000 {
            let x = k as f32 / 100.0;
            let (e, want) = (fast_exp(x), x.exp());
            assert!(
                (e - want).abs() <= 1e-6 * want,
                "exp({x}) = {e}, not {want}"
            );
            assert!(
                (sigmoid(x) - 1.0 / (1.0 + (-x).exp())).abs() < 1e-6,
                "sigmoid({x})"
            );
            assert!((tanh(x) - x.tanh()).abs() < 1e-6, "tanh({x})");
        }
        let floor = (-87.0f32).exp();
        assert!((fast_exp(-1000.0) - floor).abs() <= 1e-6 * floor);
        assert!(fast_exp(1000.0).is_finite());
    }

    /// The recurrent sum in tiles, plus the gates past the last whole tile, adds each gate's terms
    /// in the plain order, to the bit; and the recurrence picked for this processor gives what the
    /// portable one gives, to the bit.
    #[test]
    fn tiled_recurrence_is_the_plain_sum() {
        let width = TILE / 4 + 16; // one whole tile and a part of one
        let g4 = 4 * width;
        let mut rng = crate::rng::Rng::new(21);
        let mut draw = |n: usize| -> Vec<f32> {
            (0..n)
                .map(|_| (rng.next_u64() % 2000) as f32 / 1000.0 - 1.0)
                .collect()
        };
        let (wh_t, h, start) = (draw(width * g4), draw(width), draw(g4));
        let mut tiled = start.clone();
        add_recurrent(&mut tiled, &h, &wh_t);
        let plain: Vec<f32> = (0..g4)
            .map(|j| {
                let mut g = start[j];
                for q in 0..width {
                    g += h[q] * wh_t[q * g4 + j];
                }
                g
            })
            .collect();
        assert_eq!(tiled, plain);
        let (rows, b) = (5, draw(g4));
        let pre = draw(rows * g4);
        for reverse in [false, true] {
            let picked = lstm_recur(&pre, rows, &wh_t, &b, reverse);
            let portable = lstm_recur_body(&pre, rows, &wh_t, &b, reverse);
            assert_eq!(picked.out, portable.out);
            assert_eq!(picked.cells, portable.cells);
        }
    }

    /// A one-unit LSTM by hand: weights chosen so that each gate's value is easy to follow.
    #[test]
    fn one_unit_matches_the_equations() {
        // input 1, width 1: gates [i, f, g, o] = [σ(x), σ(0), tanh(x + h), σ(0)]
        let wx = [1.0, 0.0, 1.0, 0.0];
        let wh = [0.0, 0.0, 1.0, 0.0];
        let b = [0.0; 4];
        let run = lstm_forward(&[0.5, -1.0], 2, &wx, &wh, &b, false);
        let s = |x: f32| 1.0 / (1.0 + (-x).exp());
        let c0 = s(0.5) * 0.5f32.tanh();
        let h0 = 0.5 * c0.tanh();
        let c1 = 0.5 * c0 + s(-1.0) * (-1.0 + h0).tanh();
        let h1 = 0.5 * c1.tanh();
        assert!((run.out[0] - h0).abs() < 1e-6 && (run.out[1] - h1).abs() < 1e-6);
        // Right to left, the second row is read first.
        let back = lstm_forward(&[0.5, -1.0], 2, &wx, &wh, &b, true);
        let c1 = s(-1.0) * (-1.0f32).tanh();
        assert!((back.cells[1] - c1).abs() < 1e-6);
        assert_eq!(back.previous(0, 2), Some(1));
        assert_eq!(run.previous(0, 2), None);
    }
}
