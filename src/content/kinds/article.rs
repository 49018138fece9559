//! 人大要闻 and other plain articles: no table of their own.

use super::KindSpec;
use crate::kind::Kind;

/// The spec of articles: every default.
pub(crate) struct Article;

impl KindSpec for Article {
    fn kind(&self) -> Kind {
        Kind::Article
    }

    fn folder(&self) -> &'static str {
        "news"
    }

    /// 动态要闻: every 2 weeks.
    fn stale_after_days(&self) -> Option<u32> {
        Some(14)
    }
}
