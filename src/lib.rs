//! gongkai (公开): a static site generator for township people's congress
//! public-information sites.
//!
//! The data flows one way: `config` → `content` (load, parse, validate) →
//! `derive` (cross-page facts) → `render` → `output`. The CLI in `main.rs`
//! only parses arguments, calls [`build::build`] and prints diagnostics.
//!
//! Modules import one way, from the leaves up (`layers.py` checks that no two
//! top-level modules import each other, directly or around a circle):
//! - leaves: `kind` (the document kinds), `messages`, `diagnostics`, `dates`
//!   (date-error prefixes, default years), `control` (characters XML
//!   forbids), `html` (the one escape), `timing`, `text`, `slug`,
//!   `privacy`, `sanitize`, `charts`, `markdown`, `links`, `publish`,
//!   `output`, `tomlx`;
//! - the stages: `config` ← `content` ← `derive` ← `render` ← `search`,
//!   `copies` ← `published`, [`site::Site`] ← `linkcheck` ← `build`;
//! - on top: `check`, `live`, `serve`, `scaffold` and the CLI.
//!
//! Each document kind is one module, `content/kinds/<kind>.rs`, implementing
//! `KindSpec`; the stages ask `content::kinds::spec(kind)` and name no kind's
//! fields.

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
pub(crate) mod html;
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
