//! What a document is: the seven kinds, their codes (`article`, …) as written in
//! front matter and URLs, and the Chinese label readers see.
//!
//! A leaf: it imports nothing of the crate, so messages, placeholders and the
//! TOML error reader can name a kind without importing `content`. Each kind's
//! fields, validation and template data are `content::kinds`'.

/// What a document is; each kind has its own template and fields.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    Article,
    Inspection,
    Evaluation,
    Submission,
    Report,
    Delegate,
    Suggestion,
}

impl Kind {
    pub const ALL: [Kind; 7] = [
        Kind::Article,
        Kind::Inspection,
        Kind::Evaluation,
        Kind::Submission,
        Kind::Report,
        Kind::Delegate,
        Kind::Suggestion,
    ];

    pub fn parse(s: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.as_str() == s)
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Article => "article",
            Kind::Inspection => "inspection",
            Kind::Evaluation => "evaluation",
            Kind::Submission => "submission",
            Kind::Report => "report",
            Kind::Delegate => "delegate",
            Kind::Suggestion => "suggestion",
        }
    }

    /// The Chinese name shown to readers.
    pub fn label(self) -> &'static str {
        match self {
            Kind::Article => "文章",
            Kind::Inspection => "视察调研",
            Kind::Evaluation => "评议公开",
            Kind::Submission => "代表投稿",
            Kind::Report => "计划总结",
            Kind::Delegate => "代表风采",
            Kind::Suggestion => "代表建议",
        }
    }

    /// Delegate profiles are not dated documents; every other kind is.
    pub fn needs_date(self) -> bool {
        self != Kind::Delegate
    }
}
