//! The `claimminer` command line: a thin layer over the library.

use anyhow::Result;
use claimminer::cli_mine::{self, MineArgs};
use claimminer::cli_models;
use claimminer::cli_review;
use claimminer::models::default_models_dir;
use claimminer::pipeline::Config;
use clap::{Parser, Subcommand};
use std::path::PathBuf;

#[derive(Parser)]
#[command(
    name = "claimminer",
    version,
    about = "Mine numeric claims from news: what number, of what, about whom, according to whom, as of when"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum TrainWhat {
    /// Train the entity tagger from CoNLL-2003 files.
    Tagger(cli_models::TaggerJob),
    /// Train the claim classifier from CheckThat! TSV and ClaimBuster JSON files.
    Classifier(cli_models::ClassifierJob),
    /// Train the dependency parser and UPOS tagger from Universal Dependencies CoNLL-U files.
    Parser(cli_models::ParserJob),
    /// Train the attribution head (source, cue, content) from PolNeAR folders.
    Attribution(claimminer::cli_attribution::AttributionJob),
    /// Write a PolNeAR folder's sentences, words and gold tags as JSON lines: what
    /// scripts/finetune_attribution.py trains and chooses the fine-tuned head on.
    PolnearWords {
        /// PolNeAR folder (with text/ and attributions/).
        #[arg(long)]
        polnear: std::path::PathBuf,
        /// The JSONL file to write.
        #[arg(short, long)]
        out: std::path::PathBuf,
    },
}

#[derive(Subcommand)]
enum ReviewWhat {
    /// Write review tasks (one per sentence) with the model's output as pre-annotations.
    Export(cli_review::ExportArgs),
    /// Print the labelling config that matches the exported tasks.
    Config {
        #[arg(long, value_enum)]
        format: claimminer::review::Format,
    },
    /// Read a tool's export of reviewed tasks into labelled examples and gold claims.
    Import(cli_review::ImportArgs),
}

#[derive(Subcommand)]
enum Command {
    /// Mine numeric claims from articles (.txt files, folders, .jsonl files, or - for JSONL on stdin) into JSONL.
    Mine {
        /// Inputs; default: the seed articles in seeds/.
        inputs: Vec<String>,
        /// Write claims here (default, or `-`: stdout).
        #[arg(short, long)]
        output: Option<PathBuf>,
        /// Write error records here (default: beside the output, or stderr; `-`: into the output stream).
        #[arg(long)]
        errors: Option<PathBuf>,
        /// Keep claims from sentences whose claim score is at least this (0 keeps every quantity;
        /// default: the classifier's tuned mining threshold).
        #[arg(long)]
        min_claim_score: Option<f32>,
        /// The models folder (default: $CLAIMMINER_MODELS, ./models, or the source tree's models/).
        #[arg(long)]
        models: Option<PathBuf>,
        /// A model version under the models folder, e.g. `--model classifier/v2`, `--model tagger/v2`,
        /// `--model attribution/v1` (repeatable; default: the versions named in models/manifest.json).
        #[arg(long = "model")]
        model_versions: Vec<String>,
        /// Worker threads (default: all cores).
        #[arg(long)]
        threads: Option<usize>,
        /// No progress bar and no summary line.
        #[arg(short, long)]
        quiet: bool,
        /// Write {"doc_id", "status": "no_claims"} for articles without claims.
        #[arg(long)]
        emit_empty: bool,
        /// Continue an interrupted run (needs -o): its checkpoint says where it stopped.
        #[arg(long)]
        resume: bool,
        /// Print the time spent per stage as JSON on stderr at the end.
        #[arg(long)]
        timings: bool,
    },
    /// Time the models on the seed sentences (repeated): tagger, classifier, and both together.
    BenchModels {
        /// Inputs whose sentences are used (default: seeds/).
        inputs: Vec<String>,
        #[arg(long)]
        models: Option<PathBuf>,
        /// Repeat the sentences up to at least this many.
        #[arg(long, default_value_t = 2000)]
        min_sentences: usize,
    },
    /// Send mined claims to annotation tools and bring the reviews back.
    Review {
        #[command(subcommand)]
        what: ReviewWhat,
    },
    /// Score mined claims against gold claims (the rules of shared/eval/score_claims.py).
    Eval {
        /// Gold files (*.gold.jsonl).
        #[arg(long, required = true, num_args = 1..)]
        gold: Vec<PathBuf>,
        /// Mined claims (JSONL).
        #[arg(long)]
        pred: PathBuf,
        /// Print the scores as one JSON line.
        #[arg(long)]
        json: bool,
        /// Print missed, extra and wrong claims first.
        #[arg(long)]
        show_misses: bool,
        /// Also score each article alone: `{"overall": ..., "by_doc": {doc: scores}}`.
        #[arg(long)]
        by_doc: bool,
    },
    /// Score the quantity grammar alone (no models) on quantulum3 and Recognizers-Text test files:
    /// value precision/recall/F1 and value+unit F1 per file, as JSON.
    EvalQuantities {
        /// The folder holding quantulum3/ and recognizers-text/.
        #[arg(default_value = "../shared/data/quantities")]
        dir: PathBuf,
        /// Print missed gold items, false positives and unit disagreements on stderr.
        #[arg(long)]
        show_misses: bool,
    },
    /// Train a model and write a new model version.
    Train {
        #[command(subcommand)]
        what: TrainWhat,
    },
    /// Score the tagger on a CoNLL-2003 file (entity-level micro precision, recall, F1).
    EvalTagger {
        #[arg(long)]
        conll: PathBuf,
        #[arg(long)]
        models: Option<PathBuf>,
        /// Tagger versions to score (repeat to compare them side by side), e.g. tagger/v2.
        #[arg(long)]
        model: Vec<String>,
    },
    /// Parse sentences (one per line of FILE, or of stdin when FILE is - or absent) with the shipped
    /// parser and print them as CoNLL-U: the parse that attachment reads.
    Parse {
        file: Option<PathBuf>,
        #[arg(long)]
        models: Option<PathBuf>,
    },
    /// Score the parser on a CoNLL-U file's gold words: UPOS accuracy, UAS and LAS (punctuation
    /// included, relations compared on their universal part).
    EvalParser {
        #[arg(long)]
        conllu: PathBuf,
        #[arg(long)]
        models: Option<PathBuf>,
        /// Parser versions to score (repeat to compare them side by side), e.g. parser/v1.
        #[arg(long)]
        model: Vec<String>,
    },
    /// Score the attribution head on a PolNeAR folder (text/, attributions/): precision, recall and
    /// F1 of source, cue and content spans, exact and token-overlap match.
    EvalAttribution {
        #[arg(long)]
        polnear: PathBuf,
        #[arg(long)]
        models: Option<PathBuf>,
        /// Attribution versions to score (repeat to compare them side by side), e.g. attribution/v1.
        #[arg(long)]
        model: Vec<String>,
        /// Write every wrong span here, one JSON object a line (one version only): a predicted
        /// span that matches no gold span exactly, with the gold span it overlaps, and a gold span
        /// no prediction overlaps.
        #[arg(long)]
        errors: Option<PathBuf>,
    },
    /// Score the claim classifier on a CheckThat! TSV file (positive class).
    EvalClassifier {
        #[arg(long)]
        tsv: PathBuf,
        #[arg(long)]
        models: Option<PathBuf>,
        /// Classifier versions to score (repeat to compare them side by side), e.g. classifier/v2.
        #[arg(long)]
        model: Vec<String>,
        #[arg(long)]
        threshold: Option<f32>,
    },
}

