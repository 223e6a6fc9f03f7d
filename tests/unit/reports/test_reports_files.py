"""The files themselves: HTML that requests nothing from anywhere, and valid A4 PDFs with the
expected pages, numbered, made without fetching anything."""

from __future__ import annotations

import io
import re
from collections.abc import Mapping
from html.parser import HTMLParser

import pytest
from pypdf import PdfReader
from tests.unit.reports.conftest import CONTEXT, THRESHOLDS, Rendered, pair

from parity.reports import html_to_pdf, workshop_html, workshop_pack
from parity.reports.pdf import data_only_fetcher

#: Attributes through which a document can make a browser fetch something.
FETCHING = {
    "src",
    "href",
    "srcset",
    "action",
    "formaction",
    "poster",
    "data",
    "background",
    "xlink:href",
    "manifest",
    "ping",
    "cite",
    "longdesc",
    "codebase",
    "archive",
    "icon",
}
FORBIDDEN_TAGS = {
    "script",
    "link",
    "iframe",
    "frame",
    "object",
    "embed",
    "img",
    "base",
    "audio",
    "video",
    "source",
    "track",
    "image",
    "use",
    "foreignobject",
}
A4 = (595.28, 841.89)  # points


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: set[str] = set()
        self.urls: list[str] = []
        self.styles: list[str] = []
        self._in_style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.add(tag)
        self._in_style = tag == "style"
        for name, value in attrs:
            if name in FETCHING and value is not None:
                self.urls.append(value)
            if name == "style" and value:
                self.styles.append(value)

    def handle_endtag(self, tag: str) -> None:
        self._in_style = False

    def handle_data(self, data: str) -> None:
        if self._in_style:
            self.styles.append(data)


def assert_requests_nothing(markup: str) -> None:
    collector = _Collector()
    collector.feed(markup)
    assert not collector.tags & FORBIDDEN_TAGS, collector.tags & FORBIDDEN_TAGS
    for url in collector.urls:
        assert url.startswith(("#", "data:")), url
    for css in collector.styles:
        assert "@import" not in css
        for target in re.findall(r"url\(\s*['\"]?([^'\")]*)", css):
            assert target.startswith("data:"), target
    assert not re.search(
        r"(?i)\b(?:https?:)?//[a-z0-9.-]+\.[a-z]{2,}",
        re.sub(r'xmlns="http://www\.w3\.org/2000/svg"', "", markup),
    ), "an address of another host"
    assert "default-src 'none'" in markup  # and browsers are told to fetch nothing anyway


def test_the_reports_request_nothing_from_anywhere(
    it_sales: Rendered, organization: Rendered, between: Mapping[str, Rendered]
) -> None:
    for rendered in (it_sales, organization, *between.values()):
        assert_requests_nothing(rendered.html)


def test_the_checker_would_catch_a_request() -> None:
    for leak in (
        '<img src="https://example.org/x.png">',
        '<link rel="stylesheet" href="https://cdn.example.org/a.css">',
        '<div style="background: url(https://example.org/x.png)"></div>',
        '<a href="//example.org/">x</a>',
    ):
        with pytest.raises(AssertionError):
            assert_requests_nothing(f"<meta content=\"default-src 'none'\">{leak}")


@pytest.mark.slow
def test_the_pdfs_are_valid_a4_with_numbered_pages(
    it_sales: Rendered, organization: Rendered, between: Mapping[str, Rendered]
) -> None:
    for rendered in (it_sales, organization, *between.values()):
        assert rendered.pdf.startswith(b"%PDF-")
        reader = PdfReader(io.BytesIO(rendered.pdf), strict=True)
        total = len(reader.pages)
        assert total >= 2
        for number, page in enumerate(reader.pages, start=1):
            box = page.mediabox
            assert (float(box.width), float(box.height)) == pytest.approx(A4, abs=1)
            assert f"Page {number} of {total}" in rendered.pages[number - 1]


def test_the_relationship_report_has_the_expected_pages(it_sales: Rendered) -> None:
    pages = it_sales.pages
    assert 5 <= len(pages) <= 9, len(pages)
    assert "In brief" in pages[0]
    assert "How to read this report" in pages[0]
    talk = next(i for i, p in enumerate(pages) if "What to talk about" in p)
    glossary = next(i for i, p in enumerate(pages) if "The kinds of relationship" in p)
    assert talk <= glossary >= len(pages) - 2
    assert "About the numbers" in pages[-1]
    reader = it_sales.reader
    assert reader.metadata is not None
    assert reader.metadata.title == "IT and Sales: relationship report"


def test_the_organization_report_has_the_expected_pages(organization: Rendered) -> None:
    pages = organization.pages
    assert 4 <= len(pages) <= 9, len(pages)
    assert "relationships called partner are partners in name only" in pages[0]
    assert "The measures" in pages[-1]
    heatmap = next(p for p in pages if "How each party sees each other party" in p)
    assert "Lowest partnering score" in heatmap  # the chart's title stays with its heading


def test_the_workshop_pack_puts_charter_and_script_on_their_own_pages(
    between: Mapping[str, Rendered],
) -> None:
    pages = between["workshop"].pages
    charter = next(i for i, p in enumerate(pages) if "Partnering charter: Finance and IT" in p)
    script = next(i for i, p in enumerate(pages) if "If they were a person: a workshop" in p)
    prompts = next(i for i, p in enumerate(pages) if "Questions to ask" in p)
    assert prompts < charter < script


def test_the_pdf_fetches_nothing() -> None:
    fetcher = data_only_fetcher()
    leaky = (
        "<html><head><link rel='stylesheet' href='http://127.0.0.1:9/a.css'></head><body>"
        "<p>Text</p><img src='https://example.invalid/x.png'><img src='file:///etc/hostname'>"
        "<img src='data:image/gif;base64,R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7'>"
        "</body></html>"
    )
    pdf = html_to_pdf(leaky, fetcher=fetcher)
    assert pdf.startswith(b"%PDF-")
    assert sorted(fetcher.refused) == [
        "file:///etc/hostname",
        "http://127.0.0.1:9/a.css",
        "https://example.invalid/x.png",
    ]


def test_a_pack_for_several_relationships_starts_each_on_a_new_page() -> None:
    results = [pair(8, 8).result, pair(9, 9).result]
    html = workshop_html(workshop_pack(results, THRESHOLDS, CONTEXT))
    assert html.count('class="relationship-pack"') == 2
    assert_requests_nothing(html)
