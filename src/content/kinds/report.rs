//! 工作计划 / 半年小结 / 年终总结: the `[report]` table.

use serde::{Deserialize, Serialize};

#[derive(Debug, PartialEq, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Report {
    /// 年度工作计划 | 半年小结 | 年终总结 | other text.
    #[serde(rename = "type")]
    pub kind: String,
    /// The year the report is about (not always the year it was published).
    pub year: i32,
}
