//! The `gongkai` command: parses arguments, calls the library, prints the
//! diagnostics and sets the exit code. Nothing else happens here.

use clap::{ArgAction, CommandFactory, FromArgMatches, Parser, Subcommand};
use gongkai::messages::Lang;

mod cli;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Parser, Debug)]
#[command(
    name = "gongkai",
    version,
    disable_help_flag = true,
    disable_version_flag = true
)]
#[command(disable_help_subcommand = true)]
struct Cli {
    #[command(subcommand)]
    command: Command,
    /// 提示语言：zh（简体中文，默认）或 en
    #[arg(long, global = true, value_name = "LANG")]
    lang: Option<String>,
    /// 显示帮助
    #[arg(short = 'h', long, action = ArgAction::Help, global = true)]
    help: Option<bool>,
    /// 显示版本
    #[arg(short = 'V', long, action = ArgAction::Version)]
    version: Option<bool>,
}

/// The site folder, which every command takes as `--root`.
#[derive(clap::Args, Debug)]
struct SiteRoot {
    /// 网站文件夹（里面有 site.toml 和 content/），默认是当前文件夹
    #[arg(
        long,
        value_name = "DIR",
        default_value = ".",
        hide_default_value = true
    )]
    root: PathBuf,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// 把 content/ 里的文章生成网站，输出到 public/
    Build {
        #[command(flatten)]
        root: SiteRoot,
        /// 输出文件夹，默认是网站文件夹里的 public/
        #[arg(long, short = 'o', value_name = "DIR")]
        output: Option<PathBuf>,
        /// 临时改用另一个网址（例如本机预览 http://127.0.0.1:8000/）
        #[arg(long, value_name = "URL")]
        base_url: Option<String>,
        /// 连草稿（draft = true）一起生成
        #[arg(long)]
        drafts: bool,
        /// 输出文件夹里有不是 gongkai 生成的文件时，仍然覆盖
        #[arg(long)]
        force: bool,
        /// 把这一天当作今天（年-月-日，例如 2026-12-06），用来算期限还剩几天、逾期几天；默认是电脑上的日期（旧写法 --clock 也可以）
        #[arg(long = "as-of", alias = "clock", value_name = "DATE")]
        as_of: Option<chrono::NaiveDate>,
        /// 把和上次构建相比新增、改动的文件（以及删除的文件）列到这个文件里，上传时只传这些；不能放在输出文件夹里
        #[arg(long, value_name = "FILE")]
        changed_list: Option<PathBuf>,
        /// 不沿用上次构建的结果，所有页面全部重新生成（平时不需要）
        #[arg(long)]
        no_cache: bool,
    },
    /// 发布前检查：失效链接、缺少的附件、个人信息、空栏目、长期未更新的栏目……（不生成网站）
    Check {
        #[command(flatten)]
        root: SiteRoot,
        /// 连草稿（draft = true）一起检查
        #[arg(long)]
        drafts: bool,
        /// 输出格式：text（给人看，默认）或 json（给程序用）
        #[arg(
            long,
            value_name = "FORMAT",
            default_value = "text",
            hide_default_value = true
        )]
        format: String,
        /// 县里网站检查会算作问题的警告也当作错误（退出码 1），上传前用
        #[arg(long)]
        strict: bool,
        /// 把这一天当作今天（年-月-日，例如 2026-12-06），用来算期限还剩几天、逾期几天；默认是电脑上的日期（旧写法 --clock 也可以）
        #[arg(long = "as-of", alias = "clock", value_name = "DATE")]
        as_of: Option<chrono::NaiveDate>,
    },
    /// 本机预览：生成网站并在浏览器里打开，保存文件后自动刷新
    Serve {
        #[command(flatten)]
        root: SiteRoot,
        /// 端口，默认 1111
        #[arg(long, value_name = "N", default_value_t = gongkai::serve::DEFAULT_PORT, hide_default_value = true)]
        port: u16,
        /// 监听地址，默认 127.0.0.1（只有本机能访问）
        #[arg(long, value_name = "ADDR", default_value = gongkai::serve::DEFAULT_BIND, hide_default_value = true)]
        bind: String,
        /// 启动后自动打开浏览器
        #[arg(long)]
        open: bool,
        /// 连草稿（draft = true）一起预览
        #[arg(long)]
        drafts: bool,
        /// 把这一天当作今天（年-月-日，例如 2026-12-06），用来算期限还剩几天、逾期几天；默认是电脑上的日期（旧写法 --clock 也可以）
        #[arg(long = "as-of", alias = "clock", value_name = "DATE")]
        as_of: Option<chrono::NaiveDate>,
    },
    /// 新建一个网站：site.toml、各栏目和每类文档的示例，改一改就能用
    Init {
        /// 新网站的文件夹（必须是空的或还不存在），默认是当前文件夹
        #[arg(value_name = "DIR", default_value = ".", hide_default_value = true)]
        dir: PathBuf,
    },
    /// 新建一篇文档：article（文章）、inspection（视察）、evaluation（评议）、submission（投稿）、report（计划总结）、delegate（代表）、suggestion（代表建议）
    New {
        /// 文档类型：article、inspection、evaluation、submission、report、delegate、suggestion
        #[arg(value_name = "KIND")]
        kind: String,
        /// 标题（可不写，之后在文件里填）
        #[arg(value_name = "TITLE")]
        title: Option<String>,
        /// 复制这篇文档来改（清空日期、票数、办理反馈）
        #[arg(long, value_name = "PATH", conflicts_with = "from_last")]
        from: Option<PathBuf>,
        /// 复制这类文档中最新的一篇来改（例如去年的评议）
        #[arg(long)]
        from_last: bool,
        #[command(flatten)]
        root: SiteRoot,
    },
    /// 导入 Word 文档（.docx）：每个文件生成一篇草稿，图片放在旁边，之后核对、修改再发布
    Import {
        /// 要导入的 .docx 文件，或放有 .docx 文件的文件夹（可写多个）
        #[arg(value_name = "FILE", required = true)]
        files: Vec<PathBuf>,
        /// 文档类型：article（默认）、inspection、evaluation、submission、report、delegate、suggestion
        #[arg(long, value_name = "KIND")]
        kind: Option<String>,
        /// 放到哪个栏目（content/ 里的文件夹名，例如 inspections），默认是这类文档的栏目
        #[arg(long, value_name = "NAME")]
        section: Option<String>,
        #[command(flatten)]
        root: SiteRoot,
    },
}

