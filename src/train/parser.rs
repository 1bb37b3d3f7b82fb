//! Training the dependency parser (`models::parser`) on Universal Dependencies treebanks: the
//! backward pass of its forward pass, written out by hand (cross-entropy of each word's head over
//! all positions, of its relation under the gold head, and of its UPOS tag), Adam on the dense
//! weights and lazy Adam on the hashed-feature rows a batch touches, dropout on the inputs and the
//! hidden layer, and the epoch with the best development LAS kept. The encoder stays frozen.

use crate::models::parser::{
    distance_bucket, gemm, Dims, Forward, Parser, FEATURES_PER_WORD, LEAK, UPOS,
};
use crate::rng::Rng;
use crate::train::conllu::TreebankSentence;
use rayon::prelude::*;
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};

/// A treebank sentence as training sees it: word vectors, feature buckets and gold indices.
pub struct Example {
    pub vectors: Vec<Vec<f32>>,
    pub features: Vec<[u32; FEATURES_PER_WORD]>,
    pub words: Vec<String>,
    pub heads: Vec<usize>,
    pub rels: Vec<usize>,
    pub upos: Vec<usize>,
}

impl Example {
    /// `labels` maps relations to indices (unknown relations take `fallback`).
    pub fn new(
        s: &TreebankSentence,
        vectors: Vec<Vec<f32>>,
        labels: &HashMap<String, usize>,
        bits: u32,
    ) -> Example {
        let fallback = labels.get("dep").copied().unwrap_or(0);
        Example {
            features: s
                .words
                .iter()
                .map(|w| crate::models::parser::word_features(w, bits))
                .collect(),
            words: s.words.clone(),
            vectors,
            heads: s.heads.clone(),
            rels: s
                .rels
                .iter()
                .map(|r| labels.get(r).copied().unwrap_or(fallback))
                .collect(),
            upos: s
                .upos
                .iter()
                .map(|u| UPOS.iter().position(|x| x == u).unwrap_or(UPOS.len() - 1))
                .collect(),
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct ParserSettings {
    pub feature: usize,
    pub bits: u32,
    pub hidden: usize,
    pub arc: usize,
    pub rel: usize,
    /// Width of each direction of the BiLSTM context layers (0: none).
    pub context: usize,
    /// Stacked BiLSTM layers.
    pub context_layers: usize,
    pub epochs: usize,
    pub batch: usize,
    pub learning_rate: f32,
    /// Learning rate multiplied by this after each epoch.
    pub decay: f32,
    pub dropout: f32,
    pub input_scale: f32,
    pub seed: u64,
}

/// Sentences whose gradients one task sums before the batch's parts are added up in order.
const GRAD_CHUNK: usize = 4;

/// Gradients of one batch: dense (the parameter layout) and sparse feature rows.
struct Grad {
    dense: Vec<f32>,
    rows: BTreeMap<u32, Vec<f32>>,
    loss: f64,
    words: usize,
}

impl Grad {
    fn zeros(len: usize) -> Grad {
        Grad {
            dense: vec![0.0; len],
            rows: BTreeMap::new(),
            loss: 0.0,
            words: 0,
        }
    }
    fn merge(mut self, other: Grad) -> Grad {
        self.dense
            .iter_mut()
            .zip(&other.dense)
            .for_each(|(a, b)| *a += b);
        for (k, v) in other.rows {
            match self.rows.get_mut(&k) {
                Some(row) => row.iter_mut().zip(&v).for_each(|(a, b)| *a += b),
                None => {
                    self.rows.insert(k, v);
                }
            }
        }
        self.loss += other.loss;
        self.words += other.words;
        self
    }
}

fn softmax_in_place(v: &mut [f32]) {
    let max = v.iter().cloned().fold(f32::NEG_INFINITY, f32::max);
    let mut sum = 0.0;
    for x in v.iter_mut() {
        *x = (*x - max).exp();
        sum += *x;
    }
    v.iter_mut().for_each(|x| *x /= sum);
}

/// `dZ = dY ⊙ leaky'(Y)`, then the weight, bias and input gradients of `Y = leaky(X Wᵀ + b)`
/// (`act` false: no activation). `dx` is added to.
#[allow(clippy::too_many_arguments)]
fn affine_backward(
    x: &[f32],
    rows: usize,
    w: &[f32],
    y: &[f32],
    mut dy: Vec<f32>,
    act: bool,
    dw: &mut [f32],
    db: &mut [f32],
    dx: &mut [f32],
) {
    let out = db.len();
    let inp = w.len() / out;
    if act {
        for (d, &v) in dy.iter_mut().zip(y) {
            if v <= 0.0 {
                *d *= LEAK;
            }
        }
    }
    // dW (out × in) += dYᵀ X
    gemm(out, rows, inp, &dy, true, x, false, dw, 1.0);
    for row in dy.chunks(out) {
        db.iter_mut().zip(row).for_each(|(a, b)| *a += b);
    }
    // dX (rows × in) += dY W
    gemm(rows, out, inp, &dy, false, w, false, dx, 1.0);
}

/// One sentence's loss and gradients, added to `g`.
fn backward(p: &Parser, ex: &Example, dropout: f32, seed: u64, g: &mut Grad) {
    let d = p.dims;
    let l = &p.layout;
    let n = ex.words.len();
    if n == 0 {
        return;
    }
    let rows = n + 1;
    let (a, r, nl, m, di) = (d.arc, d.rel, d.labels, d.hidden, d.input());
    let mut rng = Rng::new(seed);
    let keep = 1.0 - dropout;
    let mut mask = |len: usize| -> Vec<f32> {
        (0..len)
            .map(|_| {
                if (rng.next_u64() % 10_000) as f32 / 10_000.0 < dropout {
                    0.0
                } else {
                    1.0 / keep
                }
            })
            .collect()
    };
    let x_mask = mask(rows * di);
    let c_mask = mask(d.lstm_layers() * rows * 2 * d.context);
    let h_mask = mask(rows * m);
    let mut x = p.inputs(&ex.vectors, &ex.features);
    x.iter_mut().zip(&x_mask).for_each(|(v, k)| *v *= k);
    let f: Forward = p.forward(x, Some(&c_mask), Some(&h_mask));

    // 1. Heads: cross-entropy over every position.
    let mut d_arcs = f.arcs.clone();
    for i in 1..=n {
        let row = &mut d_arcs[(i - 1) * rows..i * rows];
        row[i] = f32::NEG_INFINITY;
        softmax_in_place(row);
        let gold = ex.heads[i - 1];
        g.loss -= (row[gold].max(1e-12) as f64).ln();
        row[gold] -= 1.0;
    }
    // 2. UPOS tags.
    let np = UPOS.len();
    let mut d_pos = f.pos.clone();
    for i in 0..n {
        let row = &mut d_pos[i * np..(i + 1) * np];
        softmax_in_place(row);
        g.loss -= (row[ex.upos[i]].max(1e-12) as f64).ln();
        row[ex.upos[i]] -= 1.0;
    }
    let gd = &mut g.dense;
    // 3. Relations under the gold head.
    let mut d_rel_dep = vec![0f32; rows * r];
    let mut d_rel_head = vec![0f32; rows * r];
    {
        let v = p.p(&l.v);
        let (vd, vh) = (p.p(&l.v_dep), p.p(&l.v_head));
        for i in 1..=n {
            let j = ex.heads[i - 1];
            let (mut dz, t) = p.rel_scores(&f, i, j);
            softmax_in_place(&mut dz);
            g.loss -= (dz[ex.rels[i - 1]].max(1e-12) as f64).ln();
            dz[ex.rels[i - 1]] -= 1.0;
            let dep = &f.rel_dep[i * r..(i + 1) * r];
            let head = &f.rel_head[j * r..(j + 1) * r];
            // c[k*r + a] = dz_k dep_a
            let mut c = vec![0f32; nl * r];
            for k in 0..nl {
                for q in 0..r {
                    c[k * r + q] = dz[k] * dep[q];
                }
            }
            let dd = &mut d_rel_dep[i * r..(i + 1) * r];
            for k in 0..nl {
                for q in 0..r {
                    dd[q] += dz[k] * (t[k * r + q] + vd[k * r + q]);
                }
            }
            // d head += cᵀ V + Σ dz_k vh_k
            let mut dh = vec![0f32; r];
            gemm(1, nl * r, r, &c, false, v, false, &mut dh, 0.0);
            for k in 0..nl {
                for q in 0..r {
                    dh[q] += dz[k] * vh[k * r + q];
                }
            }
            d_rel_head[j * r..(j + 1) * r]
                .iter_mut()
                .zip(&dh)
                .for_each(|(x, y)| *x += y);
            // dV += c ⊗ head, linear terms and bias.
            gemm(
                nl * r,
                1,
                r,
                &c,
                false,
                head,
                false,
                &mut gd[l.v.clone()],
                1.0,
            );
            for k in 0..nl {
                for q in 0..r {
                    gd[l.v_dep.start + k * r + q] += dz[k] * dep[q];
                    gd[l.v_head.start + k * r + q] += dz[k] * head[q];
                }
                gd[l.v_bias.start + k] += dz[k];
            }
        }
    }
    // 4. Arc scores back to the arc layers.
    let mut d_arc_dep = vec![0f32; rows * a];
    let mut d_arc_head = vec![0f32; rows * a];
    {
        // d dep rows 1..: dS Q
        gemm(
            n,
            rows,
            a,
            &d_arcs,
            false,
            &f.q,
            false,
            &mut d_arc_dep[a..],
            0.0,
        );
        // dQ = dSᵀ dep[1..]
        let mut dq = vec![0f32; rows * a];
        gemm(
            rows,
            n,
            a,
            &d_arcs,
            true,
            &f.arc_dep[a..],
            false,
            &mut dq,
            0.0,
        );
        let u_head = p.p(&l.u_head);
        for j in 0..rows {
            let col: f32 = (0..n).map(|i| d_arcs[i * rows + j]).sum();
            let head = &f.arc_head[j * a..(j + 1) * a];
            for q in 0..a {
                d_arc_head[j * a + q] += col * u_head[q];
                gd[l.u_head.start + q] += col * head[q];
            }
        }
        for i in 1..=n {
            for j in 0..rows {
                gd[l.distance.start + distance_bucket(i, j)] += d_arcs[(i - 1) * rows + j];
            }
        }
        // Q = head Uᵀ: d head += dQ U, dU += dQᵀ head
        gemm(
            rows,
            a,
            a,
            &dq,
            false,
            p.p(&l.u),
            false,
            &mut d_arc_head,
            1.0,
        );
        gemm(
            a,
            rows,
            a,
            &dq,
            true,
            &f.arc_head,
            false,
            &mut gd[l.u.clone()],
            1.0,
        );
    }
    // 5. The four projections and the tagger back to the hidden layer.
    let mut dh = vec![0f32; rows * m];
    for (w, b, y, dy) in [
        (&l.w_arc_dep, &l.b_arc_dep, &f.arc_dep, d_arc_dep),
        (&l.w_arc_head, &l.b_arc_head, &f.arc_head, d_arc_head),
        (&l.w_rel_dep, &l.b_rel_dep, &f.rel_dep, d_rel_dep),
        (&l.w_rel_head, &l.b_rel_head, &f.rel_head, d_rel_head),
    ] {
        let (dw, db) = split_two(gd, w, b);
        affine_backward(&f.h, rows, p.p(w), y, dy, true, dw, db, &mut dh);
    }
    {
        let (dw, db) = split_two(gd, &l.w_pos, &l.b_pos);
        affine_backward(
            &f.h[m..],
            n,
            p.p(&l.w_pos),
            &f.pos,
            d_pos,
            false,
            dw,
            db,
            &mut dh[m..],
        );
    }
    // 6. Hidden layer (dropout, activation) back to the inputs.
    for ((dv, &z), &k) in dh.iter_mut().zip(&f.z1).zip(&h_mask) {
        *dv *= k * if z > 0.0 { 1.0 } else { LEAK };
    }
    let mi = d.mlp_input();
    let mut dxm = vec![0f32; rows * mi];
    {
        let (dw, db) = split_two(gd, &l.w1, &l.b1);
        // The activation is already applied to dh: pass it as linear.
        affine_backward(&f.xm, rows, p.p(&l.w1), &f.z1, dh, false, dw, db, &mut dxm);
    }
    // 6b. The context layers (dropout, then each direction), top down, back to the input rows.
    let mut dx: Vec<f32> = dxm.chunks(mi).flat_map(|row| &row[..di]).copied().collect();
    let (c, layers) = (d.context, d.lstm_layers());
    // Gradient of the current layer's outputs, both directions side by side (rows × 2c).
    let mut d_out: Vec<f32> = dxm.chunks(mi).flat_map(|row| &row[di..]).copied().collect();
    for layer in (0..layers).rev() {
        let keep = &c_mask[layer * rows * 2 * c..(layer + 1) * rows * 2 * c];
        d_out.iter_mut().zip(keep).for_each(|(g, k)| *g *= k);
        let input: &[f32] = if layer == 0 {
            &f.x
        } else {
            &f.layer_inputs[layer - 1]
        };
        let mut d_input = vec![0f32; input.len()];
        for k in 0..2 {
            let (run, w) = (&f.lstm[2 * layer + k], &l.lstm[2 * layer + k]);
            let dout: Vec<f32> = d_out
                .chunks(2 * c)
                .flat_map(|row| &row[k * c..(k + 1) * c])
                .copied()
                .collect();
            let (dwx, rest) = gd[w.wx.start..w.b.end].split_at_mut(w.wx.len());
            let (dwh, db) = rest.split_at_mut(w.wh.len());
            crate::train::lstm::lstm_backward(
                input,
                rows,
                p.p(&w.wx),
                p.p(&w.wh),
                run,
                &dout,
                dwx,
                dwh,
                db,
                &mut d_input,
            );
        }
        if layer == 0 {
            dx.iter_mut().zip(&d_input).for_each(|(a, b)| *a += b);
        } else {
            d_out = d_input;
        }
    }
    dx.iter_mut().zip(&x_mask).for_each(|(v, k)| *v *= k);
    // 7. The root's input row and the feature rows.
    gd[l.root.clone()]
        .iter_mut()
        .zip(&dx[..di])
        .for_each(|(a, b)| *a += b);
    for i in 1..=n {
        let df = &dx[i * di + d.encoder..(i + 1) * di];
        for &bucket in &ex.features[i - 1] {
            let row = g
                .rows
                .entry(bucket)
                .or_insert_with(|| vec![0f32; d.feature]);
            row.iter_mut().zip(df).for_each(|(a, b)| *a += b);
        }
    }
    g.words += n;
}

/// Two disjoint mutable slices of the gradient (weights, then bias, which follows them).
fn split_two<'a>(
    g: &'a mut [f32],
    w: &std::ops::Range<usize>,
    b: &std::ops::Range<usize>,
) -> (&'a mut [f32], &'a mut [f32]) {
    assert_eq!(w.end, b.start, "a bias follows its weights");
    let (left, right) = g[w.start..b.end].split_at_mut(w.len());
    (left, right)
}

struct Adam {
    m: Vec<f32>,
    v: Vec<f32>,
    tm: Vec<f32>,
    tv: Vec<f32>,
    t: i32,
}

const BETA1: f32 = 0.9;
const BETA2: f32 = 0.9;

impl Adam {
    fn step(&mut self, p: &mut Parser, g: &Grad, lr: f32) {
        self.t += 1;
        let scale = 1.0 / g.words.max(1) as f32;
        let norm: f32 = (g.dense.iter().map(|x| x * x).sum::<f32>()
            + g.rows.values().flatten().map(|x| x * x).sum::<f32>())
        .sqrt()
            * scale;
        let clip = if norm > 5.0 { 5.0 / norm } else { 1.0 };
        let s = scale * clip;
        let c1 = 1.0 - BETA1.powi(self.t);
        let c2 = 1.0 - BETA2.powi(self.t);
        let update = |param: &mut f32, grad: f32, m: &mut f32, v: &mut f32| {
            *m = BETA1 * *m + (1.0 - BETA1) * grad;
            *v = BETA2 * *v + (1.0 - BETA2) * grad * grad;
            *param -= lr * (*m / c1) / ((*v / c2).sqrt() + 1e-8);
        };
        for (((param, &grad), m), v) in p
            .params_mut()
            .iter_mut()
            .zip(&g.dense)
            .zip(&mut self.m)
            .zip(&mut self.v)
        {
            update(param, grad * s, m, v);
        }
        let f = p.dims.feature;
        for (&bucket, row) in &g.rows {
            let at = bucket as usize * f;
            for (k, &grad) in row.iter().enumerate() {
                update(
                    &mut p.table[at + k],
                    grad * s,
                    &mut self.tm[at + k],
                    &mut self.tv[at + k],
                );
            }
        }
    }
}

/// UPOS accuracy, UAS and LAS over every word (punctuation included).
#[derive(Debug, Clone, Copy, Serialize, Default)]
pub struct ParserScores {
    pub upos: f64,
    pub uas: f64,
    pub las: f64,
    pub sentences: usize,
    pub words: usize,
}

/// Parses every example and scores it against its gold tree.
pub fn score(p: &Parser, examples: &[Example]) -> ParserScores {
    let counts = examples
        .par_chunks(16)
        .map(|chunk| {
            let sentences: Vec<(&[String], &[Vec<f32>])> = chunk
                .iter()
                .map(|ex| (ex.words.as_slice(), ex.vectors.as_slice()))
                .collect();
            let mut c = [0usize; 3];
            for (ex, parsed) in chunk.iter().zip(p.parse_many(&sentences)) {
                for (i, w) in parsed.iter().enumerate() {
                    c[0] += (w.upos == UPOS[ex.upos[i]]) as usize;
                    if w.head == ex.heads[i] {
                        c[1] += 1;
                        c[2] += (w.rel == p.labels[ex.rels[i]]) as usize;
                    }
                }
            }
            c
        })
        .reduce(|| [0; 3], |a, b| [a[0] + b[0], a[1] + b[1], a[2] + b[2]]);
    let words: usize = examples.iter().map(|e| e.words.len()).sum();
    let frac = |c: usize| {
        if words == 0 {
            0.0
        } else {
            (c as f64 / words as f64 * 10_000.0).round() / 10_000.0
        }
    };
    ParserScores {
        upos: frac(counts[0]),
        uas: frac(counts[1]),
        las: frac(counts[2]),
        sentences: examples.len(),
        words,
    }
}

fn init(p: &mut Parser, rng: &mut Rng) {
    let l = p.layout.clone();
    let d = p.dims;
    let mut normal = |std: f32| -> f32 {
        // Sum of uniforms: close enough to a normal for an initialization.
        let s: f32 = (0..4)
            .map(|_| (rng.next_u64() % 1_000_000) as f32 / 1_000_000.0 - 0.5)
            .sum();
        s * std * (3.0f32).sqrt()
    };
    let mut fill =
        |params: &mut [f32], range: &std::ops::Range<usize>, fan_in: usize, fan_out: usize| {
            let std = (2.0 / (fan_in + fan_out) as f32).sqrt();
            params[range.clone()]
                .iter_mut()
                .for_each(|v| *v = normal(std));
        };
    let params = p.params_mut();
    fill(params, &l.w1, d.input(), d.hidden);
    fill(params, &l.w_arc_dep, d.hidden, d.arc);
    fill(params, &l.w_arc_head, d.hidden, d.arc);
    fill(params, &l.w_rel_dep, d.hidden, d.rel);
    fill(params, &l.w_rel_head, d.hidden, d.rel);
    fill(params, &l.w_pos, d.hidden, UPOS.len());
    fill(params, &l.root, d.input(), d.input());
    for (k, w) in l.lstm.iter().enumerate() {
        let input = if k < 2 { d.input() } else { 2 * d.context };
        fill(params, &w.wx, input, d.context);
        fill(params, &w.wh, d.context, d.context);
        // Forget gates start open (bias 1), so that early gradients reach back in time.
        params[w.b.start + d.context..w.b.start + 2 * d.context]
            .iter_mut()
            .for_each(|v| *v = 1.0);
    }
    let table_len = p.table.len();
    fill(&mut p.table, &(0..table_len), d.feature, d.feature);
    // The bilinear forms start at zero (Dozat & Manning).
}

/// Trains a parser; after each epoch scores `dev` (the first set chooses the epoch by LAS) and
/// keeps the best weights. Returns the parser and each epoch's scores.
pub fn train_parser(
    train: &[Example],
    dev: &[(&str, &[Example])],
    labels: Vec<String>,
    encoder_dim: usize,
    s: &ParserSettings,
    version: &str,
    log: &mut dyn FnMut(String),
) -> (Parser, Vec<serde_json::Value>) {
    let dims = Dims {
        encoder: encoder_dim,
        feature: s.feature,
        bits: s.bits,
        hidden: s.hidden,
        arc: s.arc,
        rel: s.rel,
        labels: labels.len(),
        context: s.context,
        context_layers: s.context_layers,
    };
    let mut p = Parser::new(dims, labels, s.input_scale, version);
    let mut rng = Rng::new(s.seed);
    init(&mut p, &mut rng);
    let mut adam = Adam {
        m: vec![0.0; p.params().len()],
        v: vec![0.0; p.params().len()],
        tm: vec![0.0; p.table.len()],
        tv: vec![0.0; p.table.len()],
        t: 0,
    };
    let mut order: Vec<usize> = (0..train.len()).collect();
    let mut history = Vec::new();
    let mut best: Option<(f64, Vec<f32>, Vec<f32>)> = None;
    let mut lr = s.learning_rate;
    let started = std::time::Instant::now();
    for epoch in 1..=s.epochs {
        rng.shuffle(&mut order);
        let mut loss = 0.0;
        let mut words = 0;
        for (b, batch) in order.chunks(s.batch).enumerate() {
            let base = s.seed ^ ((epoch as u64) << 40) ^ ((b as u64) << 16);
            let len = p.params().len();
            // Fixed chunks summed in order: the same weights whatever the thread count.
            let parts: Vec<Grad> = batch
                .par_chunks(GRAD_CHUNK)
                .map(|chunk| {
                    let mut g = Grad::zeros(len);
                    for &i in chunk {
                        backward(&p, &train[i], s.dropout, base ^ i as u64, &mut g);
                    }
                    g
                })
                .collect();
            let g = parts.into_iter().fold(Grad::zeros(len), Grad::merge);
            loss += g.loss;
            words += g.words;
            adam.step(&mut p, &g, lr);
        }
        lr *= s.decay;
        let mut row = serde_json::json!({
            "epoch": epoch,
            "train_loss_per_word": (loss / words.max(1) as f64 * 1000.0).round() / 1000.0,
            "seconds": started.elapsed().as_secs(),
        });
        for (name, set) in dev {
            row[*name] = serde_json::to_value(score(&p, set)).unwrap_or_default();
        }
        log(format!("epoch {epoch}: {row}"));
        let las = dev
            .first()
            .map(|(name, _)| row[*name]["las"].as_f64().unwrap_or(0.0))
            .unwrap_or(0.0);
        // Ties go to the later epoch.
        if best.as_ref().is_none_or(|(b, _, _)| las >= *b) {
            best = Some((las, p.params().to_vec(), p.table.clone()));
        }
        history.push(row);
    }
    if let Some((_, params, table)) = best {
        p.set_params(params);
        p.table = table;
    }
    (p, history)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::models::parser::{affine, dot};

    fn tiny() -> (Parser, Example) {
        let dims = Dims {
            encoder: 3,
            feature: 2,
            bits: 8,
            hidden: 4,
            arc: 3,
            rel: 2,
            labels: 3,
            context: 2,
            context_layers: 2,
        };
        let mut p = Parser::new(
            dims,
            vec!["root".into(), "nsubj".into(), "obj".into()],
            1.0,
            "t",
        );
        init(&mut p, &mut Rng::new(5));
        // Non-zero bilinear forms, so that every path carries gradient.
        let mut rng = Rng::new(9);
        for r in [
            p.layout.u.clone(),
            p.layout.v.clone(),
            p.layout.distance.clone(),
        ] {
            p.params_mut()[r]
                .iter_mut()
                .for_each(|v| *v = (rng.next_u64() % 100) as f32 / 100.0 - 0.5);
        }
        let ex = Example {
            vectors: vec![
                vec![0.3, -0.2, 0.5],
                vec![0.1, 0.4, -0.3],
                vec![-0.5, 0.2, 0.1],
            ],
            features: ["Russia", "lost", "tanks"]
                .iter()
                .map(|w| crate::models::parser::word_features(w, 8))
                .collect(),
            words: ["Russia", "lost", "tanks"].map(String::from).to_vec(),
            heads: vec![2, 0, 2],
            rels: vec![1, 0, 2],
            upos: vec![11, 15, 7],
        };
        (p, ex)
    }

    fn loss(p: &Parser, ex: &Example) -> f64 {
        let mut g = Grad::zeros(p.params().len());
        backward(p, ex, 0.0, 1, &mut g);
        g.loss
    }

    /// The hand-written backward pass agrees with finite differences of the loss, weight by
    /// weight, in every tensor (and in a feature row).
    #[test]
    fn gradients_match_finite_differences() {
        let (mut p, ex) = tiny();
        let mut g = Grad::zeros(p.params().len());
        backward(&p, &ex, 0.0, 1, &mut g);
        let l = p.layout.clone();
        let ranges = [
            l.root,
            l.w1,
            l.b1,
            l.w_arc_dep,
            l.b_arc_dep,
            l.w_arc_head,
            l.b_arc_head,
            l.w_rel_dep,
            l.b_rel_dep,
            l.w_rel_head,
            l.b_rel_head,
            l.u,
            l.u_head,
            l.distance,
            l.v,
            l.v_dep,
            l.v_head,
            l.v_bias,
            l.w_pos,
            l.b_pos,
            l.lstm[0].wx.clone(),
            l.lstm[0].wh.clone(),
            l.lstm[0].b.clone(),
            l.lstm[1].wx.clone(),
            l.lstm[1].wh.clone(),
            l.lstm[1].b.clone(),
            l.lstm[2].wx.clone(),
            l.lstm[3].wh.clone(),
            l.lstm[3].b.clone(),
        ];
        let eps = 1e-2f32;
        for r in ranges {
            for k in [r.start, (r.start + r.end) / 2, r.end - 1] {
                let orig = p.params()[k];
                p.params_mut()[k] = orig + eps;
                let up = loss(&p, &ex);
                p.params_mut()[k] = orig - eps;
                let down = loss(&p, &ex);
                p.params_mut()[k] = orig;
                let numeric = (up - down) / (2.0 * eps as f64);
                let analytic = g.dense[k] as f64;
                assert!(
                    (numeric - analytic).abs() <= 2e-2 * (1.0 + numeric.abs()),
                    "parameter {k} in {r:?}: numeric {numeric}, analytic {analytic}"
                );
            }
        }
        let (&bucket, row) = g.rows.iter().next().unwrap();
        let at = bucket as usize * p.dims.feature;
        let orig = p.table[at];
        p.table[at] = orig + eps;
        let up = loss(&p, &ex);
        p.table[at] = orig - eps;
        let down = loss(&p, &ex);
        let numeric = (up - down) / (2.0 * eps as f64);
        assert!((numeric - row[0] as f64).abs() <= 2e-2 * (1.0 + numeric.abs()));
    }

    #[test]
    fn training_fits_a_small_treebank() {
        let (_, ex) = tiny();
        let train = vec![ex];
        let settings = ParserSettings {
            feature: 2,
            bits: 8,
            hidden: 8,
            arc: 6,
            rel: 4,
            context: 3,
            context_layers: 1,
            epochs: 60,
            batch: 1,
            learning_rate: 0.02,
            decay: 1.0,
            dropout: 0.0,
            input_scale: 1.0,
            seed: 3,
        };
        let labels = vec!["root".to_string(), "nsubj".into(), "obj".into()];
        let (p, history) = train_parser(
            &train,
            &[("train", &train)],
            labels,
            3,
            &settings,
            "t",
            &mut |_| {},
        );
        assert_eq!(history.len(), 60);
        let s = score(&p, &train);
        assert_eq!((s.upos, s.uas, s.las), (1.0, 1.0, 1.0), "{history:?}");
    }

    #[test]
    fn affine_layers_match_their_definition() {
        // y = leaky([1, -2] · [[1, 0], [0, 1], [1, 1]]ᵀ + [0, 0, 0.5]) = [1, -0.2, -0.05]
        let y = affine(
            &[1.0, -2.0],
            1,
            &[1.0, 0.0, 0.0, 1.0, 1.0, 1.0],
            &[0.0, 0.0, 0.5],
            true,
        );
        let want = [1.0, -0.2, -0.05];
        assert!(
            y.iter().zip(want).all(|(a, b)| (a - b).abs() < 1e-6),
            "{y:?}"
        );
        assert_eq!(dot(&[1.0, 2.0], &[3.0, 4.0]), 11.0);
    }
}
