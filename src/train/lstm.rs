//! The backward pass of one LSTM direction (`models::lstm`): back-propagation through time from
//! the gradient of its outputs to the gradients of its weights and of its input rows.

use crate::models::lstm::{tanh, LstmRun};
use crate::models::parser::gemm;

/// Gradients of one direction's weights, added to `dwx`, `dwh` and `db`; the input rows' gradient
/// is added to `dx`. `dout` is the gradient of `run.out` (`rows × width`).
#[allow(clippy::too_many_arguments)]
pub fn lstm_backward(
    x: &[f32],
    rows: usize,
    wx: &[f32],
    wh: &[f32],
    run: &LstmRun,
    dout: &[f32],
    dwx: &mut [f32],
    dwh: &mut [f32],
    db: &mut [f32],
    dx: &mut [f32],
) {
    let width = run.width;
    let g4 = 4 * width;
    let input = wx.len() / g4;
    // Gradient of each row's gate pre-activations, and the output each step read before it.
    let mut dpre = vec![0f32; rows * g4];
    let mut h_before = vec![0f32; rows * width];
    let mut dh_next = vec![0f32; width];
    let mut dc_next = vec![0f32; width];
    let order: Vec<usize> = LstmRun::order(rows, run.reverse).collect();
    for &t in order.iter().rev() {
        let prev = run.previous(t, rows);
        let gates = &run.gates[t * g4..(t + 1) * g4];
        let dp = &mut dpre[t * g4..(t + 1) * g4];
        for q in 0..width {
            let (i, f, g, o) = (
                gates[q],
                gates[width + q],
                gates[2 * width + q],
                gates[3 * width + q],
            );
            let c = run.cells[t * width + q];
            let c_prev = prev.map_or(0.0, |p| run.cells[p * width + q]);
            let tc = tanh(c);
            let dh = dout[t * width + q] + dh_next[q];
            let dc = dh * o * (1.0 - tc * tc) + dc_next[q];
            dp[q] = dc * g * i * (1.0 - i);
            dp[width + q] = dc * c_prev * f * (1.0 - f);
            dp[2 * width + q] = dc * i * (1.0 - g * g);
            dp[3 * width + q] = dh * tc * o * (1.0 - o);
            dc_next[q] = dc * f;
        }
        // dh_prev = Whᵀ dpre_t
        dh_next.iter_mut().for_each(|v| *v = 0.0);
        for (k, row) in wh.chunks_exact(width).enumerate() {
            let d = dp[k];
            if d != 0.0 {
                dh_next.iter_mut().zip(row).for_each(|(a, w)| *a += d * w);
            }
        }
        if let Some(p) = prev {
            h_before[t * width..(t + 1) * width]
                .copy_from_slice(&run.out[p * width..(p + 1) * width]);
        }
    }
    for row in dpre.chunks(g4) {
        db.iter_mut().zip(row).for_each(|(a, b)| *a += b);
    }
    // dWx += dPreᵀ X, dWh += dPreᵀ H_before, dX += dPre Wx
    gemm(g4, rows, input, &dpre, true, x, false, dwx, 1.0);
    gemm(g4, rows, width, &dpre, true, &h_before, false, dwh, 1.0);
    gemm(rows, g4, input, &dpre, false, wx, false, dx, 1.0);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::models::lstm::lstm_forward;
    use crate::rng::Rng;

    /// The loss Σ out·target, with its gradients by hand and by finite differences.
    #[test]
    fn gradients_match_finite_differences() {
        let (rows, input, width) = (4, 3, 2);
        let mut rng = Rng::new(7);
        let mut draw = |n: usize| -> Vec<f32> {
            (0..n)
                .map(|_| (rng.next_u64() % 2000) as f32 / 1000.0 - 1.0)
                .collect()
        };
        let x = draw(rows * input);
        let wx = draw(4 * width * input);
        let wh = draw(4 * width * width);
        let b = draw(4 * width);
        let target = draw(rows * width);
        // The four tensors the loss depends on, in the order the checks name them.
        let names = ["x", "wx", "wh", "b"];
        let tensors = [x, wx, wh, b];
        for reverse in [false, true] {
            let loss = |t: &[Vec<f32>; 4]| -> f64 {
                let run = lstm_forward(&t[0], rows, &t[1], &t[2], &t[3], reverse);
                run.out
                    .iter()
                    .zip(&target)
                    .map(|(o, t)| (o * t) as f64)
                    .sum()
            };
            let [x, wx, wh, b] = &tensors;
            let run = lstm_forward(x, rows, wx, wh, b, reverse);
            let mut grads = tensors.clone().map(|t| vec![0f32; t.len()]);
            let [dx, dwx, dwh, db] = &mut grads;
            lstm_backward(x, rows, wx, wh, &run, &target, dwx, dwh, db, dx);
            let eps = 1e-2f32;
            for (t, name) in names.iter().enumerate() {
                for k in 0..tensors[t].len() {
                    let (mut up, mut down) = (tensors.clone(), tensors.clone());
                    up[t][k] += eps;
                    down[t][k] -= eps;
                    let numeric = (loss(&up) - loss(&down)) / (2.0 * eps as f64);
                    let analytic = grads[t][k] as f64;
                    assert!(
                        (numeric - analytic).abs() <= 1e-2 * (1.0 + numeric.abs()),
                        "{name}[{k}] reverse={reverse}: numeric {numeric}, analytic {analytic}"
                    );
                }
            }
        }
    }
}
