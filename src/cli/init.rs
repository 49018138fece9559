//! `gongkai init [DIR]`.

use gongkai::messages::Lang;
use std::path::Path;
use std::process::ExitCode;

pub fn run(dir: &Path, lang: Lang) -> ExitCode {
    match gongkai::scaffold::init(dir) {
        Ok(files) => {
            let shown = dir.to_string_lossy();
            match lang {
                Lang::Zh => println!(
                    "已在 {shown} 新建网站（{files} 个文件）。下一步：\n  1. 打开 {shown}/site.toml，填上本镇的名称、网址和备案号；\n  2. 在 {shown}/content/ 里改写示例文章，或用 gongkai new 新建；\n  3. 运行 gongkai build --root {shown}，把生成的 public/ 上传到网站。"
                ),
                Lang::En => println!(
                    "Created a site in {shown} ({files} files). Next:\n  1. edit {shown}/site.toml: the township's name, URL and registration numbers;\n  2. rewrite the examples in {shown}/content/, or create documents with gongkai new;\n  3. run gongkai build --root {shown} and upload public/."
                ),
            }
            ExitCode::SUCCESS
        }
        Err(d) => {
            eprintln!("{}", d.render(lang, dir));
            ExitCode::FAILURE
        }
    }
}
