"""Trigger conditions: a tiny language over named findings, parsed here and never ``eval``-ed.

A coach writes ``when = "alternatives >= 60 and alternatives_gap >= 15"`` in the prompts file;
this module turns the text into a small tree and evaluates the tree against one side's
findings. The grammar (docs/coaching.md has examples)::

    condition  := or
    or         := and ("or" and)*
    and        := unary ("and" unary)*
    unary      := "not" unary | primary
    primary    := "(" condition ")" | comparison
    comparison := operand [op operand]
    operand    := name | number | 'text' | "text" | true | false
    op         := ">=" | "<=" | ">" | "<" | "==" | "!="

A bare name holds when the finding is present and true, non-zero or non-empty. A comparison
with a missing finding (a side that wrote nothing, a score nobody gave) is false, so
``not (x >= 40)`` holds when ``x`` is missing.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass

Value = float | str | bool | None

OPERATORS = (">=", "<=", "!=", "==", ">", "<")
KEYWORDS = ("and", "or", "not", "true", "false")
#: Deeper nesting than this is refused: no coach needs it, and it keeps the parser's recursion
#: far from Python's limit whatever text it is given.
MAX_DEPTH = 24
MAX_LENGTH = 2000


class TriggerError(ValueError):
    """A condition that cannot be read; the message says where and what was expected."""


@dataclass(frozen=True)
class Name:
    name: str


@dataclass(frozen=True)
class Literal:
    value: float | str | bool


Operand = Name | Literal


@dataclass(frozen=True)
class Compare:
    op: str
    left: Operand
    right: Operand


@dataclass(frozen=True)
class Not:
    operand: Node


@dataclass(frozen=True)
class And:
    operands: tuple[Node, ...]


@dataclass(frozen=True)
class Or:
    operands: tuple[Node, ...]


Node = Name | Literal | Compare | Not | And | Or

_TOKEN = re.compile(
    r"""
    (?P<space>\s+)
  | (?P<number>\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)
  | (?P<name>[A-Za-z_][A-Za-z0-9_]*)
  | (?P<text>'[^']*'|"[^"]*")
  | (?P<op>>=|<=|!=|==|>|<)
  | (?P<paren>[()])
  | (?P<minus>-)
    """,
    re.VERBOSE,
)


_NUMBER = re.compile(r"\d+(?:\.\d+)?(?:[eE][+-]?\d+)?")


@dataclass(frozen=True)
class _Token:
    kind: str  # number, name, text, op, paren, keyword, end
    text: str
    at: int


def _tokens(source: str) -> list[_Token]:
    out: list[_Token] = []
    at = 0
    while at < len(source):
        match = _TOKEN.match(source, at)
        if match is None:
            raise TriggerError(_where(source, at, f"unexpected {source[at]!r}"))
        kind = match.lastgroup or ""
        text = match.group()
        if kind == "minus":
            number = _NUMBER.match(source, match.end())
            if number is None:
                raise TriggerError(_where(source, at, "a minus sign must start a number"))
            text, kind = text + number.group(), "number"
            match = number
        if kind == "name" and text in KEYWORDS:
            kind = "keyword"
        if kind != "space":
            out.append(_Token(kind, text, at))
        at = match.end()
    out.append(_Token("end", "", len(source)))
    return out


def _where(source: str, at: int, message: str) -> str:
    return f"{message} at character {at + 1} of the condition {source!r}"


class _Parser:
    def __init__(self, source: str) -> None:
        self.source = source
        self.tokens = _tokens(source)
        self.position = 0
        self.depth = 0

    @property
    def token(self) -> _Token:
        return self.tokens[self.position]

    def error(self, message: str) -> TriggerError:
        found = self.token.text or "the end"
        return TriggerError(_where(self.source, self.token.at, f"{message}, found {found!r}"))

    def accept(self, kind: str, text: str | None = None) -> _Token | None:
        token = self.token
        if token.kind == kind and (text is None or token.text == text):
            self.position += 1
            return token
        return None

    def condition(self) -> Node:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise self.error(f"conditions may nest at most {MAX_DEPTH} deep")
        parts = [self.conjunction()]
        while self.accept("keyword", "or"):
            parts.append(self.conjunction())
        self.depth -= 1
        return parts[0] if len(parts) == 1 else Or(tuple(parts))

    def conjunction(self) -> Node:
        parts = [self.unary()]
        while self.accept("keyword", "and"):
            parts.append(self.unary())
        return parts[0] if len(parts) == 1 else And(tuple(parts))

    def unary(self) -> Node:
        if self.accept("keyword", "not"):
            self.depth += 1
            if self.depth > MAX_DEPTH:
                raise self.error(f"conditions may nest at most {MAX_DEPTH} deep")
            negated = Not(self.unary())
            self.depth -= 1
            return negated
        if self.accept("paren", "("):
            node = self.condition()
            if not self.accept("paren", ")"):
                raise self.error("expected ')'")
            return node
        return self.comparison()

    def operand(self) -> Operand:
        token = self.token
        if self.accept("name"):
            return Name(token.text)
        if self.accept("number"):
            return Literal(float(token.text))
        if self.accept("text"):
            return Literal(token.text[1:-1])
        if self.accept("keyword", "true") or self.accept("keyword", "false"):
            return Literal(token.text == "true")
        raise self.error("expected a finding, a number or a quoted text")

    def comparison(self) -> Node:
        left = self.operand()
        op = self.accept("op")
        if op is None:
            if isinstance(left, Literal) and not isinstance(left.value, bool):
                raise self.error(f"{left.value!r} alone is not a condition; compare it")
            return left
        right = self.operand()
        if isinstance(left, Literal) and isinstance(right, Literal):
            raise TriggerError(
                _where(self.source, op.at, "a comparison needs at least one finding")
            )
        return Compare(op.text, left, right)


def parse(source: str) -> Node:
    """The tree of a condition, or :class:`TriggerError` saying what is wrong and where."""
    if not isinstance(source, str):
        raise TriggerError(f"a condition is text, not {type(source).__name__}")
    if len(source) > MAX_LENGTH:
        raise TriggerError(f"a condition is at most {MAX_LENGTH} characters long")
    if not source.strip():
        raise TriggerError("the condition is empty; write 'true' for a prompt that always applies")
    parser = _Parser(source)
    node = parser.condition()
    if parser.token.kind != "end":
        raise parser.error("expected 'and', 'or' or the end of the condition")
    return node


def walk(node: Node) -> Iterator[Node]:
    """Every node of the tree, the root first."""
    yield node
    if isinstance(node, Compare):
        yield node.left
        yield node.right
    elif isinstance(node, Not):
        yield from walk(node.operand)
    elif isinstance(node, And | Or):
        for part in node.operands:
            yield from walk(part)


def names(node: Node) -> set[str]:
    """The findings a condition reads."""
    return {n.name for n in walk(node) if isinstance(n, Name)}


def _value(operand: Operand, findings: Mapping[str, Value]) -> Value:
    return findings.get(operand.name) if isinstance(operand, Name) else operand.value


def truthy(value: Value) -> bool:
    """Present and true, non-zero or non-empty. NaN counts as missing."""
    if value is None or (isinstance(value, float) and value != value):
        return False
    return bool(value)


def _compare(op: str, left: Value, right: Value) -> bool:
    if left is None or right is None:
        return False
    if isinstance(left, bool) or isinstance(right, bool):
        if not (isinstance(left, bool) and isinstance(right, bool)):
            return False
        return (left == right) if op == "==" else (left != right) if op == "!=" else False
    if isinstance(left, str) or isinstance(right, str):
        if not (isinstance(left, str) and isinstance(right, str)):
            return False
        return (left == right) if op == "==" else (left != right) if op == "!=" else False
    a, b = float(left), float(right)
    if a != a or b != b:
        return False
    return {
        ">=": a >= b,
        "<=": a <= b,
        ">": a > b,
        "<": a < b,
        "==": a == b,
        "!=": a != b,
    }[op]


def evaluate(node: Node, findings: Mapping[str, Value]) -> bool:
    """Whether the condition holds for these findings."""
    if isinstance(node, Name | Literal):
        return truthy(_value(node, findings))
    if isinstance(node, Compare):
        return _compare(node.op, _value(node.left, findings), _value(node.right, findings))
    if isinstance(node, Not):
        return not evaluate(node.operand, findings)
    if isinstance(node, And):
        return all(evaluate(part, findings) for part in node.operands)
    return any(evaluate(part, findings) for part in node.operands)


def unparse(node: Node) -> str:
    """Canonical text of a tree: ``parse(unparse(tree)) == tree``."""
    if isinstance(node, Name):
        return node.name
    if isinstance(node, Literal):
        value = node.value
        if isinstance(value, bool):
            return "true" if value else "false"
        if isinstance(value, str):
            return f"'{value}'" if "'" not in value else f'"{value}"'
        return repr(float(value))
    if isinstance(node, Compare):
        return f"{unparse(node.left)} {node.op} {unparse(node.right)}"
    if isinstance(node, Not):
        return f"not {_grouped(node.operand)}"
    joiner = " and " if isinstance(node, And) else " or "
    return joiner.join(_grouped(part) for part in node.operands)


def _grouped(node: Node) -> str:
    return f"({unparse(node)})" if isinstance(node, And | Or | Not) else unparse(node)
