//! The attribution head's context layer: a BiLSTM over the word vectors of a sentence (attribution
//! v2) or of a whole paragraph (v3) with a softmax over the seven BIO tags (`attribution::TAGS`)
//! on top, trained here for attribution alone (`train::attribution_context`). The perceptron reads
//! each word's tag probabilities beside its own vector: where the perceptron sees a word and its
//! neighbours, the BiLSTM has read the whole sentence, which is what the edges of a long content
//! need, and, reading the paragraph, the sentences around it: a quotation several sentences long
//! is attributed by a cue that comes only at its end.

use super::lstm::{input_product, lstm_recur, transposed, LstmLayout, LstmRun};
use super::store::{Reader, Writer};
use anyhow::{bail, Result};
use std::path::Path;

/// A context layer that reads sentences (no reach recorded).
const MAGIC_V1: &[u8; 8] = b"CMACTX1\0";
const MAGIC: &[u8; 8] = b"CMACTX2\0";
pub const CONTEXT_FILE: &str = "context.bin";

/// Where each weight lies in the flat parameter vector.
#[derive(Debug, Clone, PartialEq)]
pub struct ContextLayout {
    /// Left to right, then right to left.
    pub lstm: [LstmLayout; 2],
    /// Output weights (`tags × 2·width`) and bias (`tags`).
    pub w_out: std::ops::Range<usize>,
    pub b_out: std::ops::Range<usize>,
    pub len: usize,
}

impl ContextLayout {
    pub fn new(input: usize, width: usize, tags: usize) -> ContextLayout {
        let mut at = 0;
        let mut take = |n: usize| {
            at += n;
            at - n..at
        };
        let mut direction = || LstmLayout {
            wx: take(4 * width * input),
            wh: take(4 * width * width),
            b: take(4 * width),
        };
        let lstm = [direction(), direction()];
        let w_out = take(tags * 2 * width);
        let b_out = take(tags);
        ContextLayout {
            lstm,
            w_out,
            b_out,
            len: at,
        }
    }
}

/// What one forward pass computed: both directions' runs, the output rows (`rows × 2·width`, left
/// to right then right to left) and each row's tag probabilities (`rows × tags`).
pub struct ContextPass {
    pub runs: [LstmRun; 2],
    pub hidden: Vec<f32>,
    pub probs: Vec<f32>,
}

/// The stretch of text one pass of the BiLSTM reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reach {
    Sentence,
    /// The consecutive sentences of one paragraph, as one sequence.
    Paragraph,
}

impl Reach {
    pub fn as_str(self) -> &'static str {
        match self {
            Reach::Sentence => "sentence",
            Reach::Paragraph => "paragraph",
        }
    }
}

/// Runs of consecutive sentences that one pass reads together (index ranges into `paragraphs`,
/// each sentence's paragraph).
pub fn passes(reach: Reach, paragraphs: &[usize]) -> Vec<std::ops::Range<usize>> {
    let mut out: Vec<std::ops::Range<usize>> = Vec::new();
    for (i, p) in paragraphs.iter().enumerate() {
        match out.last_mut() {
            Some(run) if reach == Reach::Paragraph && paragraphs[run.start] == *p => {
                run.end = i + 1
            }
            _ => out.push(i..i + 1),
        }
    }
    out
}

/// The BiLSTM and its softmax layer.
#[derive(Debug, Clone)]
pub struct ContextTagger {
    /// Width of a word vector.
    pub input: usize,
    /// Units in each direction.
    pub width: usize,
    pub tags: usize,
    /// Word vectors (unit length) are multiplied by this before the BiLSTM reads them.
    pub input_scale: f32,
    /// The tag probabilities are multiplied by this where the perceptron reads them beside a
    /// word's (unit-length) vectors.
    pub weight: f32,
    /// What one pass reads: a sentence or a paragraph.
    pub reach: Reach,
    /// Whether each word's input ends in its shape features (`attribution::shape_features`).
    pub shape: bool,
    /// Whether the perceptron reads log-probabilities (`perceptron_values`).
    pub log: bool,
    pub layout: ContextLayout,
    /// Every weight, laid out by `layout` (read by `params`, written by `params_mut`).
    params: Vec<f32>,
    /// Both directions' input and recurrent weights transposed for the forward pass, made on
    /// first use and dropped whenever the weights change.
    transposed: std::sync::OnceLock<[Vec<f32>; 4]>,
}

