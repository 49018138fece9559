//! Two builds of one site at once (a sync tool and a person, two terminals, a
//! scheduled rebuild): every round ends with the complete site in `public/`
//! or a clear refusal, never a partial site, and the next plain build still
//! takes `public/` for its own. Also: a second build waits for the first,
//! says so once and then reads the files as they are; `check` never waits;
//! `serve` and `build` of one site run side by side.

use crate::common::*;
use gongkai::messages::{Lang, Msg};
use std::collections::BTreeMap;
use std::fs::File;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// Rounds of two builds started together (2 to 4 s each in a debug build).
const ROUNDS: usize = 15;
/// How much later the second build of a round starts, times 0 to 4.
const STAGGER: Duration = Duration::from_millis(200);
/// A page of the basic site.
const ZOUFANG: &str = "content/news/2025-zoufang.md";
/// What a build says when it gives up waiting for another one.
const REFUSAL: &str = "还没有完成，这次没有生成";

/// A copy of the demo site (the repository's own `site.toml` and `content/`).
fn demo_copy() -> (tempfile::TempDir, PathBuf) {
    let site = crate::common::SiteCopy::demo();
    (site.tmp, site.root)
}

/// Starts `gongkai build` in `root`, under `nice -n 19` when `nice`.
fn spawn_build(root: &Path, nice: bool) -> Child {
    let bin = env!("CARGO_BIN_EXE_gongkai");
    let mut cmd = if nice {
        let mut c = Command::new("nice");
        c.args(["-n", "19", bin]);
        c
    } else {
        Command::new(bin)
    };
    cmd.arg("build")
        .current_dir(root)
        .env_remove("LANG")
        .env_remove("LC_ALL")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start gongkai")
}

/// Waits for a build; its exit code and what it printed on stderr.
fn finish(child: Child) -> (Option<i32>, String) {
    let out = child.wait_with_output().expect("wait for gongkai");
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(!stderr.contains("panicked"), "{stderr}");
    (out.status.code(), stderr)
}

/// What is wrong with `public/` compared with the reference build (empty when
/// it is the complete site).
fn differences(reference: &BTreeMap<String, (u64, u64)>, public: &Path) -> Vec<String> {
    // The marker is one of the reference's files: a missing one shows.
    let now = if public.is_dir() {
        hash_tree(public)
    } else {
        BTreeMap::new()
    };
    let mut wrong: Vec<String> = reference
        .keys()
        .filter(|k| !now.contains_key(*k))
        .map(|k| format!("missing {k}"))
        .collect();
    wrong.extend(
        now.keys()
            .filter(|k| !reference.contains_key(*k))
            .map(|k| format!("extra {k}")),
    );
    wrong.extend(
        reference
            .iter()
            .filter(|(k, (len, _))| *len > 0 && now.get(*k).is_some_and(|(l, _)| *l == 0))
            .map(|(k, _)| format!("empty {k}")),
    );
    wrong
}

#[cfg(unix)]
#[test]
fn two_builds_at_once_always_leave_the_complete_site() {
    let (_tmp, root) = demo_copy();
    let first = gongkai(&root, &["build"]);
    assert_eq!(first.code, Some(0), "{}", first.stderr);
    let reference = hash_tree(&root.join("public"));
    assert!(reference.len() > 50, "a site worth racing on");

    let started = Instant::now();
    let mut failures = Vec::new();
    for round in 0..ROUNDS {
        // The slowed-down build starts first and the other one a moment
        // later, so that it starts writing while the first one still writes.
        let a = spawn_build(&root, true);
        std::thread::sleep(STAGGER * (round % 5) as u32);
        let b = spawn_build(&root, false);
        for (code, stderr) in [finish(a), finish(b)] {
            let refused = code == Some(1) && stderr.contains(REFUSAL);
            if code != Some(0) && !refused {
                failures.push(format!("round {round}: exit {code:?}: {stderr}"));
            }
        }
        let wrong = differences(&reference, &root.join("public"));
        if !wrong.is_empty() {
            failures.push(format!(
                "round {round}: public/ is not the complete site: {} problems, first {:?}",
                wrong.len(),
                &wrong[..wrong.len().min(5)]
            ));
        }
    }
    let last = gongkai(&root, &["build"]);
    if last.code != Some(0) {
        failures.push(format!("the plain build after: {}", last.stderr));
    }
    assert!(
        failures.is_empty(),
        "{} problems in {ROUNDS} rounds:\n{}",
        failures.len(),
        failures.join("\n")
    );
    assert_no_staging_left(&root);
    // Not a speed test: a build that waited out the lock would take the
    // default wait (600 s) at least; anything well under it means none did,
    // however loaded the machine.
    assert!(
        started.elapsed() < Duration::from_secs(450),
        "{:?}",
        started.elapsed()
    );
}

/// The lock file a build of `root/public` takes.
fn lock_file(root: &Path) -> File {
    File::options()
        .create(true)
        .truncate(false)
        .write(true)
        .open(root.join(".public.gongkai-lock"))
        .expect("open the lock file")
}