/// The version named for one model kind in `--model` values ("classifier/v2").
fn pick_version(versions: &[String], kind: &str) -> Result<Option<String>> {
    if let Some(bad) = versions.iter().find(|v| {
        !["classifier/", "tagger/", "attribution/"]
            .iter()
            .any(|k| v.starts_with(k))
    }) {
        anyhow::bail!(
            "--model {bad}: expected classifier/VERSION, tagger/VERSION or attribution/VERSION"
        );
    }
    Ok(versions
        .iter()
        .rev()
        .find(|v| v.starts_with(&format!("{kind}/")))
        .cloned())
}

/// One model's scores, or several side by side: `{"file", "models": {version: scores}}`.
fn compare(
    versions: &[String],
    score: impl Fn(Option<&str>) -> Result<serde_json::Value>,
) -> Result<serde_json::Value> {
    if versions.len() <= 1 {
        return score(versions.first().map(String::as_str));
    }
    let mut side_by_side = serde_json::Map::new();
    let mut file = serde_json::Value::Null;
    for v in versions {
        let mut s = score(Some(v))?;
        file = s["file"].take();
        side_by_side.insert(v.clone(), s);
    }
    Ok(serde_json::json!({"file": file, "models": side_by_side}))
}

fn run(cli: Cli) -> Result<i32> {
    match cli.command {
        Command::Mine {
            inputs,
            output,
            errors,
            min_claim_score,
            models,
            model_versions,
            threads,
            quiet,
            emit_empty,
            resume,
            timings,
        } => {
            let config = Config {
                models_dir: models,
                classifier_version: pick_version(&model_versions, "classifier")?,
                tagger_version: pick_version(&model_versions, "tagger")?,
                attribution_version: pick_version(&model_versions, "attribution")?,
                min_claim_score,
            };
            return cli_mine::mine(MineArgs {
                inputs,
                // `-o -` is stdout, as `-` is stdin among the inputs.
                output: output.filter(|o| o.as_os_str() != "-"),
                errors,
                config,
                quiet,
                threads,
                emit_empty,
                resume,
                timings,
                stdout_closed: stdout_was_closed(),
            });
        }
        Command::Eval {
            gold,
            pred,
            json,
            show_misses,
            by_doc,
        } => cli_mine::eval_cmd(&gold, &pred, json, show_misses, by_doc)?,
        Command::EvalQuantities { dir, show_misses } => {
            let files = claimminer::eval_quantities::eval_quantities(&dir, show_misses)?;
            println!("{}", serde_json::to_string_pretty(&files)?);
        }
        Command::Train { what } => match what {
            TrainWhat::Tagger(job) => cli_models::train_tagger_cmd(&job)?,
            TrainWhat::Classifier(job) => cli_models::train_classifier_cmd(&job)?,
            TrainWhat::Parser(job) => cli_models::train_parser_cmd(&job)?,
            TrainWhat::Attribution(job) => {
                claimminer::cli_attribution::train_attribution_cmd(&job)?
            }
            TrainWhat::PolnearWords { polnear, out } => {
                let n = claimminer::cli_attribution::polnear_words_cmd(&polnear, &out)?;
                eprintln!("wrote {n} articles to {}", out.display());
            }
        },
        Command::Parse { file, models } => {
            let dir = models.unwrap_or_else(default_models_dir);
            print!("{}", cli_models::parse_cmd(&dir, file.as_deref())?);
        }
        Command::EvalParser {
            conllu,
            models,
            model,
        } => {
            let dir = models.unwrap_or_else(default_models_dir);
            let v = compare(&model, |m| cli_models::eval_parser_cmd(&dir, m, &conllu))?;
            println!("{v}");
        }
        Command::EvalTagger {
            conll,
            models,
            model,
        } => {
            let dir = models.unwrap_or_else(default_models_dir);
            let v = compare(&model, |m| cli_models::eval_tagger_cmd(&dir, m, &conll))?;
            println!("{v}");
        }
        Command::EvalAttribution {
            polnear,
            models,
            model,
            errors,
        } => {
            if errors.is_some() && model.len() > 1 {
                anyhow::bail!("--errors writes the errors of one version: give one --model");
            }
            let v = compare(&model, |m| {
                claimminer::cli_attribution::eval_attribution_cmd(
                    models.as_deref(),
                    m,
                    &polnear,
                    errors.as_deref(),
                )
            })?;
            println!("{v}");
        }
        Command::EvalClassifier {
            tsv,
            models,
            model,
            threshold,
        } => {
            let dir = models.unwrap_or_else(default_models_dir);
            let v = compare(&model, |m| {
                cli_models::eval_classifier_cmd(&dir, m, &tsv, threshold)
            })?;
            println!("{v}");
        }
        Command::BenchModels {
            inputs,
            models,
            min_sentences,
        } => {
            let inputs = if inputs.is_empty() {
                claimminer::cli_mine::default_inputs()
            } else {
                inputs
            };
            let v = cli_models::bench_models_cmd(
                &models.unwrap_or_else(default_models_dir),
                &inputs,
                min_sentences,
            )?;
            println!("{}", serde_json::to_string_pretty(&v)?);
        }
        Command::Review { what } => match what {
            ReviewWhat::Export(a) => cli_review::export_cmd(&a)?,
            ReviewWhat::Config { format } => match format {
                claimminer::review::Format::LabelStudio => {
                    print!("{}", claimminer::review::export::label_studio_config())
                }
                other => anyhow::bail!(
                    "{other:?} needs no labelling config: its tasks carry their labels"
                ),
            },
            ReviewWhat::Import(a) => cli_review::import_cmd(&a)?,
        },
    }
    Ok(0)
}

