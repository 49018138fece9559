//! Markdown as Chinese authors write it (issue 21), end to end: the fixture
//! site `tests/sites/markdown-zh` has one page per behaviour; each page's
//! body is read back from the built HTML and compared whole. `check` warns
//! about a heading id used twice and a paragraph indented into a code box.

use crate::common::*;
use std::sync::OnceLock;

const SITE: &str = "markdown-zh";

fn built() -> &'static Built {
    static BUILT: OnceLock<Built> = OnceLock::new();
    BUILT.get_or_init(|| build_shared(&fixture(SITE), SITE))
}

/// The body of the page `news/<slug>.md` as published: what the theme puts
/// inside `<div class="content">`.
fn body(slug: &str) -> String {
    let html = built().read(&format!("news/{slug}/index.html"));
    let open = "<div class=\"content\">\n";
    let start = html
        .find(open)
        .map(|i| i + open.len())
        .expect("content block");
    let end = html[start..].find("\n</div>\n").expect("end of content") + start;
    html[start..end].to_owned()
}

/// Item 1: emphasis, strong and strikethrough next to Chinese punctuation.
#[test]
fn emphasis() {
    assert_eq!(
        body("emphasis"),
        "<p>开展<strong>“两学一做”</strong>学习教育</p>
<p>根据<strong>《中华人民共和国全国人民代表大会和地方各级人民代表大会代表法》</strong>规定</p>
<p><strong>《代表法》</strong>规定了代表的权利和义务。</p>
<p>会议听取了镇政府关于民生实事项目的报告（书面）<strong>并进行审议</strong>，听取了<strong>镇政府关于民生实事项目的报告（书面）</strong>并进行审议。</p>
<p>这是<em>“重点”</em>工作，会议定于<del>“十月”</del>九月召开。</p>
<p>Latin text keeps CommonMark: a**\"foo\"**bar, foo<em>bar</em>.</p>
"
    );
}

/// Item 2: no space where a line breaks between two wide characters.
#[test]
fn breaks() {
    assert_eq!(
        body("breaks"),
        "<p>镇人大代表视察了镇卫生院新农合登记工作。</p>
<p>Delegates visited the
township clinic.</p>
<p>代表们使用 Rust
语言的情况。</p>
"
    );
}

/// Item 3: lines starting with an enumeration marker keep their line.
#[test]
fn numbered() {
    assert_eq!(
        body("numbered"),
        "<p>1.视察了镇卫生院；<br />
2.听取了工作汇报；<br />
3.提出了意见建议。</p>
<p>一、总体要求<br />
二、主要任务</p>
<p>（一）听取报告<br />
（二）审议事项</p>
<p>1、视察<br />
2、座谈</p>
<p>(1)视察<br />
(2)座谈</p>
<p>①视察<br />
②座谈</p>
<p>全年投入
2.5亿元。</p>
"
    );
}

/// Item 5: a trailing `{…}` that is no attribute block stays text.
#[test]
fn attrs() {
    assert_eq!(
        body("attrs"),
        "<h2 id=\"会议议程-第一天\">会议议程 {第一天}</h2>
<h2 id=\"agenda\" class=\"big\">会议议程</h2>
<h2 id=\"议程\">议程 {}</h2>
"
    );
}

/// Item 7: bare URLs are links, also when Chinese text touches them.
#[test]
fn autolink() {
    assert_eq!(
        body("autolink"),
        "<p>详见<a href=\"http://www.npc.gov.cn\">http://www.npc.gov.cn</a>。</p>
<p>网址：<a href=\"http://www.npc.gov.cn\">www.npc.gov.cn</a>，欢迎访问。</p>
<p><a href=\"http://www.npc.gov.cn\">中国人大网</a>和<code>http://x.org</code>不变。</p>
"
    );
}

/// Item 6: footnotes at the end with back-links; a custom id used twice gets a suffix.
#[test]
fn footnotes() {
    assert_eq!(
        body("footnotes"),
        "<p>根据代表法<sup class=\"footnote-ref\"><a href=\"#fn-1\" id=\"fnref-1\">1</a></sup>，代表有权提出建议<sup class=\"footnote-ref\"><a href=\"#fn-jianyi\" id=\"fnref-jianyi\">2</a></sup>。再引一次<sup class=\"footnote-ref\"><a href=\"#fn-1\" id=\"fnref-1-2\">1</a></sup>。</p>
<h2 id=\"same\">小结</h2>
<p>正文。</p>
<h2 id=\"same-1\">附记</h2>
<section class=\"footnotes\" aria-label=\"注释\">
<ol>
<li id=\"fn-1\">
<p>《中华人民共和国全国人民代表大会和地方各级人民代表大会代表法》。 <a href=\"#fnref-1\" class=\"footnote-backref\" aria-label=\"返回正文\">↩</a> <a href=\"#fnref-1-2\" class=\"footnote-backref\" aria-label=\"返回正文\">↩<sup>2</sup></a></p>
</li>
<li id=\"fn-jianyi\">
<p>代表建议应在三个月内答复。 <a href=\"#fnref-jianyi\" class=\"footnote-backref\" aria-label=\"返回正文\">↩</a></p>
</li>
</ol>
</section>
"
    );
}

/// Item 4: an indented paragraph is still a code box (`check` warns, below).
#[test]
fn indented() {
    assert_eq!(
        body("indented"),
        "<p>正文第一段。</p>
<pre class=\"code\"><code>镇人大主席团召开会议，研究部署全年工作。
</code></pre>
<pre class=\"code\"><code>    围栏里的缩进不提醒
</code></pre>
<pre class=\"code\"><code>let x = 1; // 代码不提醒
</code></pre>
"
    );
}

#[test]
fn check_warns_about_duplicate_ids_and_indented_paragraphs() {
    let site = SiteCopy::new(SITE);
    let run = gongkai(&site.root, &["check"]);
    assert_eq!(
        run.code,
        Some(0),
        "warnings only: {}\n{}",
        run.stdout,
        run.stderr
    );
    let duplicate = site.line_of("content/news/footnotes.md", "## 附记 {#same}");
    let indented = site.line_of("content/news/indented.md", "    镇人大主席团");
    let expect = [
        format!("content/news/footnotes.md:{duplicate}: 警告：这个标题的编号 #same 在这篇文章里已经用过，一篇文章里的编号不能重复，所以这个标题的编号改成了 #same-1。"),
        format!("content/news/indented.md:{indented}: 警告：这一段开头有四个或更多空格，会显示成一个代码框，而不是正文。请删掉开头的空格，或改用两个全角空格（　　）"),
    ];
    for line in expect {
        assert!(
            run.stdout.lines().any(|l| l.starts_with(&line)),
            "{line} in:\n{}",
            run.stdout
        );
    }
    // Fenced code and code that reads as code are not warned about.
    assert_eq!(
        run.stdout.matches("开头有四个或更多空格").count(),
        1,
        "{}",
        run.stdout
    );
    assert_eq!(run.stdout.matches("已经用过").count(), 1, "{}", run.stdout);
}
