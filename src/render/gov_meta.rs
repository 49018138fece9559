//! The government page metadata of the 政府网站发展指引 (国办发〔2017〕47号,
//! its 网页设计规范's 网页标签): the `<meta name="…" content="…">` pairs every
//! HTML output carries, computed here in one place as a list the theme
//! prints with one loop (`gov_meta` in the template context).
//!
//! - every page: the 网站标签 `SiteName`, `SiteDomain`, `SiteIDCode`;
//! - column pages (sections, the home page, the columns gongkai makes) and
//!   the documents in them: the 栏目标签 `ColumnName`, `ColumnDescription`,
//!   `ColumnKeywords`, `ColumnType`;
//! - documents: the 内容页面标签 `ArticleTitle`, `PubDate`
//!   (`yyyy-MM-dd HH:mm`), `ContentSource`, `Keywords`, `Author`,
//!   `Description`, `Image`, `Url`.
//!
//! A tag whose value is empty is left out. The values are plain text: the
//! template's autoescape makes them safe in the attribute. Which outputs
//! exist is `plan`'s; the rest of the context is `contexts`'.

use super::plan::Job;
use super::Renderer;
use crate::config::Config;
use crate::content::{Page, Section};
use crate::kind::Kind;
use chrono::NaiveDateTime;
use serde::Serialize;

/// The page metadata of one output, in the order the standard lists them.
#[derive(Serialize, Debug, Default, PartialEq)]
pub(crate) struct GovMeta(Vec<MetaTag>);

/// `<meta name="{name}" content="{content}">`.
#[derive(Serialize, Debug, PartialEq)]
pub(crate) struct MetaTag {
    pub name: &'static str,
    pub content: String,
}

/// A column (栏目) as its tags describe it.
pub(crate) struct Column {
    pub name: String,
    pub description: String,
    pub keywords: String,
    pub kind: &'static str,
}

/// A document (内容页) as its tags describe it.
pub(crate) struct Article {
    pub title: String,
    pub date: Option<NaiveDateTime>,
    pub source: String,
    pub keywords: String,
    pub author: String,
    pub description: String,
    pub image: Option<String>,
    pub url: String,
}

impl GovMeta {
    /// The 网站标签 of `config`'s site.
    pub(crate) fn site(config: &Config) -> Self {
        let mut m = GovMeta::default();
        m.push("SiteName", &config.title);
        m.push("SiteDomain", &site_domain(config));
        m.push("SiteIDCode", &config.org.site_code);
        m
    }

    pub(crate) fn with_column(mut self, c: Column) -> Self {
        self.push("ColumnName", &c.name);
        // The standard requires the next two: a column without its own
        // falls back to its name rather than leaving them out.
        self.push("ColumnDescription", or(&c.description, &c.name));
        self.push("ColumnKeywords", or(&c.keywords, &c.name));
        self.push("ColumnType", c.kind);
        self
    }

    pub(crate) fn with_article(mut self, a: Article) -> Self {
        self.push("ArticleTitle", &a.title);
        self.push("PubDate", &a.date.map(pub_date).unwrap_or_default());
        self.push("ContentSource", &a.source);
        self.push("Keywords", &a.keywords);
        self.push("Author", &a.author);
        self.push("Description", &a.description);
        self.push("Image", a.image.as_deref().unwrap_or_default());
        self.push("Url", &a.url);
        self
    }

    fn push(&mut self, name: &'static str, content: &str) {
        let content = content.split_whitespace().collect::<Vec<_>>().join(" ");
        if !content.is_empty() {
            self.0.push(MetaTag { name, content });
        }
    }
}

fn or<'s>(value: &'s str, fallback: &'s str) -> &'s str {
    if value.trim().is_empty() {
        fallback
    } else {
        value
    }
}

/// `PubDate`'s format: `2026-09-08 14:30` (a date without a time is 00:00).
pub(crate) fn pub_date(d: NaiveDateTime) -> String {
    d.format("%Y-%m-%d %H:%M").to_string()
}

