//! claimminer: mines numeric claims from news.
pub mod doc;
pub mod extract;
pub mod read;
pub mod split;
pub mod models;
pub mod train;
pub mod cli_models;
pub mod attach;
pub mod eval; pub mod pipeline; pub mod write;
pub mod cli_mine;
