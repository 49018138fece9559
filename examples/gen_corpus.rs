//! Benchmark corpus generator for gongkai (and, optionally, the same corpus as
//! a Hugo site for comparison).
//!
//! ```sh
//! cargo run --release --example gen_corpus -- --pages 1000 --seed 1 --out /tmp/bench-site
//! cargo run --release --example gen_corpus -- --pages 1000 --seed 1 --out /tmp/bench-site --hugo /tmp/bench-hugo
//! ```
//!
//! Standard library only; a splitmix64 generator makes the same seed give a
//! byte-identical corpus. See `benches/README.md` for what is generated.

use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

// ---------------------------------------------------------------------------
// Options

const USAGE: &str = "usage: gen_corpus --pages N [--seed S] --out DIR [--hugo DIR2] [--force]

  --pages N    number of pages to generate (besides the six _index.md files)
  --seed S     PRNG seed (default 1); the same seed gives byte-identical output
  --out DIR    where to write the gongkai site (site.toml, content/)
  --hugo DIR2  also write the same corpus as a Hugo site (hugo.toml, content/, layouts/)
  --force      write into a non-empty folder that gen_corpus did not make";

/// Written at the root of every generated site; its presence lets a later run
/// replace the site's `content/` (and `layouts/`) without `--force`.
const MARKER: &str = ".gen_corpus";

struct Options {
    pages: usize,
    seed: u64,
    out: PathBuf,
    hugo: Option<PathBuf>,
    force: bool,
}

fn parse_args() -> Result<Options, String> {
    let mut args = std::env::args().skip(1);
    let mut pages = None;
    let mut seed = 1u64;
    let mut out = None;
    let mut hugo = None;
    let mut force = false;
    while let Some(arg) = args.next() {
        let (name, inline) = match arg.split_once('=') {
            Some((n, v)) if n.starts_with("--") => (n.to_string(), Some(v.to_string())),
            _ => (arg.clone(), None),
        };
        let mut value = |what: &str| {
            inline
                .clone()
                .or_else(|| args.next())
                .ok_or_else(|| format!("{what} needs a value"))
        };
        match name.as_str() {
            "--pages" => {
                let v = value("--pages")?;
                pages = Some(
                    v.parse::<usize>()
                        .map_err(|_| format!("--pages: not a number: {v}"))?,
                );
            }
            "--seed" => {
                let v = value("--seed")?;
                seed = v
                    .parse::<u64>()
                    .map_err(|_| format!("--seed: not a number: {v}"))?;
            }
            "--out" => out = Some(PathBuf::from(value("--out")?)),
            "--hugo" => hugo = Some(PathBuf::from(value("--hugo")?)),
            "--force" => force = true,
            "-h" | "--help" => return Err(String::new()),
            other => return Err(format!("unknown argument: {other}")),
        }
    }
    let pages = pages.ok_or("--pages is required")?;
    let out = out.ok_or("--out is required")?;
    if hugo.as_ref() == Some(&out) {
        return Err("--hugo must be another folder than --out".into());
    }
    Ok(Options {
        pages,
        seed,
        out,
        hugo,
        force,
    })
}

// ---------------------------------------------------------------------------
// PRNG: splitmix64

#[derive(Clone)]
struct Rng(u64);

fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

impl Rng {
    fn new(seed: u64) -> Rng {
        Rng(mix(seed ^ 0x6a09_e667_f3bc_c909))
    }

    /// An independent stream for item `i` of stream `salt`.
    fn derive(seed: u64, salt: u64, i: u64) -> Rng {
        Rng::new(mix(seed ^ mix(salt.wrapping_add(0x9e37_79b9_7f4a_7c15))) ^ mix(i))
    }

    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        mix(self.0)
    }

    /// 0..n (n > 0).
    fn below(&mut self, n: usize) -> usize {
        ((u128::from(self.next_u64()) * n as u128) >> 64) as usize
    }

    /// lo..=hi.
    fn range(&mut self, lo: i64, hi: i64) -> i64 {
        lo + self.below((hi - lo + 1) as usize) as i64
    }

    /// True with probability `percent`/100.
    fn pct(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }

    fn pick<'a, T>(&mut self, xs: &'a [T]) -> &'a T {
        &xs[self.below(xs.len())]
    }

    fn pick_str<'a>(&mut self, xs: &[&'a str]) -> &'a str {
        xs[self.below(xs.len())]
    }

    /// `k` distinct elements, in random order.
    fn pick_n<T: Clone>(&mut self, xs: &[T], k: usize) -> Vec<T> {
        let mut idx: Vec<usize> = (0..xs.len()).collect();
        let k = k.min(xs.len());
        for i in 0..k {
            let j = i + self.below(idx.len() - i);
            idx.swap(i, j);
        }
        idx[..k].iter().map(|&i| xs[i].clone()).collect()
    }

    /// Between `lo` and `hi` (both included) distinct elements.
    fn pick_some<T: Clone>(&mut self, xs: &[T], lo: usize, hi: usize) -> Vec<T> {
        let k = lo + self.below(hi - lo + 1);
        self.pick_n(xs, k)
    }

    fn shuffle<T>(&mut self, xs: &mut [T]) {
        for i in (1..xs.len()).rev() {
            let j = self.below(i + 1);
            xs.swap(i, j);
        }
    }
}

// ---------------------------------------------------------------------------
// Dates (proleptic Gregorian, days since 1970-01-01)

#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Debug)]
struct Date(i64);

impl Date {
    fn ymd(y: i64, m: i64, d: i64) -> Date {
        let y = if m <= 2 { y - 1 } else { y };
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let mp = (m + 9) % 12;
        let doy = (153 * mp + 2) / 5 + d - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        Date(era * 146_097 + doe - 719_468)
    }

    fn parts(self) -> (i64, i64, i64) {
        let z = self.0 + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let d = doy - (153 * mp + 2) / 5 + 1;
        let m = if mp < 10 { mp + 3 } else { mp - 9 };
        (
            if m <= 2 {
                yoe + era * 400 + 1
            } else {
                yoe + era * 400
            },
            m,
            d,
        )
    }

    fn year(self) -> i64 {
        self.parts().0
    }

    fn plus(self, days: i64) -> Date {
        Date(self.0 + days)
    }

    fn iso(self) -> String {
        let (y, m, d) = self.parts();
        format!("{y:04}-{m:02}-{d:02}")
    }

    /// 9月8日
    fn md_zh(self) -> String {
        let (_, m, d) = self.parts();
        format!("{m}月{d}日")
    }

    /// A random day between `a` and `b`, both included.
    fn between(rng: &mut Rng, a: Date, b: Date) -> Date {
        Date(rng.range(a.0, b.0))
    }
}

/// Years covered by the corpus.
const FIRST_YEAR: i64 = 2015;
const LAST_YEAR: i64 = 2026;

/// Pages are dated up to here; follow-ups, rectifications and publication
/// dates never go past `end()` (the corpus is a snapshot, not a forecast).
fn last_page_date() -> Date {
    Date::ymd(LAST_YEAR, 10, 31)
}
fn end() -> Date {
    Date::ymd(LAST_YEAR, 11, 25)
}

// ---------------------------------------------------------------------------
// Vocabulary

const TOWN: &str = "清溪镇";
const ORG: &str = "清溪镇人大主席团";
const ORG_CODE: &str = "11000000MB0009876X";
const PUBLICATIONS: [&str; 4] = ["代表报", "中国人大", "时代主人", "人大简讯"];

const VILLAGES: &[&str] = &[
    "东村",
    "西坪村",
    "南岭村",
    "石桥村",
    "北山村",
    "桃源村",
    "柳湾村",
    "新屋村",
    "龙潭村",
    "白沙村",
    "上坪村",
    "下坪村",
    "河口社区",
    "镇中社区",
];

/// Grassroots stations (基层站所) and what delegates look at there.
const UNITS: &[(&str, [&str; 2])] = &[
    ("镇农医办", ["新型农村合作医疗登记", "医疗救助申报"]),
    ("镇派出所", ["社会治安综合治理", "道路交通安全"]),
    ("镇人民法庭", ["矛盾纠纷多元化解", "巡回审判"]),
    ("镇国土所", ["宅基地审批", "耕地保护"]),
    ("镇财政所", ["惠农补贴发放", "村级财务管理"]),
    ("镇卫生院", ["基本公共卫生服务", "家庭医生签约服务"]),
    ("镇中心学校", ["义务教育均衡发展", "校园安全管理"]),
    ("镇供电所", ["农村电网改造", "供电服务质量"]),
    ("镇水利站", ["农田水利建设", "防汛抗旱"]),
    ("镇交通管理站", ["农村公路建设", "村道养护管理"]),
    ("镇农技站", ["农业技术推广", "耕地地力提升"]),
    ("镇林业站", ["森林防火", "护林员队伍管理"]),
    ("镇市场监管所", ["食品安全", "农资市场监管"]),
    ("镇司法所", ["人民调解", "法治宣传教育"]),
    ("镇社保所", ["城乡居民养老保险", "就业援助"]),
];

const CATEGORIES: &[&str] = &[
    "会议工作",
    "监督工作",
    "代表工作",
    "评议工作",
    "宣传调研",
    "计划总结",
    "议案建议",
    "预算审查",
];

/// 主题分类 of the disclosure block, by category.
fn disclosure_topic(category: &str) -> &'static str {
    match category {
        "会议工作" => "人大会议",
        "监督工作" | "评议工作" | "预算审查" => "人大监督",
        "代表工作" | "议案建议" => "代表工作",
        "宣传调研" => "宣传调研",
        _ => "综合政务",
    }
}

const TAGS: &[&str] = &[
    "新农合",
    "民生实事",
    "民主评议",
    "基层站所",
    "整改督办",
    "代表联络站",
    "议案建议",
    "预算审查",
    "代表培训",
    "人代会",
    "主席团会议",
    "执法检查",
    "专题调研",
    "视察",
    "乡村振兴",
    "农村道路",
    "饮水安全",
    "义务教育",
    "医疗卫生",
    "社会治安",
    "土地管理",
    "惠农补贴",
    "农田水利",
    "人居环境",
    "食品安全",
    "安全生产",
    "矛盾调解",
    "养老服务",
    "农村电网",
    "防汛抗旱",
    "森林防火",
    "政务公开",
    "代表履职",
    "选民接待",
    "年终总结",
    "工作计划",
    "半年小结",
    "宣传报道",
    "财政预算",
    "法治宣传",
];

const SURNAMES: [&str; 20] = [
    "陈", "林", "周", "黄", "王", "李", "张", "刘", "杨", "赵", "吴", "徐", "孙", "胡", "朱", "高",
    "何", "郭", "马", "罗",
];
const GIVEN: [&str; 30] = [
    "建国", "秀英", "德明", "丽华", "春梅", "光辉", "文涛", "志强", "海燕", "国平", "玉兰", "永红",
    "立新", "桂芳", "明亮", "红梅", "世杰", "淑珍", "晓东", "金山", "家富", "小平", "宏伟", "翠英",
    "振华", "月娥", "长青", "素芬", "卫东", "凤英",
];

/// Sixty fictional delegates (the same for every seed): surname i mod 20 with
/// given name i mod 30 is unique for i < lcm(20, 30).
fn delegates() -> Vec<String> {
    (0..60)
        .map(|i| format!("{}{}", SURNAMES[i % 20], GIVEN[i % 30]))
        .collect()
}

