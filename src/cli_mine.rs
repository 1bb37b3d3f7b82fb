//! The `mine` and `eval` commands: inputs to JSONL with a progress bar and error records; scores
//! against gold files.

use crate::eval;
use crate::pipeline::{Config, Pipeline};
use crate::read::read_inputs;
use crate::write::records;
use anyhow::{Context, Result};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::fs::File;
use std::io::{self, BufWriter, IsTerminal, Write};
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

fn open_out(path: &Option<PathBuf>) -> Result<Box<dyn Write>> {
    Ok(match path {
        Some(p) => {
            Box::new(BufWriter::new(File::create(p).with_context(|| {
                format!("cannot create output file {}", p.display())
            })?))
        }
        None => Box::new(BufWriter::new(io::stdout().lock())),
    })
}

pub fn mine(args: MineArgs) -> Result<i32> {
    if let Some(n) = args.threads {
        rayon::ThreadPoolBuilder::new()
            .num_threads(n)
            .build_global()
            .ok();
    }
    let pipeline = Pipeline::load(&args.config)?;
    let classifier = pipeline.models.classifier.version().to_string();
    let tagger = pipeline.models.tagger.version().to_string();
    let inputs = if args.inputs.is_empty() {
        default_inputs()
    } else {
        args.inputs
    };
    let mut out = open_out(&args.output)?;
    let errors_path = args.errors.or_else(|| {
        args.output
            .as_ref()
            .map(|o| o.with_extension("errors.jsonl"))
    });
    let mut errors: Option<Box<dyn Write>> = None;
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
    let (mut read, mut failed, mut sentences, mut claims) = (0usize, 0usize, 0usize, 0usize);
    let window = 16 * rayon::current_num_threads();
    pipeline.mine_stream(read_inputs(&inputs), window, |result| {
        read += 1;
        match result {
            Ok(mined) => {
                sentences += mined.doc.sentences.len();
                claims += mined.claims.len();
                for r in records(&mined.doc, &mined.claims, &classifier, &tagger) {
                    serde_json::to_writer(&mut out, &r)?;
                    out.write_all(b"\n")?;
                }
            }
            Err(e) => {
                failed += 1;
                let line = serde_json::to_string(&e)?;
                match &errors_path {
                    Some(p) => {
                        if errors.is_none() {
                            errors = Some(Box::new(BufWriter::new(File::create(p).with_context(
                                || format!("cannot create error file {}", p.display()),
                            )?)));
                        }
                        if let Some(w) = errors.as_mut() {
                            writeln!(w, "{line}")?;
                        }
                    }
                    None => eprintln!("{line}"),
                }
            }
        }
        let secs = started.elapsed().as_secs_f64().max(1e-9);
        bar.set_position(read as u64);
        bar.set_message(format!(
            "{:.1} articles/s  {:.0} sentences/s  {claims} claims  {failed} failed",
            read as f64 / secs,
            sentences as f64 / secs
        ));
        Ok(())
    })?;
    out.flush()?;
    if let Some(mut w) = errors {
        w.flush()?;
    }
    bar.finish_and_clear();
    let secs = started.elapsed().as_secs_f64().max(1e-9);
    if !args.quiet {
        eprintln!(
            "claimminer: {read} articles read, {} mined, {failed} failed, {claims} claims written, {secs:.2} s, {:.1} articles/s, {:.0} sentences/s",
            read - failed,
            read as f64 / secs,
            sentences as f64 / secs
        );
    }
    Ok(if failed > 0 { EXIT_SOME_FAILED } else { 0 })
}

pub fn eval_cmd(gold: &[PathBuf], pred: &Path, as_json: bool, show_misses: bool) -> Result<()> {
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
    if as_json {
        println!("{}", report.scores);
    } else {
        println!("{}", serde_json::to_string_pretty(&report.scores)?);
    }
    Ok(())
}
