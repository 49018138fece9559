//! `gongkai new KIND [TITLE] [--from PATH | --from-last]`: prints the path it wrote.

use gongkai::messages::Lang;
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
            match lang {
                Lang::Zh => println!("已新建：{path}\n写好后删掉 draft = true 这一行，再运行 gongkai build。"),
                Lang::En => println!("Created: {path}\nWhen it is ready, delete the draft = true line and run gongkai build."),
            }
            ExitCode::SUCCESS
        }
        Err(d) => {
            eprintln!("{}", d.render(lang, &root));
            ExitCode::FAILURE
        }
    }
}
