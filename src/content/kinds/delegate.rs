//! 代表风采: the `[delegate]` table of a delegate's own page, and its
//! `Spec`. The page's `title` is the delegate's name as written in
//! `delegates` and `authors` lists; the table is optional.

use super::{KindSpec, Mention, SearchText, ViewContext};
use crate::content::front_matter::PageFrontMatter;
use crate::kind::Kind;
use serde::{Deserialize, Serialize};

#[derive(Debug, PartialEq, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct DelegateInfo {
    /// 选区.
    #[serde(default)]
    pub constituency: String,
    /// 届次, e.g. 第十八届.
    #[serde(default)]
    pub term: String,
    /// 工作单位及职务.
    #[serde(default)]
    pub position: String,
}

/// The spec of delegate pages.
pub(crate) struct Spec;

impl KindSpec for Spec {
    fn kind(&self) -> Kind {
        Kind::Delegate
    }

    fn folder(&self) -> &'static str {
        "delegates"
    }

    fn table(&self) -> Option<&'static str> {
        Some("delegate")
    }

    fn has_table(&self, front: &PageFrontMatter) -> bool {
        front.delegate.is_some()
    }

    /// Delegate profiles are not dated news: they never go stale.
    fn stale_after_days(&self) -> Option<u32> {
        None
    }

    /// A profile may be a name and a bio only.
    fn table_required(&self) -> bool {
        false
    }

    fn search<'a>(&self, front: &'a PageFrontMatter, out: &mut SearchText<'a>) {
        if let Some(d) = &front.delegate {
            out.fields
                .extend([d.constituency.as_str(), &d.term, &d.position]);
        }
    }

    /// The page is the delegate: its title is their name.
    fn mentions<'a>(&self, front: &'a PageFrontMatter, out: &mut Vec<Mention<'a>>) {
        out.push(Mention::DelegatePage(&front.title));
    }

    fn view(&self, front: &PageFrontMatter, _: &ViewContext<'_>) -> Option<serde_json::Value> {
        let t = front.delegate.as_ref()?;
        Some(serde_json::to_value(t).unwrap_or(serde_json::Value::Null))
    }
}

/// What a delegate's own page says of them, for the lists of delegates:
/// `(field, value)` pairs (empty text without a page or a table).
pub(crate) fn profile(front: Option<&PageFrontMatter>) -> [(&'static str, serde_json::Value); 2] {
    let info = front.and_then(|f| f.delegate.clone()).unwrap_or_default();
    [
        ("constituency", info.constituency.into()),
        ("term", info.term.into()),
    ]
}
