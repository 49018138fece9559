//! `gongkai init [DIR]`.

use gongkai::messages::{Lang, Msg};
use std::path::Path;
use std::process::ExitCode;

pub fn run(dir: &Path, lang: Lang) -> ExitCode {
    match gongkai::scaffold::init(dir) {
        Ok(files) => {
            let dir = dir.to_string_lossy().into_owned();
            println!("{}", Msg::InitDone { dir, files }.text(lang));
            ExitCode::SUCCESS
        }
        Err(d) => {
            eprintln!("{}", d.render(lang, dir));
            ExitCode::FAILURE
        }
    }
}