/// `[org] domain`, else the host of `base_url`.
pub(crate) fn site_domain(config: &Config) -> String {
    if !config.org.domain.trim().is_empty() {
        return config.org.domain.trim().to_string();
    }
    url::Url::parse(&config.base_url)
        .ok()
        .and_then(|u| u.host_str().map(str::to_string))
        .unwrap_or_default()
}

/// The 栏目类别 of a column whose pages are of `kind`, from the standard's
/// list (首页、概况信息、机构职能、负责人信息、工作动态、政策文件、信息公开指南、
/// 信息公开目录、信息公开年报、依法申请公开、数据发布、数据开放、政策解读、回应关切、
/// 办事服务、咨询投诉、征集调查、在线访谈 …).
pub(crate) fn column_type(kind: Kind) -> &'static str {
    match kind {
        Kind::Article | Kind::Inspection | Kind::Submission => "工作动态",
        Kind::Evaluation => "数据发布",
        Kind::Report => "政策文件",
        Kind::Delegate => "概况信息",
        Kind::Suggestion => "回应关切",
    }
}

/// `dest` (an image as the page's HTML has it) as an absolute URL, read
/// against the page's permalink.
pub(crate) fn absolute_url(permalink: &str, dest: &str) -> Option<String> {
    let base = url::Url::parse(permalink).ok()?;
    base.join(dest).ok().map(String::from)
}

/// The columns gongkai makes by itself: name, description, type.
fn generated_column(job: &Job, r: &Renderer) -> Option<(String, &'static str, &'static str)> {
    let fixed = |name: &str, description, kind| Some((name.to_string(), description, kind));
    match job {
        Job::UnitsList | Job::Unit(_) => fixed(
            "单位",
            "各基层站所接受代表视察、评议的情况和整改进展",
            "数据发布",
        ),
        Job::StatsList | Job::StatsYear(_) => fixed(
            "年度统计",
            "人大工作各年的数量统计：视察、评议、投稿和代表建议",
            "数据发布",
        ),
        Job::Ledger(_) => fixed(
            "督办台账",
            "代表建议、评议整改和视察交办事项的办理期限与进展",
            "回应关切",
        ),
        Job::ArchiveList | Job::ArchiveYear(_) => fixed(
            "年度归档",
            "按年份、按类别归档的全部公开材料",
            "信息公开目录",
        ),
        Job::TaxonomyList(t) | Job::Term { taxonomy: t, .. } => {
            let label = r.derived.taxonomies.get(*t)?.label;
            fixed(label, "按主题归类的全部公开材料", "信息公开目录")
        }
        Job::Person(_) | Job::PeopleList => {
            let name = match r.derived.delegate_section {
                Some(s) => r.content.sections[s].front.title.clone(),
                None => "代表".to_string(),
            };
            Some((name, "本镇人大代表和他们参加的履职活动", "概况信息"))
        }
        Job::Search => fixed("搜索", "在本站全部公开材料中查找", "站内搜索"),
        Job::Catalog(_) => fixed(
            "信息公开目录",
            "本站主动公开的全部文件：索引号、主题分类、文号、发布日期和效力状态",
            "信息公开目录",
        ),
        _ => None,
    }
}

