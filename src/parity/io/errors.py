"""Problems found in an input file, and the exception that carries them.

A survey export usually has several mistakes at once. Reporting them one at a time makes the
user re-upload the file again and again, so the readers collect every problem they find (up to a
limit that keeps the message readable) and raise them together. Each problem names the file, the
row as a spreadsheet shows it (the header is row 1) and the column, so the user can go straight to
the cell.

A problem's ``message`` is made as a :class:`~parity.core.translation.Sentence`: it is English as
data (the command line, JSON, the tests) and speaks the reader's language where it is shown
(a web page in German), as do the words that locate it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from parity.core.translation import N_, gettext, ngettext

#: How many problems a message lists; beyond this the user learns only how many more there are.
MAX_PROBLEMS = 50


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input file, located as precisely as the reader could."""

    file: str
    row: int | None
    column: str | None
    message: str

    def __str__(self) -> str:
        """Where, then what: "relationships.csv, row 4, column scope: …", in the language the
        sentences are shown in (one whole template per place, so each language orders it)."""
        if self.row is not None and self.column is not None:
            template = N_("{file}, row {row}, column {column}: {message}")
        elif self.row is not None:
            template = N_("{file}, row {row}: {message}")
        elif self.column is not None:
            template = N_("{file}, column {column}: {message}")
        else:
            template = "{file}: {message}"
        return gettext(template).format(
            file=self.file, row=self.row, column=self.column, message=self.message
        )


class InputFileError(Exception):
    """An input file that cannot be used; ``problems`` says what to fix, cell by cell.

    ``total`` counts every problem found, which may exceed the problems kept in ``problems``.
    """

    def __init__(self, problems: Sequence[Problem], total: int | None = None) -> None:
        self.problems: list[Problem] = list(problems)
        self.total: int = max(total or 0, len(self.problems))
        # The arguments (not a pre-rendered message) go to Exception so that the error survives
        # pickling, e.g. when a web worker hands it back to the request.
        super().__init__(self.problems, self.total)

    def __str__(self) -> str:
        shown = self.problems[:MAX_PROBLEMS]
        lines = [str(problem) for problem in shown]
        more = self.total - len(shown)
        if more > 0:
            said = ngettext("… and {count} more problem", "… and {count} more problems", more)
            lines.append(said.format(count=more))
        return "\n".join(lines)


class ProblemLog:
    """Collects the problems of one file while the reader keeps checking.

    Checks work on whole columns at once; a check that finds a million bad cells must not build a
    million objects, so each check keeps only the first :data:`MAX_PROBLEMS` and counts the rest.
    """

    def __init__(self, file: str) -> None:
        self.file = file
        self._problems: list[Problem] = []
        self._total = 0

    def __bool__(self) -> bool:
        return self._total > 0

    def add(self, message: str, row: int | None = None, column: str | None = None) -> None:
        """Report one problem; for problems that can repeat per row, use :meth:`add_many`."""
        self._total += 1
        self._problems.append(Problem(self.file, row, column, message))

    def add_many(
        self,
        rows: npt.NDArray[np.int64],
        column: str | None,
        describe: Callable[[int], str],
    ) -> None:
        """Report the cells at ``rows`` (spreadsheet row numbers) of ``column``.

        ``describe`` receives the position in ``rows`` and is called for the first
        :data:`MAX_PROBLEMS` cells only.
        """
        self._total += len(rows)
        for position in range(min(len(rows), MAX_PROBLEMS)):
            self._problems.append(
                Problem(self.file, int(rows[position]), column, describe(position))
            )

    def extend(self, problems: Iterable[Problem]) -> None:
        for problem in problems:
            self.add(problem.message, problem.row, problem.column)

    def error(self) -> InputFileError:
        """The exception to raise: file-level problems first, then cells in row order."""
        ordered = sorted(self._problems, key=lambda p: 0 if p.row is None else p.row)
        return InputFileError(ordered[:MAX_PROBLEMS], self._total)

    def raise_if_any(self) -> None:
        if self:
            raise self.error()