impl ContextTagger {
    pub fn new(input: usize, width: usize, tags: usize, input_scale: f32) -> ContextTagger {
        let layout = ContextLayout::new(input, width, tags);
        ContextTagger {
            input,
            width,
            tags,
            input_scale,
            weight: 1.0,
            reach: Reach::Sentence,
            shape: false,
            log: false,
            params: vec![0.0; layout.len],
            transposed: std::sync::OnceLock::new(),
            layout,
        }
    }

    /// What the perceptron reads of a word's tag probabilities `p`, weighted: the probabilities,
    /// or their logarithms mapped onto [0, 1] (1 + ln p / ln 10⁴, floored at p = 10⁻⁴), which a
    /// linear scorer adds up as a product of the layer's probabilities.
    pub fn perceptron_values(&self, p: &[f32]) -> Vec<f32> {
        const FLOOR: f32 = 1e-4;
        p.iter()
            .map(|&v| {
                self.weight
                    * if self.log {
                        1.0 - v.max(FLOOR).ln() / FLOOR.ln()
                    } else {
                        v
                    }
            })
            .collect()
    }

    /// Shape features a row holds after the word's vector (`attribution::SHAPE_FEATURES` when
    /// the layer reads them).
    pub fn shape_width(&self) -> usize {
        super::attribution::shape_width(self.shape)
    }

    pub fn p(&self, r: &std::ops::Range<usize>) -> &[f32] {
        &self.params[r.clone()]
    }

    pub fn params(&self) -> &[f32] {
        &self.params
    }

    /// The weights, to change (training): what was made from them is dropped.
    pub fn params_mut(&mut self) -> &mut [f32] {
        self.transposed.take();
        &mut self.params
    }

    /// `[wx, wh]` of each direction, transposed (`in × 4·width`).
    fn transposed(&self) -> &[Vec<f32>; 4] {
        self.transposed.get_or_init(|| {
            let w = self.width;
            let [f, b] = &self.layout.lstm;
            [&f.wx, &f.wh, &b.wx, &b.wh].map(|r| transposed(self.p(r), 4 * w))
        })
    }

    /// The forward pass over one sentence's word vectors (`rows × input`, already scaled).
    pub fn forward(&self, x: &[f32], rows: usize) -> ContextPass {
        let (w, t) = (self.width, self.tags);
        let t_all = self.transposed();
        let runs = [0, 1].map(|k| {
            let l = &self.layout.lstm[k];
            let pre = input_product(x, rows, &t_all[2 * k]);
            lstm_recur(&pre, rows, &t_all[2 * k + 1], self.p(&l.b), k == 1)
        });
        let mut hidden = vec![0f32; rows * 2 * w];
        for r in 0..rows {
            hidden[r * 2 * w..r * 2 * w + w].copy_from_slice(&runs[0].out[r * w..(r + 1) * w]);
            hidden[r * 2 * w + w..(r + 1) * 2 * w]
                .copy_from_slice(&runs[1].out[r * w..(r + 1) * w]);
        }
        let (w_out, b_out) = (self.p(&self.layout.w_out), self.p(&self.layout.b_out));
        let mut probs = vec![0f32; rows * t];
        for r in 0..rows {
            let h = &hidden[r * 2 * w..(r + 1) * 2 * w];
            let row = &mut probs[r * t..(r + 1) * t];
            for (k, p) in row.iter_mut().enumerate() {
                *p = b_out[k]
                    + w_out[k * 2 * w..(k + 1) * 2 * w]
                        .iter()
                        .zip(h)
                        .map(|(a, b)| a * b)
                        .sum::<f32>();
            }
            softmax(row);
        }
        ContextPass {
            runs,
            hidden,
            probs,
        }
    }

    /// Each word's tag probabilities, from its encoder vector (unit length).
    pub fn tag_probabilities(&self, vectors: &[Vec<f32>]) -> Vec<Vec<f32>> {
        if vectors.is_empty() {
            return Vec::new();
        }
        assert!(
            vectors.iter().all(|v| v.len() == self.input),
            "the context layer reads rows of {} values",
            self.input
        );
        let x: Vec<f32> = vectors
            .iter()
            .flat_map(|v| v.iter().map(|a| a * self.input_scale))
            .collect();
        let pass = self.forward(&x, vectors.len());
        pass.probs.chunks(self.tags).map(<[f32]>::to_vec).collect()
    }