impl Renderer<'_> {
    /// The page metadata of one output.
    pub(crate) fn gov_meta(&self, job: &Job) -> GovMeta {
        let site = GovMeta::site(self.config);
        match job {
            Job::Page(i) => {
                let p = &self.content.pages[*i];
                site.with_column(self.section_column(p.section))
                    .with_article(self.article(*i))
            }
            Job::Section { section, .. } => site.with_column(self.section_column(*section)),
            Job::Feed { .. } | Job::Sitemap | Job::Robots | Job::LedgerCsv => GovMeta::default(),
            other => match generated_column(other, self) {
                Some((name, description, kind)) => site.with_column(Column {
                    keywords: name.clone(),
                    name,
                    description: description.to_string(),
                    kind,
                }),
                None => site,
            },
        }
    }

    /// A section's column; the home page's is 首页.
    fn section_column(&self, i: usize) -> Column {
        let s: &Section = &self.content.sections[i];
        let home = s.dir.is_empty();
        let (name, description) = if home {
            (
                "首页".to_string(),
                or(&s.front.description, &self.config.description),
            )
        } else {
            (s.front.title.clone(), s.front.description.as_str())
        };
        Column {
            name,
            description: description.to_string(),
            keywords: s.front.keywords.join(","),
            kind: if home {
                "首页"
            } else {
                column_type(s.page_kind)
            },
        }
    }

    fn article(&self, i: usize) -> Article {
        let p: &Page = &self.content.pages[i];
        let body = &self.page_bodies[i];
        let permalink = self.config.permalink_for(&p.rel_url);
        let keywords = if p.front.keywords.is_empty() {
            let terms = p.front.categories.iter().chain(&p.front.tags);
            terms.map(|t| t.trim()).collect::<Vec<_>>().join(",")
        } else {
            p.front.keywords.join(",")
        };
        let source = p.front.source.as_deref().unwrap_or_default();
        Article {
            title: p.front.title.clone(),
            date: p.date,
            source: or(or(source, &self.config.org.name), &self.config.title).to_string(),
            keywords,
            author: p.front.author.clone().unwrap_or_default(),
            description: super::context::page_description(p, body),
            image: body
                .first_image
                .as_deref()
                .and_then(|dest| absolute_url(&permalink, dest)),
            url: permalink,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn names(m: &GovMeta) -> Vec<&'static str> {
        m.0.iter().map(|t| t.name).collect()
    }

    fn content<'m>(m: &'m GovMeta, name: &str) -> Option<&'m str> {
        m.0.iter()
            .find(|t| t.name == name)
            .map(|t| t.content.as_str())
    }

    fn article() -> Article {
        Article {
            title: "关于\"新农合\"<登记>的视察".into(),
            date: NaiveDate::from_ymd_opt(2026, 9, 8).and_then(|d| d.and_hms_opt(0, 0, 0)),
            source: "镇人大办".into(),
            keywords: "监督工作,新农合".into(),
            author: String::new(),
            description: "代表视察\n  农医办".into(),
            image: None,
            url: "https://example.gov.cn/qingxi/news/a/".into(),
        }
    }

    #[test]
    fn an_article_carries_its_tags_in_the_standards_order_and_drops_empty_ones() {
        let m = GovMeta::default().with_article(article());
        assert_eq!(
            names(&m),
            [
                "ArticleTitle",
                "PubDate",
                "ContentSource",
                "Keywords",
                "Description",
                "Url"
            ]
        );
        // The value is kept as written: escaping is the template's.
        assert_eq!(
            content(&m, "ArticleTitle"),
            Some("关于\"新农合\"<登记>的视察")
        );
        assert_eq!(content(&m, "PubDate"), Some("2026-09-08 00:00"));
        assert_eq!(content(&m, "Description"), Some("代表视察 农医办"));
    }

    #[test]
    fn pub_date_keeps_the_time_to_the_minute() {
        let d = NaiveDate::from_ymd_opt(2026, 3, 5)
            .and_then(|d| d.and_hms_opt(14, 7, 59))
            .unwrap_or_default();
        assert_eq!(pub_date(d), "2026-03-05 14:07");
    }

    #[test]
    fn a_column_without_description_or_keywords_falls_back_to_its_name() {
        let m = GovMeta::default().with_column(Column {
            name: "人大要闻".into(),
            description: " ".into(),
            keywords: String::new(),
            kind: column_type(Kind::Article),
        });
        assert_eq!(
            names(&m),
            [
                "ColumnName",
                "ColumnDescription",
                "ColumnKeywords",
                "ColumnType"
            ]
        );
        assert_eq!(content(&m, "ColumnDescription"), Some("人大要闻"));
        assert_eq!(content(&m, "ColumnType"), Some("工作动态"));
    }

    #[test]
    fn images_are_made_absolute_against_the_page() {
        let page = "https://example.gov.cn/qingxi/news/a/";
        assert_eq!(
            absolute_url(page, "photo.jpg").as_deref(),
            Some("https://example.gov.cn/qingxi/news/a/photo.jpg")
        );
        assert_eq!(
            absolute_url(page, "/qingxi/img/x.png").as_deref(),
            Some("https://example.gov.cn/qingxi/img/x.png")
        );
        assert_eq!(
            absolute_url(page, "https://cdn.example.com/y.png").as_deref(),
            Some("https://cdn.example.com/y.png")
        );
    }

    #[test]
    fn serialized_as_a_list_of_name_content_pairs() {
        let m = GovMeta::default().with_column(Column {
            name: "a".into(),
            description: "b".into(),
            keywords: "c".into(),
            kind: "首页",
        });
        let v = serde_json::to_value(&m).unwrap_or_default();
        assert_eq!(v[0]["name"], "ColumnName");
        assert_eq!(v[3]["content"], "首页");
    }

    /// The view of a small site's outputs, by path.
    fn metas_of(site_toml: &str, files: &[(&str, &str)]) -> Vec<(String, GovMeta)> {
        let mut all = vec![
            ("site.toml", site_toml),
            ("content/_index.md", "+++\ntitle = \"首页\"\n+++\n"),
        ];
        all.extend_from_slice(files);
        let dir = crate::render::testing::write_site(&all);
        crate::render::testing::with_renderer(dir.path(), |r, outputs| {
            outputs
                .iter()
                .map(|o| (o.path.clone(), r.gov_meta(&o.job)))
                .collect()
        })
    }

    fn of<'m>(metas: &'m [(String, GovMeta)], path: &str) -> &'m GovMeta {
        let found = metas.iter().find(|(p, _)| p == path);
        &found.unwrap_or_else(|| panic!("no output {path}")).1
    }

    const NEWS: &str = "+++\ntitle = \"要闻\"\ndescription = \"镇人大的会议和活动\"\nkeywords = [\"会议\", \"活动\"]\n+++\n";
    const PAGE: &str = "+++\ntitle = \"代表视察\"\ndate = 2026-09-08T14:30:00\nsource = \"县人大\"\ncategories = [\"监督工作\"]\ntags = [\"新农合\"]\n+++\n正文。\n\n![现场](photo.jpg)\n";

    #[test]
    fn the_view_fills_every_tag_from_site_toml_sections_and_front_matter() {
        let site = "title = \"测试镇人大\"\nbase_url = \"https://example.gov.cn/rd/\"\n[org]\nname = \"测试镇人大主席团\"\nsite_code = \"1234567890\"\ndomain = \"www.test.gov.cn\"\n";
        let metas = metas_of(
            site,
            &[
                ("content/news/_index.md", NEWS),
                ("content/news/a.md", PAGE),
            ],
        );
        let page = of(&metas, "news/a/index.html");
        assert_eq!(content(page, "SiteDomain"), Some("www.test.gov.cn"));
        assert_eq!(content(page, "SiteIDCode"), Some("1234567890"));
        assert_eq!(content(page, "ColumnName"), Some("要闻"));
        assert_eq!(content(page, "PubDate"), Some("2026-09-08 14:30"));
        assert_eq!(content(page, "ContentSource"), Some("县人大"));
        assert_eq!(content(page, "Keywords"), Some("监督工作,新农合"));
        assert_eq!(
            content(page, "Image"),
            Some("https://example.gov.cn/rd/news/a/photo.jpg")
        );
        assert_eq!(
            content(page, "Url"),
            Some("https://example.gov.cn/rd/news/a/")
        );
        let section = of(&metas, "news/index.html");
        assert_eq!(content(section, "ColumnKeywords"), Some("会议,活动"));
        assert_eq!(
            content(section, "ColumnDescription"),
            Some("镇人大的会议和活动")
        );
        assert_eq!(content(section, "ArticleTitle"), None);
        let home = of(&metas, "index.html");
        assert_eq!(content(home, "ColumnType"), Some("首页"));
        assert_eq!(of(&metas, "rss.xml"), &GovMeta::default());
    }

    #[test]
    fn without_domain_site_code_or_source_the_fallbacks_apply() {
        let site = "title = \"测试镇人大\"\nbase_url = \"https://rd.example.gov.cn/x/\"\n[org]\nname = \"测试镇人大主席团\"\n";
        let page = "+++\ntitle = \"会议\"\ndate = 2026-09-08\nkeywords = [\"换届\"]\ntags = [\"不用\"]\n+++\n正文。\n";
        let metas = metas_of(
            site,
            &[
                ("content/news/_index.md", "+++\ntitle = \"要闻\"\n+++\n"),
                ("content/news/b.md", page),
            ],
        );
        let page = of(&metas, "news/b/index.html");
        assert_eq!(content(page, "SiteDomain"), Some("rd.example.gov.cn"));
        assert_eq!(content(page, "SiteIDCode"), None);
        assert_eq!(content(page, "ContentSource"), Some("测试镇人大主席团"));
        assert_eq!(content(page, "Keywords"), Some("换届"));
        assert_eq!(content(page, "Image"), None);
        assert_eq!(content(page, "PubDate"), Some("2026-09-08 00:00"));
    }

    /// The content of `<meta name="{name}" content="…">` in `html`, its
    /// entities decoded as a browser would (the five `html::escape` writes).
    fn attribute(html: &str, name: &str) -> Option<String> {
        let start = format!("<meta name=\"{name}\" content=\"");
        let rest = &html[html.find(&start)? + start.len()..];
        let raw = &rest[..rest.find('"')?];
        assert!(!raw.contains('<') && !raw.contains('>'), "{raw}");
        Some(
            raw.replace("&quot;", "\"")
                .replace("&lt;", "<")
                .replace("&gt;", ">")
                .replace("&#39;", "'")
                .replace("&amp;", "&"),
        )
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(10))]
        /// Whatever a title holds (quotes, brackets, ampersands, entities
        /// written out), the page's `ArticleTitle` reads back as the title:
        /// nothing leaves the attribute.
        #[test]
        fn any_title_stays_inside_its_attribute(
            title in "[a-z\"'<>&;#/= 新农合]{0,12}[a-z\"'<>&;#/=新农合]"
        ) {
            let front = format!(
                "+++\ntitle = {}\ndate = 2026-09-08\n+++\n正文。\n",
                toml::Value::String(title.clone())
            );
            let dir = crate::render::testing::write_site(&[
                ("site.toml", "title = \"测试\"\nbase_url = \"https://example.gov.cn/\"\n"),
                ("content/_index.md", "+++\ntitle = \"首页\"\n+++\n"),
                ("content/news/_index.md", "+++\ntitle = \"要闻\"\n+++\n"),
                ("content/news/a.md", &front),
            ]);
            let html = crate::render::testing::with_renderer(dir.path(), |r, outputs| {
                let out = outputs.iter().find(|o| o.path == "news/a/index.html");
                let out = out.unwrap_or_else(|| panic!("no page"));
                String::from_utf8(r.render(out).unwrap_or_default()).unwrap_or_default()
            });
            let folded = title.split_whitespace().collect::<Vec<_>>().join(" ");
            proptest::prop_assert_eq!(attribute(&html, "ArticleTitle"), Some(folded));
        }
    }
}