/// News: title template, category, first tag.
const NEWS_TITLES: &[(&str, &str, &str)] = &[
    (
        "{town}{term}人民代表大会第{k}次会议胜利闭幕",
        "会议工作",
        "人代会",
    ),
    (
        "镇人大主席团召开{year}年第{k}次会议",
        "会议工作",
        "主席团会议",
    ),
    (
        "{village}代表联络站开展选民接待日活动",
        "代表工作",
        "代表联络站",
    ),
    ("镇人大组织代表开展集中学习培训", "代表工作", "代表培训"),
    ("镇人大召开代表建议交办会", "议案建议", "议案建议"),
    (
        "镇人大主席团听取代表建议办理情况汇报",
        "议案建议",
        "议案建议",
    ),
    (
        "镇人大代表深入{village}开展“代表进村入户”活动",
        "代表工作",
        "代表履职",
    ),
    (
        "镇人大组织代表提前介入{year}年财政预算审查",
        "预算审查",
        "预算审查",
    ),
    (
        "{village}代表小组开展“我为乡村振兴献一策”活动",
        "代表工作",
        "乡村振兴",
    ),
    ("镇人大召开{topic}工作座谈会", "监督工作", "民生实事"),
    ("{village}选区人大代表向选民述职", "代表工作", "代表履职"),
    ("镇人大主席团召开代表小组长会议", "会议工作", "主席团会议"),
    ("镇人大部署{year}年民主评议工作", "评议工作", "民主评议"),
    ("镇人大开展代表建议办理“回头看”", "议案建议", "整改督办"),
    (
        "县人大常委会调研组来我镇调研人大工作",
        "代表工作",
        "专题调研",
    ),
    ("镇人大举办代表履职能力提升培训班", "代表工作", "代表培训"),
    (
        "镇人大听取镇政府{year}年预算执行情况报告",
        "预算审查",
        "财政预算",
    ),
    ("{village}代表联络站建成投入使用", "代表工作", "代表联络站"),
    (
        "镇人大组织代表观摩{year}年民生实事项目",
        "监督工作",
        "民生实事",
    ),
    ("镇人大主席团召开评议整改督办会", "评议工作", "整改督办"),
    ("镇人大开展“人大代表接待日”集中活动", "代表工作", "选民接待"),
    ("镇人大组织代表学习宪法和代表法", "代表工作", "法治宣传"),
];

const SUBMISSION_TITLES: &[&str] = &[
    "{town}：代表联络站架起“连心桥”",
    "评议动真格 整改见实效",
    "一条村道背后的代表建议",
    "{town}人大：民主评议促站所转作风",
    "小小联络站 连着大民生",
    "乡镇人大如何做好“监督”文章",
    "让代表建议“落地生根”",
    "{delegate}：扎根乡土的“老代表”",
    "{town}人大扎实开展{topic}视察",
    "从“被动接访”到“主动走访”",
    "做好乡镇人大宣传调研工作的几点体会",
    "{village}的新变化",
    "代表小组活动要“实”字当头",
    "{town}：预算审查让“钱袋子”更透明",
];

/// Openers: the first sentence of a page, by kind.
const OPEN_ARTICLE: &[&str] = &[
    "{date}，{town}人大主席团召开会议，专题研究{topic}工作。",
    "{date}，{town}{term}人民代表大会第{k}次会议在镇政府大会议室隆重召开。",
    "{date}，镇人大主席团组织部分县、镇人大代表深入{village}开展活动。",
    "为进一步密切代表同人民群众的联系，{date}，镇人大在{village}代表联络站开展选民接待活动。",
    "{date}，镇人大主席团召开代表建议交办会，将代表在会议期间提出的建议交有关单位办理。",
    "{date}，镇人大举办代表履职培训班，全镇{n}名县、镇人大代表参加培训。",
];
const OPEN_INSPECTION: &[&str] = &[
    "{date}，镇人大主席团组织部分人大代表对{unit}{topic}工作开展{itype}。",
    "为推动{topic}工作落到实处，{date}，镇人大主席团组织代表到{unit}开展{itype}。",
    "{topic}事关群众切身利益。{date}，镇人大代表{itype}组一行深入{unit}和{village}等地进行{itype}。",
];
const OPEN_EVALUATION: &[&str] = &[
    "{date}，{town}人大主席团召开{year}年度民主评议基层站所大会。",
    "{date}，{town}{year}年度民主评议基层站所大会召开，到会代表对被评议单位进行了满意度测评。",
];
const OPEN_SUBMISSION: &[&str] = &[
    "在{town}，人大代表的身影活跃在田间地头、村组院落。",
    "“代表就是要替老百姓说话。”这是{delegate}代表常挂在嘴边的一句话。",
    "走进{town}{village}，新修的水泥路一直通到农户家门口。",
    "乡镇人大工作看似平凡，却与群众的日常生活息息相关。",
];
const OPEN_REPORT: &[&str] = &[
    "{year}年，镇人大主席团在镇党委的坚强领导下，在县人大常委会的指导下，认真履行法定职责，各项工作取得新的进展。",
    "为做好{year}年镇人大工作，根据县人大常委会工作要点和镇党委工作部署，结合我镇实际，制定本计划。",
    "{year}年上半年，镇人大主席团紧紧围绕全镇中心工作，依法履职，扎实开展各项工作。现将有关情况小结如下。",
];

const COMMON: &[&str] = &[
    "会议由镇人大主席主持，镇人大主席团成员、部分人大代表和镇政府有关负责同志参加。",
    "会议传达学习了县人大常委会有关会议精神，通报了近期镇人大工作开展情况。",
    "与会代表围绕{topic}畅所欲言，提出了{k}条具体意见和建议。",
    "镇人大主席在讲话中指出，人大代表要始终坚持以人民为中心，认真履行宪法和法律赋予的职责。",
    "要把群众最关心、最直接、最现实的利益问题作为代表履职的重点。",
    "会议要求，各代表小组要加强与选民的联系，及时收集、反映群众的意见和呼声。",
    "镇人大办公室负责做好会议记录和意见建议的整理、交办工作。",
    "{village}代表联络站每月固定一天为代表接待选民日，代表轮流进站接待群众。",
    "今年以来，联络站共接待选民{n}人次，收集意见建议{n2}条，大部分已经办结。",
    "选民们说：“有事找代表，代表就在家门口。”",
    "代表们认真听取了镇人民政府关于{year}年财政预算执行情况和{year1}年财政预算草案的报告。",
    "预算审查前，镇人大主席团组织部分代表提前介入，对预算草案进行了初步审查。",
    "代表们建议，要进一步压缩一般性支出，把有限的财力更多用于改善民生。",
    "代表议案建议是人大代表履行职责的重要形式，也是反映群众意愿的重要渠道。",
    "镇人大主席团将代表提出的建议逐件登记，明确承办单位和办理时限。",
    "各承办单位要做到“办前联系、办中沟通、办后回访”，在规定时间内书面答复代表。",
    "对代表不满意的答复，主席团将督促承办单位重新研究办理。",
    "为提高代表履职能力，镇人大主席团组织全镇县、镇人大代表开展集中学习培训。",
    "培训内容包括代表法、地方组织法、监督法以及代表如何提出高质量建议等。",
    "通过培训，代表们进一步明确了自身的职责和权利，增强了依法履职的意识。",
    "会议听取和审议了镇人民政府工作报告，审查批准了镇财政预算。",
    "大会应到代表{n3}名，实到代表{n4}名，符合法定人数。",
    "会议期间，代表们共提出建议{k}件，内容涉及农村道路、农田水利、教育卫生、社会保障等方面。",
    "镇人大主席团坚持把监督工作作为人大工作的重点，紧扣全镇中心工作，突出民生热点。",
    "近年来，镇人大在推进代表联络站建设方面做了大量工作，实现了村（社区）全覆盖。",
    "群众反映的{topic}问题，代表们现场记录，会后及时转交有关部门办理。",
    "镇人大主席团要求，有关单位要高度重视代表提出的意见，认真研究，切实整改。",
    "会后，代表们纷纷表示，将以更加饱满的热情投入到履职工作中去。",
    "这项工作得到了县人大常委会的充分肯定，群众满意度不断提高。",
    "人大工作离不开群众的支持，只有深入基层、深入群众，才能把工作做实做细。",
    "镇人大办公室还将会议情况整理成简讯，报送县人大常委会办公室。",
    "{village}的代表反映，村道年久失修，雨天泥泞，群众出行困难。",
    "经过镇人大主席团的督办，该项目已列入镇政府民生实事计划。",
    "截至{later}，代表建议已办结{n2}件，其余正在抓紧办理。",
    "镇人大主席团还组织代表对上一年度建议办理情况进行“回头看”。",
    "为了让选民更好地了解代表，各联络站公开了代表的姓名、选区和接待时间。",
    "代表小组长{delegate}介绍，小组每季度至少开展一次集中活动。",
    "{delegate}代表说，当代表就要为群众说话、为群众办事。",
    "镇人大主席团坚持每季度召开一次主席团会议，研究部署阶段性工作。",
    "会议审议通过了《{town}人大主席团{year}年工作要点》。",
    "会议还讨论了代表活动经费管理和代表联络站运行保障等事项。",
    "全镇共有县、镇两级人大代表{n3}名，分属{k}个代表小组。",
    "人大代表来自人民、植根人民，必须时刻把群众的冷暖放在心上。",
    "在防汛救灾等急难险重任务中，广大代表冲锋在前，发挥了模范带头作用。",
    "镇人大主席团把乡村振兴作为代表活动的主题，组织代表开展“我为乡村振兴献一策”活动。",
    "代表们共为乡村振兴献策{n2}条，其中多条被镇党委、政府采纳。",
    "镇人大主席团还建立了代表履职档案，如实记录代表参加会议、视察、联系选民等情况。",
    "年终，代表向选民述职，接受选民评议，增强了代表的责任感。",
    "会上，{k}名代表作了述职发言，选民代表对代表履职情况进行了测评。",
    "对建议办理，镇人大按照“谁主管、谁负责”的原则实行跟踪督办。",
    "对群众反映强烈的突出问题，主席团将适时组织专题视察或调研。",
    "据了解，这是今年以来镇人大组织的第{k}次集中活动。",
    "有关站所负责同志到会，现场回答代表询问。",
    "镇人大主席团班子成员分别联系一个代表小组，指导小组开展活动。",
    "通过“人大代表之家”这个平台，代表与选民面对面交流，架起了党委政府与群众之间的连心桥。",
    "下一步，镇人大主席团将进一步加强代表工作，不断提高代表履职的质量和水平。",
    "会议强调，要严格落实信息公开制度，及时向社会公开人大工作情况。",
    "镇人大办公室对历年会议材料进行了分类归档，方便代表和群众查阅。",
    "代表们还就农村人居环境整治、饮水安全、村道硬化等问题提出了意见。",
    "新型农村合作医疗是党和政府的一项惠民政策，全镇参合群众三万多人。",
    "部分村民反映参合登记中出现姓名错字，致使不能申报医疗补助，群众意见较大。",
    "镇人大主席团把议案建议办理情况纳入年终考评，推动承办单位真办实办。",
];

const INSPECTION: &[&str] = &[
    "代表们先后深入{village}、{village2}等地，实地查看了{topic}工作开展情况。",
    "代表们查阅了{unit}的工作台账和有关档案资料，随机走访了部分群众。",
    "在随后召开的座谈会上，{unit}负责同志汇报了{topic}工作的基本情况、主要做法和存在的困难。",
    "代表们对{unit}近年来取得的成绩给予充分肯定。",
    "同时也指出，工作中还存在宣传不够到位、服务不够便民、制度落实不够严格等问题。",
    "部分群众反映，办事需要多次往返，老年人和行动不便的群众很不方便。",
    "代表们建议，要进一步简化办事程序，推行“一次办好”，让群众少跑腿。",
    "要加强工作人员业务培训，提高服务意识和服务水平。",
    "要把政策宣传到村到户，让群众知晓政策、用好政策。",
    "视察结束后，镇人大主席团将代表意见建议整理成书面材料，交{unit}研究办理。",
    "{unit}表示，将认真梳理代表提出的问题，制定整改措施，限期整改到位。",
    "镇人大主席团将组织代表对整改情况进行跟踪督办，确保件件有着落、事事有回音。",
    "这次执法检查重点检查了有关法律法规在本镇的贯彻实施情况。",
    "检查组认为，近年来全镇在{topic}方面做了大量工作，取得了明显成效。",
    "但也存在执法力量薄弱、基层基础工作不够扎实等问题，需要认真加以解决。",
    "调研组通过召开座谈会、个别访谈、实地察看等方式，广泛听取了各方面意见。",
    "调研发现，{topic}工作在资金保障、队伍建设和长效管理等方面仍有短板。",
    "代表们一致认为，{topic}事关群众切身利益，必须抓紧抓实。",
    "截至{later}，代表提出的{k}条意见建议已全部答复，大部分已经落实。",
    "{unit}已建立问题整改台账，逐项明确责任人和完成时限。",
    "代表们还随机抽查了{n2}户群众的办理记录，核对了有关信息。",
    "视察中，代表们边看边问，不时与工作人员和办事群众交流。",
    "镇人大主席在总结讲话中要求，要以这次视察为契机，推动{topic}工作再上新台阶。",
    "视察当天，代表们督促{unit}对在场群众反映的问题作了及时处理。",
];

