//! The dependency parser: a UPOS tag and a labelled dependency tree (Universal Dependencies v2
//! relations, universal part) for each sentence, read off the shared encoder's word vectors plus
//! hashed word features (casing, affixes: what the uncased encoder cannot see). A BiLSTM trained
//! for syntax runs over those input rows (`models::lstm`; none in parser v1); a shared hidden
//! layer reads each row and its BiLSTM state and feeds biaffine arc scores and biaffine relation
//! scores (Dozat & Manning's parser on frozen vectors); Eisner's algorithm decodes the arcs into a
//! projective tree with exactly one root, then each word takes its best relation to its head.
//! Several sentences share one forward pass (`forward_many`). The forward pass here is the one
//! training differentiates (`train::parser`, `train::lstm`).

use super::encoder::Encoded;
use super::features::{hash, plain, shape};
use super::lstm::{input_product, lstm_recur, transposed, LstmLayout, LstmRun};
use super::store::{Reader, Writer};
use crate::doc::Span;
use anyhow::{bail, Result};
use std::path::Path;

pub const UPOS: [&str; 17] = [
    "ADJ", "ADP", "ADV", "AUX", "CCONJ", "DET", "INTJ", "NOUN", "NUM", "PART", "PRON", "PROPN",
    "PUNCT", "SCONJ", "SYM", "VERB", "X",
];
/// Parser files without a context layer (v1), and with one.
const MAGIC_V1: &[u8; 8] = b"CMPARS1\0";
const MAGIC: &[u8; 8] = b"CMPARS2\0";
/// Slope of the leaky ReLU below zero.
pub const LEAK: f32 = 0.1;
/// Hashed features per word.
pub const FEATURES_PER_WORD: usize = 5;
/// Buckets of the signed distance from a dependent to its candidate head (`distance_bucket`).
pub const DISTANCE_BUCKETS: usize = 21;

/// The sizes of the network.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Dims {
    /// Width of the encoder's word vector.
    pub encoder: usize,
    /// Width of a hashed-feature embedding.
    pub feature: usize,
    /// log2 of the hashed-feature buckets.
    pub bits: u32,
    pub hidden: usize,
    pub arc: usize,
    pub rel: usize,
    pub labels: usize,
    /// Width of each direction of the BiLSTM context layers over the input rows (0: none, as in
    /// parser v1, where the hidden layer reads the input rows alone).
    pub context: usize,
    /// How many BiLSTM layers are stacked (each reads the one below; the first the input rows).
    pub context_layers: usize,
}

impl Dims {
    /// Width of an input row: the scaled encoder vector and the summed feature embeddings.
    pub fn input(&self) -> usize {
        self.encoder + self.feature
    }
    /// Width of what the hidden layer reads: an input row and both directions of the last
    /// context layer.
    pub fn mlp_input(&self) -> usize {
        self.input() + 2 * self.context
    }
    /// The stacked BiLSTM layers (none when `context` is 0).
    pub fn lstm_layers(&self) -> usize {
        if self.context == 0 {
            0
        } else {
            self.context_layers
        }
    }
}

/// Where each weight tensor lies in the flat parameter vector (row-major matrices, out × in).
#[derive(Debug, Clone)]
pub struct Layout {
    pub root: std::ops::Range<usize>,
    pub w1: std::ops::Range<usize>,
    pub b1: std::ops::Range<usize>,
    pub w_arc_dep: std::ops::Range<usize>,
    pub b_arc_dep: std::ops::Range<usize>,
    pub w_arc_head: std::ops::Range<usize>,
    pub b_arc_head: std::ops::Range<usize>,
    pub w_rel_dep: std::ops::Range<usize>,
    pub b_rel_dep: std::ops::Range<usize>,
    pub w_rel_head: std::ops::Range<usize>,
    pub b_rel_head: std::ops::Range<usize>,
    /// Arc bilinear form (arc × arc) and the head's own bias (arc).
    pub u: std::ops::Range<usize>,
    pub u_head: std::ops::Range<usize>,
    pub distance: std::ops::Range<usize>,
    /// Relation bilinear forms (labels × rel × rel), linear terms (labels × rel each), bias.
    pub v: std::ops::Range<usize>,
    pub v_dep: std::ops::Range<usize>,
    pub v_head: std::ops::Range<usize>,
    pub v_bias: std::ops::Range<usize>,
    pub w_pos: std::ops::Range<usize>,
    pub b_pos: std::ops::Range<usize>,
    /// The context layers' directions, layer by layer: left to right, then right to left.
    pub lstm: Vec<LstmLayout>,
    pub len: usize,
}

impl Layout {
    pub fn new(d: &Dims) -> Layout {
        let mut at = 0;
        let mut take = |n: usize| {
            let r = at..at + n;
            at += n;
            r
        };
        let (i, m, a, r, l, p) = (d.input(), d.hidden, d.arc, d.rel, d.labels, UPOS.len());
        let root = take(i);
        let w1 = take(m * d.mlp_input());
        let b1 = take(m);
        let w_arc_dep = take(a * m);
        let b_arc_dep = take(a);
        let w_arc_head = take(a * m);
        let b_arc_head = take(a);
        let w_rel_dep = take(r * m);
        let b_rel_dep = take(r);
        let w_rel_head = take(r * m);
        let b_rel_head = take(r);
        let u = take(a * a);
        let u_head = take(a);
        let distance = take(DISTANCE_BUCKETS);
        let v = take(l * r * r);
        let v_dep = take(l * r);
        let v_head = take(l * r);
        let v_bias = take(l);
        let w_pos = take(p * m);
        let b_pos = take(p);
        let c = d.context;
        let lstm = (0..2 * d.lstm_layers())
            .map(|k| {
                let input = if k < 2 { i } else { 2 * c };
                LstmLayout {
                    wx: take(4 * c * input),
                    wh: take(4 * c * c),
                    b: take(4 * c),
                }
            })
            .collect();
        Layout {
            root,
            w1,
            b1,
            w_arc_dep,
            b_arc_dep,
            w_arc_head,
            b_arc_head,
            w_rel_dep,
            b_rel_dep,
            w_rel_head,
            b_rel_head,
            u,
            u_head,
            distance,
            v,
            v_dep,
            v_head,
            v_bias,
            w_pos,
            b_pos,
            lstm,
            len: at,
        }
    }
}

