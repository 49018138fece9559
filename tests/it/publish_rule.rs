//! Nothing published by accident (issue 19 §4), end to end with the real
//! binary on copies of `tests/sites/basic`: editor and tool leftovers,
//! dot-files and dot-folders never reach `public/`, wherever they are;
//! attachments of the recognised types and of `publish_extra` do; `check`
//! lists every file left out with why; a copied file that would replace a
//! generated one (or another copied file) fails the build, naming both, and
//! leaves `public/` as it was.

use crate::common::{assert_build_fails, expected_error, gongkai, list_files, SiteCopy};

/// Written into every leftover: no output file may contain it.
const SECRET: &str = "LEFTOVER-f3a9-must-not-be-published";

/// The leftovers of issue 19 §4 and a few more, by the name they end with.
const LEFTOVERS: [&str; 12] = [
    "x.md.bak",
    "#x.md#",
    "x.md.orig",
    "x.md.rej",
    "x.md.save",
    ".x.md.swo",
    ".x.md.swp",
    "4913",
    "x.md~",
    "~$报告.docx",
    "Thumbs.db",
    "x.docx.tmp",
];

/// Folders the leftovers are put in: beside an `index.md` bundle, loose in
/// a section, and in `static/` at the top and deeper.
const PLACES: [&str; 4] = [
    "content/news/bundle/",
    "content/news/",
    "static/",
    "static/css/",
];

/// Files that must never be published, relative to the site root.
fn never_published() -> Vec<String> {
    let mut files: Vec<String> = PLACES
        .iter()
        .flat_map(|place| LEFTOVERS.iter().map(move |name| format!("{place}{name}")))
        .collect();
    files.extend(
        [
            "static/.env",
            "static/.git/config",
            "static/.git/objects/ab/cdef",
            "static/css/style.css.bak",
            "static/#x#",
            "content/.git/config",
            "content/news/.env",
            "content/news/bundle/.hidden/a.pdf",
            // Scripts and pages are not attachments: a page is Markdown.
            "content/news/loose.js",
            "content/news/loose.html",
        ]
        .map(String::from),
    );
    files
}

/// Attachments of the recognised types, in any case, beside a bundle and loose.
const ALLOWED: [&str; 6] = [
    "content/news/bundle/报告.docx",
    "content/news/bundle/现场.JPG",
    "content/news/bundle/预算表.xlsx",
    "content/news/通知.pdf",
    "static/baidu_verify_abc123.html",
    "static/fonts/a.woff2",
];

fn site_with_leftovers() -> SiteCopy {
    let site = SiteCopy::new("basic");
    for file in never_published()
        .iter()
        .chain(ALLOWED.map(String::from).iter())
    {
        site.write(file, &format!("{SECRET} {file}\n"));
    }
    site
}

/// Where a file of the site lands in `public/`.
fn output_of(file: &str) -> String {
    file.strip_prefix("content/")
        .or_else(|| file.strip_prefix("static/"))
        .unwrap_or(file)
        .to_string()
}