const EVALUATION: &[&str] = &[
    "民主评议是人大监督的重要形式，也是推动基层站所转变作风、改进工作的有效手段。",
    "评议工作分为宣传发动、调查了解、评议测评、整改落实四个阶段。",
    "评议前，代表小组走访群众和办事当事人{n}人次，召开座谈会{k}场，形成意见建议{n2}条。",
    "大会听取了被评议单位的述职报告，代表们进行了认真审议。",
    "随后，到会代表以无记名投票方式对各被评议单位进行了满意度测评。",
    "测评结果当场公布，并在镇政务公开栏和本网站公开。",
    "对被评为基本满意单位和不满意单位的，主席团将下发整改意见书，限期整改。",
    "被评议单位要在规定时间内报送整改方案和整改情况报告。",
    "镇人大主席团将组织代表对整改情况进行跟踪督办，整改结果向代表和群众公开。",
    "评议不是走过场，关键在整改。",
    "今年的评议工作突出“回头看”，对上一年度被评为不满意单位的站所再次进行评议。",
    "被评议单位负责人纷纷表示，将虚心接受代表的评议，以评促改、以评促建。",
    "各站所述职报告提前送交代表，确保代表有充分时间了解情况。",
    "从测评结果看，多数站所的工作得到了代表的认可，服务质量有了明显提升。",
    "也有个别站所在办事效率、服务态度等方面还存在差距，群众意见较大。",
    "评议大会邀请了部分群众代表列席，增强了评议工作的透明度。",
    "{unit}在述职中介绍了一年来改进作风、方便群众的具体措施。",
];

const SUBMISSION: &[&str] = &[
    "多年来，他坚持走村入户，倾听群众呼声，为群众办了许多实事好事。",
    "从一条村道到一座桥，从一所学校到一个卫生室，代表们的建议正在变成群众看得见的变化。",
    "镇人大的做法，为基层人大发挥监督作用提供了有益借鉴。",
    "村民们说，这条路是代表一次次反映、一次次督办才修起来的。",
    "小小联络站，连起了代表和选民的心。",
    "基层人大工作只有贴近群众，才能赢得群众的信任和支持。",
    "“评议不是走过场，关键在整改。”镇人大主席表示，整改结果将向代表和群众公开。",
    "在{village}，记者见到了正在走访农户的{delegate}代表。",
    "说起代表工作，{delegate}代表有说不完的话。",
    "如今，“有事找代表”已经成为{town}群众的习惯。",
    "一件件建议的落实，让群众真切感受到了人大代表的作用。",
    "乡镇人大是最基层的国家权力机关，工作做得好不好，群众最有发言权。",
];

const REPORT: &[&str] = &[
    "全年依法召开镇人民代表大会会议{k}次，召开主席团会议{k2}次。",
    "组织代表开展视察{k}次、执法检查{k2}次、专题调研{k3}次。",
    "民主评议基层站所{k}个，督促整改问题{n2}个。",
    "代表建议{n2}件全部办结，代表满意和基本满意率达到{pct}%。",
    "全年向各级人大报刊投稿{n2}篇，刊用{k}篇。",
    "一是坚持党的领导，确保人大工作正确政治方向。",
    "二是依法开展监督，推动解决群众关心的热点难点问题。",
    "三是加强代表工作，充分发挥代表主体作用。",
    "四是加强自身建设，提高人大工作水平。",
    "对照年初工作计划，各项任务基本完成，但也存在一些不足。",
    "主要是监督的刚性还不够强，部分代表履职能力有待提高，宣传调研任务完成得不够好。",
    "明年，镇人大主席团将紧紧围绕全镇中心工作，突出重点，扎实做好各项工作。",
    "上半年，镇人大主席团重点抓了人代会筹备、代表建议交办和代表培训等工作。",
    "下半年，将重点做好视察调研、民主评议和年终述职等工作。",
    "要按照“什么时间干什么事”的要求，把各项工作任务分解到月、落实到人。",
    "第一季度：召开镇人民代表大会会议，交办代表建议。",
    "第二季度：组织代表开展专题视察，召开主席团会议听取建议办理情况汇报。",
    "第三季度：开展执法检查和专题调研，做好半年工作小结。",
    "第四季度：开展民主评议，组织代表向选民述职，做好年终总结。",
    "围绕{topic}等民生热点，组织代表开展视察，督促有关部门解决实际问题。",
];

const HEAD_COMMON: &[&str] = &[
    "会议情况",
    "主要内容",
    "工作要求",
    "下一步打算",
    "代表发言",
    "基本情况",
    "主要做法",
    "取得的成效",
    "存在的问题",
    "意见建议",
    "办理情况",
    "群众反映",
    "工作背景",
    "有关要求",
    "经验体会",
];
const HEAD_INSPECTION: &[&str] = &[
    "视察过程",
    "发现的问题",
    "意见建议",
    "办理反馈",
    "座谈交流",
    "检查范围",
    "调研发现",
];
const HEAD_EVALUATION: &[&str] = &["评议过程", "评议特点", "测评结果", "整改要求", "跟踪督办"];
const HEAD_REPORT: &[&str] = &[
    "会议工作",
    "监督工作",
    "代表工作",
    "宣传调研",
    "自身建设",
    "存在的不足",
    "下一步工作",
];
const ZH_ORDINALS: [&str; 7] = ["一", "二", "三", "四", "五", "六", "七"];

const LIST_ITEMS: &[&str] = &[
    "组织各村对参合信息逐户核对，错误信息集中更正",
    "在村便民服务点设立信息核对点，由村干部代为提交更正材料",
    "加强窗口人员业务培训，编印政策问答发放到户",
    "建立问题整改台账，逐项销号",
    "推行预约办理和上门服务，方便老年群众",
    "公开办事流程和办理时限，接受群众监督",
    "定期向代表通报办理进展",
    "完善代表联络站接待制度，每月固定一天为选民接待日",
    "对群众反映的问题建立台账，限时办结",
    "加强资金使用监管，补贴发放后及时公示",
    "开展法律法规宣传进村入户",
    "落实首问负责制和限时办结制",
    "加强村道日常养护，及时修复破损路面",
    "对学校校舍和食堂设施开展安全排查",
    "加快农村电网改造进度，解决低电压问题",
    "健全森林防火责任制，加强野外用火管理",
    "加强农贸市场食品安全抽检",
    "推进矛盾纠纷多元化解，把矛盾化解在基层",
    "做好汛期隐患排查，落实防汛责任人",
    "提高家庭医生签约服务质量",
    "规范宅基地审批程序，压缩审批时限",
    "组织代表开展专题培训",
    "完善代表履职档案",
    "做好人大简讯编发工作",
    "按时完成县人大常委会下达的宣传调研任务",
    "加强与县人大常委会的工作联系",
    "对上一年度代表建议办理情况开展“回头看”",
    "把评议整改情况向代表和群众公开",
];

const FINDINGS: &[&str] = &[
    "部分群众对有关政策知晓率不高",
    "办事需要多次往返，老年群众很不方便",
    "窗口工作人员服务态度有待改进",
    "台账资料不够规范，部分记录缺失",
    "信息录入存在错误，更正程序繁琐",
    "资金公示不够及时",
    "基础设施老化，维护经费不足",
    "执法力量薄弱，日常巡查不到位",
    "长效管理机制尚未建立",
    "群众反映的问题回复不够及时",
    "部分项目进度滞后",
    "宣传方式单一，覆盖面不广",
    "偏远村组服务覆盖不够",
    "制度执行不够严格",
    "人员配备不足，业务骨干流失",
];

const FOLLOWUP_NOTES: &[&str] = &[
    "已制定整改方案，明确责任人和完成时限。",
    "首批问题已整改完毕，其余问题正在推进。",
    "已向镇人大主席团书面报告办理情况，代表回访表示满意。",
    "有关措施已落实到村，群众反映良好。",
    "全部意见建议办理完毕，主席团组织代表实地查看，同意办结。",
    "部分问题涉及县级部门，已报请县有关部门协调解决。",
];

const QUOTES: &[&str] = &[
    "有事找代表，代表就在家门口。",
    "评议不是走过场，关键在整改。",
    "当代表就要为群众说话、为群众办事。",
    "群众的事再小也是大事。",
];

// ---------------------------------------------------------------------------
// The model

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Kind {
    Article,
    Inspection,
    Evaluation,
    Submission,
    Report,
}

impl Kind {
    fn section(self) -> &'static str {
        match self {
            Kind::Article => "news",
            Kind::Inspection => "inspections",
            Kind::Evaluation => "evaluations",
            Kind::Submission => "submissions",
            Kind::Report => "reports",
        }
    }
}

/// (section folder, page_kind, title, description, intro)
const SECTIONS: [(&str, &str, &str, &str, &str); 5] = [
    (
        "news",
        "article",
        "人大要闻",
        "清溪镇人大主席团及人大代表的重要会议和活动动态",
        "本栏目发布清溪镇人民代表大会及其主席团的会议召开、代表培训、代表联络站活动、议案建议办理等工作动态。",
    ),
    (
        "inspections",
        "inspection",
        "视察调研",
        "镇人大代表开展视察、执法检查和专题调研的情况及办理反馈",
        "本栏目公开镇人大主席团组织人大代表开展的视察、执法检查和专题调研活动，包括被视察单位、参加代表、发现的问题、提出的意见建议，以及有关单位的办理反馈情况。",
    ),
    (
        "evaluations",
        "evaluation",
        "评议公开",
        "镇人大代表民主评议基层站所的测评结果和整改情况",
        "每年第四季度，镇人大主席团组织人大代表对部分基层站所开展民主评议：先由代表小组走访、召开座谈会，再召开评议大会听取述职报告并投票测评。",
    ),
    (
        "submissions",
        "submission",
        "代表投稿",
        "镇人大向《代表报》《中国人大》《时代主人》及人大简讯的投稿和刊用情况",
        "县人大常委会每年向各乡镇人大下达宣传调研任务。本栏目按年度和刊物汇总镇人大办公室及人大代表的投稿、录用和刊用情况。",
    ),
    (
        "reports",
        "report",
        "工作计划与总结",
        "清溪镇人大主席团年度工作计划、半年小结和年终总结",
        "年初定计划，年中作小结，年终作总结。本栏目公开清溪镇人大主席团历年的工作计划与总结。",
    ),
];

struct Followup {
    date: Date,
    status: &'static str,
    note: &'static str,
}

struct Rectification {
    date: Date,
    stage: &'static str,
    note: String,
}

struct EvalUnit {
    name: &'static str,
    satisfied: u32,
    basic: u32,
    unsatisfied: u32,
    abstain: u32,
    rectification: Vec<Rectification>,
}