    /// The tag probabilities of every word of a document's sentences (`vectors`, one list of word
    /// vectors a sentence; `paragraphs`, each sentence's paragraph), each pass reading as far as
    /// `reach` says.
    pub fn document_probabilities(
        &self,
        paragraphs: &[usize],
        vectors: &[Vec<Vec<f32>>],
    ) -> Vec<Vec<Vec<f32>>> {
        let mut out = Vec::with_capacity(vectors.len());
        for run in passes(self.reach, paragraphs) {
            let joined: Vec<Vec<f32>> = vectors[run.clone()].iter().flatten().cloned().collect();
            let mut probs = self.tag_probabilities(&joined).into_iter();
            for v in &vectors[run] {
                out.push(probs.by_ref().take(v.len()).collect());
            }
        }
        out
    }

    pub fn save(&self, path: &Path) -> Result<()> {
        let mut w = Writer::new(MAGIC);
        for v in [self.input, self.width, self.tags] {
            w.u32(v as u32);
        }
        w.f32s(&[self.input_scale, self.weight]);
        w.u32(u32::from(self.reach == Reach::Paragraph));
        w.u32(u32::from(self.shape));
        w.u32(u32::from(self.log));
        w.quantized(&self.params);
        w.save(path)
    }

    pub fn load(path: &Path) -> Result<ContextTagger> {
        let (mut r, format) = Reader::open_either(path, &[MAGIC_V1, MAGIC])?;
        let (input, width, tags) = (r.u32()? as usize, r.u32()? as usize, r.u32()? as usize);
        if input == 0 || input > 65_536 || width == 0 || width > 4096 || tags == 0 || tags > 64 {
            bail!(
                "model file {} has an unexpected shape (corrupt)",
                path.display()
            );
        }
        let scales = r.f32s()?;
        let (input_scale, weight) = match scales.as_slice() {
            [a, b] => (*a, *b),
            _ => bail!("model file {} has no scales (corrupt)", path.display()),
        };
        // Format 2 records what the layer reads; format 1 read sentences, without shapes.
        let (mut reach, mut shape, mut log) = (Reach::Sentence, false, false);
        if format == 1 {
            reach = match r.u32()? {
                0 => Reach::Sentence,
                1 => Reach::Paragraph,
                _ => bail!(
                    "model file {} has an unknown reach (corrupt)",
                    path.display()
                ),
            };
            shape = r.u32()? == 1;
            log = r.u32()? == 1;
        }
        let params = r.quantized()?;
        r.finish()?;
        let mut model = ContextTagger::new(input, width, tags, input_scale);
        model.weight = weight;
        model.reach = reach;
        model.shape = shape;
        model.log = log;
        if params.len() != model.layout.len {
            bail!(
                "model file {} has tables of the wrong size (corrupt)",
                path.display()
            );
        }
        model.params_mut().copy_from_slice(&params);
        Ok(model)
    }
}