/// The parser's weights.
pub struct Parser {
    pub dims: Dims,
    pub layout: Layout,
    /// Relation labels, index = output row.
    pub labels: Vec<String>,
    /// Every dense weight, laid out by `layout` (read by `params`, written by `params_mut`).
    params: Vec<f32>,
    /// The weight matrices transposed for the forward pass, made on first use from `params`
    /// and dropped whenever they change (`params_mut`, `set_params`).
    transposed: std::sync::OnceLock<Transposed>,
    /// Hashed-feature embeddings: bucket * feature + k.
    pub table: Vec<f32>,
    /// The encoder's word vectors are multiplied by this (unit-length vectors to unit-size entries).
    pub input_scale: f32,
    pub version: String,
}

/// The forward pass's weight matrices stored `in × out` (the parameters keep them `out × in`):
/// a matrix product then reads each weight row by row, where the stored order would make it
/// gather every column across rows. Same products, same sums.
#[derive(Debug)]
struct Transposed {
    /// Per context layer and direction: input and recurrent weights.
    wx: Vec<Vec<f32>>,
    wh: Vec<Vec<f32>>,
    w1: Vec<f32>,
    arc_dep: Vec<f32>,
    arc_head: Vec<f32>,
    rel_dep: Vec<f32>,
    rel_head: Vec<f32>,
    u: Vec<f32>,
    v: Vec<f32>,
    pos: Vec<f32>,
}

impl Transposed {
    fn of(p: &Parser) -> Transposed {
        let (l, d) = (&p.layout, p.dims);
        let t = |r: &std::ops::Range<usize>, out: usize| transposed(p.p(r), out);
        Transposed {
            wx: l.lstm.iter().map(|w| t(&w.wx, 4 * d.context)).collect(),
            wh: l.lstm.iter().map(|w| t(&w.wh, 4 * d.context)).collect(),
            w1: t(&l.w1, d.hidden),
            arc_dep: t(&l.w_arc_dep, d.arc),
            arc_head: t(&l.w_arc_head, d.arc),
            rel_dep: t(&l.w_rel_dep, d.rel),
            rel_head: t(&l.w_rel_head, d.rel),
            u: t(&l.u, d.arc),
            v: t(&l.v, d.labels * d.rel),
            pos: t(&l.w_pos, UPOS.len()),
        }
    }
}

/// One word's analysis: its UPOS tag, its head (0 for the root, else a 1-based word index) and
/// its relation to the head.
#[derive(Debug, Clone, PartialEq)]
pub struct ParsedWord {
    pub upos: &'static str,
    pub head: usize,
    pub rel: String,
}

/// `C (m×n) = op(A) · op(B) + beta · C`, row-major; `ta`/`tb` transpose the stored matrix (A is
/// stored k×m when `ta`, B n×k when `tb`).
#[allow(clippy::too_many_arguments)]
pub fn gemm(
    m: usize,
    k: usize,
    n: usize,
    a: &[f32],
    ta: bool,
    b: &[f32],
    tb: bool,
    c: &mut [f32],
    beta: f32,
) {
    assert!(a.len() >= m * k && b.len() >= k * n && c.len() >= m * n);
    if m == 0 || n == 0 {
        return;
    }
    let (rsa, csa) = if ta { (1, m) } else { (k, 1) };
    let (rsb, csb) = if tb { (1, k) } else { (n, 1) };
    // SAFETY: the asserts above keep every index the strides reach inside the slices.
    unsafe {
        matrixmultiply::sgemm(
            m,
            k,
            n,
            1.0,
            a.as_ptr(),
            rsa as isize,
            csa as isize,
            b.as_ptr(),
            rsb as isize,
            csb as isize,
            beta,
            c.as_mut_ptr(),
            n as isize,
            1,
        );
    }
}

pub fn leaky(x: f32) -> f32 {
    if x > 0.0 {
        x
    } else {
        LEAK * x
    }
}

/// `rows × out` = `x (rows × in)` · `w (out × in)`ᵀ + `b`, through the leaky ReLU when `act`.
pub fn affine(x: &[f32], rows: usize, w: &[f32], b: &[f32], act: bool) -> Vec<f32> {
    let (out, inp) = (b.len(), w.len() / b.len());
    let mut y = vec![0f32; rows * out];
    gemm(rows, inp, out, x, false, w, true, &mut y, 0.0);
    for row in y.chunks_mut(out) {
        for (v, bias) in row.iter_mut().zip(b) {
            *v += bias;
            if act {
                *v = leaky(*v);
            }
        }
    }
    y
}

/// `affine` with the weights stored transposed (`w_t`: `in × out`).
fn affine_t(x: &[f32], rows: usize, w_t: &[f32], b: &[f32], act: bool) -> Vec<f32> {
    let (out, inp) = (b.len(), w_t.len() / b.len());
    let mut y = vec![0f32; rows * out];
    gemm(rows, inp, out, x, false, w_t, false, &mut y, 0.0);
    for row in y.chunks_mut(out) {
        for (v, bias) in row.iter_mut().zip(b) {
            *v += bias;
            if act {
                *v = leaky(*v);
            }
        }
    }
    y
}

/// The bucket of the signed distance from dependent `dep` to candidate head `head` (0 = root).
pub fn distance_bucket(dep: usize, head: usize) -> usize {
    if head == 0 {
        return 0;
    }
    let d = head as i64 - dep as i64;
    let a = d.unsigned_abs() as usize;
    let step = match a {
        1..=7 => a,
        8..=15 => 8,
        16..=31 => 9,
        _ => 10,
    };
    if d < 0 {
        step
    } else {
        10 + step
    }
}

/// Bucket keys of a word's hashed features: its lowercase form, two suffixes, its first letter
/// and its shape.
pub fn word_features(word: &str, bits: u32) -> [u32; FEATURES_PER_WORD] {
    let w = plain(word);
    let lower = w.to_lowercase();
    let chars: Vec<char> = lower.chars().collect();
    let tail = |k: usize| {
        chars[chars.len().saturating_sub(k)..]
            .iter()
            .collect::<String>()
    };
    let first: String = w.chars().take(1).collect();
    let keys = [
        hash(&["w", &lower]),
        hash(&["s3", &tail(3)]),
        hash(&["s2", &tail(2)]),
        hash(&["p1", &first]),
        hash(&["sh", &shape(&w)]),
    ];
    keys.map(|h| (h & ((1u64 << bits) - 1)) as u32)
}

