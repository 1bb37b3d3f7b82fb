//! claimminer mines numeric claims from news: what number, of what, about whom, according to whom,
//! as of when. The pipeline, one module per stage, each adding to one document model (`doc`):
//!
//! read → split (sentences, words) → annotate (models: classifier, then tagger ‖ parser ‖
//! attribution) → extract (quantities, units) →
//! attach (subject, source, date) → write (JSONL)
//!
//! `pipeline::Pipeline` runs it; `main.rs` is a thin command line over it.

pub mod attach;
pub mod checkpoint;
pub mod cli_attribution;
pub mod cli_mine;
pub mod cli_models;
pub mod cli_review;
pub mod doc;
pub mod eval;
pub mod eval_quantities;
pub mod extract;
pub mod models;
pub mod pipeline;
pub mod read;
pub mod review;
pub mod rng;
pub mod sink;
pub mod split;
pub mod train;
pub mod write;