/// Softmax in place.
pub fn softmax(row: &mut [f32]) {
    let max = row.iter().copied().fold(f32::NEG_INFINITY, f32::max);
    let mut sum = 0.0;
    for v in row.iter_mut() {
        *v = (*v - max).exp();
        sum += *v;
    }
    for v in row.iter_mut() {
        *v /= sum;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn filled(input: usize, width: usize, tags: usize) -> ContextTagger {
        let mut m = ContextTagger::new(input, width, tags, 2.0);
        m.weight = 0.5;
        let mut rng = crate::rng::Rng::new(3);
        for v in m.params_mut().iter_mut() {
            *v = (rng.next_u64() % 200) as f32 / 100.0 - 1.0;
        }
        m
    }

    /// The transposed weights the forward pass keeps are made again after the weights change.
    #[test]
    fn changed_weights_are_read_afresh() {
        let mut m = filled(4, 3, 7);
        let vectors = vec![vec![0.5, -0.5, 0.1, 0.3], vec![0.2, 0.1, -0.4, 0.0]];
        let before = m.tag_probabilities(&vectors);
        let wx = m.layout.lstm[0].wx.clone();
        m.params_mut()[wx].iter_mut().for_each(|v| *v = -*v);
        let after = m.tag_probabilities(&vectors);
        assert_ne!(before, after);
        let mut fresh = ContextTagger::new(4, 3, 7, 2.0);
        fresh.params_mut().copy_from_slice(m.params());
        assert_eq!(fresh.tag_probabilities(&vectors), after);
    }

    #[test]
    fn passes_join_the_sentences_of_a_paragraph() {
        let paragraphs = [0, 0, 1, 2, 2, 2];
        assert_eq!(passes(Reach::Sentence, &paragraphs).len(), 6);
        assert_eq!(
            passes(Reach::Paragraph, &paragraphs),
            vec![0..2, 2..3, 3..6]
        );
        assert!(passes(Reach::Paragraph, &[]).is_empty());
    }

    /// Reading paragraphs, a sentence's probabilities depend on the other sentences of its
    /// paragraph and on no other; reading sentences, on its own words only.
    #[test]
    fn a_paragraph_pass_reads_the_sentences_around() {
        let mut m = filled(4, 3, 7);
        let word = |k: f32| vec![0.5, -0.5, 0.1 * k, 0.3];
        let doc = vec![vec![word(1.0), word(2.0)], vec![word(3.0)], vec![word(4.0)]];
        let mut changed = doc.clone();
        changed[1][0] = vec![-1.0, 1.0, 0.0, 0.0];
        let paragraphs = [0, 0, 1];
        let alone = m.document_probabilities(&paragraphs, &doc);
        assert_eq!(alone[0], m.tag_probabilities(&doc[0]));
        assert_eq!(alone[0], m.document_probabilities(&paragraphs, &changed)[0]);
        m.reach = Reach::Paragraph;
        let read = m.document_probabilities(&paragraphs, &doc);
        assert_eq!(read.iter().map(Vec::len).collect::<Vec<_>>(), vec![2, 1, 1]);
        let after = m.document_probabilities(&paragraphs, &changed);
        assert_ne!(
            read[0], after[0],
            "the next sentence of the paragraph is read"
        );
        assert_eq!(read[2], after[2], "another paragraph is not");
        assert_eq!(read[2], m.tag_probabilities(&doc[2]));
    }

    #[test]
    fn probabilities_are_a_distribution_per_word_and_survive_saving() {
        let m = filled(4, 3, 7);
        let vectors: Vec<Vec<f32>> = (0..5)
            .map(|k| vec![0.5, -0.5, 0.1 * k as f32, 0.3])
            .collect();
        let probs = m.tag_probabilities(&vectors);
        assert_eq!(probs.len(), 5);
        for p in &probs {
            assert_eq!(p.len(), 7);
            assert!((p.iter().sum::<f32>() - 1.0).abs() < 1e-5, "{p:?}");
            assert!(p.iter().all(|&x| x > 0.0));
        }
        // The right-to-left direction reads the words after: changing the last word changes the
        // first word's probabilities.
        let mut changed = vectors.clone();
        changed[4] = vec![-1.0, 1.0, 0.0, 0.0];
        assert_ne!(m.tag_probabilities(&changed)[0], probs[0]);
        let path = std::env::temp_dir().join(format!("cm-context-{}.bin", std::process::id()));
        m.save(&path).unwrap();
        let back = ContextTagger::load(&path).unwrap();
        assert_eq!(back.reach, Reach::Sentence);
        assert!(!back.shape && !back.log);
        let mut wide = m.clone();
        wide.reach = Reach::Paragraph;
        wide.shape = true;
        wide.log = true;
        wide.save(&path).unwrap();
        let wide = ContextTagger::load(&path).unwrap();
        assert_eq!(
            (wide.reach, wide.shape, wide.log),
            (Reach::Paragraph, true, true)
        );
        let _ = std::fs::remove_file(&path);
        assert_eq!((back.input, back.width, back.tags), (4, 3, 7));
        assert_eq!((back.input_scale, back.weight), (2.0, 0.5));
        for (a, b) in back.tag_probabilities(&vectors).iter().zip(&probs) {
            for (x, y) in a.iter().zip(b) {
                assert!((x - y).abs() < 0.02, "{a:?} vs {b:?}");
            }
        }
        assert!(m.tag_probabilities(&[]).is_empty());
    }
}