/// Whether stdout was closed when the process started. Rust's runtime puts /dev/null in place of
/// a closed stdout before `main`, so the check runs earlier, as the program is loaded.
#[cfg(target_os = "linux")]
fn stdout_was_closed() -> bool {
    use std::sync::atomic::{AtomicBool, Ordering};
    static CLOSED: AtomicBool = AtomicBool::new(false);
    extern "C" fn check_stdout() {
        // SAFETY: fcntl on a descriptor number only queries it.
        let closed = unsafe { libc::fcntl(libc::STDOUT_FILENO, libc::F_GETFD) } == -1;
        CLOSED.store(closed, Ordering::Relaxed);
    }
    #[used]
    #[link_section = ".init_array"]
    static CHECK_STDOUT: extern "C" fn() = check_stdout;
    CLOSED.load(Ordering::Relaxed)
}

#[cfg(not(target_os = "linux"))]
fn stdout_was_closed() -> bool {
    false
}

/// The reader of stdout has gone (`| head`): say so and end as Unix tools do there, by SIGPIPE.
fn stop_on_closed_pipe() -> ! {
    eprintln!("claimminer: stopped: stdout was closed by the program reading it (broken pipe, as with `| head`); the rest of the input was not mined");
    // SAFETY: restoring the default action of SIGPIPE and raising it ends the process.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
        libc::raise(libc::SIGPIPE);
    }
    std::process::exit(128 + libc::SIGPIPE)
}

fn main() {
    match run(Cli::parse()) {
        Ok(code) => std::process::exit(code),
        Err(e) if e.downcast_ref::<claimminer::sink::StdoutClosed>().is_some() => {
            stop_on_closed_pipe()
        }
        Err(e) => {
            eprintln!("claimminer: error: {e:#}");
            std::process::exit(2);
        }
    }
}