enum Facts {
    None,
    Inspection {
        itype: &'static str,
        unit: &'static str,
        topic: &'static str,
        location: String,
        delegates: Vec<String>,
        findings: Vec<&'static str>,
        suggestions: Vec<&'static str>,
        followups: Vec<Followup>,
    },
    Evaluation {
        year: i64,
        /// 1 for a year's first published evaluation, 2, 3 … for the
        /// re-evaluations after it (set by `assign_evaluation_rounds`).
        round: u32,
        meeting: Date,
        present: u32,
        steps: Vec<(Date, &'static str)>,
        units: Vec<EvalUnit>,
    },
    Submission {
        publication: &'static str,
        submitted: Date,
        status: &'static str,
        published: Option<Date>,
        issue: Option<String>,
        page: Option<String>,
        authors: Vec<String>,
    },
    Report {
        rtype: &'static str,
        year: i64,
    },
}

struct Page {
    stem: String,
    kind: Kind,
    title: String,
    date: Date,
    updated: Option<Date>,
    draft: bool,
    author: String,
    source: Option<&'static str>,
    categories: Vec<&'static str>,
    tags: Vec<&'static str>,
    index_no: String,
    topic: &'static str,
    doc_no: Option<String>,
    facts: Facts,
    body: String,
}

impl Page {
    /// Whether gongkai publishes the page (drafts and submissions whose status
    /// is not public are left out); the Hugo copy marks the others as drafts.
    fn published(&self) -> bool {
        match &self.facts {
            Facts::Submission { status, .. } => {
                !self.draft && (*status == "accepted" || *status == "published")
            }
            _ => !self.draft,
        }
    }
}

/// Values the sentence templates refer to.
struct Ctx<'a> {
    date: Date,
    unit: &'static str,
    topic: &'static str,
    itype: &'static str,
    village: &'static str,
    village2: &'static str,
    delegate: &'a str,
}

fn term(year: i64) -> &'static str {
    match year {
        ..=2016 => "第十六届",
        2017..=2021 => "第十七届",
        _ => "第十八届",
    }
}

/// 1..=99 in Chinese numerals.
fn zh_num(n: u32) -> String {
    const D: [&str; 10] = ["零", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
    match n {
        0..=9 => D[n as usize].to_string(),
        10 => "十".into(),
        11..=19 => format!("十{}", D[(n % 10) as usize]),
        _ if n.is_multiple_of(10) => format!("{}十", D[(n / 10) as usize]),
        _ => format!("{}十{}", D[(n / 10) as usize], D[(n % 10) as usize]),
    }
}

/// Replaces `{name}` placeholders.
fn fill(template: &str, ctx: &Ctx<'_>, rng: &mut Rng) -> String {
    let mut out = String::with_capacity(template.len() + 32);
    let mut rest = template;
    while let Some(start) = rest.find('{') {
        out.push_str(&rest[..start]);
        let after = &rest[start + 1..];
        let Some(len) = after.find('}') else {
            out.push_str(&rest[start..]);
            return out;
        };
        let name = &after[..len];
        let year = ctx.date.year();
        match name {
            "town" => out.push_str(TOWN),
            "term" => out.push_str(term(year)),
            "year" => write!(out, "{year}").unwrap(),
            "year1" => write!(out, "{}", year + 1).unwrap(),
            "date" => out.push_str(&ctx.date.md_zh()),
            "later" => {
                let later = ctx.date.plus(rng.range(20, 120)).min(end());
                out.push_str(&later.md_zh());
            }
            "unit" => out.push_str(ctx.unit),
            "topic" => out.push_str(ctx.topic),
            "itype" => out.push_str(ctx.itype),
            "village" => out.push_str(ctx.village),
            "village2" => out.push_str(ctx.village2),
            "delegate" => out.push_str(ctx.delegate),
            "n" => write!(out, "{}", rng.range(30, 260)).unwrap(),
            "n2" => write!(out, "{}", rng.range(8, 60)).unwrap(),
            "n3" => write!(out, "{}", rng.range(52, 68)).unwrap(),
            "n4" => write!(out, "{}", rng.range(45, 51)).unwrap(),
            "pct" => write!(out, "{}", rng.range(86, 99)).unwrap(),
            "k" | "k2" | "k3" => out.push_str(&zh_num(rng.range(2, 12) as u32)),
            other => panic!("unknown placeholder {{{other}}} in {template}"),
        }
        rest = &after[len + 1..];
    }
    out.push_str(rest);
    out
}

/// Draws sentences from a pool without repeating one until the pool is used up.
struct Pool {
    items: &'static [&'static str],
    order: Vec<usize>,
    next: usize,
}

impl Pool {
    fn new(items: &'static [&'static str], rng: &mut Rng) -> Pool {
        let mut order: Vec<usize> = (0..items.len()).collect();
        rng.shuffle(&mut order);
        Pool {
            items,
            order,
            next: 0,
        }
    }

    fn draw(&mut self, rng: &mut Rng) -> &'static str {
        if self.next == self.order.len() {
            rng.shuffle(&mut self.order);
            self.next = 0;
        }
        self.next += 1;
        self.items[self.order[self.next - 1]]
    }
}

fn char_len(s: &str) -> usize {
    s.chars().count()
}

// ---------------------------------------------------------------------------
// Bodies

fn body(kind: Kind, ctx: &Ctx<'_>, rng: &mut Rng, units_for_table: &[EvalUnit]) -> String {
    let (open, own, own_share, heads): (&[&str], &'static [&'static str], usize, &[&str]) =
        match kind {
            Kind::Article => (OPEN_ARTICLE, COMMON, 100, HEAD_COMMON),
            Kind::Inspection => (OPEN_INSPECTION, INSPECTION, 65, HEAD_INSPECTION),
            Kind::Evaluation => (OPEN_EVALUATION, EVALUATION, 65, HEAD_EVALUATION),
            Kind::Submission => (OPEN_SUBMISSION, SUBMISSION, 45, HEAD_COMMON),
            Kind::Report => (OPEN_REPORT, REPORT, 65, HEAD_REPORT),
        };
    let mut own_pool = Pool::new(own, rng);
    let mut common = Pool::new(COMMON, rng);
    let mut heads_left: Vec<&str> = heads.to_vec();
    if kind != Kind::Report {
        rng.shuffle(&mut heads_left);
        // Kind-specific headings first, then common ones.
        if kind != Kind::Article && kind != Kind::Submission {
            let mut extra = HEAD_COMMON.to_vec();
            rng.shuffle(&mut extra);
            heads_left.extend(extra);
        }
    }
    let mut sentence = |rng: &mut Rng| -> String {
        let t = if rng.pct(own_share) {
            own_pool.draw(rng)
        } else {
            common.draw(rng)
        };
        fill(t, ctx, rng)
    };

    // Target length in characters: 560..=2120 (mean 1,340); the section that
    // crosses it, tables and code blocks bring the mean to about 1,500.
    let target = 560 + rng.below(1561);
    let mut out = String::with_capacity(target * 4);

    // Lead paragraph.
    out.push_str(&fill(rng.pick_str(open), ctx, rng));
    for _ in 0..rng.range(1, 3) {
        out.push_str(&sentence(rng));
    }
    if rng.pct(40) {
        if rng.pct(50) {
            out.push_str("<!-- more -->\n\n");
        } else {
            out.push_str("\n\n<!-- more -->\n\n");
        }
    } else {
        out.push_str("\n\n");
    }

    let want_table = rng.pct(10);
    let want_code = rng.pct(5);
    let mut sections = 0usize;
    while char_len(&out) < target || sections == 0 {
        // Heading.
        let head = if kind == Kind::Report {
            let i = sections.min(HEAD_REPORT.len() - 1);
            format!("{}、{}", ZH_ORDINALS[i], HEAD_REPORT[i])
        } else if sections < heads_left.len() {
            heads_left[sections].to_string()
        } else {
            format!(
                "{}（{}）",
                heads_left[sections % heads_left.len()],
                sections + 1
            )
        };
        writeln!(out, "## {head}\n").unwrap();
        sections += 1;

        // Paragraphs.
        for p in 0..rng.range(1, 2) {
            let n = rng.range(2, 5);
            for i in 0..n {
                let s = sentence(rng);
                if i == 0 && p == 0 && rng.pct(12) {
                    write!(out, "**{s}**").unwrap();
                } else {
                    out.push_str(&s);
                }
            }
            out.push_str("\n\n");
        }

        // A list, a quote, now and then.
        if rng.pct(40) {
            let items = rng.pick_some(LIST_ITEMS, 3, 6);
            let style = rng.below(10);
            for (i, item) in items.iter().enumerate() {
                match style {
                    0..=4 => writeln!(out, "- {item}；").unwrap(),
                    5..=8 => writeln!(out, "{}. {item}。", i + 1).unwrap(),
                    _ => {
                        let done = if rng.pct(70) { "x" } else { " " };
                        writeln!(out, "- [{done}] {item}").unwrap()
                    }
                }
            }
            out.push('\n');
        } else if rng.pct(8) {
            writeln!(out, "> {}\n", rng.pick(QUOTES)).unwrap();
        }
    }

    if want_table {
        out.push_str(&table(kind, ctx, rng, units_for_table));
    }
    if want_code {
        out.push_str(&code_block(ctx, rng));
    }
    // One trailing newline.
    while out.ends_with("\n\n") {
        out.pop();
    }
    out
}

fn table(kind: Kind, ctx: &Ctx<'_>, rng: &mut Rng, units: &[EvalUnit]) -> String {
    let mut t = String::new();
    if kind == Kind::Evaluation && !units.is_empty() {
        t.push_str("## 测评票数统计\n\n");
        t.push_str("| 被评议单位 | 满意 | 基本满意 | 不满意 | 弃权 |\n");
        t.push_str("|---|---:|---:|---:|---:|\n");
        for u in units {
            writeln!(
                t,
                "| {} | {} | {} | {} | {} |",
                u.name, u.satisfied, u.basic, u.unsatisfied, u.abstain
            )
            .unwrap();
        }
    } else if kind == Kind::Report || rng.pct(30) {
        writeln!(t, "## {}年重点工作安排表\n", ctx.date.year()).unwrap();
        t.push_str("| 时间 | 工作内容 | 牵头单位 |\n|---|---|---|\n");
        let quarters = ["第一季度", "第二季度", "第三季度", "第四季度"];
        for q in quarters {
            for item in rng.pick_some(LIST_ITEMS, 1, 2) {
                let lead = if rng.pct(50) { "镇人大办" } else { ORG };
                writeln!(t, "| {q} | {item} | {lead} |").unwrap();
            }
        }
    } else {
        t.push_str("## 代表建议办理情况一览表\n\n");
        t.push_str("| 序号 | 建议内容 | 承办单位 | 办理情况 |\n|---:|---|---|---|\n");
        let n = rng.range(4, 8) as usize;
        let items = rng.pick_n(LIST_ITEMS, n);
        for (i, item) in items.iter().enumerate() {
            let unit = rng.pick(UNITS).0;
            let status = *rng.pick(&["已办结", "已办结", "办理中", "已列入计划"]);
            writeln!(t, "| {} | {item} | {unit} | {status} |", i + 1).unwrap();
        }
    }
    t.push('\n');
    t
}

fn code_block(ctx: &Ctx<'_>, rng: &mut Rng) -> String {
    let year = ctx.date.year();
    match rng.below(3) {
        0 => {
            let serial = rng.range(1, 300);
            format!(
                "## 附：信息公开模板\n\n镇人大办公室发布材料时使用的文章信息模板如下，复制后修改标题和日期即可。\n\n```toml\ntitle = \"{TOWN}人大主席团{year}年第一次会议\"\ndate = {year}-03-12\ncategories = [\"会议工作\"]\ntags = [\"主席团会议\"]\n[disclosure]\nindex_no = \"{ORG_CODE}/{year}-{serial:05}\"\ntopic = \"人大会议\"\n```\n\n"
            )
        }
        1 => {
            let s = rng.range(30, 40);
            let b = rng.range(2, 8);
            let u = rng.range(0, 5);
            format!(
                "## 附：测评票统计方法\n\n测评票由计票人统计，满意率按下列方法计算（保留一位小数）：\n\n```python\nvotes = {{\"满意\": {s}, \"基本满意\": {b}, \"不满意\": {u}}}\nvalid = sum(votes.values())\napproval = (votes[\"满意\"] + votes[\"基本满意\"]) / valid\nprint(f\"{{approval:.1%}}\")\n```\n\n"
            )
        }
        _ => {
            let n = rng.range(10, 40);
            let done = rng.range(5, n);
            format!(
                "## 附：办理进度数据\n\n报送县人大常委会的办理进度数据格式如下：\n\n```json\n{{\n  \"year\": {year},\n  \"suggestions\": {n},\n  \"completed\": {done},\n  \"unit\": \"{}\"\n}}\n```\n\n",
                ctx.unit
            )
        }
    }
}

// ---------------------------------------------------------------------------
// Pages

