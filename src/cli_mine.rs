//! The `mine` and `eval` commands: inputs to JSONL with a progress bar, error records, a summary
//! line, resumable runs (a checkpoint after every window), and scores against gold files.

use crate::eval;
use crate::pipeline::{Config, Event, Pipeline, StageTimes};
use crate::read::{read_inputs, ReadError, Record};
use crate::write::records;
use anyhow::{bail, Context, Result};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use serde::{Deserialize, Serialize};
use std::collections::HashSet;
use std::fs::{File, OpenOptions};
use std::io::{self, BufWriter, IsTerminal, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::time::Instant;

/// Exit code when the run finished but some inputs failed.
pub const EXIT_SOME_FAILED: i32 = 3;

pub struct MineArgs {
    pub inputs: Vec<String>,
    pub output: Option<PathBuf>,
    pub errors: Option<PathBuf>,
    pub config: Config,
    pub quiet: bool,
    pub threads: Option<usize>,
    pub emit_empty: bool,
    pub resume: bool,
    pub timings: bool,
}

/// The default input: `seeds/` here, else the one in the source tree.
pub fn default_inputs() -> Vec<String> {
    let local = Path::new("seeds");
    let dir = if local.is_dir() {
        local.to_path_buf()
    } else {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds")
    };
    vec![dir.display().to_string()]
}

/// Where a resumable run stands: written after every window, once its output is on disk.
#[derive(Serialize, Deserialize, Debug, PartialEq)]
struct Checkpoint {
    inputs: Vec<String>,
    records: u64,
    output_bytes: u64,
    errors_bytes: u64,
}

/// A file or stdout, counting the bytes written.
struct Sink {
    file: Option<File>,
    writer: Box<dyn Write>,
    bytes: u64,
}

impl Sink {
    fn stdout() -> Self {
        Sink {
            file: None,
            writer: Box::new(BufWriter::new(io::stdout().lock())),
            bytes: 0,
        }
    }
    /// Opens `path`, keeping its first `keep` bytes (0: a new file).
    fn file(path: &Path, keep: u64) -> Result<Self> {
        let mut f = OpenOptions::new()
            .create(true)
            .write(true)
            .truncate(keep == 0)
            .open(path)
            .with_context(|| format!("cannot open {}", path.display()))?;
        if keep > 0 {
            f.set_len(keep)?;
            f.seek(SeekFrom::End(0))?;
        }
        let writer = Box::new(BufWriter::new(f.try_clone()?));
        Ok(Sink {
            file: Some(f),
            writer,
            bytes: keep,
        })
    }
    fn line(&mut self, text: &str) -> Result<()> {
        self.writer.write_all(text.as_bytes())?;
        self.writer.write_all(b"\n")?;
        self.bytes += text.len() as u64 + 1;
        Ok(())
    }
    /// Flushes, and for a file makes it durable.
    fn sync(&mut self) -> Result<()> {
        self.writer.flush()?;
        if let Some(f) = &self.file {
            f.sync_data()?;
        }
        Ok(())
    }
}

fn checkpoint_path(output: &Path) -> PathBuf {
    output.with_extension("checkpoint.json")
}

fn read_checkpoint(path: &Path) -> Result<Option<Checkpoint>> {
    match std::fs::read_to_string(path) {
        Ok(text) => Ok(Some(serde_json::from_str(&text).with_context(|| {
            format!(
                "checkpoint {} is corrupt: delete it to start over",
                path.display()
            )
        })?)),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(e).with_context(|| format!("cannot read {}", path.display())),
    }
}

fn write_checkpoint(path: &Path, cp: &Checkpoint) -> Result<()> {
    let tmp = path.with_extension("tmp");
    let write = || -> io::Result<()> {
        std::fs::write(&tmp, serde_json::to_string(cp)?)?;
        File::open(&tmp)?.sync_all()?;
        std::fs::rename(&tmp, path)
    };
    write().with_context(|| format!("cannot write checkpoint {}", path.display()))
}

/// Turns a repeated article id into an error record: ids must be unique for the output to be usable.
fn reject_duplicates(seen: &mut HashSet<String>, record: Record) -> Record {
    let article = record?;
    if !seen.insert(article.id.clone()) {
        return Err(ReadError {
            doc_id: Some(article.id.clone()),
            input: article.input,
            line: None,
            error: format!("duplicate article id {:?}: an earlier input already had it; this one was not mined", article.id),
        });
    }
    Ok(article)
}

pub fn mine(args: MineArgs) -> Result<i32> {
    if let Some(n) = args.threads {
        rayon::ThreadPoolBuilder::new()
            .num_threads(n)
            .build_global()
            .ok();
    }
    if args.resume && args.output.is_none() {
        bail!("--resume needs -o FILE: a run written to stdout cannot be resumed");
    }
    let pipeline = Pipeline::load(&args.config)?;
    let classifier = pipeline.models.classifier.version().to_string();
    let tagger = pipeline.models.tagger.version().to_string();
    let inputs = if args.inputs.is_empty() {
        default_inputs()
    } else {
        args.inputs
    };
    // `--errors -`: error records go to the output stream, in input order (for pipes such as Spark's).
    let errors_inline = args.errors.as_deref() == Some(Path::new("-"));
    let errors_path = if errors_inline {
        None
    } else {
        args.errors.clone().or_else(|| {
            args.output
                .as_ref()
                .map(|o| o.with_extension("errors.jsonl"))
        })
    };
    let cp_path = args.output.as_deref().map(checkpoint_path);

    // Where to start: a checkpoint of an interrupted run, or the beginning.
    let resume_from = match (&cp_path, args.resume) {
        (Some(p), true) => read_checkpoint(p)?,
        _ => None,
    };
    if let Some(cp) = &resume_from {
        if cp.inputs != inputs {
            bail!(
                "--resume: the inputs differ from those of the interrupted run ({:?})",
                cp.inputs
            );
        }
    }
    let (skip, out_keep, err_keep) = resume_from
        .as_ref()
        .map_or((0, 0, 0), |c| (c.records, c.output_bytes, c.errors_bytes));
    let mut out = match &args.output {
        Some(p) => Sink::file(p, out_keep)?,
        None => Sink::stdout(),
    };
    let mut errors: Option<Sink> = match &errors_path {
        Some(p) if err_keep > 0 || p.exists() => Some(Sink::file(p, err_keep)?),
        _ => None,
    };

    let bar = if args.quiet || !io::stderr().is_terminal() {
        ProgressBar::hidden()
    } else {
        let b = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
        b.set_style(
            ProgressStyle::with_template("{spinner} {elapsed_precise} {pos} articles  {msg}")
                .expect("valid template"),
        );
        b
    };
    let started = Instant::now();
    let (mut read, mut failed, mut sentences, mut claims) = (0u64, 0u64, 0u64, 0u64);
    let mut seen = HashSet::new();
    let stream = read_inputs(&inputs)
        .map(move |r| reject_duplicates(&mut seen, r))
        .skip(skip as usize);
    let window = 16 * rayon::current_num_threads();
    let times = &pipeline.times;
    pipeline.mine_stream(stream, window, |event| {
        let result = match event {
            Event::Article(r) => r,
            Event::WindowDone => {
                // Output first, then the checkpoint that vouches for it.
                out.sync()?;
                if let Some(e) = errors.as_mut() {
                    e.sync()?;
                }
                if let Some(p) = &cp_path {
                    let cp = Checkpoint { inputs: inputs.clone(), records: skip + read, output_bytes: out.bytes, errors_bytes: errors.as_ref().map_or(0, |e| e.bytes) };
                    write_checkpoint(p, &cp)?;
                }
                return Ok(());
            }
        };
        {
            let t = Instant::now();
            read += 1;
            match result {
                Ok(mined) => {
                    sentences += mined.doc.sentences.len() as u64;
                    claims += mined.claims.len() as u64;
                    for r in records(&mined.doc, &mined.claims, &classifier, &tagger) {
                        out.line(&serde_json::to_string(&r)?)?;
                    }
                    if mined.claims.is_empty() && args.emit_empty {
                        out.line(&serde_json::json!({"doc_id": mined.doc.article.id, "status": "no_claims"}).to_string())?;
                    }
                }
                Err(e) => {
                    failed += 1;
                    let line = serde_json::to_string(&e)?;
                    match &errors_path {
                        _ if errors_inline => out.line(&line)?,
                        Some(p) => {
                            if errors.is_none() {
                                errors = Some(Sink::file(p, 0)?);
                            }
                            errors.as_mut().map(|w| w.line(&line)).transpose()?;
                        }
                        None => eprintln!("{line}"),
                    }
                }
            }
            let secs = started.elapsed().as_secs_f64().max(1e-9);
            bar.set_position(read);
            bar.set_message(format!("{:.1} articles/s  {:.0} sentences/s  {claims} claims  {failed} failed", read as f64 / secs, sentences as f64 / secs));
            StageTimes::add(&times.write, t);
            Ok(())
        }
    })?;
    out.sync()?;
    if let Some(e) = errors.as_mut() {
        e.sync()?;
    }
    if let Some(p) = &cp_path {
        let _ = std::fs::remove_file(p);
    }
    bar.finish_and_clear();
    let secs = started.elapsed().as_secs_f64().max(1e-9);
    if !args.quiet {
        let resumed = if skip > 0 {
            format!(" (resumed after {skip})")
        } else {
            String::new()
        };
        eprintln!(
            "claimminer: {read} articles read{resumed}, {} mined, {failed} failed, {claims} claims written, {secs:.2} s, {:.1} articles/s, {:.0} sentences/s",
            read - failed,
            read as f64 / secs,
            sentences as f64 / secs
        );
    }
    if args.timings {
        let stages: serde_json::Map<String, serde_json::Value> = pipeline
            .times
            .seconds()
            .into_iter()
            .map(|(k, v)| (k.to_string(), v.into()))
            .collect();
        eprintln!(
            "{}",
            serde_json::json!({"timings": {"wall_seconds": secs, "threads": rayon::current_num_threads(), "articles": read, "sentences": sentences, "claims": claims, "stage_seconds": stages}})
        );
    }
    Ok(if failed > 0 { EXIT_SOME_FAILED } else { 0 })
}

pub fn eval_cmd(
    gold: &[PathBuf],
    pred: &Path,
    as_json: bool,
    show_misses: bool,
    by_doc: bool,
) -> Result<()> {
    let mut g = Vec::new();
    for path in gold {
        g.extend(eval::load_jsonl(path)?);
    }
    let p = eval::load_jsonl(pred)?;
    let report = eval::score(&g, &p);
    if show_misses {
        for line in eval::miss_lines(&report) {
            println!("{line}");
        }
    }
    let scores = if by_doc {
        serde_json::json!({"overall": report.scores, "by_doc": eval::score_by_doc(&g, &p)})
    } else {
        report.scores
    };
    if as_json {
        println!("{scores}");
    } else {
        println!("{}", serde_json::to_string_pretty(&scores)?);
    }
    Ok(())
}