/// What the forward pass keeps for the backward pass. Rows are positions 0..=n (0 the root).
pub struct Forward {
    pub n: usize,
    /// Input rows (n+1) × input, after dropout.
    pub x: Vec<f32>,
    /// The context layers' directions (none without them), laid out as `Layout::lstm`.
    pub lstm: Vec<LstmRun>,
    /// What each context layer above the first reads: the layer below's outputs, both
    /// directions side by side, after dropout ((n+1) × 2·context each).
    pub layer_inputs: Vec<Vec<f32>>,
    /// What the hidden layer reads, (n+1) × mlp_input: each input row, then both directions'
    /// outputs (after dropout); the input rows themselves without a context layer.
    pub xm: Vec<f32>,
    /// Hidden layer before and after the activation (and dropout), (n+1) × hidden.
    pub z1: Vec<f32>,
    pub h: Vec<f32>,
    pub arc_dep: Vec<f32>,
    pub arc_head: Vec<f32>,
    pub rel_dep: Vec<f32>,
    pub rel_head: Vec<f32>,
    /// `u · arc_head` per row, (n+1) × arc.
    pub q: Vec<f32>,
    /// Arc scores, n × (n+1): row i-1 is dependent i, column j its candidate head j.
    pub arcs: Vec<f32>,
    /// UPOS scores, n × 17.
    pub pos: Vec<f32>,
}

/// One sentence's dropout masks in training (already scaled): each context layer's outputs,
/// layer by layer, and the hidden layer.
#[derive(Debug, Clone, Copy, Default)]
pub struct Masks<'a> {
    pub context: Option<&'a [f32]>,
    pub hidden: Option<&'a [f32]>,
}

impl Parser {
    pub fn new(mut dims: Dims, labels: Vec<String>, input_scale: f32, version: &str) -> Parser {
        // No context layers without a width: one shape, whatever `context_layers` said.
        dims.context_layers = dims.lstm_layers();
        let layout = Layout::new(&dims);
        Parser {
            params: vec![0.0; layout.len],
            transposed: std::sync::OnceLock::new(),
            table: vec![0.0; (1usize << dims.bits) * dims.feature],
            dims,
            layout,
            labels,
            input_scale,
            version: version.to_string(),
        }
    }

    pub fn p(&self, r: &std::ops::Range<usize>) -> &[f32] {
        &self.params[r.clone()]
    }

    /// Every dense weight, laid out by `layout`.
    pub fn params(&self) -> &[f32] {
        &self.params
    }

    /// The dense weights, to change (training): what was made from them is dropped.
    pub fn params_mut(&mut self) -> &mut [f32] {
        self.transposed.take();
        &mut self.params
    }

    /// Replaces every dense weight (`layout.len` of them).
    pub fn set_params(&mut self, params: Vec<f32>) {
        assert_eq!(params.len(), self.layout.len, "weights for another layout");
        self.transposed.take();
        self.params = params;
    }

    fn transposed(&self) -> &Transposed {
        self.transposed.get_or_init(|| Transposed::of(self))
    }

    /// The input rows of a sentence: the root vector, then each word's scaled encoder vector and
    /// its summed feature embeddings.
    pub fn inputs(&self, vectors: &[Vec<f32>], features: &[[u32; FEATURES_PER_WORD]]) -> Vec<f32> {
        let d = self.dims;
        let mut x = Vec::with_capacity((vectors.len() + 1) * d.input());
        x.extend_from_slice(self.p(&self.layout.root));
        for (v, f) in vectors.iter().zip(features) {
            x.extend(v.iter().map(|a| a * self.input_scale));
            x.resize(x.len() + d.feature, 0.0);
            let at = x.len() - d.feature;
            for &b in f {
                let row = &self.table[b as usize * d.feature..(b as usize + 1) * d.feature];
                for (xv, e) in x[at..].iter_mut().zip(row) {
                    *xv += e;
                }
            }
        }
        x
    }

    /// The forward pass from one sentence's input rows; `c_mask` (each context layer's outputs,
    /// layer by layer) and `h_mask` (the hidden layer) are dropout masks, already scaled, when
    /// given.
    pub fn forward(&self, x: Vec<f32>, c_mask: Option<&[f32]>, h_mask: Option<&[f32]>) -> Forward {
        let masks = [Masks {
            context: c_mask,
            hidden: h_mask,
        }];
        let mut f = self.forward_many(vec![x], &masks);
        f.pop().expect("one sentence in, one forward pass out")
    }

