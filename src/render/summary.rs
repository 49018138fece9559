//! A page as listings show it ([`super::views::PageSummary`]), kept between
//! the stages as its JSON text.
//!
//! Every listing of a build (sections, terms, the archive, the home page,
//! the congress pages) draws on the summaries made once per build, so they
//! live from the first context to the last render. As `serde_json::Value`s
//! (a map per page and per nested table) they held about 14 KB a page, the
//! most of any stage (+140 MB at 10,000 pages, +1 GB at 50,000); their JSON
//! text is 1.5 to 2 KB. A listing streams the text into its context
//! (`serde_transcode`): the same tokens a `Value` would have given, in the
//! same order, so the output does not change.

use serde::{Serialize, Serializer};
use serde_json::value::RawValue;

/// One page's summary, as JSON text.
#[derive(Debug, Clone)]
pub(crate) struct Summary(Box<RawValue>);

impl Summary {
    /// The summary of `value`: `null` if it cannot be written as JSON
    /// (a summary holds strings, numbers and tables only).
    pub(crate) fn of<T: Serialize>(value: &T) -> Summary {
        let text = serde_json::to_string(value).unwrap_or_else(|_| "null".to_string());
        Summary(RawValue::from_string(text).unwrap_or_else(|_| null()))
    }

    /// Its JSON text.
    pub(crate) fn json(&self) -> &str {
        self.0.get()
    }

    /// Reads the fields `T` names (a few of them, for the archive).
    pub(crate) fn fields<'de, T: serde::Deserialize<'de> + Default>(&'de self) -> T {
        serde_json::from_str(self.0.get()).unwrap_or_default()
    }
}

fn null() -> Box<RawValue> {
    // `null` is JSON; `RawValue::NULL` needs no allocation.
    RawValue::NULL.to_owned()
}

impl PartialEq for Summary {
    fn eq(&self, other: &Summary) -> bool {
        self.json() == other.json()
    }
}

impl Serialize for Summary {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut tokens = serde_json::Deserializer::from_str(self.0.get());
        serde_transcode::transcode(&mut tokens, s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_summary_serializes_as_the_value_it_was_made_from() {
        let value = json!({
            "title": "标题 \"引号\"", "year": 2026, "rate": 0.5, "draft": false,
            "z": null, "a": [1, {"b": "c"}], "kinds": {"evaluation": {"votes": 12}}
        });
        let summary = Summary::of(&value);
        // Into another serializer (Tera's), and into JSON: the same value, in order.
        assert_eq!(
            tera::Value::from_serializable(&summary),
            tera::Value::from_serializable(&value)
        );
        assert_eq!(
            serde_json::to_string(&summary).expect("json"),
            serde_json::to_string(&value).expect("json")
        );
        assert_eq!(summary, Summary::of(&value));
        assert_ne!(summary, Summary::of(&json!({"title": "x"})));
    }

    #[test]
    fn fields_reads_what_it_names() {
        #[derive(serde::Deserialize, Default, PartialEq, Debug)]
        struct Two {
            year: i32,
            title: String,
        }
        let summary = Summary::of(&json!({"title": "t", "year": 2026, "other": [1]}));
        assert_eq!(
            summary.fields::<Two>(),
            Two {
                year: 2026,
                title: "t".into()
            }
        );
    }
}
