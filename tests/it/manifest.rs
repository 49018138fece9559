//! The upload manifest (`gongkai-manifest.json`) and `--changed-list`: what a
//! township office uploads after an edit is exactly what changed.

use crate::common::*;
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::path::Path;

const MANIFEST: &str = "gongkai-manifest.json";

/// `gongkai build` of `site` into its `public/`, the changed list beside
/// the site; returns what it printed and the list.
fn build(site: &SiteCopy, extra: &[&str]) -> (Run, String) {
    let list = site.tmp.path().join("changed.txt");
    let list_arg = list.to_str().expect("utf-8 path");
    let mut args = vec!["build", "--changed-list", list_arg];
    args.extend(extra);
    let run = gongkai(&site.root, &args);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    (run, read_string(&list))
}

/// The manifest's files: path → (size, sha256).
fn entries(out: &Path) -> BTreeMap<String, (u64, String)> {
    let text = read_string(&out.join(MANIFEST));
    let json: serde_json::Value = serde_json::from_str(&text).expect("valid JSON");
    assert_eq!(json["format"], 1, "{text}");
    json["files"]
        .as_object()
        .expect("files")
        .iter()
        .map(|(path, e)| {
            let size = e["size"].as_u64().expect("size");
            let hash = e["sha256"].as_str().expect("sha256").to_string();
            (path.clone(), (size, hash))
        })
        .collect()
}

/// The upload part of a changed list (the lines that are not comments).
fn to_upload(list: &str) -> Vec<&str> {
    list.lines().filter(|l| !l.starts_with('#')).collect()
}

/// The removed part of a changed list.
fn removed(list: &str) -> Vec<&str> {
    let Some((_, tail)) = list.split_once("# 删除 / removed\n") else {
        return vec![];
    };
    tail.lines()
        .map(|l| l.strip_prefix("# ").expect("a removed line is a comment"))
        .collect()
}

#[test]
fn the_manifest_lists_every_file_but_itself_with_its_size_and_sha256() {
    let site = SiteCopy::new("basic");
    let (run, list) = build(&site, &[]);
    let out = site.path("public");
    let manifest = entries(&out);
    let files: Vec<String> = list_files(&out)
        .into_iter()
        .filter(|f| f != MANIFEST)
        .collect();
    assert_eq!(manifest.keys().cloned().collect::<Vec<_>>(), files);
    for (path, (size, hash)) in &manifest {
        let bytes = std::fs::read(out.join(path)).expect("read");
        assert_eq!(*size, bytes.len() as u64, "{path}");
        let expected = data_encoding::BASE32_NOPAD
            .encode(&Sha256::digest(&bytes))
            .to_ascii_lowercase();
        assert_eq!(*hash, expected, "{path}");
    }
    // No previous build: every file is new, and all of them are to upload.
    assert!(
        run.stdout
            .contains(&format!("{} 个文件都算新文件", files.len())),
        "{}",
        run.stdout
    );
    // Every file of the new site, the manifest too.
    let all = list_files(&out);
    assert!(all.contains(&MANIFEST.to_string()));
    assert_eq!(
        to_upload(&list),
        all.iter().map(String::as_str).collect::<Vec<_>>()
    );
    assert!(removed(&list).is_empty(), "{list}");
}

#[test]
fn a_second_build_of_the_same_site_writes_the_same_manifest_and_changes_nothing() {
    let site = SiteCopy::new("basic");
    build(&site, &[]);
    let first = read_string(&site.path("public").join(MANIFEST));
    let (run, list) = build(&site, &["--lang", "en"]);
    assert_eq!(read_string(&site.path("public").join(MANIFEST)), first);
    assert!(
        run.stdout.contains("Since the last build no file changed"),
        "{}",
        run.stdout
    );
    assert_eq!(list, "");
}

