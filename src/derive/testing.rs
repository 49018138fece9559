//! For unit tests of `derive`: a small site written into a temp folder and
//! loaded with its drafts (as `--drafts` does), so a test can see that what
//! derive makes of the published pages leaves the drafts out.

use crate::config::Config;
use crate::content::{self, Content, LoadOptions};

/// A site of `files` (path under the root, text) beside a minimal
/// `site.toml` and home page, loaded with its drafts.
pub(crate) fn load_with_drafts(files: &[(String, String)]) -> (tempfile::TempDir, Content) {
    let dir = tempfile::tempdir().expect("tmp");
    let write = |rel: &str, text: &str| {
        let path = dir.path().join(rel);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        std::fs::write(path, text).expect("write");
    };
    write(
        "site.toml",
        "title = \"测试\"\nbase_url = \"https://example.gov.cn/\"\n",
    );
    write("content/_index.md", "+++\ntitle = \"首页\"\n+++\n");
    for (rel, text) in files {
        write(rel, text);
    }
    let config = Config::load_all(dir.path(), None).expect("config");
    let (content, _) = content::load(dir.path(), &config, LoadOptions { drafts: true });
    (dir, content)
}
