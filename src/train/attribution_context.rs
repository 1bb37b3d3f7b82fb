//! Training of the attribution head's context layer (`models::attribution_context`): the BiLSTM
//! and its softmax, by cross-entropy against each word's gold BIO tag, with Adam, input dropout
//! and gradient clipping; back-propagation through time by `train::lstm`. The epoch is chosen on
//! the development sentences' cross-entropy.

use crate::models::attribution_context::{ContextPass, ContextTagger};
use crate::rng::Rng;
use crate::train::lstm::lstm_backward;
use rayon::prelude::*;

/// A training sequence (a sentence or a paragraph): word vectors (unit length, `rows × input`) and gold tags.
pub struct ContextExample {
    pub vectors: Vec<Vec<f32>>,
    pub gold: Vec<usize>,
}

pub struct ContextSettings {
    pub width: usize,
    pub epochs: usize,
    pub batch: usize,
    pub learning_rate: f32,
    pub decay: f32,
    pub dropout: f32,
    pub seed: u64,
}

/// Sentences whose gradients one task sums (fixed, so that the sums do not depend on threads).
const GRAD_CHUNK: usize = 4;

/// The scaled input rows of a sentence, with each entry dropped (and the rest scaled up) when
/// `dropout` is given.
fn input_rows(
    m: &ContextTagger,
    vectors: &[Vec<f32>],
    dropout: Option<(f32, &mut Rng)>,
) -> Vec<f32> {
    let mut x: Vec<f32> = vectors
        .iter()
        .flat_map(|v| v.iter().map(|a| a * m.input_scale))
        .collect();
    if let Some((rate, rng)) = dropout {
        let keep = 1.0 / (1.0 - rate);
        let cut = (rate as f64 * u32::MAX as f64) as u64;
        for v in x.iter_mut() {
            *v = if rng.next_u64() & 0xffff_ffff < cut {
                0.0
            } else {
                *v * keep
            };
        }
    }
    x
}

/// Adds the gradient of one sentence's summed cross-entropy to `g`; returns the loss.
pub fn sentence_gradient(m: &ContextTagger, x: &[f32], gold: &[usize], g: &mut [f32]) -> f64 {
    let rows = gold.len();
    let (w, t) = (m.width, m.tags);
    let ContextPass {
        runs,
        hidden,
        probs,
    } = m.forward(x, rows);
    let mut loss = 0f64;
    let w_out = m.p(&m.layout.w_out);
    let mut dhidden = vec![0f32; rows * 2 * w];
    let (wo, bo) = (m.layout.w_out.clone(), m.layout.b_out.clone());
    for r in 0..rows {
        let p = &probs[r * t..(r + 1) * t];
        loss -= (p[gold[r]].max(1e-12) as f64).ln();
        let h = &hidden[r * 2 * w..(r + 1) * 2 * w];
        let dh = &mut dhidden[r * 2 * w..(r + 1) * 2 * w];
        for k in 0..t {
            let d = p[k] - if k == gold[r] { 1.0 } else { 0.0 };
            g[bo.start + k] += d;
            let gw = &mut g[wo.start + k * 2 * w..wo.start + (k + 1) * 2 * w];
            for ((gv, &hv), (dv, &wv)) in gw
                .iter_mut()
                .zip(h)
                .zip(dh.iter_mut().zip(&w_out[k * 2 * w..(k + 1) * 2 * w]))
            {
                *gv += d * hv;
                *dv += d * wv;
            }
        }
    }
    let mut dx = vec![0f32; x.len()];
    for (k, run) in runs.iter().enumerate() {
        let l = &m.layout.lstm[k];
        let dout: Vec<f32> = (0..rows)
            .flat_map(|r| {
                dhidden[r * 2 * w + k * w..r * 2 * w + (k + 1) * w]
                    .iter()
                    .copied()
            })
            .collect();
        let mut dwx = vec![0f32; l.wx.len()];
        let mut dwh = vec![0f32; l.wh.len()];
        let mut db = vec![0f32; l.b.len()];
        lstm_backward(
            x,
            rows,
            m.p(&l.wx),
            m.p(&l.wh),
            run,
            &dout,
            &mut dwx,
            &mut dwh,
            &mut db,
            &mut dx,
        );
        for (range, part) in [(&l.wx, dwx), (&l.wh, dwh), (&l.b, db)] {
            g[range.clone()]
                .iter_mut()
                .zip(part)
                .for_each(|(a, b)| *a += b);
        }
    }
    loss
}