fn stem_word(kind: Kind, rng: &mut Rng) -> &'static str {
    let words: &[&str] = match kind {
        Kind::Article => &[
            "huiyi",
            "peixun",
            "lianluozhan",
            "jianyi",
            "yusuan",
            "daibiao",
            "xuanmin",
            "diaoyan",
        ],
        Kind::Inspection => &["shicha", "jiancha", "diaoyan"],
        Kind::Evaluation => &["pingyi", "minzhu-pingyi"],
        Kind::Submission => &["tougao", "daibiaobao", "jianxun"],
        Kind::Report => &["jihua", "xiaojie", "zongjie"],
    };
    rng.pick_str(words)
}

fn make_page(idx: usize, kind: Kind, seed: u64, names: &[String], width: usize) -> Page {
    let mut rng = Rng::derive(seed, 1, idx as u64);
    let first = Date::ymd(FIRST_YEAR, 1, 1);
    let (unit, topics) = *rng.pick(UNITS);
    let topic = *rng.pick(&topics);
    let vs = rng.pick_n(VILLAGES, 2);
    let delegate = rng.pick(names).clone();
    let itype = match rng.below(10) {
        0..=5 => "视察",
        6 | 7 => "执法检查",
        _ => "调研",
    };
    let mut ctx = Ctx {
        date: Date::between(&mut rng, first, last_page_date()),
        unit,
        topic,
        itype,
        village: vs[0],
        village2: vs[1],
        delegate: &delegate,
    };

    let mut categories = Vec::new();
    let mut tags: Vec<&'static str> = Vec::new();
    let mut updated = None;
    let mut doc_no = None;
    let mut author = "镇人大办".to_string();
    let mut source = Some(ORG);
    let mut draft = false;
    let title;
    let facts;

    match kind {
        Kind::Article => {
            let (t, cat, tag) = *rng.pick(NEWS_TITLES);
            title = fill(t, &ctx, &mut rng);
            categories.push(cat);
            tags.push(tag);
            draft = rng.pct(1);
            facts = Facts::None;
        }
        Kind::Inspection => {
            title = match itype {
                "视察" => format!("镇人大代表视察{unit}{topic}工作"),
                "执法检查" => format!("镇人大对{unit}开展{topic}执法检查"),
                _ => format!("镇人大就{topic}开展专题调研"),
            };
            categories.push("监督工作");
            tags.push(match itype {
                "视察" => "视察",
                "执法检查" => "执法检查",
                _ => "专题调研",
            });
            let delegates: Vec<String> = rng.pick_some(names, 3, 7);
            let findings = rng.pick_some(FINDINGS, 2, 4);
            let suggestions = rng.pick_some(LIST_ITEMS, 2, 4);
            let n = rng.range(1, 3);
            let mut followups = Vec::new();
            let mut d = ctx.date;
            for i in 0..n {
                d = d.plus(rng.range(7, 20));
                if d > end() {
                    break;
                }
                let last = i == n - 1;
                followups.push(Followup {
                    date: d,
                    status: if last { "已办结" } else { "办理中" },
                    note: if last {
                        FOLLOWUP_NOTES[4]
                    } else {
                        FOLLOWUP_NOTES[rng.below(4)]
                    },
                });
            }
            updated = followups.last().map(|f| f.date);
            facts = Facts::Inspection {
                itype,
                unit,
                topic,
                location: format!("{unit}、{}、{}", vs[0], vs[1]),
                delegates,
                findings,
                suggestions,
                followups,
            };
        }
        Kind::Evaluation => {
            let year = rng.range(FIRST_YEAR, LAST_YEAR);
            let meeting = Date::ymd(year, 10, 8).plus(rng.range(0, 38));
            ctx.date = meeting;
            title = format!("{year}年度镇人大代表民主评议基层站所结果公告");
            categories.push("评议工作");
            tags.push("民主评议");
            let steps = vec![
                (
                    meeting.plus(-rng.range(40, 50)),
                    "主席团会议确定评议对象，印发评议工作实施方案",
                ),
                (meeting.plus(-rng.range(20, 35)), "代表小组走访、召开座谈会"),
                (
                    meeting.plus(-rng.range(8, 12)),
                    "被评议单位提前送交述职报告",
                ),
                (meeting, "召开评议大会，听取述职报告，投票测评"),
            ];
            let present = rng.range(32, 60) as u32;
            let picked = rng.pick_some(UNITS, 3, 6);
            // The body speaks of the evaluated units.
            ctx.unit = picked[0].0;
            ctx.topic = picked[0].1[0];
            let mut units = Vec::new();
            for (name, _) in picked {
                let cast = present - rng.range(0, 2) as u32;
                let abstain = rng.range(0, 2) as u32;
                let valid = cast - abstain;
                let unsatisfied = if rng.pct(70) {
                    rng.below((valid as usize * 8 / 100).max(1)) as u32
                } else {
                    (valid * 12 / 100) + rng.below(valid as usize * 22 / 100 + 1) as u32
                };
                let approve = valid - unsatisfied;
                let basic = rng.below(approve as usize * 35 / 100 + 1) as u32;
                let satisfied = approve - basic;
                // approval = approve / valid, below 90% needs rectification.
                let mut rectification = Vec::new();
                if 10 * approve < 9 * valid {
                    let stages: [(&str, i64, i64); 5] = [
                        ("notice", 3, 7),
                        ("plan", 7, 14),
                        ("report", 20, 40),
                        ("review", 15, 30),
                        ("done", 5, 20),
                    ];
                    let n = rng.range(1, 5) as usize;
                    let mut d = meeting;
                    for &(stage, lo, hi) in &stages[..n] {
                        d = d.plus(rng.range(lo, hi));
                        if d > end() {
                            break;
                        }
                        let note = match stage {
                            "notice" => format!(
                                "镇人大主席团下发整改意见书，指出{}、{}等问题。",
                                rng.pick(FINDINGS),
                                rng.pick(FINDINGS)
                            ),
                            "plan" => format!("{name}报送整改方案：{}。", rng.pick(LIST_ITEMS)),
                            "report" => {
                                format!("{name}报送整改情况报告，各项整改措施已基本落实。")
                            }
                            "review" => format!(
                                "镇人大主席团组织代表跟踪督办，走访群众{}人次，整改成效得到认可。",
                                rng.range(20, 90)
                            ),
                            _ => "整改工作全部完成，主席团同意销号。".to_string(),
                        };
                        rectification.push(Rectification {
                            date: d,
                            stage,
                            note,
                        });
                    }
                }
                units.push(EvalUnit {
                    name,
                    satisfied,
                    basic,
                    unsatisfied,
                    abstain,
                    rectification,
                });
            }
            updated = units
                .iter()
                .flat_map(|u| u.rectification.iter().map(|r| r.date))
                .max();
            if units.iter().any(|u| !u.rectification.is_empty()) {
                tags.push("整改督办");
            }
            doc_no = Some(format!("清人主〔{year}〕{}号", rng.range(5, 20)));
            facts = Facts::Evaluation {
                year,
                round: 1,
                meeting,
                present,
                steps,
                units,
            };
        }
        Kind::Submission => {
            title = fill(rng.pick_str(SUBMISSION_TITLES), &ctx, &mut rng);
            categories.push("宣传调研");
            tags.push("宣传报道");
            let publication = *rng.pick(&PUBLICATIONS);
            let submitted = ctx.date;
            let mut status = match rng.below(100) {
                0..=54 => "published",
                55..=74 => "accepted",
                75..=89 => "submitted",
                _ => "rejected",
            };
            let mut published = None;
            if status == "published" {
                let p = submitted.plus(rng.range(10, 45));
                if p > end() {
                    status = "accepted";
                } else {
                    published = Some(p);
                }
            }
            let (issue, page) = match published {
                Some(p) => {
                    let issue = if publication == "代表报" {
                        format!(
                            "第{}期",
                            800 + (p.year() - FIRST_YEAR) * 52 + rng.range(0, 51)
                        )
                    } else {
                        let per_year = if publication == "中国人大" {
                            24
                        } else {
                            12
                        };
                        format!("{}年第{}期", p.year(), rng.range(1, per_year))
                    };
                    (Some(issue), Some(format!("{}版", rng.range(1, 4))))
                }
                None => (None, None),
            };
            let mut authors = vec![delegate.clone()];
            if rng.pct(40) {
                let other = rng.pick(names).clone();
                if other != delegate {
                    authors.push(other);
                }
            }
            author = authors[0].clone();
            source = None;
            facts = Facts::Submission {
                publication,
                submitted,
                status,
                published,
                issue,
                page,
                authors,
            };
        }
        Kind::Report => {
            let mut year = rng.range(FIRST_YEAR, LAST_YEAR);
            let rtype = match rng.below(10) {
                0..=2 => "年度工作计划",
                3..=5 => "半年小结",
                6..=8 => "年终总结",
                _ => "代表建议办理情况报告",
            };
            if rtype == "年终总结" && year == LAST_YEAR {
                year -= 1;
            }
            ctx.date = match rtype {
                "年度工作计划" => Date::ymd(year, 1, 10).plus(rng.range(0, 45)),
                "半年小结" => Date::ymd(year, 7, 1).plus(rng.range(0, 19)),
                "年终总结" => Date::ymd(year, 12, 15).plus(rng.range(0, 13)),
                _ => Date::ymd(year, 9, 1).plus(rng.range(0, 50)),
            };
            title = match rtype {
                "年度工作计划" => format!("{ORG}{year}年工作计划"),
                "半年小结" => format!("{ORG}{year}年上半年工作小结"),
                "年终总结" => format!("{ORG}{year}年工作总结"),
                _ => format!("{ORG}关于{year}年代表建议办理情况的报告"),
            };
            categories.push("计划总结");
            tags.push(match rtype {
                "年度工作计划" => "工作计划",
                "半年小结" => "半年小结",
                "年终总结" => "年终总结",
                _ => "议案建议",
            });
            author = ORG.to_string();
            if rng.pct(50) {
                doc_no = Some(format!("清人主〔{year}〕{}号", rng.range(1, 20)));
            }
            facts = Facts::Report { rtype, year };
        }
    }

    // 1–3 tags in all; a second category now and then.
    let extra = rng.range(0, 2) as usize;
    for t in rng.pick_n(TAGS, extra + 2) {
        if tags.len() < 1 + extra && !tags.contains(&t) {
            tags.push(t);
        }
    }
    if kind == Kind::Article && rng.pct(15) {
        let c = *rng.pick(CATEGORIES);
        if !categories.contains(&c) {
            categories.push(c);
        }
    }
    if kind == Kind::Article && updated.is_none() && rng.pct(20) {
        updated = Some(ctx.date.plus(rng.range(1, 60)).min(end()));
    }

    let eval_units: &[EvalUnit] = match &facts {
        Facts::Evaluation { units, .. } => units,
        _ => &[],
    };
    let body = body(kind, &ctx, &mut rng, eval_units);
    let topic = disclosure_topic(categories[0]);
    Page {
        stem: format!("p{idx:0width$}-{}", stem_word(kind, &mut rng)),
        kind,
        title,
        date: ctx.date,
        updated: updated.filter(|u| *u > ctx.date),
        draft,
        author,
        source,
        categories,
        tags,
        index_no: String::new(),
        topic,
        doc_no,
        facts,
        body,
    }
}

/// Kinds of the N pages in a shuffled order: 10% inspections, 2% evaluations,
/// 10% submissions, 5% reports, the rest articles.
fn kinds(n: usize, seed: u64) -> Vec<Kind> {
    let share = |pct: usize| (n * pct + 50) / 100;
    let mut v = Vec::with_capacity(n);
    v.extend(std::iter::repeat_n(Kind::Inspection, share(10)));
    v.extend(std::iter::repeat_n(Kind::Evaluation, share(2)));
    v.extend(std::iter::repeat_n(Kind::Submission, share(10)));
    v.extend(std::iter::repeat_n(Kind::Report, share(5)));
    v.truncate(n);
    v.resize(n, Kind::Article);
    Rng::derive(seed, 0, 0).shuffle(&mut v);
    v
}

