//! 代表风采: the `[delegate]` table of a delegate's own page. The page's
//! `title` is the delegate's name as written in `delegates` and `authors` lists.

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
