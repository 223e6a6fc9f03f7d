"""Reports as PDF: the same HTML, laid out on A4 by WeasyPrint.

WeasyPrint needs Pango, HarfBuzz and fontconfig from the system (Debian: libpango-1.0-0,
libpangoft2-1.0-0, libharfbuzz0b, fontconfig) and the report's font, DejaVu Sans
(fonts-dejavu-core); ``scripts/setup.sh`` installs them. It is imported only when a PDF is
made, so the rest of Parity starts without it.

The PDF makes no request: :class:`DataOnlyFetcher` refuses every URL that is not a ``data:``
URL, so even a stray link in a template could not reach the network or the file system.

Before layout, :func:`print_markup` hands WeasyPrint less to do for the same pages: each inline
chart becomes an image of the same SVG (a ``data:`` URL), so the chart's hundreds of shapes are
not styled as HTML elements, and a chart that appears several times is parsed once (WeasyPrint
keeps one image per URL), its labels set in fewer elements for the report's font
(:mod:`parity.reports.print_charts`); and what the print stylesheet hides anyway
(``screen-only``) is left out instead of being styled and never drawn.
"""

from __future__ import annotations

import base64
import logging
import re
from typing import Any

from parity.reports.print_charts import print_svg

#: An inline chart: an ``<svg>`` element of the report's own markup (charts never nest one).
INLINE_SVG = re.compile(r"<svg\b[^>]*>.*?</svg>", re.DOTALL)
#: A chart's title, the image's text alternative (already escaped by the chart).
SVG_TITLE = re.compile(r"<title\b[^>]*>(.*?)</title>", re.DOTALL)
#: An element only the screen shows; it never contains an element of its own kind.
SCREEN_ONLY = re.compile(
    r"<(?P<tag>[a-z]+)\b[^>]*\bclass=\"[^\"]*\bscreen-only\b[^\"]*\"[^>]*>.*?</(?P=tag)>",
    re.DOTALL,
)

LOGGER = logging.getLogger(__name__)


def _fetcher_class() -> type[Any]:
    from weasyprint.urls import URLFetcher  # type: ignore[import-untyped]

    class DataOnlyFetcher(URLFetcher):  # type: ignore[misc]
        """Fetches ``data:`` URLs only; every other URL is refused (and remembered)."""

        def __init__(self) -> None:
            super().__init__(allowed_protocols=("data",), allow_redirects=False)
            self.refused: list[str] = []

        def fetch(self, url: str, headers: Any = None) -> Any:
            if not url.startswith("data:"):
                self.refused.append(url)
                LOGGER.warning("A report asked for %s; refused (reports fetch nothing).", url)
                raise ValueError(f"Reports fetch nothing; refused {url}")
            return super().fetch(url, headers)

    return DataOnlyFetcher


def data_only_fetcher() -> Any:
    """A WeasyPrint URL fetcher that refuses every non-``data:`` URL; ``.refused`` lists them."""
    return _fetcher_class()()


def svg_image(match: re.Match[str]) -> str:
    """An inline chart as an ``<img>`` of the same chart, its labels set for the PDF."""
    svg = match.group(0)
    title = SVG_TITLE.search(svg)
    encoded = base64.b64encode(print_svg(svg).encode("utf-8")).decode("ascii")
    alt = title.group(1) if title else ""
    return f'<img alt="{alt}" src="data:image/svg+xml;base64,{encoded}">'


def print_markup(html: str) -> str:
    """A report's HTML as the PDF lays it out: charts as SVG images, screen-only parts left
    out. The pages are the same; WeasyPrint styles a few hundred elements instead of thousands."""
    return INLINE_SVG.sub(svg_image, SCREEN_ONLY.sub("", html))


def html_to_pdf(html: str, *, fetcher: Any = None) -> bytes:
    """The PDF of a report's HTML (A4, page numbers in the footer)."""
    from weasyprint import HTML  # type: ignore[import-untyped]

    document = HTML(string=print_markup(html), url_fetcher=fetcher or data_only_fetcher())
    pdf: bytes = document.write_pdf()
    return pdf