#[test]
fn leftovers_and_hidden_files_are_never_published_attachments_are() {
    let site = site_with_leftovers();
    let run = gongkai(&site.root, &["build"]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    let public = site.path("public");
    for file in never_published() {
        assert!(
            !public.join(output_of(&file)).exists(),
            "{file} was published"
        );
    }
    for file in ALLOWED {
        let out = public.join(output_of(file));
        assert_eq!(
            std::fs::read_to_string(&out).unwrap_or_default(),
            format!("{SECRET} {file}\n"),
            "{file} must be published as it is"
        );
    }
    // Nothing else carries a leftover's text, under whatever name.
    let leaked: Vec<String> = list_files(&public)
        .into_iter()
        .filter(|rel| !ALLOWED.iter().any(|a| output_of(a) == *rel))
        .filter(|rel| {
            std::fs::read(public.join(rel))
                .is_ok_and(|bytes| String::from_utf8_lossy(&bytes).contains(SECRET))
        })
        .collect();
    assert!(leaked.is_empty(), "{leaked:?}");
    // `build` says nothing of them: listing them is `check`'s job.
    assert!(!run.stderr.contains("x.md.bak"), "{}", run.stderr);
}

#[test]
fn publish_extra_adds_extensions_in_content_and_static() {
    let site = SiteCopy::new("basic");
    site.write("content/news/bundle/路线.KML", "kml\n");
    site.write("static/maps/图纸.dwg", "dwg\n");
    let run = gongkai(&site.root, &["build"]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert!(!site.path("public/news/bundle/路线.KML").exists());
    assert!(!site.path("public/maps/图纸.dwg").exists());

    let text = site.read("site.toml");
    site.write(
        "site.toml",
        &format!("{text}\n[build]\npublish_extra = [\".kml\", \"DWG\"]\n"),
    );
    let run = gongkai(&site.root, &["build"]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert!(site.path("public/news/bundle/路线.KML").is_file());
    assert!(site.path("public/maps/图纸.dwg").is_file());
}

#[test]
fn check_lists_every_file_left_out_with_why() {
    let site = site_with_leftovers();
    let zh = gongkai(&site.root, &["check"]);
    assert_eq!(
        zh.code,
        Some(0),
        "warnings only:\n{}{}",
        zh.stdout,
        zh.stderr
    );
    assert!(
        zh.stdout.contains("== 警告：不会发布的文件 =="),
        "{}",
        zh.stdout
    );
    let line = |text: &str, path: &str| -> String {
        text.lines()
            .find(|l| l.starts_with(&format!("{path}: ")))
            .unwrap_or_else(|| panic!("{path} not listed in:\n{text}"))
            .to_string()
    };
    assert!(line(&zh.stdout, "content/news/bundle/x.md.bak").contains(
        "不是附件类型 .bak（编辑器备份），不会发布；要发布请在 site.toml [build] publish_extra 中加上 bak"
    ));
    assert!(line(&zh.stdout, "static/.git").contains("隐藏文件夹"));
    assert!(line(&zh.stdout, "static/.env").contains("隐藏文件"));
    assert!(line(&zh.stdout, "static/4913").contains("编辑器临时文件"));
    assert!(line(&zh.stdout, "content/news/#x.md#").contains("编辑器自动保存"));
    assert!(line(&zh.stdout, "content/news/bundle/~$报告.docx").contains("锁定文件"));
    assert!(line(&zh.stdout, "content/news/loose.js").contains("不是附件类型 .js"));

    let en = gongkai(&site.root, &["check", "--lang", "en"]);
    assert!(line(&en.stdout, "static/css/x.md.orig").contains(
        "not a type static/ publishes: .orig (left by a merge or a patch); not published"
    ));

    let json = gongkai(&site.root, &["check", "--format", "json"]);
    let report: serde_json::Value = serde_json::from_str(&json.stdout).expect("JSON");
    let listed: Vec<(String, String)> = report["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .filter(|d| d["code"] == "not-published")
        .map(|d| {
            assert_eq!(d["severity"], "warning");
            (
                d["path"].as_str().unwrap_or_default().to_string(),
                d["facts"]["why"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect();
    // Every leftover is listed, a hidden folder once (not each file in it).
    for file in never_published() {
        let hidden_folder = [".git/", ".hidden/"]
            .iter()
            .find_map(|f| file.find(f).map(|at| file[..at + f.len() - 1].to_string()));
        let path = hidden_folder.clone().unwrap_or(file.clone());
        assert!(
            listed.iter().any(|(p, _)| *p == path),
            "{path} not listed: {listed:?}"
        );
        if hidden_folder.is_some() {
            assert!(listed.contains(&(path, "hidden-folder".into())));
        }
    }
    assert!(listed.contains(&("static/.env".into(), "hidden-file".into())));
    assert!(listed.contains(&("content/news/x.md.bak".into(), "not-a-type".into())));
    assert!(listed.contains(&("static/4913".into(), "no-type".into())));
    // Allowed files are not listed.
    for file in ALLOWED {
        assert!(!listed.iter().any(|(p, _)| p == file), "{file}");
    }
}

/// A fresh copy of the basic site, built once, with `files` added after.
fn built_site_with(files: &[&str], extra_config: &str) -> SiteCopy {
    let site = SiteCopy::new("basic");
    let run = gongkai(&site.root, &["build"]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    for file in files {
        site.write(file, "replacement\n");
    }
    if !extra_config.is_empty() {
        let text = site.read("site.toml");
        site.write("site.toml", &format!("{text}\n{extra_config}\n"));
    }
    site
}

#[test]
fn a_static_file_over_a_section_page_is_an_error_naming_both() {
    let site = built_site_with(&["static/news/index.html"], "");
    assert_build_fails(
        &site,
        &[expected_error(
            "static/news/index.html".into(),
            &["news/index.html", "覆盖", "content/news/_index.md"],
            &[
                "news/index.html",
                "replace the page",
                "content/news/_index.md",
            ],
        )],
        1,
    );
}

#[test]
fn a_static_file_in_the_search_index_is_an_error() {
    let site = built_site_with(&["static/search/meta.json"], "");
    assert_build_fails(
        &site,
        &[expected_error(
            "static/search/meta.json".into(),
            &["search/meta.json", "搜索索引"],
            &["search/meta.json", "search index"],
        )],
        1,
    );
}

#[test]
fn a_page_folder_file_over_its_page_is_an_error_naming_both() {
    // HTML is not an attachment type: with publish_extra it would be
    // published, at the page's own output path.
    let site = built_site_with(
        &["content/news/2026-shicha/index.html"],
        "[build]\npublish_extra = [\"html\"]",
    );
    assert_build_fails(
        &site,
        &[expected_error(
            "content/news/2026-shicha/index.html".into(),
            &["news/2026-shicha/index.html", "content/news/2026-shicha.md"],
            &["news/2026-shicha/index.html", "content/news/2026-shicha.md"],
        )],
        1,
    );
}

#[test]
fn copied_files_over_generated_files_are_errors() {
    let site = built_site_with(&["static/css/syntax.css", "content/robots.txt"], "");
    assert_build_fails(
        &site,
        &[
            expected_error(
                "static/css/syntax.css".into(),
                &["css/syntax.css", "代码高亮样式表"],
                &["css/syntax.css", "code highlighting style sheet"],
            ),
            expected_error(
                "content/robots.txt".into(),
                &["robots.txt", "覆盖"],
                &["robots.txt", "replace the file"],
            ),
        ],
        2,
    );
}

#[test]
fn two_copied_files_at_one_path_are_an_error_naming_both() {
    let site = built_site_with(&["static/a.pdf", "content/a.pdf"], "");
    assert_build_fails(
        &site,
        &[expected_error(
            "content/a.pdf".into(),
            &["static/a.pdf", "a.pdf"],
            &["static/a.pdf", "a.pdf"],
        )],
        1,
    );
}

#[test]
fn the_site_static_replaces_a_theme_static_file() {
    let site = SiteCopy::new("basic");
    site.write("static/css/style.css", "/* the site's own */\n");
    let run = gongkai(&site.root, &["build"]);
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert_eq!(
        site.read("public/css/style.css"),
        "/* the site's own */\n",
        "layering over the built-in theme is intended"
    );
}

/// `serve` publishes by the same rule: at start, and after a file is added
/// (a full rebuild).
#[test]
fn serve_applies_the_same_rule() {
    use gongkai::messages::Lang;
    use gongkai::serve::{ServeOptions, Server};
    use std::time::{Duration, Instant};

    let site = site_with_leftovers();
    let options = ServeOptions {
        root: site.root.clone(),
        port: 0,
        ..ServeOptions::default()
    };
    let server = Server::start(&options, Lang::En)
        .unwrap_or_else(|d| panic!("start: {}", d.msg.text(Lang::En)));
    let addr = server.addr();
    let status = |path: &str| http_status(addr, path);
    assert_eq!(
        status("/news/bundle/%E6%8A%A5%E5%91%8A.docx"),
        200,
        "报告.docx"
    );
    for path in [
        "/news/bundle/x.md.bak",
        "/news/x.md.orig",
        "/.env",
        "/.git/config",
        "/css/style.css.bak",
        "/4913",
    ] {
        assert_eq!(status(path), 404, "{path}");
    }
    // A new leftover and a new attachment, then wait for the rebuild.
    site.write("static/new.pdf", "pdf\n");
    site.write("static/new.pdf.bak", "backup\n");
    let started = Instant::now();
    while status("/new.pdf") != 200 {
        assert!(started.elapsed() < Duration::from_secs(30), "never rebuilt");
        std::thread::sleep(Duration::from_millis(100));
    }
    assert_eq!(status("/new.pdf.bak"), 404);
    server.stop();
}

/// The status of a GET of `path` on a local server.
fn http_status(addr: std::net::SocketAddr, path: &str) -> u16 {
    use std::io::{Read, Write};
    let timeout = std::time::Duration::from_secs(10);
    let mut stream = std::net::TcpStream::connect_timeout(&addr, timeout).expect("connect");
    stream.set_read_timeout(Some(timeout)).expect("timeout");
    let request = format!("GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n");
    stream.write_all(request.as_bytes()).expect("write");
    let mut raw = Vec::new();
    let _ = stream.read_to_end(&mut raw);
    String::from_utf8_lossy(&raw)
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("no status for {path}"))
}

/// An edit that `serve` applies in place (one page) re-plans the pages: a
/// new tag whose page would replace a `static/` file is an error there too,
/// and the file stays.
#[test]
fn serve_refuses_an_edit_whose_new_page_replaces_a_static_file() {
    use gongkai::messages::Lang;
    use gongkai::serve::{ServeOptions, Server};
    use std::time::{Duration, Instant};

    let site = SiteCopy::new("basic");
    site.write("static/tags/xyz/index.html", "static-xyz\n");
    let options = ServeOptions {
        root: site.root.clone(),
        port: 0,
        ..ServeOptions::default()
    };
    let server = Server::start(&options, Lang::En)
        .unwrap_or_else(|d| panic!("start: {}", d.msg.text(Lang::En)));
    let addr = server.addr();
    // (serve adds its reload script to HTML.)
    assert!(http_body(addr, "/tags/xyz/").starts_with("static-xyz\n"));
    let page = "content/news/2026-shicha.md";
    let tags = "tags = [\"新农合\", \"视察\"]";
    site.replace(page, tags, "tags = [\"新农合\", \"视察\", \"xyz\"]");
    // Then a good edit of the same page (no new tag, a new title): once it
    // shows, the refused one was handled before it.
    std::thread::sleep(Duration::from_millis(1500));
    let text = site.read(page);
    site.write(
        page,
        &text
            .replace(", \"xyz\"]", "]")
            .replace("镇人大代表视察农医办新农合登记工作", "再次视察"),
    );
    let started = Instant::now();
    while !http_body(addr, "/news/2026-shicha/").contains("再次视察") {
        assert!(started.elapsed() < Duration::from_secs(30), "never updated");
        std::thread::sleep(Duration::from_millis(100));
    }
    // (serve adds its reload script to HTML.)
    assert!(http_body(addr, "/tags/xyz/").starts_with("static-xyz\n"));
    server.stop();
}

/// The body of a GET of `path` on a local server (empty unless 200).
fn http_body(addr: std::net::SocketAddr, path: &str) -> String {
    use std::io::{Read, Write};
    let timeout = std::time::Duration::from_secs(10);
    let mut stream = std::net::TcpStream::connect_timeout(&addr, timeout).expect("connect");
    stream.set_read_timeout(Some(timeout)).expect("timeout");
    let request = format!("GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n");
    stream.write_all(request.as_bytes()).expect("write");
    let mut raw = Vec::new();
    let _ = stream.read_to_end(&mut raw);
    let text = String::from_utf8_lossy(&raw).into_owned();
    match text.split_once("\r\n\r\n") {
        Some((head, body)) if head.split(' ').nth(1) == Some("200") => body.to_string(),
        _ => String::new(),
    }
}

/// A link with an allowed name does not publish a hidden file: a link into
/// `.git/` or to `.env` is an error naming the link.
#[cfg(unix)]
#[test]
fn a_symlink_to_a_hidden_file_is_an_error() {
    let site = built_site_with(&[".env", ".git/config"], "");
    std::os::unix::fs::symlink("../.env", site.path("static/notes.txt")).expect("symlink");
    std::os::unix::fs::symlink(
        "../../../.git/config",
        site.path("content/news/bundle/config.txt"),
    )
    .expect("symlink");
    assert_build_fails(
        &site,
        &[
            expected_error(
                "static/notes.txt".into(),
                &[".env", "隐藏"],
                &[".env", "hidden"],
            ),
            expected_error(
                "content/news/bundle/config.txt".into(),
                &[".git/config", "隐藏"],
                &[".git/config", "hidden"],
            ),
        ],
        2,
    );
}

/// A copied file where a page needs a folder, and the reverse, are errors
/// naming both (not a failed write with an error from the system).
#[test]
fn a_copied_file_and_a_page_needing_one_name_as_file_and_folder() {
    let site = built_site_with(&["static/rss.xml/a.css", "content/news/notice.pdf"], "");
    let text = site.read("content/news/2025-zoufang.md");
    site.write(
        "content/news/tz.md",
        &text.replacen("+++\n", "+++\nslug = \"notice.pdf\"\n", 1),
    );
    assert_build_fails(
        &site,
        &[
            expected_error(
                "static/rss.xml/a.css".into(),
                &["rss.xml/a.css", "rss.xml 不能既是文件又是文件夹"],
                &[
                    "rss.xml/a.css",
                    "rss.xml cannot be both a file and a folder",
                ],
            ),
            expected_error(
                "content/news/notice.pdf".into(),
                &["news/notice.pdf/index.html", "content/news/tz.md"],
                &["news/notice.pdf/index.html", "content/news/tz.md"],
            ),
        ],
        2,
    );
}