/// 索引号 `{code}/{year}-{serial:05}`: serials per year in date order.
/// gongkai allows one evaluation a year and re-evaluations after it
/// (`round = 2` …): number the published ones of each year in the order
/// gongkai checks them (meeting date, then file).
fn assign_evaluation_rounds(pages: &mut [Page]) {
    let mut order: Vec<(i64, Date, String, usize)> = pages
        .iter()
        .enumerate()
        .filter(|(_, p)| !p.draft)
        .filter_map(|(i, p)| match &p.facts {
            Facts::Evaluation { year, meeting, .. } => Some((*year, *meeting, p.stem.clone(), i)),
            _ => None,
        })
        .collect();
    order.sort();
    let mut last_year = None;
    let mut next = 1;
    for (year, _, _, i) in order {
        if last_year != Some(year) {
            last_year = Some(year);
            next = 1;
        }
        if let Facts::Evaluation { round, .. } = &mut pages[i].facts {
            *round = next;
        }
        next += 1;
    }
}

fn assign_index_numbers(pages: &mut [Page]) {
    let mut order: Vec<usize> = (0..pages.len()).collect();
    order.sort_by_key(|&i| (pages[i].date, i));
    let mut year = i64::MIN;
    let mut serial = 0;
    for i in order {
        let y = pages[i].date.year();
        if y != year {
            year = y;
            serial = 0;
        }
        serial += 1;
        pages[i].index_no = format!("{ORG_CODE}/{y}-{serial:05}");
    }
}

// ---------------------------------------------------------------------------
// Writing front matter