    /// The forward pass of several sentences at once (their input rows, and their dropout masks
    /// when `masks` has one per sentence). Every product whose weights do not depend on the
    /// sentence (the context layers' inputs, the hidden layer, the projections) runs once over
    /// the rows of all of them: the weights are packed once per batch, not once per sentence.
    /// Each sentence's result is what it would get alone.
    pub fn forward_many(&self, xs: Vec<Vec<f32>>, masks: &[Masks]) -> Vec<Forward> {
        let d = self.dims;
        let l = &self.layout;
        let (di, c, layers) = (d.input(), d.context, d.lstm_layers());
        let tw = self.transposed();
        let mask_of = |s: usize| masks.get(s).copied().unwrap_or_default();
        let rows_of: Vec<usize> = xs.iter().map(|x| x.len() / di).collect();
        let starts: Vec<usize> = rows_of
            .iter()
            .scan(0, |at, &r| {
                *at += r;
                Some(*at - r)
            })
            .collect();
        let total: usize = rows_of.iter().sum();
        let x_all: Vec<f32> = xs.concat();

        // 1. The context layers: each direction's input products over every row at once, then
        //    the recurrence sentence by sentence.
        let mut lstm: Vec<Vec<LstmRun>> = vec![Vec::with_capacity(2 * layers); xs.len()];
        let mut layer_inputs: Vec<Vec<Vec<f32>>> = vec![Vec::new(); xs.len()];
        // The last layer's outputs, both directions side by side, after dropout.
        let mut context: Vec<f32> = Vec::new();
        for layer in 0..layers {
            let input = if layer == 0 { &x_all } else { &context };
            let pre = [0, 1].map(|k| input_product(input, total, &tw.wx[2 * layer + k]));
            let wh_t = [0, 1].map(|k| &tw.wh[2 * layer + k]);
            let mut out = vec![0f32; total * 2 * c];
            for (s, (&start, &rows)) in starts.iter().zip(&rows_of).enumerate() {
                let runs = [0, 1].map(|k| {
                    let w = &l.lstm[2 * layer + k];
                    let p = &pre[k][start * 4 * c..(start + rows) * 4 * c];
                    lstm_recur(p, rows, wh_t[k], self.p(&w.b), k == 1)
                });
                let mine = &mut out[start * 2 * c..(start + rows) * 2 * c];
                for t in 0..rows {
                    for (k, run) in runs.iter().enumerate() {
                        mine[t * 2 * c + k * c..t * 2 * c + (k + 1) * c]
                            .copy_from_slice(&run.out[t * c..(t + 1) * c]);
                    }
                }
                if let Some(mask) = mask_of(s).context {
                    let m = &mask[layer * rows * 2 * c..(layer + 1) * rows * 2 * c];
                    mine.iter_mut().zip(m).for_each(|(v, k)| *v *= k);
                }
                lstm[s].extend(runs);
                if layer > 0 {
                    layer_inputs[s].push(context[start * 2 * c..(start + rows) * 2 * c].to_vec());
                }
            }
            context = out;
        }
        // 2. What the hidden layer reads: each input row and the last context layer's outputs.
        let xm = if layers == 0 {
            x_all
        } else {
            let mut xm = Vec::with_capacity(total * d.mlp_input());
            for t in 0..total {
                xm.extend_from_slice(&x_all[t * di..(t + 1) * di]);
                xm.extend_from_slice(&context[t * 2 * c..(t + 1) * 2 * c]);
            }
            xm
        };
        // 3. The hidden layer, the four projections, `U · arc_head` and the tags, over every row.
        let z1 = affine_t(&xm, total, &tw.w1, self.p(&l.b1), false);
        let mut h: Vec<f32> = z1.iter().map(|&v| leaky(v)).collect();
        for (s, (&start, &rows)) in starts.iter().zip(&rows_of).enumerate() {
            if let Some(mask) = mask_of(s).hidden {
                h[start * d.hidden..(start + rows) * d.hidden]
                    .iter_mut()
                    .zip(mask)
                    .for_each(|(v, m)| *v *= m);
            }
        }
        let arc_dep = affine_t(&h, total, &tw.arc_dep, self.p(&l.b_arc_dep), true);
        let arc_head = affine_t(&h, total, &tw.arc_head, self.p(&l.b_arc_head), true);
        let rel_dep = affine_t(&h, total, &tw.rel_dep, self.p(&l.b_rel_dep), true);
        let rel_head = affine_t(&h, total, &tw.rel_head, self.p(&l.b_rel_head), true);
        let a = d.arc;
        // q_j = U · arc_head_j
        let mut q = vec![0f32; total * a];
        gemm(total, a, a, &arc_head, false, &tw.u, false, &mut q, 0.0);
        let pos_all = affine_t(&h, total, &tw.pos, self.p(&l.b_pos), false);
        let u_head = self.p(&l.u_head);
        let dist = self.p(&l.distance);
        // 4. Each sentence's arc scores, and its share of every layer.
        let rows_slice = |v: &[f32], width: usize, start: usize, rows: usize| -> Vec<f32> {
            v[start * width..(start + rows) * width].to_vec()
        };
        xs.into_iter()
            .zip(lstm)
            .zip(layer_inputs)
            .zip(starts.iter().zip(&rows_of))
            .map(|(((x, lstm), layer_inputs), (&start, &rows))| {
                let n = rows - 1;
                let arc_dep = rows_slice(&arc_dep, a, start, rows);
                let arc_head = rows_slice(&arc_head, a, start, rows);
                let q = rows_slice(&q, a, start, rows);
                // arcs[i][j] = arc_dep_i · q_j + u_head · arc_head_j + distance
                let mut arcs = vec![0f32; n * rows];
                gemm(n, a, rows, &arc_dep[a..], false, &q, true, &mut arcs, 0.0);
                let head_bias: Vec<f32> = arc_head.chunks(a).map(|r| dot(r, u_head)).collect();
                for i in 1..=n {
                    for j in 0..rows {
                        arcs[(i - 1) * rows + j] += head_bias[j] + dist[distance_bucket(i, j)];
                    }
                }
                let np = UPOS.len();
                Forward {
                    n,
                    x,
                    lstm,
                    layer_inputs,
                    xm: rows_slice(&xm, d.mlp_input(), start, rows),
                    z1: rows_slice(&z1, d.hidden, start, rows),
                    h: rows_slice(&h, d.hidden, start, rows),
                    arc_dep,
                    arc_head,
                    rel_dep: rows_slice(&rel_dep, d.rel, start, rows),
                    rel_head: rows_slice(&rel_head, d.rel, start, rows),
                    q,
                    arcs,
                    pos: pos_all[(start + 1) * np..(start + rows) * np].to_vec(),
                }
            })
            .collect()
    }

    /// Relation scores of dependent `i` under head `j` (positions), and `V · rel_head_j` (labels ×
    /// rel) that the backward pass reuses.
    pub fn rel_scores(&self, f: &Forward, i: usize, j: usize) -> (Vec<f32>, Vec<f32>) {
        let (r, nl) = (self.dims.rel, self.dims.labels);
        let l = &self.layout;
        let dep = &f.rel_dep[i * r..(i + 1) * r];
        let head = &f.rel_head[j * r..(j + 1) * r];
        // t = V · rel_head_j, row by row: a product with one column is cheaper as dot products
        // than through gemm, which would pack all of V for every word.
        let t: Vec<f32> = self
            .p(&l.v)
            .chunks_exact(r)
            .map(|row| dot(row, head))
            .collect();
        debug_assert_eq!(t.len(), nl * r);
        let (vd, vh, vb) = (self.p(&l.v_dep), self.p(&l.v_head), self.p(&l.v_bias));
        let scores = (0..nl)
            .map(|k| {
                dot(dep, &t[k * r..(k + 1) * r])
                    + dot(dep, &vd[k * r..(k + 1) * r])
                    + dot(head, &vh[k * r..(k + 1) * r])
                    + vb[k]
            })
            .collect();
        (scores, t)
    }

