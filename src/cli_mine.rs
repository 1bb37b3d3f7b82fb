//! The `mine` and `eval` commands: inputs to JSONL with a progress bar, error records, a summary
//! line, resumable runs (a checkpoint after every window), and scores against gold files.

use crate::checkpoint::{self, Checkpoint, FilePrint};
use crate::eval;
use crate::pipeline::{Config, Event, Pipeline, StageTimes};
use crate::read::ledger::{self, Ledger};
use crate::read::{read_inputs_into, ReadError, Record};
use crate::sink::Sink;
use crate::write::records;
use anyhow::{bail, Result};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use sha2::Sha256;
use std::collections::{BTreeMap, HashSet};
use std::io::{self, IsTerminal};
use std::path::{Path, PathBuf};
use std::time::Instant;

/// Exit code when the run finished but some inputs failed or had problems (see the error records).
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
    /// Stdout was closed when the process started (`>&-`).
    pub stdout_closed: bool,
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

/// Turns a repeated article id into an error record: ids must be unique for the output to be usable.
fn reject_duplicates(seen: &mut HashSet<String>, record: Record) -> Record {
    let article = record?;
    if !seen.insert(article.id.clone()) {
        return Err(ReadError::new(
            Some(article.id.clone()),
            &article.input,
            None,
            format!("duplicate article id {:?}: an earlier input already had it; this one was not mined", article.id),
        ));
    }
    Ok(article)
}

/// Where error records go.
enum ErrorsTo {
    /// Into the output stream, in input order (`--errors -`).
    Inline,
    File(PathBuf),
    Stderr,
}

/// Every option that changes the output, with the program version and the hash of every model
/// file loaded: a checkpoint is only resumed by a run that has the same.
fn output_options(
    pipeline: &Pipeline,
    emit_empty: bool,
    errors: &ErrorsTo,
) -> BTreeMap<String, String> {
    let models = &pipeline.models;
    let mut o = BTreeMap::from([
        (
            "claimminer".to_string(),
            env!("CARGO_PKG_VERSION").to_string(),
        ),
        (
            "min_claim_score".to_string(),
            pipeline.min_claim_score.to_string(),
        ),
        ("emit_empty".to_string(), emit_empty.to_string()),
        (
            "classifier".to_string(),
            models.classifier.version().to_string(),
        ),
        ("tagger".to_string(), models.tagger.version().to_string()),
        (
            "errors".to_string(),
            match errors {
                ErrorsTo::Inline => "inline".to_string(),
                ErrorsTo::File(p) => p.display().to_string(),
                ErrorsTo::Stderr => "stderr".to_string(),
            },
        ),
    ]);
    for (file, sha) in &models.files {
        o.insert(format!("model file {file}"), sha.clone());
    }
    o
}

/// A run to resume: what its checkpoint vouches for, checked.
struct Resumed {
    records: u64,
    /// Articles, failed, warned: the counts of the interrupted run.
    counts: (u64, u64, u64),
    output: (u64, Sha256),
    errors: Option<(u64, Sha256)>,
}