#[test]
fn an_edit_changes_its_page_and_what_shows_it_and_a_deletion_is_listed_as_removed() {
    let site = SiteCopy::new("basic");
    build(&site, &[]);
    let out = site.path("public");
    let before = hash_tree(&out);
    site.replace(
        "content/news/2025-zoufang.md",
        "Rust 2025",
        "Rust 2025 走访补记",
    );
    let (run, list) = build(&site, &[]);
    let after = hash_tree(&out);
    // Exactly the files whose bytes differ, the manifest among them.
    let differ: Vec<&str> = after
        .iter()
        .filter(|(p, v)| !p.ends_with('/') && before.get(*p) != Some(v))
        .map(|(p, _)| p.as_str())
        .collect();
    assert_eq!(to_upload(&list), differ, "{list}");
    assert!(differ.contains(&MANIFEST));
    assert!(
        differ.iter().any(|p| p.starts_with("news/2025-zoufang")),
        "{differ:?}"
    );
    assert!(differ.len() < before.len() / 2, "{differ:?}");
    assert!(!differ.contains(&"robots-extra.txt"), "{differ:?}");
    assert!(
        run.stdout
            .contains(&format!("改动 {} 个", differ.len() - 1)),
        "{}",
        run.stdout
    );

    let page: Vec<String> = list_files(&out)
        .into_iter()
        .filter(|p| p.starts_with("news/2025-zoufang/"))
        .collect();
    assert!(!page.is_empty());
    std::fs::remove_file(site.path("content/news/2025-zoufang.md")).expect("delete");
    let (run, list) = build(&site, &[]);
    let gone = removed(&list);
    for p in &page {
        assert!(gone.contains(&p.as_str()), "{p} not in {list}");
    }
    assert!(!entries(&out).keys().any(|p| page.contains(p)));
    assert!(
        run.stdout.contains(&format!("删除 {} 个文件", gone.len())),
        "{}",
        run.stdout
    );
}

#[test]
fn a_changed_list_inside_the_output_or_unwritable_fails_and_leaves_the_site() {
    let site = SiteCopy::new("basic");
    build(&site, &[]);
    let out = site.path("public");
    let before = hash_tree(&out);
    site.replace(
        "content/news/2025-zoufang.md",
        "Rust 2025",
        "Rust 2025 走访补记",
    );
    let inside = gongkai(
        &site.root,
        &["build", "--changed-list", "public/changed.txt"],
    );
    assert_eq!(inside.code, Some(1), "{}", inside.stdout);
    assert!(
        inside
            .stderr
            .contains("变更清单 public/changed.txt 在输出文件夹"),
        "{}",
        inside.stderr
    );
    let nowhere = site.tmp.path().join("no-such-folder/changed.txt");
    let unwritable = gongkai(
        &site.root,
        &["build", "--changed-list", nowhere.to_str().expect("utf-8")],
    );
    assert_eq!(unwritable.code, Some(1), "{}", unwritable.stdout);
    assert!(
        unwritable.stderr.contains("写不了变更清单"),
        "{}",
        unwritable.stderr
    );
    assert_same_tree(&before, &hash_tree(&out), "public/");
    assert_no_staging_left(&site.root);
}

/// The demo and every fixture: the manifest holds no run of 11 digits, the
/// privacy scan finds nothing in it, and the site's links still all resolve
/// with it in place (it is JSON, which no link check follows).
#[test]
fn the_manifest_never_reads_as_personal_data_nor_breaks_a_link() {
    let mut roots = vec![repo_root()];
    for name in ["basic", "catalog", "deadlines", "kinds", "markdown-zh"] {
        roots.push(fixture(name));
    }
    for root in roots {
        let built = build_into_temp(&root, false);
        let text = built.read(MANIFEST);
        let mut run = 0;
        for c in text.chars() {
            run = if c.is_ascii_digit() { run + 1 } else { 0 };
            assert!(run < 11, "{}: 11 digits in a row", root.display());
        }
        assert!(
            gongkai::privacy::scan(&text, &[]).is_empty(),
            "{}",
            root.display()
        );
        assert!(entries(&built.out).len() + 1 == built.files().len());
    }
    let site = SiteCopy::new("basic");
    build(&site, &[]);
    let problems = link_problems(&site.path("public"), "https://example.gov.cn/rd/qingxi/");
    assert!(problems.is_empty(), "{problems:#?}");
}