    /// `V · rel_head_j` for every position of every pass (labels × rel floats a position), in
    /// one product over all their rows: `V` is packed once for them all.
    fn rel_tables(&self, passes: &[Forward]) -> Vec<Vec<f32>> {
        let (r, nl) = (self.dims.rel, self.dims.labels);
        let heads: Vec<f32> = passes
            .iter()
            .flat_map(|f| f.rel_head.iter().copied())
            .collect();
        let total = heads.len() / r.max(1);
        let mut table = vec![0f32; total * nl * r];
        gemm(
            total,
            r,
            nl * r,
            &heads,
            false,
            &self.transposed().v,
            false,
            &mut table,
            0.0,
        );
        let mut at = 0;
        passes
            .iter()
            .map(|f| {
                let len = (f.n + 1) * nl * r;
                at += len;
                table[at - len..at].to_vec()
            })
            .collect()
    }

    /// Relation scores of every dependent `i` under its head `heads[i]` (positions; `heads[0]`
    /// unused), from the pass's `rel_tables` row, then the linear terms.
    fn rel_scores_of_tree(&self, f: &Forward, heads: &[usize], table: &[f32]) -> Vec<Vec<f32>> {
        let (r, nl) = (self.dims.rel, self.dims.labels);
        let l = &self.layout;
        let rows = f.n + 1;
        let (vd, vh, vb) = (self.p(&l.v_dep), self.p(&l.v_head), self.p(&l.v_bias));
        (1..rows)
            .map(|i| {
                let j = heads[i];
                let dep = &f.rel_dep[i * r..(i + 1) * r];
                let head = &f.rel_head[j * r..(j + 1) * r];
                let t = &table[j * nl * r..(j + 1) * nl * r];
                (0..nl)
                    .map(|k| {
                        let row = k * r..(k + 1) * r;
                        dot(dep, &t[row.clone()])
                            + dot(dep, &vd[row.clone()])
                            + dot(head, &vh[row])
                            + vb[k]
                    })
                    .collect()
            })
            .collect()
    }

    /// Parses one sentence: `vectors` are the encoder's word vectors, `words` the word forms.
    pub fn parse(&self, words: &[String], vectors: &[Vec<f32>]) -> Vec<ParsedWord> {
        self.parse_many(&[(words, vectors)])
            .pop()
            .unwrap_or_default()
    }

    /// Parses several sentences in one forward pass (`forward_many`), their relation tables in one
    /// product (`rel_tables`): the same trees as one by one, faster.
    pub fn parse_many(&self, sentences: &[(&[String], &[Vec<f32>])]) -> Vec<Vec<ParsedWord>> {
        let inputs: Vec<Vec<f32>> = sentences
            .iter()
            .filter(|(words, _)| !words.is_empty())
            .map(|(words, vectors)| {
                let features: Vec<_> = words
                    .iter()
                    .map(|w| word_features(w, self.dims.bits))
                    .collect();
                self.inputs(vectors, &features)
            })
            .collect();
        let passes = self.forward_many(inputs, &[]);
        let tables = self.rel_tables(&passes);
        let mut decoded = passes.iter().zip(&tables).map(|(f, t)| self.decode(f, t));
        sentences
            .iter()
            .map(|(words, _)| {
                if words.is_empty() {
                    Vec::new()
                } else {
                    decoded.next().unwrap_or_default()
                }
            })
            .collect()
    }

    /// The tree and tags of one forward pass: Eisner over the arc scores, then each word's best
    /// relation to its head and its best tag.
    fn decode(&self, f: &Forward, table: &[f32]) -> Vec<ParsedWord> {
        let n = f.n;
        let rows = n + 1;
        let mut logp = f.arcs.clone();
        for i in 0..n {
            log_softmax_masked(&mut logp[i * rows..(i + 1) * rows], i + 1);
        }
        let heads = eisner(n, |h, d| logp[(d - 1) * rows + h]);
        let root_label = self.labels.iter().position(|l| l == "root");
        let relations = self.rel_scores_of_tree(f, &heads, table);
        (1..=n)
            .zip(relations)
            .map(|(i, scores)| {
                let head = heads[i];
                let best = if head == 0 && root_label.is_some() {
                    root_label.unwrap_or(0)
                } else {
                    argmax_except(&scores, if head == 0 { None } else { root_label })
                };
                let pos = &f.pos[(i - 1) * UPOS.len()..i * UPOS.len()];
                ParsedWord {
                    upos: UPOS[argmax_except(pos, None)],
                    head,
                    rel: self.labels[best].clone(),
                }
            })
            .collect()
    }

    /// Parses a sentence given as text with word spans, from its encoding.
    pub fn parse_encoded(
        &self,
        sentence: &str,
        words: &[Span],
        encoded: &Encoded,
    ) -> Vec<ParsedWord> {
        let forms: Vec<String> = words
            .iter()
            .map(|w| sentence[w.start..w.end].to_string())
            .collect();
        self.parse(&forms, &encoded.word_vectors(words))
    }

    /// `parse_encoded` of several sentences (text, word spans, encoding), in one forward pass.
    pub fn parse_encoded_many(&self, items: &[(&str, &[Span], &Encoded)]) -> Vec<Vec<ParsedWord>> {
        let prepared: Vec<(Vec<String>, Vec<Vec<f32>>)> = items
            .iter()
            .map(|(sentence, words, encoded)| {
                let forms = words
                    .iter()
                    .map(|w| sentence[w.start..w.end].to_string())
                    .collect();
                (forms, encoded.word_vectors(words))
            })
            .collect();
        let refs: Vec<(&[String], &[Vec<f32>])> = prepared
            .iter()
            .map(|(f, v)| (f.as_slice(), v.as_slice()))
            .collect();
        self.parse_many(&refs)
    }

    pub fn load(path: &Path, version: &str) -> Result<Parser> {
        let (mut r, format) = Reader::open_either(path, &[MAGIC_V1, MAGIC])?;
        let with_context = format == 1;
        let mut dims = Dims {
            encoder: r.u32()? as usize,
            feature: r.u32()? as usize,
            bits: r.u32()?,
            hidden: r.u32()? as usize,
            arc: r.u32()? as usize,
            rel: r.u32()? as usize,
            labels: r.u32()? as usize,
            context: 0,
            context_layers: 0,
        };
        if with_context {
            dims.context = r.u32()? as usize;
            dims.context_layers = r.u32()? as usize;
        }
        if !(8..=24).contains(&dims.bits)
            || dims.labels == 0
            || dims.labels > 256
            || dims.context > 4096
            || dims.context_layers > 8
        {
            bail!(
                "model file {} has an unexpected shape (corrupt)",
                path.display()
            );
        }
        let input_scale = *r.f32s()?.first().unwrap_or(&1.0);
        let labels: Vec<String> = r.text()?.split('\n').map(str::to_string).collect();
        let params = r.quantized()?;
        let table = r.quantized()?;
        r.finish()?;
        let layout = Layout::new(&dims);
        if labels.len() != dims.labels
            || params.len() != layout.len
            || table.len() != (1usize << dims.bits) * dims.feature
        {
            bail!(
                "model file {} has tables of the wrong size (corrupt)",
                path.display()
            );
        }
        Ok(Parser {
            dims,
            layout,
            labels,
            params,
            transposed: std::sync::OnceLock::new(),
            table,
            input_scale,
            version: version.to_string(),
        })
    }

