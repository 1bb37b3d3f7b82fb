//! claimminer: mines numeric claims from news.
pub mod attach;
pub mod cli_mine;
pub mod cli_models;
pub mod doc;
pub mod eval;
pub mod extract;
pub mod models;
pub mod pipeline;
pub mod read;
pub mod split;
pub mod train;
pub mod write;
