"""Data values reach both formats as literal text, whatever characters they hold."""

import html
import re
from html.parser import HTMLParser

import pytest
import typst
from report_helpers import normalise, pdf_text

from reports import convert
from reports import markdown as md

HOSTILE = [
    "<script>alert(1)</script>",
    "#set page(width: 1cm)",
    "= Tiêu đề giả",
    "- không phải danh sách",
    "+ cũng không",
    "/ thuật ngữ: giả",
    "1. không phải danh sách đánh số",
    "$x^2$ và @nhan [liên kết](http://example.com) *đậm* _nghiêng_ `mã`",
    "a | b \\ c ~ d ^ e { } < > & &amp; &lt;",
    "<img src=x onerror=alert(1)>",
    "{{< pagebreak >}} ::: {.callout} :::",
    "// chú thích /* khối */",
    '#import "x.typ": * #read("/etc/passwd")',
    "Dòng một\nDòng hai\r\n\n# Tiêu đề mới",
]


class _Text(HTMLParser):
    """Collects element text and every tag name seen."""

    def __init__(self):
        super().__init__()
        self.tags, self.cells = [], []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        if tag == "td":
            self.cells.append("")

    def handle_data(self, data):
        if self.cells is not None and self.tags and self.tags[-1] == "td":
            self.cells[-1] += data


def expected_text(value: str) -> str:
    return normalise(value)


def test_escape_backslashes_every_ascii_punctuation_and_keeps_one_line():
    assert md.escape("a<b>#c") == "a\\<b\\>\\#c"
    assert md.escape("Dòng một\nDòng hai") == "Dòng một Dòng hai"
    assert md.escape(md.Md("**đậm**")) == "**đậm**"
    assert md.bold("x*y") == "**x\\*y**"


def test_values_that_open_a_typst_block_get_a_typst_escape_in_cells():
    assert md.escape_block_start("1. a").startswith("`\\`{=typst}")
    assert md.escape_block_start("= a").startswith("`\\`{=typst}")
    assert md.escape_block_start("1.234.567 ₫") == "1\\.234\\.567 ₫"
    assert md.escape_block_start("Báo - Đài") == "Báo \\- Đài"


def test_table_checks_its_shape():
    with pytest.raises(ValueError):
        md.table(["a", "b"], [["1"]])
    with pytest.raises(ValueError):
        md.table(["a", "b"], [["1", "2"]], align="l")


def test_hostile_values_come_out_as_text_in_html(tmp_path):
    body = md.table(["Giá trị"], [[v] for v in HOSTILE], caption=HOSTILE[0])
    body += md.bullets(HOSTILE) + "".join(md.paragraph(v) for v in HOSTILE)
    body += md.heading(2, HOSTILE[0]) + md.box("danger", md.join(*HOSTILE))
    page = convert.markdown_to_html(f"---\ntitle: t\n---\n\n{body}", {}, tmp_path)
    parser = _Text()
    parser.feed(page)
    assert "script" not in parser.tags and "img" not in parser.tags and "a" not in parser.tags
    assert [normalise(c) for c in parser.cells] == [expected_text(v) for v in HOSTILE]
    assert html.escape("<script>alert(1)</script>", quote=False) in page
    assert "onerror" not in re.sub(r"&lt;img src=x onerror=alert\(1\)&gt;", "", page)


def test_hostile_values_come_out_as_text_in_the_pdf(tmp_path):
    body = md.table(["Giá trị"], [[v] for v in HOSTILE], caption=HOSTILE[2])
    body += md.bullets(HOSTILE[:7]) + "".join(md.paragraph(v) for v in HOSTILE)
    body += md.heading(2, HOSTILE[1]) + md.box("warning", md.join(*HOSTILE))
    source = convert.markdown_to_typst(f"---\ntitle: t\n---\n\n{body}", {}, tmp_path)
    pdf = tmp_path / "hostile.pdf"
    pdf.write_bytes(typst.compile(source.encode("utf-8"), root=str(tmp_path)))
    text = pdf_text(pdf)
    for value in HOSTILE:
        assert expected_text(value) in text, value
    # The A4 page of the template survived a value that tries to reset the page.
    assert "#set page(width: 1cm)" not in source.replace("\\#set page(width: 1cm)", "")


def test_a_document_read_once_into_pandoc_json_writes_the_same_html_and_typst(tmp_path):
    body = md.heading(2, "Bảng") + md.table(
        ["Cơ quan", "Giá trị"], [[v, "1.234.567 ₫"] for v in HOSTILE], align="lr", caption="Chú ý"
    )
    body += md.bullets(HOSTILE[:3]) + md.box("warning", md.join(*HOSTILE[:2]))
    source = f"---\ntitle: Báo cáo\nsubtitle: {HOSTILE[0]!r}\n---\n\n{body}"
    front = {"toc": True, "number-sections": True}
    tree = convert.markdown_to_ast(source, tmp_path)
    html_page = convert.markdown_to_html(tree, front, tmp_path, reader=convert.AST)
    assert html_page == convert.markdown_to_html(source, front, tmp_path)
    typst_source = convert.markdown_to_typst(tree, front, tmp_path, reader=convert.AST)
    assert typst_source == convert.markdown_to_typst(source, front, tmp_path)


def test_one_typst_compiler_per_thread_prints_what_a_fresh_compile_prints(tmp_path):
    pages = [convert.markdown_to_typst(md.paragraph(v), {}, tmp_path) for v in HOSTILE[:3]]
    compile_pdf = convert.TypstPdf(tmp_path)
    for number, source in enumerate(pages):
        reused = tmp_path / f"reused-{number}.pdf"
        reused.write_bytes(compile_pdf(source, f"reused-{number}"))
        fresh = tmp_path / f"fresh-{number}.pdf"
        fresh.write_bytes(convert.typst_to_pdf(source, tmp_path, f"fresh-{number}"))
        assert pdf_text(reused) == pdf_text(fresh)


def test_one_pandoc_process_for_a_set_writes_what_the_command_line_writes(tmp_path):
    table = md.table(["Cơ quan", "Giá trị"], [[v, "1.234.567 ₫"] for v in HOSTILE], align="lr")
    documents = [
        (f"---\ntitle: Phiếu\nsubtitle: {value!r}\n---\n\n{md.heading(2, value)}{table}", front)
        for value, front in [
            (HOSTILE[0], {}),
            (HOSTILE[1], {"toc": True, "toc-depth": 2, "number-sections": True}),
            (HOSTILE[2], {"toc-depth": 1}),  # a depth counts only with a table of contents
        ]
    ]
    with convert.PandocWorker(tmp_path) as worker:
        for source, front in documents:
            tree, typst_source = worker.convert(source, front, ast=True, typst=True)
            assert tree == convert.markdown_to_ast(source, tmp_path)
            assert typst_source == convert.markdown_to_typst(source, front, tmp_path)
        assert worker.convert(source, front, ast=False, typst=True)[0] is None
    with pytest.raises(RuntimeError, match="closed"):
        worker.convert(source, {}, ast=True, typst=False)
