//! A build killed at any moment (SIGKILL: no cleanup code runs) never loses
//! the last good site: `public/` is afterwards either the previous site byte
//! for byte or (killed after the swap) the complete new one, and the next
//! build leaves no staging folder behind.

use crate::common::*;
use std::collections::BTreeMap;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// Enough pages for a debug build to take a noticeable moment.
const PAGES: usize = 600;

fn write(path: &Path, text: &str) {
    std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
    std::fs::write(path, text).expect("write");
}

/// A site of `PAGES` small news pages whose every page shows `title`.
fn write_site(root: &Path, title: &str) {
    write(
        &root.join("site.toml"),
        &format!("title = \"{title}\"\nbase_url = \"https://example.gov.cn/\"\n"),
    );
    write(
        &root.join("content/_index.md"),
        "+++\ntitle = \"首页\"\n+++\n",
    );
    write(
        &root.join("content/news/_index.md"),
        "+++\ntitle = \"人大要闻\"\n+++\n",
    );
    for i in 0..PAGES {
        let month = i % 12 + 1;
        let day = i % 28 + 1;
        write(
            &root.join(format!("content/news/page-{i:05}.md")),
            &format!(
                "+++\ntitle = \"第{i}次代表活动\"\ndate = 2025-{month:02}-{day:02}\ntags = [\"标签{}\"]\n+++\n\n镇人大代表开展第{i}次活动。\n\n## 活动内容\n\n- 走访群众\n- 收集意见\n",
                i % 20
            ),
        );
    }
}

/// Starts `gongkai build` in `root` and kills it with SIGKILL after `delay`.
/// Returns whether it had already finished.
fn build_killed_after(root: &Path, delay: Duration) -> bool {
    let mut child = Command::new(env!("CARGO_BIN_EXE_gongkai"))
        .arg("build")
        .current_dir(root)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start gongkai");
    std::thread::sleep(delay);
    let finished = matches!(child.try_wait(), Ok(Some(_)));
    // `kill` is SIGKILL on Unix.
    let _ = child.kill();
    let _ = child.wait();
    finished
}

/// The site as a killed build left it: `public/`, or the previous site put
/// aside between the two renames of the swap (which the next build puts back).
fn published_tree(root: &Path) -> BTreeMap<String, (u64, u64)> {
    if root.join("public").is_dir() {
        return hash_tree(&root.join("public"));
    }
    let aside = std::fs::read_dir(root)
        .expect("ls")
        .flatten()
        .find(|e| {
            e.file_name()
                .to_string_lossy()
                .starts_with(".public.gongkai-old-")
        })
        .unwrap_or_else(|| panic!("public/ is gone and not put aside"));
    hash_tree(&aside.path())
}

#[test]
fn a_killed_build_never_loses_the_last_good_site() {
    let tmp = tempfile::tempdir().expect("tmp");
    let root = tmp.path().join("site");
    write_site(&root, "旧网站");
    let started = Instant::now();
    let good = gongkai(&root, &["build"]);
    let build_time = started.elapsed();
    assert_eq!(good.code, Some(0), "{}", good.stderr);
    let good_tree = hash_tree(&root.join("public"));

    // Every page changes, so a half-swapped or half-written site would show.
    write(
        &root.join("site.toml"),
        "title = \"新网站\"\nbase_url = \"https://example.gov.cn/\"\n",
    );
    let mut after_kills = vec![];
    for percent in [5u32, 20, 40, 60, 80, 95] {
        let delay = build_time * percent / 100;
        let finished = build_killed_after(&root, delay);
        after_kills.push((percent, finished, published_tree(&root)));
    }

    let next = gongkai(&root, &["build"]);
    assert_eq!(next.code, Some(0), "{}", next.stderr);
    assert_no_staging_left(&root);
    let new_tree = hash_tree(&root.join("public"));
    assert_ne!(good_tree, new_tree, "the new site differs from the old one");
    let mut killed_before_swap = 0;
    for (percent, finished, tree) in &after_kills {
        if *tree == good_tree {
            killed_before_swap += 1;
        } else {
            assert_same_tree(
                &new_tree,
                tree,
                &format!("public/ after a kill at {percent}% (finished: {finished})"),
            );
        }
    }
    assert!(
        killed_before_swap >= 3,
        "most kills should land during the build ({killed_before_swap} of {})",
        after_kills.len()
    );
}