/// Glorot-uniform weights, forget-gate biases at 1, the rest 0.
pub fn init(m: &mut ContextTagger, rng: &mut Rng) {
    let mut fill = |params: &mut [f32], fan_in: usize, fan_out: usize| {
        let limit = (6.0 / (fan_in + fan_out) as f32).sqrt();
        for v in params.iter_mut() {
            let u = (rng.next_u64() >> 11) as f32 / (1u64 << 53) as f32;
            *v = (2.0 * u - 1.0) * limit;
        }
    };
    let (input, w, t) = (m.input, m.width, m.tags);
    let layout = m.layout.clone();
    for l in &layout.lstm {
        fill(&mut m.params_mut()[l.wx.clone()], input, w);
        fill(&mut m.params_mut()[l.wh.clone()], w, w);
        m.params_mut()[l.b.start + w..l.b.start + 2 * w].fill(1.0);
    }
    fill(&mut m.params_mut()[layout.w_out.clone()], 2 * w, t);
}

/// Mean cross-entropy per word of `examples`.
pub fn mean_loss(m: &ContextTagger, examples: &[ContextExample]) -> f64 {
    let (loss, words) = examples
        .par_iter()
        .map(|e| {
            let pass = m.forward(&input_rows(m, &e.vectors, None), e.gold.len());
            let l: f64 = e
                .gold
                .iter()
                .enumerate()
                .map(|(r, &g)| -((pass.probs[r * m.tags + g].max(1e-12)) as f64).ln())
                .sum();
            (l, e.gold.len())
        })
        .reduce(|| (0.0, 0), |a, b| (a.0 + b.0, a.1 + b.1));
    loss / words.max(1) as f64
}

