"""Reports as PDF: the same HTML, laid out on A4 by WeasyPrint.

WeasyPrint needs Pango, HarfBuzz and fontconfig from the system (Debian: libpango-1.0-0,
libpangoft2-1.0-0, libharfbuzz0b, fontconfig) and the report's font, DejaVu Sans
(fonts-dejavu-core); ``scripts/setup.sh`` installs them. It is imported only when a PDF is
made, so the rest of Parity starts without it.

The PDF makes no request: :class:`DataOnlyFetcher` refuses every URL that is not a ``data:``
URL, so even a stray link in a template could not reach the network or the file system.
"""

from __future__ import annotations

import logging
from typing import Any

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


def html_to_pdf(html: str, *, fetcher: Any = None) -> bytes:
    """The PDF of a report's HTML (A4, page numbers in the footer)."""
    from weasyprint import HTML  # type: ignore[import-untyped]

    document = HTML(string=html, url_fetcher=fetcher or data_only_fetcher())
    pdf: bytes = document.write_pdf()
    return pdf