#[test]
fn a_second_build_waits_for_the_first_and_says_so_once() {
    let site = SiteCopy::new("basic");
    let held = lock_file(&site.root);
    held.lock().expect("lock");
    let mut child = spawn_build(&site.root, false);
    let stderr = child.stderr.take().expect("stderr");
    let (tx, rx) = std::sync::mpsc::channel();
    let reader = std::thread::spawn(move || {
        use std::io::BufRead;
        for line in std::io::BufReader::new(stderr).lines() {
            let _ = tx.send(line.expect("stderr line"));
        }
    });
    // Released only once the build said it waits (however slow the machine).
    let said = rx
        .recv_timeout(Duration::from_secs(60))
        .expect("the build says it waits");
    assert_eq!(said, "另一个 gongkai 正在生成这个网站，等它完成…");
    // Saved while the other build runs: the waiting build publishes it.
    site.replace(
        ZOUFANG,
        "春节前代表走访慰问困难群众",
        "春节前代表走访慰问困难群众（修订）",
    );
    std::thread::sleep(Duration::from_millis(300));
    assert!(
        !site.path("public").exists(),
        "nothing published while another build holds the lock"
    );
    drop(held);
    let status = child.wait().expect("wait");
    reader.join().expect("reader");
    let rest: Vec<String> = rx.try_iter().collect();
    assert!(status.success(), "{rest:?}");
    assert!(
        !rest.iter().any(|l| l.contains("另一个")),
        "said once: {rest:?}"
    );
    assert!(site.path("public/index.html").is_file());
    assert!(
        site.read("public/news/2025-zoufang/index.html")
            .contains("春节前代表走访慰问困难群众（修订）"),
        "the edit saved while waiting is published"
    );
    assert_no_staging_left(&site.root);
}

#[test]
fn a_lock_file_nobody_holds_does_not_block() {
    let site = SiteCopy::new("basic");
    // Left by a killed build: the file stays, its lock went with the process.
    drop(lock_file(&site.root));
    let started = Instant::now();
    let run = gongkai(&site.root, &["build"]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert!(!run.stderr.contains("另一个"), "{}", run.stderr);
    assert!(started.elapsed() < Duration::from_secs(30));
}

#[test]
fn a_build_that_waited_too_long_refuses_and_leaves_public_alone() {
    let site = SiteCopy::new("basic");
    assert_eq!(gongkai(&site.root, &["build"]).code, Some(0));
    let before = hash_tree(&site.path("public"));
    let held = lock_file(&site.root);
    held.lock().expect("lock");
    let options = gongkai::BuildOptions {
        root: site.root.clone(),
        lock_wait: gongkai::output::LockWait {
            max: Duration::from_millis(300),
            notice: None,
        },
        ..Default::default()
    };
    let diags = gongkai::build(&options).expect_err("refused");
    let busy = diags
        .items
        .iter()
        .find(|d| matches!(*d.msg, Msg::OutputBusy { .. }))
        .unwrap_or_else(|| panic!("{}", render_all(&diags, &site.root)));
    assert!(busy.msg.text(Lang::Zh).contains(REFUSAL));
    assert!(busy.msg.text(Lang::En).contains("Another gongkai"));
    assert_same_tree(&before, &hash_tree(&site.path("public")), "public/");
    drop(held);
    assert_eq!(gongkai(&site.root, &["build"]).code, Some(0));
}

#[test]
fn check_takes_no_lock() {
    let site = SiteCopy::new("basic");
    let held = lock_file(&site.root);
    held.lock().expect("lock");
    let started = Instant::now();
    let run = gongkai(&site.root, &["check"]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert!(started.elapsed() < Duration::from_secs(30));
    assert!(!run.stderr.contains("另一个"), "{}", run.stderr);
    assert!(!site.path("public").exists());
}

#[test]
fn serve_and_build_of_one_site_both_work() {
    let site = SiteCopy::new("basic");
    let server = gongkai::serve::Server::start(
        &gongkai::serve::ServeOptions {
            root: site.root.clone(),
            port: 0,
            ..Default::default()
        },
        Lang::Zh,
    )
    .unwrap_or_else(|d| panic!("start: {}", d.msg.text(Lang::En)));
    let preview = server.output_dir().to_path_buf();
    let served = hash_tree(&preview);
    // Between rebuilds the preview holds no lock (else its next rebuild
    // would wait for itself).
    let preview_lock = preview.with_file_name(".public.gongkai-lock");
    let lock_is_free = || {
        let file = File::open(&preview_lock).expect("the preview's lock file");
        file.try_lock().is_ok()
    };
    assert!(lock_is_free());
    // A build of the site during the preview's rebuilds (two: its own lock
    // is released after each).
    let build = spawn_build(&site.root, false);
    for _ in 0..2 {
        server
            .rebuild()
            .unwrap_or_else(|d| panic!("{}", render_all(&d, &site.root)));
        assert!(lock_is_free());
    }
    let (code, stderr) = finish(build);
    assert_eq!(code, Some(0), "{stderr}");
    // The same files, but the build's upload manifest (serve writes none).
    let mut built = list_files(&site.path("public"));
    built.retain(|f| f != "gongkai-manifest.json");
    assert_eq!(built, list_files(&preview));
    assert_eq!(served.len(), hash_tree(&preview).len());
    assert_no_staging_left(&site.root);
}

#[test]
fn a_folder_that_is_no_site_gets_no_lock_file() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let run = gongkai(tmp.path(), &["build"]);
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    assert!(run.stderr.contains("找不到网站配置文件"), "{}", run.stderr);
    assert_eq!(list_files(tmp.path()), Vec::<String>::new());
}