/// English help texts, by argument or subcommand id.
const ENGLISH: &[(&str, &str)] = &[
    (
        "lang",
        "language of messages: zh (Simplified Chinese, default) or en",
    ),
    ("help", "show help"),
    ("version", "show the version"),
    ("build", "build the site from content/ into public/"),
    (
        "root",
        "the site folder (holding site.toml and content/); default: the current folder",
    ),
    (
        "output",
        "the output folder; default: public/ in the site folder",
    ),
    (
        "base_url",
        "use another base URL for this build (e.g. http://127.0.0.1:8000/ to preview)",
    ),
    ("drafts", "also publish drafts (draft = true)"),
    (
        "force",
        "replace an output folder that holds files gongkai did not make",
    ),
    (
        "check",
        "check before publishing: broken links, missing attachments, personal data, empty or stale columns… (writes nothing)",
    ),
    ("format", "output format: text (for people, default) or json (for programs)"),
    (
        "strict",
        "also fail (exit 1) on the warnings a county website inspection counts; use before upload",
    ),
    (
        "as_of",
        "take this date as today (year-month-day, e.g. 2026-12-06) for days left and overdue; default: the computer's date (--clock is the old name)",
    ),
    (
        "no_cache",
        "render every page again instead of keeping those that did not change since the last build (not needed in normal use)",
    ),
    (
        "changed_list",
        "write the files added or changed since the last build (and the removed ones) to this file, to upload only those; not inside the output folder",
    ),
    ("serve", "preview on this computer: build, serve, and reload the browser on every save"),
    ("port", "the port; default 1111"),
    ("bind", "the address to listen on; default 127.0.0.1 (this computer only)"),
    ("open", "open the browser once the site is built"),
    ("init", "start a new site: site.toml, the sections and an example of every kind of document"),
    ("dir", "the folder of the new site (empty or not yet existing); default: the current folder"),
    ("new", "create a document: article, inspection, evaluation, submission, report or delegate"),
    ("kind", "the kind: article, inspection, evaluation, submission, report, delegate"),
    ("title", "the title (may be filled in later)"),
    ("from", "copy this document (its dates, votes and follow-ups cleared)"),
    ("from_last", "copy the newest document of this kind (e.g. last year's evaluation)"),
    (
        "import",
        "import Word documents (.docx): each becomes a draft page with its images beside it, to check and edit before publishing",
    ),
    ("files", "the .docx files to import, or folders holding them (one or more)"),
    (
        "section",
        "the section to put them in (a folder name in content/, such as inspections); default: the kind's section",
    ),
];

