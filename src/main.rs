//! The `claimminer` command line: a thin layer over the library.

use anyhow::Result;
use claimminer::cli_mine::{self, MineArgs};
use claimminer::cli_models;
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
}

#[derive(Subcommand)]
enum Command {
    /// Mine numeric claims from articles (.txt files, folders, .jsonl files, or - for JSONL on stdin) into JSONL.
    Mine {
        /// Inputs; default: the seed articles in seeds/.
        inputs: Vec<String>,
        /// Write claims here (default: stdout).
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
        /// Classifier version folder under the models folder (e.g. classifier/v1).
        #[arg(long)]
        classifier: Option<String>,
        /// Tagger version folder under the models folder (e.g. tagger/v1).
        #[arg(long)]
        tagger: Option<String>,
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
        #[arg(long)]
        model: Option<String>,
    },
    /// Score the claim classifier on a CheckThat! TSV file (positive class).
    EvalClassifier {
        #[arg(long)]
        tsv: PathBuf,
        #[arg(long)]
        models: Option<PathBuf>,
        #[arg(long)]
        model: Option<String>,
        #[arg(long)]
        threshold: Option<f32>,
    },
}

fn run(cli: Cli) -> Result<i32> {
    match cli.command {
        Command::Mine {
            inputs,
            output,
            errors,
            min_claim_score,
            models,
            classifier,
            tagger,
            threads,
            quiet,
            emit_empty,
            resume,
            timings,
        } => {
            let config = Config {
                models_dir: models,
                classifier_version: classifier,
                tagger_version: tagger,
                min_claim_score,
            };
            return cli_mine::mine(MineArgs {
                inputs,
                output,
                errors,
                config,
                quiet,
                threads,
                emit_empty,
                resume,
                timings,
            });
        }
        Command::Eval {
            gold,
            pred,
            json,
            show_misses,
        } => cli_mine::eval_cmd(&gold, &pred, json, show_misses)?,
        Command::Train { what } => match what {
            TrainWhat::Tagger(job) => cli_models::train_tagger_cmd(&job)?,
            TrainWhat::Classifier(job) => cli_models::train_classifier_cmd(&job)?,
        },
        Command::EvalTagger {
            conll,
            models,
            model,
        } => {
            let v = cli_models::eval_tagger_cmd(
                &models.unwrap_or_else(default_models_dir),
                model.as_deref(),
                &conll,
            )?;
            println!("{v}");
        }
        Command::EvalClassifier {
            tsv,
            models,
            model,
            threshold,
        } => {
            let v = cli_models::eval_classifier_cmd(
                &models.unwrap_or_else(default_models_dir),
                model.as_deref(),
                &tsv,
                threshold,
            )?;
            println!("{v}");
        }
    }
    Ok(0)
}

fn main() {
    match run(Cli::parse()) {
        Ok(code) => std::process::exit(code),
        Err(e) => {
            eprintln!("claimminer: error: {e:#}");
            std::process::exit(2);
        }
    }
}