    pub fn save(&self, path: &Path) -> Result<()> {
        let d = self.dims;
        // A parser without a context layer keeps the v1 format, which has no field for it.
        let mut w = Writer::new(if d.context == 0 { MAGIC_V1 } else { MAGIC });
        for v in [
            d.encoder,
            d.feature,
            d.bits as usize,
            d.hidden,
            d.arc,
            d.rel,
            d.labels,
        ] {
            w.u32(v as u32);
        }
        if d.context > 0 {
            w.u32(d.context as u32);
            w.u32(d.context_layers as u32);
        }
        w.f32s(&[self.input_scale]);
        w.text(&self.labels.join("\n"));
        w.quantized(&self.params);
        w.quantized(&self.table);
        w.save(path)
    }
}

/// Whether a sentence may state a number (a digit, or a number word), so that a later stage reads
/// its parse: the parser runs on these sentences only.
pub fn worth_parsing(sentence: &str) -> bool {
    sentence.bytes().any(|b| b.is_ascii_digit())
        || sentence.split(|c: char| !c.is_alphabetic()).any(|w| {
            let w = w.to_lowercase();
            crate::extract::lexicon::is_number_word(&w)
                || crate::extract::lexicon::fraction(&w).is_some()
        })
}

/// The dot product of two vectors, in eight lanes so that it vectorizes.
pub fn dot(a: &[f32], b: &[f32]) -> f32 {
    let n = a.len().min(b.len());
    let (a, b) = (a[..n].chunks_exact(8), b[..n].chunks_exact(8));
    let tail: f32 = a
        .remainder()
        .iter()
        .zip(b.remainder())
        .map(|(x, y)| x * y)
        .sum();
    let mut lanes = [0f32; 8];
    for (x, y) in a.zip(b) {
        for k in 0..8 {
            lanes[k] += x[k] * y[k];
        }
    }
    lanes.iter().sum::<f32>() + tail
}

fn argmax_except(v: &[f32], except: Option<usize>) -> usize {
    let mut best = (usize::MAX, f32::NEG_INFINITY);
    for (k, &s) in v.iter().enumerate() {
        if Some(k) != except && (best.0 == usize::MAX || s > best.1) {
            best = (k, s);
        }
    }
    best.0
}

/// In place: log-softmax of a row of arc scores, with position `own` (a word cannot head itself)
/// left out (set to minus infinity).
pub fn log_softmax_masked(row: &mut [f32], own: usize) {
    row[own] = f32::NEG_INFINITY;
    let max = row.iter().cloned().fold(f32::NEG_INFINITY, f32::max);
    let sum: f32 = row.iter().map(|v| (v - max).exp()).sum();
    let log_sum = max + sum.ln();
    row.iter_mut().for_each(|v| *v -= log_sum);
}

