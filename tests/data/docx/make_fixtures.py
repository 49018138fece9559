#!/usr/bin/env python3
"""Makes the Word documents `gongkai import` is tested on (tests/it/import.rs).

Two writers, so both dialects of WordprocessingML are covered:

* python-docx (`pip install python-docx`): shicha-baogao.docx, a real-looking
  视察报告 (Title style, headings by style and by Chinese numbering, emphasis,
  a link, lists, a vote table with merged header cells, images with and
  without alt text, footnotes, a text box, a 落款 in Chinese numerals, a
  citizen's ID number), and gongzuo-yaodian.docx (title from the document's
  Title property, date from its properties, no 落款);
* LibreOffice (`apt-get install libreoffice-writer-nogui`): pingyi-tongbao.docx
  and pingyi-tongbao.doc from pingyi-tongbao.html (a notice: a vote table with
  merged header cells, lists, footnotes, a link), and nongyiban-shicha.docx
  from nongyiban-shicha.fodt (an image with alt text, a text box, a footnote:
  what LibreOffice's HTML import cannot say), both sources committed beside
  them;
* msoffcrypto-tool (`pip install msoffcrypto-tool`): jiami.docx, the python-docx
  report encrypted with the password 123456.

For every .docx it also writes NAME.paragraphs.txt: the text of each non-empty
paragraph in body order (tables' cells included) as a reader of the document
sees it, read back with python-docx, so that the test compares the imported
page with a reader that is not gongkai's.

CI needs none of these tools: the files this script makes are committed.
Run it from anywhere: python3 tests/data/docx/make_fixtures.py
"""
import copy
import datetime
import os
import shutil
import struct
import subprocess
import tempfile
import zlib

import docx
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Inches

HERE = os.path.dirname(os.path.abspath(__file__))
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def png(width, height, rgb):
    """A small one-colour PNG, made without any imaging library."""
    raw = b"".join(b"\x00" + bytes(rgb) * width for _ in range(height))

    def chunk(kind, data):
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
        + chunk(b"IDAT", zlib.compress(raw))
        + chunk(b"IEND", b"")
    )


def resident_id(first17):
    """An 18-digit ID number with its ISO 7064 MOD 11-2 check character."""
    weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    total = sum(int(d) * w for d, w in zip(first17, weights))
    return first17 + "10X98765432"[total % 11]


def indent(text):
    """The two full-width spaces an office types before each paragraph."""
    return "\u3000\u3000" + text


def add_hyperlink(paragraph, url, text):
    r_id = paragraph.part.relate_to(url, RT.HYPERLINK, is_external=True)
    link = parse_xml(
        f'<w:hyperlink {nsdecls("w", "r")} r:id="{r_id}"><w:r><w:rPr><w:u w:val="single"/></w:rPr>'
        f"<w:t>{text}</w:t></w:r></w:hyperlink>"
    )
    paragraph._p.append(link)


FOOTNOTES = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:footnotes xmlns:w="{W}">
<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>
<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/></w:r></w:p></w:footnote>
{{notes}}
</w:footnotes>"""


def add_footnotes(document, notes):
    """python-docx writes no footnotes: a footnotes part made by hand."""
    body = "\n".join(
        f'<w:footnote w:id="{i}"><w:p><w:pPr><w:pStyle w:val="FootnoteText"/></w:pPr>'
        f'<w:r><w:rPr><w:vertAlign w:val="superscript"/></w:rPr><w:footnoteRef/></w:r>'
        f'<w:r><w:t xml:space="preserve"> {text}</w:t></w:r></w:p></w:footnote>'
        for i, text in enumerate(notes, 1)
    )
    part = Part(
        PackURI("/word/footnotes.xml"),
        "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml",
        FOOTNOTES.replace("{notes}", body).encode("utf-8"),
        document.part.package,
    )
    document.part.relate_to(part, "http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes")


def footnote_ref(paragraph, number):
    paragraph._p.append(
        parse_xml(
            f'<w:r {nsdecls("w")}><w:rPr><w:vertAlign w:val="superscript"/></w:rPr>'
            f'<w:footnoteReference w:id="{number}"/></w:r>'
        )
    )


def text_box(paragraph, lines):
    """A text box as Word writes it: a drawing in mc:Choice, its VML copy in mc:Fallback."""
    paras = "".join(f"<w:p><w:r><w:t>{line}</w:t></w:r></w:p>" for line in lines)
    xml = f"""<w:r {nsdecls("w", "wp", "a")} xmlns:v="urn:schemas-microsoft-com:vml"
 xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"
 xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape">
<mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wp:anchor distT="0" distB="0" distL="0" distR="0" simplePos="0" relativeHeight="1" behindDoc="0" locked="0" layoutInCell="1" allowOverlap="1">
<wp:simplePos x="0" y="0"/><wp:positionH relativeFrom="column"><wp:posOffset>0</wp:posOffset></wp:positionH><wp:positionV relativeFrom="paragraph"><wp:posOffset>0</wp:posOffset></wp:positionV>
<wp:extent cx="2000000" cy="600000"/><wp:wrapSquare wrapText="bothSides"/><wp:docPr id="90" name="文本框 90"/>
<a:graphic><a:graphicData uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"><wps:wsp><wps:cNvSpPr txBox="1"/><wps:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="2000000" cy="600000"/></a:xfrm><a:prstGeom prst="rect"><a:avLst/></a:prstGeom></wps:spPr>
<wps:txbx><w:txbxContent>{paras}</w:txbxContent></wps:txbx><wps:bodyPr/></wps:wsp></a:graphicData></a:graphic></wp:anchor></w:drawing></mc:Choice>
<mc:Fallback><w:pict><v:shape style="width:150pt;height:45pt"><v:textbox><w:txbxContent>{paras}</w:txbxContent></v:textbox></v:shape></w:pict></mc:Fallback></mc:AlternateContent></w:r>"""
    paragraph._p.append(parse_xml(xml))


def set_alt(document, alt):
    """The alt text (Word's 可选文字) of the picture added last."""
    doc_prs = document.element.body.findall(".//" + qn("wp:docPr"))
    doc_prs[-1].set("descr", alt)


def shicha_baogao(path):
    d = docx.Document()
    d.core_properties.title = ""
    d.core_properties.author = "办公室电脑"
    d.core_properties.comments = "内部草稿，勿外传"
    d.add_paragraph("关于视察镇卫生院基本公共卫生服务工作的报告", style="Title")
    p = d.add_paragraph(indent("为了解我镇基本公共卫生服务项目落实情况，2026年11月20日，镇人大主席团组织"))
    p.add_run("部分市、县、镇人大代表").bold = True
    p.add_run("对镇卫生院开展了专题视察。代表们实地察看了预防接种门诊、慢病管理室，听取了卫生院的工作汇报。")
    footnote_ref(p, 1)
    d.add_paragraph("一、基本情况")
    p = d.add_paragraph(indent("镇卫生院现有职工46人，承担全镇3.2万人口的基本公共卫生服务。今年以来，"))
    p.add_run("家庭医生签约率达到").italic = True
    p.add_run("78.5%，")
    p.add_run("高于全县平均水平").underline = True
    p.add_run("。详细数据见县卫健局网站")
    add_hyperlink(p, "https://example.gov.cn/wjj/", "公开的统计")
    p.add_run("。")
    d.add_paragraph("（一）服务网络不断健全")
    p = d.add_paragraph(indent("全镇12个行政村均建有标准化卫生室，"))
    # What a reader does not see: a tracked deletion, hidden text, a comment.
    p._p.append(
        parse_xml(
            f'<w:del {nsdecls("w")} w:id="101" w:author="审稿人" w:date="2026-11-27T10:00:00Z">'
            "<w:r><w:delText>其中三个村尚未验收，</w:delText></w:r></w:del>"
        )
    )
    hidden = p.add_run("（内部备注：数据待核）")
    hidden.font.hidden = True
    commented = p.add_run("配备乡村医生19名。")
    d.add_comment(commented, text="19名是否包含退休返聘的？", author="审稿人")
    p._p.append(
        parse_xml(
            f'<w:ins {nsdecls("w")} w:id="102" w:author="审稿人" w:date="2026-11-27T10:00:00Z">'
            "<w:r><w:t>村医均已取得执业资格。</w:t></w:r></w:ins>"
        )
    )
    d.add_paragraph("")
    d.add_paragraph("（二）重点人群管理规范")
    d.add_paragraph("签约服务覆盖以下人群：")
    for item in ["65岁以上老年人", "高血压、糖尿病患者", "孕产妇和0至6岁儿童"]:
        d.add_paragraph(item, style="List Bullet")
    d.add_heading("二、存在的问题", level=1)
    d.add_paragraph(indent("代表们在视察中发现："))
    for item in ["部分村卫生室药品配备不足", "慢病随访记录不够规范", "群众对签约服务知晓率不高"]:
        d.add_paragraph(item, style="List Number")
    d.add_heading("民主测评结果", level=2)
    d.add_paragraph(indent("参加视察的代表对卫生院工作进行了现场测评，结果如下："))
    t = d.add_table(rows=4, cols=4)
    t.style = "Table Grid"
    t.cell(0, 0).text = "测评项目"
    t.cell(0, 1).text = "测评结果（票）"
    t.cell(1, 1).text = "满意"
    t.cell(1, 2).text = "基本满意"
    t.cell(1, 3).text = "不满意"
    for r, row in enumerate([["服务态度", "30", "6", "1"], ["服务质量", "28", "7", "2"]], 2):
        for c, v in enumerate(row):
            t.cell(r, c).text = v
    t.cell(0, 0).merge(t.cell(1, 0))
    t.cell(0, 1).merge(t.cell(0, 3))
    d.add_paragraph("")
    d.add_picture(_png_file(png(120, 80, (40, 120, 200))), width=Inches(2.5))
    set_alt(d, "代表们在预防接种门诊察看疫苗冷链设备")
    d.add_paragraph("图为代表们在预防接种门诊察看。").alignment = WD_ALIGN_PARAGRAPH.CENTER
    d.add_picture(_png_file(png(120, 80, (200, 80, 40))), width=Inches(2.5))
    d.add_heading("三、意见建议", level=1)
    d.add_paragraph("1.加强村卫生室药品保障")
    d.add_paragraph(indent("建议卫生院会同镇财政所，统筹安排资金，确保常用药品不断供。"))
    d.add_paragraph("2.规范慢病随访管理")
    p = d.add_paragraph(indent("视察中，群众反映有村民的身份证号 "))
    p.add_run(ID_NUMBER)
    p.add_run(" 被写在了公开栏上，建议卫生院立即整改，保护群众个人信息。")
    footnote_ref(p, 2)
    p = d.add_paragraph(indent("以上意见建议，请镇卫生院认真研究办理，并于三个月内将办理情况书面报告镇人大主席团。"))
    text_box(p, ["镇人大主席团联系电话：0578-0000000"])
    d.add_paragraph("清溪镇人大主席团").alignment = WD_ALIGN_PARAGRAPH.RIGHT
    d.add_paragraph("二〇二六年十一月二十八日").alignment = WD_ALIGN_PARAGRAPH.RIGHT
    add_footnotes(
        d,
        [
            "参加视察的代表共37人。",
            "公开栏已于视察当日撤下。",
        ],
    )
    d.save(path)


def gongzuo_yaodian(path):
    d = docx.Document()
    d.core_properties.title = "清溪镇人大主席团2026年工作要点"
    d.core_properties.modified = datetime.datetime(2026, 1, 15, 9, 30)
    d.core_properties.created = datetime.datetime(2025, 12, 30, 16, 0)
    d.add_paragraph("清溪镇人大主席团2026年工作要点").alignment = WD_ALIGN_PARAGRAPH.CENTER
    d.add_paragraph(indent("2026年，镇人大主席团的工作总体要求是：依法履职，服务大局。"))
    d.add_paragraph("一、依法召开人民代表大会")
    d.add_paragraph(indent("年初召开镇第十八届人民代表大会第七次会议。"))
    d.add_paragraph("二、监督工作")
    d.add_paragraph("（一）开展视察")
    d.add_paragraph(indent("上半年视察镇卫生院，下半年视察镇农医办。"))
    d.add_paragraph("（二）民主评议")
    d.add_paragraph(indent("十一月开展民主评议，测评结果在网站公示。"))
    d.save(path)


def _png_file(data):
    import io

    return io.BytesIO(data)


ID_NUMBER = resident_id("33072219800101123")


def visible_text(paragraph):
    """A paragraph's text as a reader of the document sees it: its w:t, also
    in insertions and links, not in deletions (w:delText), hidden runs, text
    boxes (their own paragraphs) or the fallback copies of drawings."""
    out = []
    for t in paragraph._p.iter(qn("w:t")):
        ancestors = []
        node = t.getparent()
        while node is not None and node is not paragraph._p:
            ancestors.append(node.tag)
            node = node.getparent()
        if qn("w:txbxContent") in ancestors:
            continue
        run = t.getparent()
        r_pr = run.find(qn("w:rPr"))
        if r_pr is not None and r_pr.find(qn("w:vanish")) is not None:
            continue
        out.append(t.text or "")
    return "".join(out)


def paragraphs(path):
    """Each non-empty paragraph's text, tables' cells included, in body order."""
    out = []

    def walk(container):
        for item in container.iter_inner_content():
            if isinstance(item, docx.table.Table):
                # Each cell once: those continuing a vertical merge are the one above.
                for tr in item._tbl.tr_lst:
                    for tc in tr.tc_lst:
                        if tc.vMerge == "continue":
                            continue
                        walk(docx.table._Cell(tc, item))
            else:
                text = visible_text(item).strip()
                if text:
                    out.append(text)

    walk(docx.Document(path))
    with open(path[: -len(".docx")] + ".paragraphs.txt", "w", encoding="utf-8") as f:
        f.write("\n".join(out) + "\n")


def libreoffice(source, fmt, out_dir):
    subprocess.run(
        ["soffice", "--headless", "--convert-to", fmt, "--outdir", out_dir, source],
        check=True,
        stdout=subprocess.DEVNULL,
    )


def main():
    shicha = os.path.join(HERE, "shicha-baogao.docx")
    shicha_baogao(shicha)
    gongzuo_yaodian(os.path.join(HERE, "gongzuo-yaodian.docx"))
    html = os.path.join(HERE, "pingyi-tongbao.html")
    with tempfile.TemporaryDirectory() as tmp:
        libreoffice(html, "docx:MS Word 2007 XML", tmp)
        libreoffice(html, "doc:MS Word 97", tmp)
        for ext in ("docx", "doc"):
            shutil.copy(os.path.join(tmp, "pingyi-tongbao." + ext), HERE)
        libreoffice(os.path.join(HERE, "nongyiban-shicha.fodt"), "docx:MS Word 2007 XML", tmp)
        shutil.copy(os.path.join(tmp, "nongyiban-shicha.docx"), HERE)
    if shutil.which("msoffcrypto-tool"):
        subprocess.run(
            ["msoffcrypto-tool", "-e", "-p", "123456", shicha, os.path.join(HERE, "jiami.docx")],
            check=True,
        )
    for name in sorted(os.listdir(HERE)):
        if name.endswith(".docx") and name != "jiami.docx":
            paragraphs(os.path.join(HERE, name))


if __name__ == "__main__":
    main()