/// A TOML basic string.
fn q(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            c if c.is_control() => write!(out, "\\u{:04X}", c as u32).unwrap(),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn q_list<S: AsRef<str>>(xs: &[S]) -> String {
    let items: Vec<String> = xs.iter().map(|s| q(s.as_ref())).collect();
    format!("[{}]", items.join(", "))
}

/// The `[disclosure]` and kind tables, each table name prefixed (`params.` for Hugo).
fn write_tables(out: &mut String, page: &Page, prefix: &str) {
    writeln!(out, "[{prefix}disclosure]").unwrap();
    writeln!(out, "index_no = {}", q(&page.index_no)).unwrap();
    writeln!(out, "topic = {}", q(page.topic)).unwrap();
    if let Some(d) = &page.doc_no {
        writeln!(out, "doc_no = {}", q(d)).unwrap();
    }
    match &page.facts {
        Facts::None => {}
        Facts::Inspection {
            itype,
            unit,
            topic,
            location,
            delegates,
            findings,
            suggestions,
            followups,
        } => {
            writeln!(out, "[{prefix}inspection]").unwrap();
            writeln!(out, "type = {}", q(itype)).unwrap();
            writeln!(out, "unit = {}", q(unit)).unwrap();
            writeln!(out, "topic = {}", q(topic)).unwrap();
            writeln!(out, "location = {}", q(location)).unwrap();
            writeln!(out, "organizer = {}", q(ORG)).unwrap();
            writeln!(out, "delegates = {}", q_list(delegates)).unwrap();
            writeln!(out, "findings = [").unwrap();
            for f in findings {
                writeln!(out, "  {},", q(f)).unwrap();
            }
            writeln!(out, "]\nsuggestions = [").unwrap();
            for s in suggestions {
                writeln!(out, "  {},", q(s)).unwrap();
            }
            out.push_str("]\n");
            for f in followups {
                writeln!(out, "[[{prefix}inspection.followups]]").unwrap();
                writeln!(out, "date = {}", f.date.iso()).unwrap();
                writeln!(out, "status = {}", q(f.status)).unwrap();
                writeln!(out, "note = {}", q(f.note)).unwrap();
            }
        }
        Facts::Evaluation {
            year,
            round,
            meeting,
            present,
            steps,
            units,
        } => {
            writeln!(out, "[{prefix}evaluation]").unwrap();
            writeln!(out, "year = {year}").unwrap();
            if *round > 1 {
                writeln!(out, "round = {round}").unwrap();
            }
            writeln!(out, "meeting_date = {}", meeting.iso()).unwrap();
            writeln!(out, "organizer = {}", q(ORG)).unwrap();
            writeln!(out, "delegates_present = {present}").unwrap();
            // The 公示期 of the result: a week from the day after the meeting.
            writeln!(out, "\n[{prefix}evaluation.notice]").unwrap();
            writeln!(out, "start = {}", meeting.plus(1).iso()).unwrap();
            writeln!(out, "end = {}", meeting.plus(7).iso()).unwrap();
            writeln!(out, "contact = {}", q("镇人大办 0578-0000000")).unwrap();
            for (d, what) in steps {
                writeln!(out, "\n[[{prefix}evaluation.steps]]").unwrap();
                writeln!(out, "date = {}", d.iso()).unwrap();
                writeln!(out, "what = {}", q(what)).unwrap();
            }
            for u in units {
                writeln!(out, "\n[[{prefix}evaluation.units]]").unwrap();
                writeln!(out, "name = {}", q(u.name)).unwrap();
                writeln!(
                    out,
                    "votes = {{ satisfied = {}, basically_satisfied = {}, unsatisfied = {}, abstain = {} }}",
                    u.satisfied, u.basic, u.unsatisfied, u.abstain
                )
                .unwrap();
                for r in &u.rectification {
                    writeln!(out, "[[{prefix}evaluation.units.rectification]]").unwrap();
                    writeln!(out, "date = {}", r.date.iso()).unwrap();
                    writeln!(out, "stage = {}", q(r.stage)).unwrap();
                    writeln!(out, "note = {}", q(&r.note)).unwrap();
                }
            }
        }
        Facts::Submission {
            publication,
            submitted,
            status,
            published,
            issue,
            page: pg,
            authors,
        } => {
            writeln!(out, "[{prefix}submission]").unwrap();
            writeln!(out, "publication = {}", q(publication)).unwrap();
            writeln!(out, "submitted = {}", submitted.iso()).unwrap();
            writeln!(out, "status = {}", q(status)).unwrap();
            if let Some(p) = published {
                writeln!(out, "published = {}", p.iso()).unwrap();
            }
            if let Some(i) = issue {
                writeln!(out, "issue = {}", q(i)).unwrap();
            }
            if let Some(p) = pg {
                writeln!(out, "page = {}", q(p)).unwrap();
            }
            writeln!(out, "authors = {}", q_list(authors)).unwrap();
        }
        Facts::Report { rtype, year } => {
            writeln!(out, "[{prefix}report]").unwrap();
            writeln!(out, "type = {}", q(rtype)).unwrap();
            writeln!(out, "year = {year}").unwrap();
        }
    }
}

fn gongkai_page(page: &Page) -> String {
    let mut out = String::with_capacity(page.body.len() + 1024);
    out.push_str("+++\n");
    writeln!(out, "title = {}", q(&page.title)).unwrap();
    writeln!(out, "date = {}", page.date.iso()).unwrap();
    if let Some(u) = page.updated {
        writeln!(out, "updated = {}", u.iso()).unwrap();
    }
    if page.draft {
        out.push_str("draft = true\n");
    }
    writeln!(out, "author = {}", q(&page.author)).unwrap();
    if let Some(s) = page.source {
        writeln!(out, "source = {}", q(s)).unwrap();
    }
    writeln!(out, "categories = {}", q_list(&page.categories)).unwrap();
    writeln!(out, "tags = {}", q_list(&page.tags)).unwrap();
    write_tables(&mut out, page, "");
    out.push_str("+++\n\n");
    out.push_str(&page.body);
    out
}

fn hugo_page(page: &Page) -> String {
    let mut out = String::with_capacity(page.body.len() + 1024);
    out.push_str("+++\n");
    writeln!(out, "title = {}", q(&page.title)).unwrap();
    writeln!(out, "date = {}", page.date.iso()).unwrap();
    if let Some(u) = page.updated {
        writeln!(out, "lastmod = {}", u.iso()).unwrap();
    }
    writeln!(out, "draft = {}", !page.published()).unwrap();
    writeln!(out, "categories = {}", q_list(&page.categories)).unwrap();
    writeln!(out, "tags = {}", q_list(&page.tags)).unwrap();
    out.push_str("[params]\n");
    writeln!(out, "page_kind = {}", q(SECTIONS_KIND[page.kind as usize])).unwrap();
    writeln!(out, "author = {}", q(&page.author)).unwrap();
    if let Some(s) = page.source {
        writeln!(out, "source = {}", q(s)).unwrap();
    }
    write_tables(&mut out, page, "params.");
    out.push_str("+++\n\n");
    out.push_str(&page.body);
    out
}

const SECTIONS_KIND: [&str; 5] = [
    "article",
    "inspection",
    "evaluation",
    "submission",
    "report",
];

// ---------------------------------------------------------------------------
// Site files

fn site_toml(base_url: &str) -> String {
    let mut s = String::new();
    s.push_str(
        "# gongkai 基准测试站点（由 examples/gen_corpus.rs 生成，内容为虚构）\n\n\
         # 网站名称，显示在每页标题和页头\n\
         title = \"清溪镇人民代表大会\"\n\
         # 网站简介，用于搜索引擎和订阅源（RSS/Atom）\n\
         description = \"青山县清溪镇人民代表大会信息公开网站：人大要闻、视察调研、评议公开、代表投稿、工作计划与总结。\"\n",
    );
    writeln!(
        s,
        "# 网站正式地址（可以带子路径，末尾保留斜杠）\nbase_url = {}",
        q(base_url)
    )
    .unwrap();
    s.push_str(
        "# 网站语言：简体中文\n\
         language = \"zh-Hans\"\n\
         # 使用的主题；default 为 gongkai 内置主题\n\
         theme = \"default\"\n\
         # 栏目未设置时每页列出的文章数（分类、标签页也用它）\n\
         paginate_by = 20\n\
         # 订阅源收录的文章数\n\
         feed_limit = 20\n\n\
         # 信息公开设置\n\
         [disclosure]\n\
         # 索引号格式：{code} 为下方统一社会信用代码，{year} 为年份，{serial:05} 为当年流水号（补足5位）\n\
         index_format = \"{code}/{year}-{serial:05}\"\n\n\
         # 发布机构信息（显示在信息公开栏和页脚）\n\
         [org]\n\
         name = \"清溪镇人大主席团\"\n",
    );
    writeln!(
        s,
        "# 统一社会信用代码（虚构），也是索引号的前缀\ncode = {}",
        q(ORG_CODE)
    )
    .unwrap();
    s.push_str(
        "# ICP备案号（虚构）\n\
         icp = \"青ICP备00000000号\"\n\
         # 政府网站标识码（虚构）\n\
         site_code = \"0000000000\"\n\
         address = \"青山县清溪镇人民路1号\"\n\n\
         # 民主评议测评结果的计算办法\n\
         [evaluation]\n\
         basis = \"approval\"\n\
         ratings = [ { min = 0.90, label = \"满意单位\" }, { min = 0.70, label = \"基本满意单位\" }, { min = 0.00, label = \"不满意单位\" } ]\n\n\
         # 代表投稿（宣传调研任务）设置\n\
         [submissions]\n\
         publications = [\"代表报\", \"中国人大\", \"时代主人\", \"人大简讯\"]\n\
         public_statuses = [\"accepted\", \"published\"]\n\n\
         # 县人大常委会下达的每年宣传调研任务（刊用篇数）\n\
         [submissions.quota]\n",
    );
    for y in FIRST_YEAR..=LAST_YEAR {
        writeln!(s, "{y} = {}", if y < 2020 { 10 } else { 12 }).unwrap();
    }
    s
}

const HOME_INTRO: &str = "欢迎访问清溪镇人民代表大会网站。\n\n本网站由清溪镇人大主席团主办，及时公开镇人大的会议、监督、代表工作等信息：镇人民代表大会召开情况、代表视察调研、基层站所民主评议结果及整改情况、代表投稿、年度工作计划与总结。\n";

fn gongkai_home() -> String {
    format!("+++\ntitle = \"首页\"\ndescription = \"青山县清溪镇人民代表大会信息公开网站\"\n+++\n\n{HOME_INTRO}")
}

fn gongkai_section(i: usize) -> String {
    let (_, kind, title, desc, intro) = SECTIONS[i];
    format!(
        "+++\ntitle = {}\ndescription = {}\nweight = {}\npage_kind = {}\npaginate_by = 20\n+++\n\n{intro}\n",
        q(title),
        q(desc),
        i + 1,
        q(kind)
    )
}

fn hugo_home() -> String {
    format!("+++\ntitle = \"首页\"\ndescription = \"青山县清溪镇人民代表大会信息公开网站\"\n+++\n\n{HOME_INTRO}")
}

fn hugo_section(i: usize) -> String {
    let (_, _, title, desc, intro) = SECTIONS[i];
    format!(
        "+++\ntitle = {}\ndescription = {}\nweight = {}\n+++\n\n{intro}\n",
        q(title),
        q(desc),
        i + 1
    )
}

fn hugo_toml(base_url: &str) -> String {
    format!(
        r#"# Hugo 对照站点（由 examples/gen_corpus.rs 生成，内容与 gongkai 基准站点相同）
baseURL = {base}
languageCode = "zh-cn"
title = "清溪镇人民代表大会"
hasCJKLanguage = true
summaryLength = 120
# gongkai has no notion of future posts: publish everything dated.
buildFuture = true
enableRobotsTXT = true
disableKinds = []

[pagination]
pagerSize = 20

[taxonomies]
category = "categories"
tag = "tags"

[outputs]
home = ["html", "rss"]
section = ["html", "rss"]
taxonomy = ["html"]
term = ["html"]

[services.rss]
limit = 20

[sitemap]
changeFreq = ""
filename = "sitemap.xml"
priority = -1

[markup.goldmark.renderer]
unsafe = true

[markup.goldmark.extensions]
table = true
strikethrough = true
taskList = true

[markup.highlight]
codeFences = true
noClasses = false

[markup.tableOfContents]
startLevel = 2
endLevel = 3

[params]
description = "青山县清溪镇人民代表大会信息公开网站：人大要闻、视察调研、评议公开、代表投稿、工作计划与总结。"

[params.org]
name = "清溪镇人大主席团"
code = {code}
icp = "青ICP备00000000号"
site_code = "0000000000"
address = "青山县清溪镇人民路1号"
"#,
        base = q(base_url),
        code = q(ORG_CODE)
    )
}

/// The Hugo theme: (path under the site root, text).
const HUGO_LAYOUTS: &[(&str, &str)] = &[
    (
        "layouts/_default/baseof.html",
        r##"<!DOCTYPE html>
<html lang="zh-Hans">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ block "title" . }}{{ if .IsHome }}{{ site.Title }}{{ else }}{{ .Title }} - {{ site.Title }}{{ end }}{{ end }}</title>
<meta name="description" content="{{ with .Description }}{{ . }}{{ else }}{{ if .IsPage }}{{ .Summary | plainify | truncate 120 }}{{ else }}{{ site.Params.description }}{{ end }}{{ end }}">
<meta name="format-detection" content="telephone=no">
<link rel="canonical" href="{{ .Permalink }}">
<link rel="stylesheet" href="{{ "css/style.css" | relURL }}">
{{- with .OutputFormats.Get "rss" }}
<link rel="alternate" type="application/rss+xml" title="{{ site.Title }}（RSS）" href="{{ .RelPermalink }}">
{{- end }}
</head>
<body>
<a class="skip-link" href="#main">跳到正文</a>
<header class="site-header">
<div class="wrap"><a class="brand" href="{{ "" | relURL }}"><span class="site-title">{{ site.Title }}</span> <span class="site-org">{{ site.Params.org.name }}</span></a></div>
<nav class="site-nav" aria-label="栏目导航"><div class="wrap"><ul>
<li><a href="{{ "" | relURL }}"{{ if .IsHome }} class="active" aria-current="page"{{ end }}>首页</a></li>
{{- range site.Sections.ByWeight }}
<li><a href="{{ .RelPermalink }}"{{ if eq .Section $.Section }} class="active"{{ end }}>{{ .Title }}</a></li>
{{- end }}
</ul></div></nav>
</header>
{{- if and (not .IsHome) .Parent }}
<nav class="breadcrumbs" aria-label="当前位置"><div class="wrap"><ol>
<li><a href="{{ "" | relURL }}">首页</a></li>
{{- if and .IsPage .Parent (not .Parent.IsHome) }}
<li><a href="{{ .Parent.RelPermalink }}">{{ .Parent.Title }}</a></li>
{{- end }}
<li><a href="{{ .RelPermalink }}" aria-current="page">{{ .Title }}</a></li>
</ol></div></nav>
{{- end }}
<main id="main" class="wrap">
{{ block "main" . }}{{ end }}
</main>
<footer class="site-footer"><div class="wrap">
<ul class="footer-nav">
<li><a href="{{ "" | relURL }}">网站首页</a></li>
<li><a href="{{ "categories/" | relURL }}">分类</a></li>
<li><a href="{{ "tags/" | relURL }}">标签</a></li>
<li><a href="{{ "index.xml" | relURL }}">RSS 订阅</a></li>
</ul>
<p>主办单位：{{ site.Params.org.name }}</p>
<p>地址：{{ site.Params.org.address }}</p>
<p><span class="fi">ICP备案号：<a href="https://beian.miit.gov.cn/" rel="noopener">{{ site.Params.org.icp }}</a></span> <span class="fi">政府网站标识码：{{ site.Params.org.site_code }}</span></p>
<p>© {{ now.Year }} {{ site.Params.org.name }}</p>
</div></footer>
</body>
</html>
"##,
    ),
    (
        "layouts/_default/single.html",
        r##"{{ define "main" }}
<article class="doc doc-{{ .Params.page_kind }}">
{{- with .Params.disclosure }}
<div class="disclosure"><dl>
<div><dt>索引号</dt><dd>{{ .index_no }}</dd></div>
<div><dt>发布机构</dt><dd>{{ site.Params.org.name }}</dd></div>
<div><dt>主题分类</dt><dd>{{ with .topic }}{{ . }}{{ else }}{{ index $.Params.categories 0 }}{{ end }}</dd></div>
<div><dt>发布日期</dt><dd><time datetime="{{ $.Date.Format "2006-01-02" }}">{{ $.Date.Format "2006年1月2日" }}</time></dd></div>
{{- with .doc_no }}
<div><dt>文号</dt><dd>{{ . }}</dd></div>
{{- end }}
</dl></div>
{{- end }}
<header class="doc-header">
<h1>{{ .Title }}</h1>
<p class="doc-meta">
<span>发布日期：<time datetime="{{ .Date.Format "2006-01-02" }}">{{ .Date.Format "2006年1月2日" }}</time></span>
{{- if ne .Lastmod .Date }} <span>更新日期：{{ .Lastmod.Format "2006年1月2日" }}</span>{{ end }}
{{- with .Params.author }} <span>作者：{{ . }}</span>{{ end }}
{{- with .Params.source }} <span>来源：{{ . }}</span>{{ end }}
 <span>字数：{{ .WordCount }} 字</span> <span>阅读约 {{ .ReadingTime }} 分钟</span>
</p>
</header>
{{- with .Params.inspection }}
<section class="kind-table"><h2>视察调研</h2><dl>
<div><dt>类型</dt><dd>{{ .type }}</dd></div>
<div><dt>被视察单位</dt><dd>{{ .unit }}</dd></div>
<div><dt>主题</dt><dd>{{ .topic }}</dd></div>
<div><dt>地点</dt><dd>{{ .location }}</dd></div>
<div><dt>组织单位</dt><dd>{{ .organizer }}</dd></div>
<div><dt>参加代表</dt><dd>{{ delimit .delegates "、" }}</dd></div>
<div><dt>发现的问题</dt><dd><ol>{{ range .findings }}<li>{{ . }}</li>{{ end }}</ol></dd></div>
<div><dt>意见建议</dt><dd><ol>{{ range .suggestions }}<li>{{ . }}</li>{{ end }}</ol></dd></div>
</dl>
{{- with .followups }}
<h3>办理反馈</h3><ol class="timeline">{{ range . }}<li>{{ .date }} <strong>{{ .status }}</strong> {{ .note }}</li>{{ end }}</ol>
{{- end }}
</section>
{{- end }}
{{- with .Params.evaluation }}
<section class="kind-table"><h2>评议公开</h2>
<p>{{ .year }}年度 · 评议大会 {{ .meeting_date }} · 到会代表 {{ .delegates_present }} 名 · {{ .organizer }}</p>
{{- with .steps }}<ol class="timeline">{{ range . }}<li>{{ .date }} {{ .what }}</li>{{ end }}</ol>{{ end }}
<table><thead><tr><th>单位</th><th>满意</th><th>基本满意</th><th>不满意</th><th>弃权</th><th>满意率</th><th>等次</th></tr></thead><tbody>
{{- range .units }}
{{- $v := .votes }}{{ $ok := add $v.satisfied $v.basically_satisfied }}{{ $valid := add $ok $v.unsatisfied }}{{ $r := div (float $ok) $valid }}
<tr><td>{{ .name }}</td><td>{{ $v.satisfied }}</td><td>{{ $v.basically_satisfied }}</td><td>{{ $v.unsatisfied }}</td><td>{{ $v.abstain }}</td><td>{{ printf "%.1f%%" (mul 100 $r) }}</td><td>{{ if ge $r 0.9 }}满意单位{{ else if ge $r 0.7 }}基本满意单位{{ else }}不满意单位{{ end }}</td></tr>
{{- with .rectification }}
<tr class="rect"><td colspan="7"><ol>{{ range . }}<li>{{ .date }} {{ .stage }} {{ .note }}</li>{{ end }}</ol></td></tr>
{{- end }}
{{- end }}
</tbody></table>
</section>
{{- end }}
{{- with .Params.submission }}
<section class="kind-table"><h2>代表投稿</h2><dl>
<div><dt>刊物</dt><dd>{{ .publication }}</dd></div>
<div><dt>投稿日期</dt><dd>{{ .submitted }}</dd></div>
<div><dt>状态</dt><dd>{{ .status }}</dd></div>
{{- with .published }}<div><dt>刊用日期</dt><dd>{{ . }}</dd></div>{{ end }}
{{- with .issue }}<div><dt>期号</dt><dd>{{ . }}{{ with $.Params.submission.page }} {{ . }}{{ end }}</dd></div>{{ end }}
<div><dt>作者</dt><dd>{{ delimit .authors "、" }}</dd></div>
</dl></section>
{{- end }}
{{- with .Params.report }}
<section class="kind-table"><h2>计划总结</h2><dl>
<div><dt>类型</dt><dd>{{ .type }}</dd></div>
<div><dt>年度</dt><dd>{{ .year }}</dd></div>
</dl></section>
{{- end }}
{{- if gt (len .Fragments.Headings) 0 }}
<nav class="toc" aria-label="目录"><p class="toc-title">目录</p>{{ .TableOfContents }}</nav>
{{- end }}
<div class="content">
{{ .Content }}
</div>
{{- if or .Params.categories .Params.tags }}
<div class="terms">
{{- with .GetTerms "categories" }}
<p><span class="terms-label">分类：</span>{{ range $i, $t := . }}{{ if $i }}、{{ end }}<a href="{{ $t.RelPermalink }}">{{ $t.LinkTitle }}</a>{{ end }}</p>
{{- end }}
{{- with .GetTerms "tags" }}
<p><span class="terms-label">标签：</span>{{ range $i, $t := . }}{{ if $i }}、{{ end }}<a href="{{ $t.RelPermalink }}">{{ $t.LinkTitle }}</a>{{ end }}</p>
{{- end }}
</div>
{{- end }}
</article>
<nav class="prev-next" aria-label="上一篇和下一篇"><ul>
{{- with .NextInSection }}
<li><span class="pn-label">上一篇：</span><a href="{{ .RelPermalink }}" rel="prev">{{ .Title }}</a></li>
{{- end }}
{{- with .PrevInSection }}
<li><span class="pn-label">下一篇：</span><a href="{{ .RelPermalink }}" rel="next">{{ .Title }}</a></li>
{{- end }}
<li><span class="pn-label">返回栏目：</span><a href="{{ .CurrentSection.RelPermalink }}">{{ .CurrentSection.Title }}</a></li>
</ul></nav>
{{ end }}
"##,
    ),
    (
        "layouts/_default/list.html",
        r##"{{ define "main" }}
{{- $pager := .Paginate .Pages }}
<div class="listing">
<header class="list-header">
<h1>{{ .Title }}</h1>
{{- if eq $pager.PageNumber 1 }}
{{- with .Content }}<div class="content intro">{{ . }}</div>{{ else }}{{ with .Description }}<p class="intro">{{ . }}</p>{{ end }}{{ end }}
{{- end }}
</header>
{{- if $pager.Pages }}
<ul class="items">
{{- range $pager.Pages }}
{{ partial "item.html" . }}
{{- end }}
</ul>
{{- else }}
<p class="empty">本栏目暂无内容。</p>
{{- end }}
{{ partial "pagination.html" $pager }}
</div>
{{ end }}
"##,
    ),
    (
        "layouts/_default/taxonomy.html",
        r##"{{ define "main" }}
<div class="listing">
<header class="list-header"><h1>{{ .Title }}</h1></header>
<ul class="terms-list">
{{- range .Data.Terms.ByCount }}
<li><a href="{{ .Page.RelPermalink }}">{{ .Page.Title }}</a> <span class="count">（{{ .Count }}）</span></li>
{{- end }}
</ul>
</div>
{{ end }}
"##,
    ),
    (
        "layouts/_default/term.html",
        r##"{{ define "main" }}
{{- $pager := .Paginate .Pages }}
<div class="listing">
<header class="list-header">
<h1><span class="h1-label">{{ .Parent.Title }}：</span>{{ .Title }}</h1>
<p class="intro">共 {{ len .Pages }} 篇。<a href="{{ .Parent.RelPermalink }}">查看全部{{ .Parent.Title }}</a></p>
</header>
<ul class="items">
{{- range $pager.Pages }}
{{ partial "item.html" . }}
{{- end }}
</ul>
{{ partial "pagination.html" $pager }}
</div>
{{ end }}
"##,
    ),
    (
        "layouts/index.html",
        r##"{{ define "main" }}
<div class="home">
<h1 class="home-title">{{ site.Title }}</h1>
{{- with .Content }}<div class="content intro">{{ . }}</div>{{ end }}
<div class="boxes">
{{- range site.Sections.ByWeight }}
<section class="box">
<h2><a href="{{ .RelPermalink }}">{{ .Title }}</a></h2>
<ul class="compact">
{{- range first 8 .Pages }}
<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> <time datetime="{{ .Date.Format "2006-01-02" }}">{{ .Date.Format "2006年1月2日" }}</time></li>
{{- end }}
</ul>
<p class="more"><a href="{{ .RelPermalink }}">更多{{ .Title }}</a></p>
</section>
{{- end }}
</div>
</div>
{{ end }}
"##,
    ),
    (
        "layouts/404.html",
        r##"{{ define "main" }}
<div class="not-found">
<h1>没有找到这个页面</h1>
<p>您要找的页面可能已经移动或删除。请回到<a href="{{ "" | relURL }}">网站首页</a>，或从上方栏目中查找。</p>
</div>
{{ end }}
"##,
    ),
    (
        "layouts/partials/item.html",
        r##"<li class="item">
<h2 class="item-title"><a href="{{ .RelPermalink }}">{{ .Title }}</a></h2>
<p class="item-meta"><time datetime="{{ .Date.Format "2006-01-02" }}">{{ .Date.Format "2006年1月2日" }}</time>{{ with .Params.page_kind }}{{ if ne . "article" }} <span class="kind kind-{{ . }}">{{ . }}</span>{{ end }}{{ end }}</p>
<div class="item-summary">{{ .Summary }}</div>
</li>"##,
    ),
    (
        "layouts/partials/pagination.html",
        r##"{{- $p := . }}
{{- if gt $p.TotalPages 1 }}
{{- $cur := $p.PageNumber }}
<nav class="pagination" aria-label="分页"><ul>
{{- with $p.Prev }}
<li><a href="{{ .URL }}" rel="prev">上一页</a></li>
{{- end }}
{{- range $p.Pagers }}
{{- $i := .PageNumber }}
{{- if eq $i $cur }}
<li><a href="{{ .URL }}" aria-current="page">{{ $i }}</a></li>
{{- else if or (eq $i 1) (eq $i $p.TotalPages) (and (ge $i (sub $cur 2)) (le $i (add $cur 2))) }}
<li><a href="{{ .URL }}" aria-label="第{{ $i }}页">{{ $i }}</a></li>
{{- else if or (eq $i (sub $cur 3)) (eq $i (add $cur 3)) }}
<li class="gap" aria-hidden="true">…</li>
{{- end }}
{{- end }}
{{- with $p.Next }}
<li><a href="{{ .URL }}" rel="next">下一页</a></li>
{{- end }}
</ul>
<p class="pager-info">第 {{ $cur }} 页，共 {{ $p.TotalPages }} 页，{{ $p.TotalNumberOfElements }} 篇</p>
</nav>
{{- end }}
"##,
    ),
    (
        "static/css/style.css",
        r##"body{margin:0;font:18px/1.8 "PingFang SC","Noto Sans CJK SC","Microsoft YaHei",sans-serif;color:#222;background:#fff}
a{color:#0b4f9c}
.wrap{max-width:960px;margin:0 auto;padding:0 1rem}
.skip-link{position:absolute;left:-999px}
.site-header{background:#b71c1c;color:#fff}
.site-header a{color:#fff;text-decoration:none}
.brand{display:block;padding:1rem 0;font-size:1.5rem}
.site-nav ul,.footer-nav,.breadcrumbs ol,.pagination ul,.prev-next ul{list-style:none;margin:0;padding:0;display:flex;flex-wrap:wrap;gap:.5rem 1rem}
.site-nav a.active{border-bottom:3px solid #fff}
.breadcrumbs li+li::before{content:"›";margin-right:.5rem}
.disclosure dl{display:grid;grid-template-columns:1fr 1fr;border:1px solid #ccc;padding:.5rem;margin:1rem 0}
.disclosure dt,.kind-table dt{font-weight:bold}
.kind-table{background:#f7f7f7;padding:.5rem 1rem;margin:1rem 0}
table{border-collapse:collapse;width:100%}
th,td{border:1px solid #ccc;padding:.25rem .5rem}
pre{overflow-x:auto;background:#f4f4f4;padding:.75rem}
.items{list-style:none;padding:0}
.item{border-bottom:1px solid #eee;padding:.5rem 0}
.item-title{font-size:1.1rem;margin:0}
.kind{background:#eee;padding:0 .4rem;font-size:.85em}
.boxes{display:grid;grid-template-columns:repeat(auto-fit,minmax(280px,1fr));gap:1rem}
.site-footer{background:#f2f2f2;margin-top:2rem;padding:1rem 0;font-size:.9rem}
@media print{.site-nav,.breadcrumbs,.pagination,.prev-next,.site-footer{display:none}}
"##,
    ),
];

// ---------------------------------------------------------------------------
// Output

/// Makes `dir` ready: created when missing; when it holds files, it must be
/// one gen_corpus made (or `--force`), and `clear` (its generated folders)
/// are removed so that no page of a larger earlier corpus is left behind.
fn prepare_dir(dir: &Path, clear: &[&str], force: bool) -> Result<(), String> {
    if dir.exists() {
        let nonempty = fs::read_dir(dir)
            .map_err(|e| format!("{}: {e}", dir.display()))?
            .next()
            .is_some();
        if nonempty && !dir.join(MARKER).exists() && !force {
            return Err(format!(
                "{} is not empty and was not made by gen_corpus; choose another folder or pass --force",
                dir.display()
            ));
        }
        for sub in clear {
            let p = dir.join(sub);
            if p.exists() {
                fs::remove_dir_all(&p).map_err(|e| format!("{}: {e}", p.display()))?;
            }
        }
    }
    fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))
}

fn write(path: &Path, text: &str) -> Result<(), String> {
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent).map_err(|e| format!("{}: {e}", parent.display()))?;
    }
    check_no_personal_data(path, text)?;
    fs::write(path, text).map_err(|e| format!("{}: {e}", path.display()))
}

/// A last guard: no run of 11 or more digits (mobile numbers, ID and bank card
/// numbers) may ever be written.
fn check_no_personal_data(path: &Path, text: &str) -> Result<(), String> {
    for (line_no, line) in text.lines().enumerate() {
        let mut run = 0;
        for c in line.chars() {
            if c.is_ascii_digit() {
                run += 1;
                if run >= 11 {
                    return Err(format!(
                        "{}:{}: generated a run of {run}+ digits; this is a generator bug",
                        path.display(),
                        line_no + 1
                    ));
                }
            } else {
                run = 0;
            }
        }
    }
    Ok(())
}

fn run(opts: &Options) -> Result<(), String> {
    let names = delegates();
    let width = 6.max(opts.pages.saturating_sub(1).to_string().len());
    let kinds = kinds(opts.pages, opts.seed);
    let mut pages: Vec<Page> = kinds
        .iter()
        .enumerate()
        .map(|(i, &k)| make_page(i + 1, k, opts.seed, &names, width))
        .collect();
    assign_index_numbers(&mut pages);
    assign_evaluation_rounds(&mut pages);

    let marker = format!("gen_corpus --pages {} --seed {}\n", opts.pages, opts.seed);

    // gongkai site.
    let out = &opts.out;
    prepare_dir(out, &["content"], opts.force)?;
    write(&out.join(MARKER), &marker)?;
    write(
        &out.join("site.toml"),
        &site_toml("https://example.gov.cn/rd/bench/"),
    )?;
    write(&out.join("content/_index.md"), &gongkai_home())?;
    for (i, s) in SECTIONS.iter().enumerate() {
        write(
            &out.join("content").join(s.0).join("_index.md"),
            &gongkai_section(i),
        )?;
    }
    for p in &pages {
        let path = out
            .join("content")
            .join(p.kind.section())
            .join(format!("{}.md", p.stem));
        write(&path, &gongkai_page(p))?;
    }

    // Hugo site.
    if let Some(h) = &opts.hugo {
        prepare_dir(h, &["content", "layouts", "static"], opts.force)?;
        write(&h.join(MARKER), &marker)?;
        write(
            &h.join("hugo.toml"),
            &hugo_toml("https://example.gov.cn/rd/bench/"),
        )?;
        for (path, text) in HUGO_LAYOUTS {
            write(&h.join(path), text)?;
        }
        write(&h.join("content/_index.md"), &hugo_home())?;
        for (i, s) in SECTIONS.iter().enumerate() {
            write(
                &h.join("content").join(s.0).join("_index.md"),
                &hugo_section(i),
            )?;
        }
        for p in &pages {
            let path = h
                .join("content")
                .join(p.kind.section())
                .join(format!("{}.md", p.stem));
            write(&path, &hugo_page(p))?;
        }
    }

    // Summary on stderr.
    let mut count = [0usize; 5];
    for p in &pages {
        count[p.kind as usize] += 1;
    }
    let chars: usize = pages.iter().map(|p| char_len(&p.body)).sum();
    let published = pages.iter().filter(|p| p.published()).count();
    eprintln!(
        "gen_corpus: {} pages ({} news, {} inspections, {} evaluations, {} submissions, {} reports; {} published) \
         in {}{}; average body {} characters",
        pages.len(),
        count[0],
        count[1],
        count[2],
        count[3],
        count[4],
        published,
        out.display(),
        opts.hugo
            .as_ref()
            .map(|h| format!(" and {}", h.display()))
            .unwrap_or_default(),
        chars.checked_div(pages.len()).unwrap_or(0),
    );
    Ok(())
}

fn main() -> ExitCode {
    let opts = match parse_args() {
        Ok(o) => o,
        Err(e) => {
            if !e.is_empty() {
                eprintln!("gen_corpus: {e}\n");
            }
            eprintln!("{USAGE}");
            return if e.is_empty() {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(2)
            };
        }
    };
    match run(&opts) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("gen_corpus: {e}");
            ExitCode::FAILURE
        }
    }
}
