//! The `review` commands: export claims as review tasks, print Label Studio's config, import
//! reviewed tasks as labelled examples.

use crate::eval::load_jsonl;
use crate::models::{default_models_dir, read_meta, Manifest};
use crate::review::{self, export, import, Format};
use anyhow::{Context, Result};
use std::path::{Path, PathBuf};

#[derive(clap::Args, Debug)]
pub struct ExportArgs {
    /// Claims JSONL written by `claimminer mine` (use --min-claim-score 0 to review every quantity).
    pub claims: PathBuf,
    #[arg(long, value_enum)]
    pub format: Format,
    #[arg(short, long)]
    pub output: PathBuf,
    /// One task per article (its claim sentences, one a line) instead of one per sentence.
    #[arg(long)]
    pub per_article: bool,
    /// Task order: `input`, or `uncertainty` (scores nearest the threshold and weakest extractions first).
    #[arg(long, default_value = "input", value_parser = ["input", "uncertainty"])]
    pub order: String,
    /// Keep a random sample of N tasks (an audit sample).
    #[arg(long)]
    pub sample: Option<usize>,
    #[arg(long, default_value_t = 13)]
    pub seed: u64,
    /// Claim-score threshold for the proposed claim/not_claim label and the uncertainty order
    /// (default: the shipped classifier's mining threshold).
    #[arg(long)]
    pub threshold: Option<f64>,
}

#[derive(clap::Args, Debug)]
pub struct ImportArgs {
    /// The tool's export of the reviewed tasks.
    pub file: PathBuf,
    #[arg(long, value_enum)]
    pub format: Format,
    /// Labelled examples (JSONL): sentence labels and entity spans.
    #[arg(short, long)]
    pub output: PathBuf,
    /// Gold claims (GOLD_FORMAT JSONL); default: beside the output, `.gold.jsonl`.
    #[arg(long)]
    pub gold: Option<PathBuf>,
    /// Rejected, skipped and unannotated tasks; default: beside the output, `.set-aside.jsonl`.
    #[arg(long)]
    pub set_aside: Option<PathBuf>,
}

fn default_threshold() -> f64 {
    let dir = default_models_dir();
    let manifest: Option<Manifest> = std::fs::read_to_string(dir.join("manifest.json"))
        .ok()
        .and_then(|t| serde_json::from_str(&t).ok());
    manifest
        .and_then(|m| read_meta(&dir.join(m.classifier)).ok())
        .and_then(|m| m.mine_threshold)
        .map_or(0.5, f64::from)
}

fn write_lines(path: &Path, lines: &[serde_json::Value]) -> Result<()> {
    let text: String = lines.iter().map(|v| v.to_string() + "\n").collect();
    std::fs::write(path, text).with_context(|| format!("cannot write {}", path.display()))
}

pub fn export_cmd(a: &ExportArgs) -> Result<()> {
    let claims = load_jsonl(&a.claims)?;
    let threshold = a.threshold.unwrap_or_else(default_threshold);
    let mut tasks = review::tasks_from_claims(&claims)
        .with_context(|| format!("reading {}", a.claims.display()))?;
    if a.per_article {
        tasks = review::per_article(tasks);
    }
    if let Some(n) = a.sample {
        tasks = review::sample(tasks, n, a.seed);
    }
    if a.order == "uncertainty" {
        review::order_by_uncertainty(&mut tasks, threshold);
    }
    std::fs::write(&a.output, export::render(&tasks, a.format, threshold))
        .with_context(|| format!("cannot write {}", a.output.display()))?;
    eprintln!(
        "claimminer: {} tasks written to {}",
        tasks.len(),
        a.output.display()
    );
    Ok(())
}

pub fn import_cmd(a: &ImportArgs) -> Result<()> {
    let data = std::fs::read_to_string(&a.file)
        .with_context(|| format!("cannot read {}", a.file.display()))?;
    let imported =
        import::read(&data, a.format).with_context(|| format!("{}", a.file.display()))?;
    let (examples, gold) = import::examples(&imported);
    write_lines(&a.output, &examples)?;
    let gold_path = a
        .gold
        .clone()
        .unwrap_or_else(|| a.output.with_extension("gold.jsonl"));
    write_lines(&gold_path, &gold)?;
    let aside_path = a
        .set_aside
        .clone()
        .unwrap_or_else(|| a.output.with_extension("set-aside.jsonl"));
    write_lines(&aside_path, &imported.set_aside)?;
    eprintln!(
        "claimminer: {} reviewed tasks -> {} examples ({}), {} gold claims ({}); {} tasks set aside ({})",
        imported.reviewed.len(),
        examples.len(),
        a.output.display(),
        gold.len(),
        gold_path.display(),
        imported.set_aside.len(),
        aside_path.display()
    );
    Ok(())
}
