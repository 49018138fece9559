//! gongkai (公开): a static site generator for township people's congress
//! public-information sites.
//!
//! The data flows one way: `config` → `content` (load, parse, validate) →
//! `derive` (cross-page facts) → `render` → `output`. [`site::Site`] owns
//! that pipeline: `Site::load` runs every stage, `replace_page` runs the
//! same stage functions again for one edited page (`serve`), `restore`
//! undoes it; `build`, `live` (serve) and `check` all go through it.
//!
//! The library prints nothing: it returns reports and diagnostics
//! ([`BuildReport`], with stage timings when [`BuildOptions::timings`]
//! asks) and reports a preview's progress through a callback
//! ([`serve::ServeEvent`]). `main.rs` and `cli/` parse arguments, call the
//! library and print.
//!
//! Modules import one way, from the leaves up (`layers.py` checks that no two
//! top-level modules import each other, directly or around a circle):
//! - leaves: `kind` (the document kinds), `messages`, `diagnostics`, `dates`
//!   (date-error prefixes, default years), `control` (characters XML
//!   forbids), `html` (the one escape), `timing`, `text`, `slug`,
//!   `privacy`, `sanitize`, `charts`, `markdown`, `links`, `publish`,
//!   `output`, `manifest` (the upload manifest), `tomlx`, `options` (what a run is asked to do), `deadlines`
//!   (reply limits and due dates);
//! - the stages: `config` ← `content` ← `derive` ← `render` ← `search`,
//!   `copies` ← `published`, [`site::Site`] ← `linkcheck` ← `build`;
//! - on top: `check`, `live`, `serve`, `scaffold`, `import` (Word
//!   documents in, through `scaffold`; only the CLI imports it) and the CLI.
//!
//! Each document kind is one module, `content/kinds/<kind>.rs`, implementing
//! `KindSpec`; the stages ask `content::kinds::spec(kind)` and name no kind's
//! fields. `render` is split by stage: `plan` (which outputs), `choice`
//! (which template), `bodies` (Markdown), `prepared` (summaries made once),
//! and `renderer` filling the typed `Serialize` views of `views.rs`, which
//! are the template context (`docs/template-context.md`, checked by a test)
//! and, hashed, each output's deps for `serve`.

pub mod build;
pub(crate) mod build_cache;
pub mod charts;
pub mod check;
pub mod config;
pub mod content;
pub(crate) mod control;
pub mod copies;
pub(crate) mod dates;
pub mod deadlines;
pub mod derive;
pub mod diagnostics;
pub(crate) mod html;
pub mod import;
pub mod kind;
pub(crate) mod linkcheck;
pub(crate) mod links;
pub mod live;
pub mod manifest;
pub mod markdown;
pub mod messages;
pub(crate) mod options;
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
pub use timing::Timing;
