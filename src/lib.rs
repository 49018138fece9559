//! gongkai (公开): a static site generator for township people's congress
//! public-information sites.
//!
//! The data flows one way: `config` → `content` (load, parse, validate) →
//! `derive` (cross-page facts) → `render` → `output`. The CLI in `main.rs`
//! only parses arguments, calls [`build::build`] and prints diagnostics.

pub mod build;
pub mod charts;
pub mod check;
pub mod config;
pub mod content;
pub(crate) mod control;
pub mod copies;
pub(crate) mod dates;
pub mod derive;
pub mod diagnostics;
pub mod kind;
pub(crate) mod linkcheck;
pub(crate) mod links;
pub mod live;
pub mod markdown;
pub mod messages;
pub mod output;
pub mod privacy;
pub(crate) mod publish;
pub(crate) mod published;
pub mod render;
pub mod sanitize;
pub mod scaffold;
mod script_files;
pub mod search;
pub mod serve;
pub mod site;
pub mod slug;
pub mod text;
pub(crate) mod timing;
pub mod tomlx;

pub use build::{build, BuildOptions, BuildReport};
