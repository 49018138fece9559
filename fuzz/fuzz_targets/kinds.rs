//! The congress kinds: a front matter with kind tables (`[inspection]`,
//! `[evaluation]` …) parsed, validated as every kind, its computed figures
//! and its template context built.
#![no_main]

use gongkai::config::Config;
use gongkai::content::front_matter::{PageFrontMatter, Split};
use gongkai::content::kinds::{self, Links, Locator};
use gongkai::content::Kind;
use gongkai::messages::{Lang, Msg};
use libfuzzer_sys::fuzz_target;
use std::path::Path;
use std::sync::OnceLock;

fn config() -> &'static Config {
    static CONFIG: OnceLock<Config> = OnceLock::new();
    CONFIG.get_or_init(|| {
        toml::from_str("title = \"清溪镇人大\"\nbase_url = \"https://example.gov.cn/\"\n")
            .expect("a valid site.toml")
    })
}

fuzz_target!(|data: &[u8]| {
    let Ok(front) = std::str::from_utf8(data) else {
        return;
    };
    let path = Path::new("content/evaluations/fuzz/index.md");
    let Ok(page) = gongkai::tomlx::parse::<PageFrontMatter>(front, path, 2, |d| {
        Msg::FrontMatterToml { detail: d }
    }) else {
        return;
    };
    let split = Split {
        front,
        front_line: 2,
        body: "",
        body_line: front.lines().count() + 3,
    };
    let at = Locator {
        file: path,
        split: &split,
    };
    for kind in Kind::ALL {
        for d in kinds::validate(kind, &page, config(), &at) {
            let line = d.line.unwrap_or(2);
            assert!(line >= 2 && line < split.body_line, "{kind:?} {line}");
            let _ = d.render(Lang::Zh, Path::new("."));
        }
    }
    if let Some(evaluation) = &page.evaluation {
        for unit in &evaluation.units {
            let figures = unit.votes.get_ref().figures(config());
            let _ = figures;
        }
    }
    let today = chrono::NaiveDate::from_ymd_opt(2026, 12, 6).unwrap_or_default();
    let _ = kinds::context(&page, config(), today, &Links::default(), &|_| None);
});