fn localized_command(lang: Lang) -> clap::Command {
    let mut cmd = Cli::command();
    let (about, usage, options, commands) = match lang {
        Lang::Zh => ("公开：乡镇人大信息公开网站生成器", "用法", "选项", "命令"),
        Lang::En => (
            "gongkai: a site generator for township congress public information",
            "Usage",
            "Options",
            "Commands",
        ),
    };
    let template = format!("{{about}}\n\n{usage}: {{usage}}\n\n{{all-args}}");
    cmd = cmd
        .about(about)
        .help_template(template.clone())
        .subcommand_help_heading(commands)
        .subcommand_value_name(commands)
        .override_usage(format!("gongkai [{options}] <{commands}>"));
    for id in ["lang", "help", "version"] {
        let english = ENGLISH.iter().find(|(k, _)| *k == id).map(|(_, t)| *t);
        cmd = cmd.mut_arg(id, |a| {
            let a = a.help_heading(options);
            match (lang, english) {
                (Lang::En, Some(text)) => a.help(text),
                _ => a,
            }
        });
    }
    let names: Vec<String> = cmd
        .get_subcommands()
        .map(|s| s.get_name().to_string())
        .collect();
    for name in names {
        let template = template.clone();
        cmd = cmd.mut_subcommand(&name, |mut sub| {
            sub = sub
                .help_template(template)
                .override_usage(format!("gongkai {name} [{options}]"));
            for arg_id in sub
                .get_arguments()
                .map(|a| a.get_id().to_string())
                .collect::<Vec<_>>()
            {
                let heading_set = sub.clone().mut_arg(&arg_id, |a| a.help_heading(options));
                sub = heading_set;
                if lang == Lang::En {
                    if let Some((_, text)) = ENGLISH.iter().find(|(id, _)| *id == arg_id) {
                        sub = sub.mut_arg(&arg_id, |a| a.help(*text));
                    }
                }
            }
            if lang == Lang::En {
                if let Some((_, text)) = ENGLISH.iter().find(|(id, _)| *id == name) {
                    sub = sub.about(*text);
                }
            }
            sub
        });
    }
    cmd
}

/// `--lang` is needed before parsing, to choose the language of `--help` itself.
fn lang_from_args() -> Option<String> {
    let args: Vec<String> = std::env::args().collect();
    args.iter().enumerate().find_map(|(i, a)| {
        a.strip_prefix("--lang=")
            .map(str::to_string)
            .or_else(|| (a == "--lang").then(|| args.get(i + 1).cloned()).flatten())
    })
}

fn main() -> ExitCode {
    let lang = Lang::detect(lang_from_args().as_deref());
    let command = localized_command(lang);
    let subcommands: Vec<String> = command
        .get_subcommands()
        .map(|s| s.get_name().to_string())
        .collect();
    let parsed = command
        .try_get_matches()
        .and_then(|matches| Cli::from_arg_matches(&matches));
    let cli = match parsed {
        Ok(cli) => cli,
        Err(e) => return cli::usage::report(&e, lang, &subcommands),
    };
    match cli.command {
        Command::Build {
            root: SiteRoot { root },
            output,
            base_url,
            drafts,
            force,
            as_of,
            changed_list,
            no_cache,
        } => cli::build::run(
            gongkai::BuildOptions {
                root,
                output,
                base_url,
                drafts,
                force,
                clock: as_of,
                changed_list,
                no_cache,
                ..Default::default()
            },
            lang,
        ),
        Command::Check {
            root: SiteRoot { root },
            drafts,
            format,
            strict,
            as_of,
        } => {
            let options = gongkai::BuildOptions {
                root,
                drafts,
                clock: as_of,
                ..Default::default()
            };
            cli::check::run(&options, strict, &format, lang)
        }
        Command::Init { dir } => cli::init::run(&dir, lang),
        Command::Serve {
            root: SiteRoot { root },
            port,
            bind,
            open,
            drafts,
            as_of,
        } => {
            let options = gongkai::serve::ServeOptions {
                root,
                port,
                bind,
                open,
                drafts,
                as_of,
                timings: false,
            };
            cli::serve::run(options, lang)
        }
        Command::New {
            kind,
            title,
            from,
            from_last,
            root: SiteRoot { root },
        } => {
            let source = match (from, from_last) {
                (Some(path), _) => gongkai::scaffold::Source::File(path),
                (None, true) => gongkai::scaffold::Source::Last,
                (None, false) => gongkai::scaffold::Source::Archetype,
            };
            cli::new::run(root, kind, title, source, lang)
        }
        Command::Import {
            files,
            kind,
            section,
            root: SiteRoot { root },
        } => cli::import::run(root, files, kind, section, lang),
    }
}