/// Trains the context layer; keeps the epoch with the lowest development loss. Returns the model
/// and each epoch's (train loss, dev loss) per word.
pub fn train_context(
    input: usize,
    tags: usize,
    train: &[ContextExample],
    dev: &[ContextExample],
    s: &ContextSettings,
    log: &mut dyn FnMut(String),
) -> (ContextTagger, Vec<(f64, f64)>) {
    let mut m = ContextTagger::new(input, s.width, tags, (input as f32).sqrt());
    let mut rng = Rng::new(s.seed);
    init(&mut m, &mut rng);
    let len = m.layout.len;
    let (mut am, mut av) = (vec![0f32; len], vec![0f32; len]);
    let mut step = 0i32;
    let mut order: Vec<usize> = (0..train.len()).collect();
    let mut lr = s.learning_rate;
    let mut best: Option<(f64, Vec<f32>)> = None;
    let mut history = Vec::new();
    let started = std::time::Instant::now();
    for epoch in 1..=s.epochs {
        rng.shuffle(&mut order);
        let (mut loss, mut words) = (0f64, 0usize);
        for (b, batch) in order.chunks(s.batch).enumerate() {
            let base = s.seed ^ ((epoch as u64) << 40) ^ ((b as u64) << 16);
            let parts: Vec<(Vec<f32>, f64)> = batch
                .par_chunks(GRAD_CHUNK)
                .map(|chunk| {
                    let mut g = vec![0f32; len];
                    let mut l = 0.0;
                    for &i in chunk {
                        let e = &train[i];
                        let mut r = Rng::new(base ^ i as u64);
                        let x = input_rows(&m, &e.vectors, Some((s.dropout, &mut r)));
                        l += sentence_gradient(&m, &x, &e.gold, &mut g);
                    }
                    (g, l)
                })
                .collect();
            let n: usize = batch.iter().map(|&i| train[i].gold.len()).sum();
            let mut g = vec![0f32; len];
            for (part, l) in parts {
                g.iter_mut().zip(&part).for_each(|(a, b)| *a += b);
                loss += l;
            }
            words += n;
            // Adam on the mean gradient per word, clipped to norm 5.
            step += 1;
            let scale = 1.0 / n.max(1) as f32;
            let norm = g.iter().map(|v| v * v).sum::<f32>().sqrt() * scale;
            let s_all = scale * if norm > 5.0 { 5.0 / norm } else { 1.0 };
            let (b1, b2) = (0.9f32, 0.999f32);
            let (c1, c2) = (1.0 - b1.powi(step), 1.0 - b2.powi(step));
            for (((p, &gv), mv), vv) in m.params_mut().iter_mut().zip(&g).zip(&mut am).zip(&mut av)
            {
                let gv = gv * s_all;
                *mv = b1 * *mv + (1.0 - b1) * gv;
                *vv = b2 * *vv + (1.0 - b2) * gv * gv;
                *p -= lr * (*mv / c1) / ((*vv / c2).sqrt() + 1e-8);
            }
        }
        lr *= s.decay;
        let dev_loss = mean_loss(&m, dev);
        let train_loss = loss / words.max(1) as f64;
        log(format!(
            "context epoch {epoch}: train loss {train_loss:.4}, dev loss {dev_loss:.4} per word ({:.0}s)",
            started.elapsed().as_secs_f64()
        ));
        history.push((train_loss, dev_loss));
        if best.as_ref().is_none_or(|(b, _)| dev_loss < *b) {
            best = Some((dev_loss, m.params().to_vec()));
        }
    }
    if let Some((_, params)) = best {
        m.params_mut().copy_from_slice(&params);
    }
    (m, history)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The whole gradient (softmax, output layer, both directions through time) matches finite
    /// differences of the loss.
    #[test]
    fn gradient_matches_finite_differences() {
        let mut m = ContextTagger::new(3, 2, 4, 1.0);
        init(&mut m, &mut Rng::new(7));
        let mut rng = Rng::new(3);
        for v in m.params_mut().iter_mut() {
            *v += (rng.next_u64() % 100) as f32 / 200.0 - 0.25;
        }
        let x = [0.5, -0.3, 0.8, 0.1, 0.9, -0.7, -0.4, 0.2, 0.6];
        let gold = [1, 3, 0];
        let mut g = vec![0f32; m.layout.len];
        sentence_gradient(&m, &x, &gold, &mut g);
        let loss = |m: &ContextTagger| -> f64 {
            let mut scratch = vec![0f32; m.layout.len];
            sentence_gradient(m, &x, &gold, &mut scratch)
        };
        let eps = 1e-2f32;
        for (k, &analytic) in g.iter().enumerate() {
            let orig = m.params()[k];
            m.params_mut()[k] = orig + eps;
            let up = loss(&m);
            m.params_mut()[k] = orig - eps;
            let down = loss(&m);
            m.params_mut()[k] = orig;
            let numeric = ((up - down) / (2.0 * eps as f64)) as f32;
            assert!(
                (numeric - analytic).abs() <= 2e-3 + 2e-2 * numeric.abs(),
                "parameter {k}: analytic {analytic} numeric {numeric}"
            );
        }
    }

    /// A tiny problem is learned: the tag of a word is which of two directions its vector
    /// points, and the tag after a marked word is set by that word (context).
    #[test]
    fn learns_a_tag_that_depends_on_the_word_before() {
        let mut examples_data: Vec<(Vec<Vec<f32>>, Vec<usize>)> = Vec::new();
        let mut rng = Rng::new(11);
        for _ in 0..200 {
            let n = 3 + (rng.next_u64() % 4) as usize;
            let mut vectors = Vec::new();
            let mut gold = Vec::new();
            let mut marked = false;
            for _ in 0..n {
                let mark = rng.next_u64().is_multiple_of(3);
                vectors.push(if mark { vec![1.0, 0.0] } else { vec![0.0, 1.0] });
                gold.push(usize::from(marked));
                marked = mark;
            }
            examples_data.push((vectors, gold));
        }
        let examples: Vec<ContextExample> = examples_data
            .iter()
            .map(|(v, g)| ContextExample {
                vectors: v.clone(),
                gold: g.clone(),
            })
            .collect();
        let settings = ContextSettings {
            width: 4,
            epochs: 30,
            batch: 8,
            learning_rate: 0.02,
            decay: 1.0,
            dropout: 0.0,
            seed: 5,
        };
        let (m, history) = train_context(2, 2, &examples, &examples, &settings, &mut |_| {});
        assert!(history.last().unwrap().1 < 0.1, "{history:?}");
        let probs = m.tag_probabilities(&[vec![1.0, 0.0], vec![0.0, 1.0], vec![0.0, 1.0]]);
        assert!(probs[1][1] > 0.9 && probs[2][0] > 0.9, "{probs:?}");
    }
}
