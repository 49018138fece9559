//! `--errors`: the same template mistakes under Tera 1 (as gongkai reports
//! them) and Tera 2 (its own report), for benches/README.md.

use gongkai::messages::Lang;
use std::path::Path;

/// (what, Tera 1 source, Tera 2 source), each the site's `templates/x.html`.
const CASES: [(&str, &str, &str); 6] = [
    (
        "a misspelt variable",
        "<h1>{{ page.title }}</h1>\n<p>{{ page.titel }}</p>\n",
        "<h1>{{ page.title }}</h1>\n<p>{{ page.titel }}</p>\n",
    ),
    (
        "a filter given the wrong value",
        "<p>\n{{ page.title | round }}\n</p>\n",
        "<p>\n{{ page.title | round }}\n</p>\n",
    ),
    (
        "a syntax error",
        "a\nb\n{% if %}\n",
        "a\nb\n{% if %}\n",
    ),
    (
        "a macro / component that never ends",
        "{% macro f(n) %}{% if n %}{{ self::f(n=n) }}{% endif %}{% endmacro f %}\n{{ self::f(n=1) }}\n",
        "{% component f(n) %}{% if n %}{{ <f n={n} /> }}{% endif %}{% endcomponent f %}\n{{ <f n={1} /> }}\n",
    ),
    (
        "a misspelt variable in a block of a child template (parent: frame.html)",
        "{% extends \"frame.html\" %}\n{% block main %}\n<p>{{ page.titel }}</p>\n{% endblock main %}\n",
        "{% extends \"frame.html\" %}\n{% block main %}\n<p>{{ page.titel }}</p>\n{% endblock main %}\n",
    ),
    (
        "an unknown filter",
        "<p>\n{{ page.title | nosuch }}\n</p>\n",
        "<p>\n{{ page.title | nosuch }}\n</p>\n",
    ),
];

/// The parent of the child template case, in both.
const FRAME: &str = "<main>\n{% block main %}{% endblock main %}\n</main>\n";

fn context() -> serde_json::Value {
    serde_json::json!({"page": {"title": "标题", "n": 2.5}})
}

/// gongkai's diagnostic for `source` as `templates/x.html`.
fn tera1(dir: &Path, source: &str) -> String {
    let templates = dir.join("templates");
    let _ = std::fs::create_dir_all(&templates);
    let _ = std::fs::write(templates.join("x.html"), source);
    let _ = std::fs::write(templates.join("frame.html"), FRAME);
    let shown = |d: &gongkai::diagnostics::Diagnostic| {
        format!(
            "{}:{}\n{}\n{}",
            d.path
                .as_deref()
                .map(|p| p.display().to_string())
                .unwrap_or_default(),
            d.line.map(|l| l.to_string()).unwrap_or_else(|| "?".into()),
            d.msg.text(Lang::Zh),
            d.msg.text(Lang::En)
        )
    };
    match gongkai::render::templates::Templates::load(dir, "default") {
        Err(diags) => diags.iter().map(shown).collect::<Vec<_>>().join("\n"),
        Ok(t) => {
            let context = tera::Context::from_serialize(context()).unwrap_or_default();
            match t.render("x.html", &context) {
                Ok(_) => "(renders)".into(),
                Err(d) => shown(&d),
            }
        }
    }
}

/// Tera 2's own report for `source` as `x.html` beside the ported base.html.
fn tera2(source: &str) -> String {
    let mut tera = match crate::tera2_port::load() {
        Ok(t) => t,
        Err(e) => return e,
    };
    if let Err(e) = tera.add_raw_templates([("frame.html", FRAME), ("x.html", source)]) {
        return crate::tera2_port::report(&e);
    }
    let context = tera2::Context::from_serialize(&context()).unwrap_or_default();
    match tera.render("x.html", &context) {
        Ok(_) => "(renders)".into(),
        Err(e) => crate::tera2_port::report(&e),
    }
}

pub fn show() {
    let dir = std::env::temp_dir().join(format!("tera2-bench-errors-{}", std::process::id()));
    for (what, one, two) in CASES {
        println!(
            "## {what}\n\n### Tera 1 (gongkai's diagnostic)\n\n```\n{}\n```\n",
            tera1(&dir, one)
        );
        println!("### Tera 2\n\n```\n{}\n```\n", tera2(two));
    }
    let _ = std::fs::remove_dir_all(&dir);
    // Does Tera 2's limit stop an endless component before a small stack
    // (rayon's default is 2 MiB; gongkai gives Tera 1 32 MiB) overflows?
    let (_, _, endless) = CASES[3];
    for kib in [256, 2048] {
        let stopped = std::thread::Builder::new()
            .stack_size(kib << 10)
            .spawn(move || tera2(endless))
            .ok()
            .and_then(|t| t.join().ok());
        println!("An endless component in a thread of {kib} KiB of stack: {stopped:?}");
    }
}
