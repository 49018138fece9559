//! What date reading shares across stages: the prefixes of the serde errors
//! a bad front-matter date produces (read back by `tomlx` to say it in plain
//! words) and the years a date may have when `site.toml` does not say.
//!
//! A leaf: it imports nothing of the crate. Parsing a date is
//! `content::kinds`' job (`DateValue`); formatting one for templates is
//! `render::context`'s.

/// The prefix of the serde error for a bad date, read back by `tomlx`.
pub const BAD_DATE: &str = "invalid date: ";

/// The prefix of the serde error for a year out of range, read back by `tomlx`.
pub(crate) const BAD_YEAR: &str = "year out of range: ";

/// The years a date may have when `site.toml` does not say (`[build] min_year`, `max_year`).
pub(crate) const DEFAULT_YEARS: (i32, i32) = (1949, 2100);