/// Checks a checkpoint against this run, re-reading (and so skipping) the inputs it covers;
/// refuses, naming what differs, when anything does.
fn resume_from<I: Iterator<Item = Record>>(
    cp: &Checkpoint,
    cp_path: &Path,
    options: &BTreeMap<String, String>,
    stream: &mut I,
    ledger: &Ledger,
) -> Result<Resumed> {
    let start_over = format!("delete {} to start over", cp_path.display());
    let differences = checkpoint::option_differences(&cp.options, options);
    if !differences.is_empty() {
        bail!(
            "--resume refused: this run differs from the interrupted one: {}; run with the same options and models, or {start_over}",
            differences.join("; ")
        );
    }
    let names: Vec<&String> = cp.inputs.iter().map(|p| &p.input).collect();
    let now = ledger.snapshot();
    if names != now.iter().map(|p| &p.input).collect::<Vec<_>>() {
        bail!("--resume refused: the inputs differ from those of the interrupted run ({names:?}): {start_over}");
    }
    let output = (
        cp.output.bytes,
        checkpoint::verify_file(&cp.output, "output", cp_path)?,
    );
    let errors = match &cp.errors {
        Some(p) if p.bytes > 0 => Some((p.bytes, checkpoint::verify_file(p, "errors", cp_path)?)),
        _ => None,
    };
    for n in 0..cp.records {
        if stream.next().is_none() {
            bail!(
                "--resume refused: the inputs now give {n} records, fewer than the {} the interrupted run had mined (an input is shorter or was replaced): {start_over}",
                cp.records
            );
        }
    }
    if let Some(d) = ledger::difference(&cp.inputs, &ledger.snapshot()) {
        bail!("--resume refused: {d}: {start_over}");
    }
    Ok(Resumed {
        records: cp.records,
        counts: (cp.articles, cp.failed, cp.warned),
        output,
        errors,
    })
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
    let errors_to = match (&args.errors, &args.output) {
        (Some(p), _) if p == Path::new("-") => ErrorsTo::Inline,
        (Some(p), _) => ErrorsTo::File(p.clone()),
        (None, Some(o)) => ErrorsTo::File(o.with_extension("errors.jsonl")),
        (None, None) => ErrorsTo::Stderr,
    };
    if args.stdout_closed && args.output.is_none() {
        bail!("stdout is closed (the command was started with `>&-`), so every claim would be lost: pass -o FILE, or redirect stdout (to /dev/null to discard the claims)");
    }
    let pipeline = Pipeline::load(&args.config)?;
    let classifier = pipeline.models.classifier.version().to_string();
    let tagger = pipeline.models.tagger.version().to_string();
    let parser = pipeline.models.parser.as_ref().map(|p| p.version.clone());
    let attribution = pipeline
        .models
        .attribution_meta
        .as_ref()
        .map(|m| format!("{}/{}", m.name, m.version));
    let inputs = if args.inputs.is_empty() {
        default_inputs()
    } else {
        args.inputs
    };
    let options = output_options(&pipeline, args.emit_empty, &errors_to);
    let cp_path = args.output.as_deref().map(checkpoint::path_for);
    let ledger = Ledger::new(&inputs);
    let mut seen = HashSet::new();
    let mut stream =
        read_inputs_into(&inputs, &ledger).map(move |r| reject_duplicates(&mut seen, r));

    // Where to start: a checkpoint of an interrupted run, checked, or the beginning.
    let resumed = match (&cp_path, args.resume) {
        (Some(p), true) => match checkpoint::read(p)? {
            Some(cp) => Some(resume_from(&cp, p, &options, &mut stream, &ledger)?),
            None => {
                if !args.quiet {
                    eprintln!(
                        "claimminer: no checkpoint {}: mining from the beginning",
                        p.display()
                    );
                }
                None
            }
        },
        _ => None,
    };
    let skip = resumed.as_ref().map_or(0, |r| r.records);
    let mut out = match &args.output {
        Some(p) => Sink::file(p, resumed.as_ref().map(|r| r.output.clone()))?,
        None => Sink::stdout(),
    };
    // A checkpoint vouches for a regular file only (not a device or a pipe).
    let cp_path = cp_path.filter(|_| out.is_regular_file());
    let errors_path = match &errors_to {
        ErrorsTo::File(p) => Some(p.clone()),
        _ => None,
    };
    let resumed_errors = resumed.as_ref().and_then(|r| r.errors.clone());
    let mut errors: Option<Sink> = match &errors_path {
        Some(p) if resumed_errors.is_some() || p.exists() => Some(Sink::file(p, resumed_errors)?),
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
    // Records handed on (articles and error records), articles among them, and those that failed.
    let (mut read, mut failed, mut warned) = resumed.as_ref().map_or((0, 0, 0), |r| r.counts);
    let mut records_done = 0u64;
    // Rates count this run's articles only.
    let read_before = read;
    let (mut sentences, mut claims) = (0u64, 0u64);
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
                    let print = |s: &Sink| FilePrint {
                        path: s.name.clone(),
                        bytes: s.bytes,
                        sha256: s.sha256(),
                    };
                    let cp = Checkpoint {
                        format: checkpoint::FORMAT,
                        options: options.clone(),
                        records: skip + records_done,
                        articles: read,
                        failed,
                        warned,
                        inputs: ledger.snapshot(),
                        output: print(&out),
                        errors: errors.as_ref().map(print),
                    };
                    checkpoint::write(p, &cp)?;
                }
                return Ok(());
            }
        };
        {
            let t = Instant::now();
            records_done += 1;
            match result {
                Ok(doc) => {
                    read += 1;
                    sentences += doc.sentences.len() as u64;
                    claims += doc.claims.len() as u64;
                    for r in records(
                        &doc,
                        &classifier,
                        &tagger,
                        parser.as_deref(),
                        attribution.as_deref(),
                    ) {
                        out.line(&serde_json::to_string(&r)?)?;
                    }
                    if doc.claims.is_empty() && args.emit_empty {
                        out.line(
                            &serde_json::json!({"doc_id": doc.article.id, "status": "no_claims"})
                                .to_string(),
                        )?;
                    }
                }
                Err(e) => {
                    if e.still_mined {
                        warned += 1;
                    } else {
                        read += 1;
                        failed += 1;
                    }
                    let line = serde_json::to_string(&e)?;
                    match &errors_to {
                        ErrorsTo::Inline => out.line(&line)?,
                        ErrorsTo::File(p) => {
                            if errors.is_none() {
                                errors = Some(Sink::file(p, None)?);
                            }
                            errors.as_mut().map(|w| w.line(&line)).transpose()?;
                        }
                        ErrorsTo::Stderr => eprintln!("{line}"),
                    }
                }
            }
            let secs = started.elapsed().as_secs_f64().max(1e-9);
            bar.set_position(read);
            bar.set_message(format!(
                "{:.1} articles/s  {:.0} sentences/s  {claims} claims  {failed} failed",
                (read - read_before) as f64 / secs,
                sentences as f64 / secs
            ));
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
        let resumed_note = if skip > 0 {
            format!(" (resumed after {skip} records)")
        } else {
            String::new()
        };
        let problems = if warned > 0 {
            format!(", {warned} problems reported on articles still mined")
        } else {
            String::new()
        };
        eprintln!(
            "claimminer: {read} articles read{resumed_note}, {} mined, {failed} failed{problems}, {claims} claims written, {secs:.2} s, {:.1} articles/s, {:.0} sentences/s",
            read - failed,
            (read - read_before) as f64 / secs,
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
            serde_json::json!({"timings": {"wall_seconds": secs, "threads": rayon::current_num_threads(), "articles": read - read_before, "sentences": sentences, "claims": claims, "stage_seconds": stages}})
        );
    }
    Ok(if failed > 0 || warned > 0 {
        EXIT_SOME_FAILED
    } else {
        0
    })
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
