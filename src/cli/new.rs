//! `gongkai new KIND [TITLE] [--from PATH | --from-last]`: prints the path it wrote.

use gongkai::messages::{Lang, Msg};
use gongkai::scaffold::{NewOptions, Source};
use std::path::PathBuf;
use std::process::ExitCode;

pub fn run(
    root: PathBuf,
    kind: String,
    title: Option<String>,
    source: Source,
    lang: Lang,
) -> ExitCode {
    let options = NewOptions {
        root: root.clone(),
        kind,
        title,
        source,
        today: chrono::Local::now().date_naive(),
    };
    match gongkai::scaffold::new_document(&options) {
        Ok(path) => {
            let path = path.to_string_lossy().replace('\\', "/");
            println!("{}", Msg::NewDone { path }.text(lang));
            ExitCode::SUCCESS
        }
        Err(found) => {
            for d in &found.sorted().items {
                eprintln!("{}", d.render(lang, &root));
            }
            ExitCode::FAILURE
        }
    }
}
