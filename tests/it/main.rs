//! The end-to-end tests, one crate (as mdBook does) so they link once:
//! each module builds small fixture sites under `tests/sites/` (or the demo
//! site) and reads the output back. `common` holds the shared helpers.

mod bad_inputs;
mod build_basic;
mod build_cache;
mod build_demo;
mod build_errors;
mod build_kinds;
mod build_script;
mod catalog;
mod check;
mod common;
mod commonmark_spec;
mod concurrent_builds;
mod crash_safety;
mod deadlines_evaluations;
mod deadlines_ledger;
mod deadlines_suggestions;
mod diagnostics_text;
mod disclosure_reports;
mod frame;
mod gov_meta;
mod import;
mod incremental;
mod links;
mod manifest;
mod markdown_zh;
mod notice;
mod phone_tables;
mod placeholders;
mod privacy_published;
mod publish_rule;
mod search;
mod serve;
mod serve_hardening;
mod snapshots;
mod timings;
mod workflow;