/// Eisner's algorithm: the best projective tree over words 1..=n in which the root (0) has exactly
/// one dependent. `score(h, d)` scores head h over dependent d. Returns `heads[d]` for d in 1..=n
/// (index 0 unused).
pub fn eisner(n: usize, score: impl Fn(usize, usize) -> f32) -> Vec<usize> {
    let mut heads = vec![0usize; n + 1];
    if n == 0 {
        return heads;
    }
    let neg = f32::NEG_INFINITY;
    let idx = |s: usize, t: usize| s * (n + 1) + t;
    let size = (n + 1) * (n + 1);
    // [0]: head on the left (s -> t), [1]: head on the right (t -> s).
    let mut complete = [vec![neg; size], vec![neg; size]];
    let mut incomplete = [vec![neg; size], vec![neg; size]];
    let mut complete_split = [vec![0usize; size], vec![0usize; size]];
    let mut incomplete_split = [vec![0usize; size], vec![0usize; size]];
    for s in 1..=n {
        complete[0][idx(s, s)] = 0.0;
        complete[1][idx(s, s)] = 0.0;
    }
    for len in 1..n {
        for s in 1..=n - len {
            let t = s + len;
            let (mut best, mut arg) = (neg, s);
            for r in s..t {
                let v = complete[0][idx(s, r)] + complete[1][idx(r + 1, t)];
                if v > best {
                    (best, arg) = (v, r);
                }
            }
            incomplete[0][idx(s, t)] = best + score(s, t);
            incomplete[1][idx(s, t)] = best + score(t, s);
            incomplete_split[0][idx(s, t)] = arg;
            incomplete_split[1][idx(s, t)] = arg;
            let (mut best, mut arg) = (neg, s);
            for r in s..t {
                let v = complete[1][idx(s, r)] + incomplete[1][idx(r, t)];
                if v > best {
                    (best, arg) = (v, r);
                }
            }
            complete[1][idx(s, t)] = best;
            complete_split[1][idx(s, t)] = arg;
            let (mut best, mut arg) = (neg, t);
            for r in s + 1..=t {
                let v = incomplete[0][idx(s, r)] + complete[0][idx(r, t)];
                if v > best {
                    (best, arg) = (v, r);
                }
            }
            complete[0][idx(s, t)] = best;
            complete_split[0][idx(s, t)] = arg;
        }
    }
    let (mut best, mut top) = (neg, 1);
    for r in 1..=n {
        let v = score(0, r) + complete[1][idx(1, r)] + complete[0][idx(r, n)];
        if v > best || r == 1 {
            (best, top) = (v, r);
        }
    }
    heads[top] = 0;
    // Unwind the chart: (s, t, direction, complete?).
    let mut stack = vec![(1, top, 1usize, true), (top, n, 0usize, true)];
    while let Some((s, t, dir, whole)) = stack.pop() {
        if s == t {
            continue;
        }
        if whole {
            let r = complete_split[dir][idx(s, t)];
            if dir == 0 {
                stack.push((s, r, 0, false));
                stack.push((r, t, 0, true));
            } else {
                stack.push((s, r, 1, true));
                stack.push((r, t, 1, false));
            }
        } else {
            let r = incomplete_split[dir][idx(s, t)];
            if dir == 0 {
                heads[t] = s;
            } else {
                heads[s] = t;
            }
            stack.push((s, r, 0, true));
            stack.push((r + 1, t, 1, true));
        }
    }
    heads
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A parser of shape `dims` with every weight drawn from [-1, 1) by the generator `seed`.
    fn random_parser(dims: Dims, labels: Vec<String>, seed: u64) -> Parser {
        let mut p = Parser::new(dims, labels, 2.0, "t");
        let mut rng = crate::rng::Rng::new(seed);
        p.params_mut()
            .iter_mut()
            .for_each(|v| *v = (rng.next_u64() % 200) as f32 / 100.0 - 1.0);
        p
    }

    /// Every word has one head, exactly one word hangs from the root, and there is no cycle.
    fn is_tree(heads: &[usize]) -> bool {
        let n = heads.len() - 1;
        if (1..=n).filter(|&d| heads[d] == 0).count() != 1 {
            return false;
        }
        (1..=n).all(|d| {
            let mut at = d;
            for _ in 0..=n {
                if at == 0 {
                    return true;
                }
                at = heads[at];
            }
            false
        })
    }

    #[test]
    fn eisner_finds_the_best_tree_with_one_root() {
        // "Russia lost tanks": lost heads both, the root takes "lost".
        let good = [(0, 2), (2, 1), (2, 3)];
        let heads = eisner(3, |h, d| if good.contains(&(h, d)) { 0.0 } else { -5.0 });
        assert_eq!(heads, [0, 2, 0, 2]);
        // Scores that would hang every word from the root still give one root.
        let heads = eisner(4, |h, _| if h == 0 { 0.0 } else { -1.0 });
        assert!(is_tree(&heads), "{heads:?}");
    }

    #[test]
    fn eisner_always_returns_a_tree() {
        let mut rng = crate::rng::Rng::new(7);
        for n in 1..12 {
            let scores: Vec<f32> = (0..(n + 1) * (n + 1))
                .map(|_| (rng.next_u64() % 1000) as f32 / 100.0)
                .collect();
            let heads = eisner(n, |h, d| scores[h * (n + 1) + d]);
            assert!(is_tree(&heads), "n={n}: {heads:?}");
        }
    }

    #[test]
    fn eisner_prefers_the_higher_scoring_projective_tree() {
        // Brute force over every head assignment of 4 words agrees with the chart's best score
        // among projective one-root trees.
        let n = 4;
        let mut rng = crate::rng::Rng::new(11);
        let scores: Vec<f32> = (0..(n + 1) * (n + 1))
            .map(|_| (rng.next_u64() % 1000) as f32 / 100.0)
            .collect();
        let score = |h: usize, d: usize| scores[h * (n + 1) + d];
        let total = |heads: &[usize]| (1..=n).map(|d| score(heads[d], d)).sum::<f32>();
        let projective = |heads: &[usize]| {
            (1..=n).all(|d| {
                let (a, b) = (d.min(heads[d]), d.max(heads[d]));
                (a + 1..b).all(|k| {
                    let mut at = k;
                    while at != 0 && at != heads[d] {
                        at = heads[at];
                    }
                    at == heads[d]
                })
            })
        };
        let mut best = f32::NEG_INFINITY;
        let mut heads = vec![0usize; n + 1];
        for code in 0..(n + 1).pow(n as u32) {
            let mut c = code;
            for slot in heads.iter_mut().skip(1) {
                *slot = c % (n + 1);
                c /= n + 1;
            }
            if is_tree(&heads) && projective(&heads) {
                best = best.max(total(&heads));
            }
        }
        let found = eisner(n, score);
        assert!((total(&found) - best).abs() < 1e-4, "{found:?}");
    }

    #[test]
    fn only_sentences_that_may_state_a_number_are_parsed() {
        assert!(worth_parsing("Sales fell 2.7% in June."));
        assert!(worth_parsing("Two-thirds of voters agreed."));
        assert!(worth_parsing("Nearly half of them left."));
        assert!(!worth_parsing("The minister resigned on Tuesday."));
    }

    #[test]
    fn distance_buckets_are_signed_and_bounded() {
        assert_eq!(distance_bucket(3, 0), 0);
        assert_eq!(distance_bucket(3, 2), 1);
        assert_eq!(distance_bucket(2, 3), 11);
        assert!(distance_bucket(1, 200) < DISTANCE_BUCKETS);
        assert_ne!(distance_bucket(20, 2), distance_bucket(2, 20));
    }

    #[test]
    fn gemm_transposes() {
        // [1 2; 3 4] · [5 6; 7 8]ᵀ = [17 23; 39 53]
        let (a, b) = ([1.0, 2.0, 3.0, 4.0], [5.0, 6.0, 7.0, 8.0]);
        let mut c = [0f32; 4];
        gemm(2, 2, 2, &a, false, &b, true, &mut c, 0.0);
        assert_eq!(c, [17.0, 23.0, 39.0, 53.0]);
        gemm(2, 2, 2, &a, true, &b, false, &mut c, 0.0);
        assert_eq!(c, [26.0, 30.0, 38.0, 44.0]);
    }

    #[test]
    fn relation_scores_of_a_whole_tree_are_those_of_each_arc() {
        let dims = Dims {
            encoder: 4,
            feature: 2,
            bits: 8,
            hidden: 5,
            arc: 3,
            rel: 11,
            labels: 3,
            context: 2,
            context_layers: 2,
        };
        let labels = ["root", "nsubj", "obj"].map(String::from).to_vec();
        let p = random_parser(dims, labels, 5);
        let words: Vec<String> = ["Prices", "rose", "sharply", "again"]
            .map(String::from)
            .to_vec();
        let vectors: Vec<Vec<f32>> = (0..4)
            .map(|k| vec![0.5, 0.1 * k as f32, -0.2, 0.3])
            .collect();
        let features: Vec<_> = words.iter().map(|w| word_features(w, 8)).collect();
        let f = p.forward(p.inputs(&vectors, &features), None, None);
        let heads = [0, 2, 0, 2, 3];
        let tables = p.rel_tables(std::slice::from_ref(&f));
        let whole = p.rel_scores_of_tree(&f, &heads, &tables[0]);
        for i in 1..=4 {
            let (one, _) = p.rel_scores(&f, i, heads[i]);
            for (a, b) in whole[i - 1].iter().zip(&one) {
                assert!((a - b).abs() < 1e-4, "{a} vs {b} at word {i}");
            }
        }
    }

    /// Sentences parsed together get the scores and trees they get alone.
    #[test]
    fn parsing_together_is_parsing_one_by_one() {
        let dims = Dims {
            encoder: 4,
            feature: 2,
            bits: 8,
            hidden: 6,
            arc: 5,
            rel: 3,
            labels: 3,
            context: 3,
            context_layers: 2,
        };
        let labels = ["root", "nsubj", "obj"].map(String::from).to_vec();
        let p = random_parser(dims, labels, 11);
        let sentences: Vec<Vec<String>> = [
            "Prices rose sharply again",
            "",
            "Russia lost tanks",
            "The jobless rate fell to 5.2 % , the office said",
        ]
        .iter()
        .map(|s| s.split_whitespace().map(String::from).collect())
        .collect();
        let vectors: Vec<Vec<Vec<f32>>> = sentences
            .iter()
            .map(|words| {
                (0..words.len())
                    .map(|k| vec![0.5, 0.1 * k as f32, -0.2, (k % 3) as f32 * 0.3])
                    .collect()
            })
            .collect();
        let refs: Vec<(&[String], &[Vec<f32>])> = sentences
            .iter()
            .zip(&vectors)
            .map(|(w, v)| (w.as_slice(), v.as_slice()))
            .collect();
        let together = p.parse_many(&refs);
        assert_eq!(together.len(), 4);
        assert!(together[1].is_empty());
        for ((words, vectors), parsed) in refs.iter().zip(&together) {
            assert_eq!(&p.parse(words, vectors), parsed);
        }
        let inputs: Vec<Vec<f32>> = refs
            .iter()
            .filter(|(w, _)| !w.is_empty())
            .map(|(w, v)| {
                let f: Vec<_> = w.iter().map(|x| word_features(x, 8)).collect();
                p.inputs(v, &f)
            })
            .collect();
        let many = p.forward_many(inputs.clone(), &[]);
        for (x, f) in inputs.into_iter().zip(&many) {
            let one = p.forward(x, None, None);
            for (a, b) in one
                .arcs
                .iter()
                .zip(&f.arcs)
                .chain(one.pos.iter().zip(&f.pos))
            {
                assert!((a - b).abs() < 1e-4, "{a} alone, {b} together");
            }
            // The tags are those of the words' hidden rows (the root's row is not tagged).
            let l = &p.layout;
            let tags = affine(
                &f.h[dims.hidden..],
                f.n,
                p.p(&l.w_pos),
                p.p(&l.b_pos),
                false,
            );
            assert_eq!(tags.len(), f.pos.len());
            for (a, b) in tags.iter().zip(&f.pos) {
                assert!(
                    (a - b).abs() < 1e-4,
                    "{a} from the hidden rows, {b} from the pass"
                );
            }
        }
    }

    /// The transposed weights the forward pass reads are made again after the weights change
    /// (training changes them between passes).
    #[test]
    fn changed_weights_are_read_afresh() {
        let dims = Dims {
            encoder: 4,
            feature: 2,
            bits: 8,
            hidden: 6,
            arc: 5,
            rel: 3,
            labels: 2,
            context: 3,
            context_layers: 1,
        };
        let labels = vec!["root".to_string(), "nsubj".to_string()];
        let mut p = random_parser(dims, labels.clone(), 17);
        let vectors: Vec<Vec<f32>> = (0..3)
            .map(|k| vec![0.2 * k as f32, 0.4, -0.1, 0.3])
            .collect();
        let features: Vec<_> = ["Prices", "rose", "again"]
            .iter()
            .map(|w| word_features(w, 8))
            .collect();
        let x = p.inputs(&vectors, &features);
        let before = p.forward(x.clone(), None, None).arcs;
        let w1 = p.layout.w1.clone();
        p.params_mut()[w1].iter_mut().for_each(|v| *v = -*v);
        let after = p.forward(x.clone(), None, None).arcs;
        assert_ne!(before, after);
        let mut fresh = Parser::new(dims, labels, 2.0, "t");
        fresh.set_params(p.params().to_vec());
        fresh.table.clone_from(&p.table);
        assert_eq!(fresh.forward(x, None, None).arcs, after);
    }

    /// Both formats: v1 (no context layer) and v2 (with one).
    #[test]
    fn a_saved_parser_loads_back() {
        for context in [0, 2] {
            let dims = Dims {
                encoder: 4,
                feature: 2,
                bits: 8,
                hidden: 3,
                arc: 3,
                rel: 2,
                labels: 2,
                context,
                context_layers: if context == 0 { 0 } else { 2 },
            };
            let p = random_parser(dims, vec!["root".into(), "nsubj".into()], 3);
            let dir = std::env::temp_dir().join(format!(
                "claimminer-parser-{}-{context}",
                std::process::id()
            ));
            std::fs::create_dir_all(&dir).unwrap();
            let path = dir.join("parser.bin");
            p.save(&path).unwrap();
            let magic = std::fs::read(&path).unwrap()[..8].to_vec();
            assert_eq!(magic, if context == 0 { MAGIC_V1 } else { MAGIC });
            let q = Parser::load(&path, "t").unwrap();
            assert_eq!(q.labels, p.labels);
            assert_eq!(q.dims, p.dims);
            let words: Vec<String> = ["Russia", "lost", "tanks"].map(String::from).to_vec();
            let vectors = vec![vec![0.5, 0.1, -0.2, 0.3]; 3];
            let (a, b) = (p.parse(&words, &vectors), q.parse(&words, &vectors));
            assert_eq!(a.len(), 3);
            assert!(is_tree(
                &std::iter::once(0)
                    .chain(a.iter().map(|w| w.head))
                    .collect::<Vec<_>>()
            ));
            assert_eq!(
                a.iter().map(|w| w.head).collect::<Vec<_>>(),
                b.iter().map(|w| w.head).collect::<Vec<_>>()
            );
            std::fs::remove_dir_all(dir).ok();
        }
    }
}
