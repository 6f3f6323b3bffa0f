"""The data that flows between the pipeline's stages.

read -> normalise -> segment -> extract -> resolve -> build graph.  Every stage
takes and returns the small frozen dataclasses below; only ``loaders.read`` and
the stores touch the outside world.  Everything that has text carries a
:class:`Span` so that each fact in the graph can be traced back to the exact
characters of the source file.

Offsets come in two flavours:

* *normalised* offsets index :attr:`Text.text`, the cleaned text that the
  segmenter and the extractors work on;
* *source* offsets index :attr:`Text.raw`, the decoded characters of the file
  as it was read.  :meth:`Text.to_source` maps the former to the latter.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum

from kg.errors import ModelError

__all__ = [
    "Comparator",
    "DocKind",
    "Document",
    "Field",
    "FieldName",
    "Mention",
    "MentionKind",
    "Measure",
    "Section",
    "Source",
    "Span",
    "Target",
    "Text",
    "UnitRef",
]


def _require(cond: bool, what: str) -> None:
    if not cond:
        raise ModelError(what)


@dataclass(frozen=True, slots=True)
class Source:
    """A file as read: its name (relative to the corpus root) and content hash.

    ``locator`` maps source offsets to a human locator for formats that have
    one (a PDF page, a DOCX paragraph); it is a tuple of ``(start_offset,
    label)`` pairs sorted by offset, empty for plain text.
    """

    name: str
    sha256: str
    media_type: str = "text/plain"
    encoding: str = "utf-8"
    locator: tuple[tuple[int, str], ...] = ()

    def __post_init__(self) -> None:
        _require(bool(self.name), "Source.name must not be empty")
        _require(len(self.sha256) == 64, f"Source.sha256 must be 64 hex digits, got {self.sha256!r}")

    def locate(self, offset: int) -> str | None:
        """The locator label (e.g. ``"p. 3"``) of a source offset, if any."""
        label = None
        for start, name in self.locator:
            if start > offset:
                break
            label = name
        return label


@dataclass(frozen=True, slots=True, eq=False)
class Text:
    """Normalised text with a map back to the source characters.

    ``starts[i]`` and ``ends[i]`` are the source offsets of the characters
    that normalised character ``i`` came from (``ends`` exclusive).
    """

    source: Source
    raw: str
    text: str
    starts: Sequence[int]
    ends: Sequence[int]

    def __post_init__(self) -> None:
        _require(
            len(self.starts) == len(self.text) == len(self.ends),
            f"{self.source.name}: offset map has {len(self.starts)}/{len(self.ends)} entries "
            f"for {len(self.text)} characters",
        )

    def to_source(self, start: int, end: int) -> tuple[int, int]:
        """Map a normalised ``[start, end)`` to source offsets."""
        if start >= end:
            pos = self.starts[start] if start < len(self.starts) else len(self.raw)
            return pos, pos
        return self.starts[start], self.ends[end - 1]

    def span(self, start: int, end: int) -> Span:
        """A :class:`Span` over normalised ``[start, end)``."""
        s, e = self.to_source(start, end)
        return Span(start, end, s, e, self.text[start:end])


@dataclass(frozen=True, slots=True)
class Span:
    """Characters of one file: normalised offsets, source offsets and the text."""

    start: int
    end: int
    src_start: int
    src_end: int
    text: str

    def __post_init__(self) -> None:
        _require(0 <= self.start <= self.end, f"bad span [{self.start}, {self.end})")
        _require(0 <= self.src_start <= self.src_end, f"bad source span [{self.src_start}, {self.src_end})")
        _require(len(self.text) == self.end - self.start, "Span.text does not match its offsets")


class DocKind(StrEnum):
    PLAN = "plan"  # 工作要点 / 工作重点 / 工作计划
    SUMMARY = "summary"  # 工作总结


class FieldName(StrEnum):
    GOAL = "goal"  # 目标任务 / 任务目标
    ACTIONS = "actions"  # 工作措施 / 工作举措
    RESPONSIBLE = "responsible"  # 责任单位 / 责任科室 / 牵头单位


@dataclass(frozen=True, slots=True)
class Field:
    """A labelled field inside a measure, ``span`` covers the value only."""

    name: FieldName
    label: str  # as printed, e.g. 工作举措
    span: Span


@dataclass(frozen=True, slots=True)
class UnitRef:
    """One name listed after 责任单位 (as printed, normalised)."""

    name: str
    span: Span
    collective: bool = False  # 局各科室, 局相关科室 …: a group, not a department
    lead: bool = False  # named as 牵头单位


@dataclass(frozen=True, slots=True)
class Measure:
    """A numbered item of a plan, or a reported item of a summary.

    ``ordinal`` is the number as printed (1. / 1、 / 一是 …).  In a summary,
    items can sit under a lettered group (（一）…); ``group`` then holds the
    group's ordinal and ``group_title`` its heading, and ``path`` tells them
    apart (``"3.1.2"``: section 3, group 1, item 2).
    """

    ordinal: int
    title: str
    span: Span
    fields: tuple[Field, ...] = ()
    units: tuple[UnitRef, ...] = ()
    group: int | None = None
    group_title: str | None = None

    def __post_init__(self) -> None:
        _require(self.ordinal >= 1, f"Measure.ordinal must be >= 1, got {self.ordinal}")

    @property
    def text(self) -> str:
        return self.span.text

    def field(self, name: FieldName) -> Field | None:
        return next((f for f in self.fields if f.name is name), None)


@dataclass(frozen=True, slots=True)
class Section:
    ordinal: int
    title: str
    span: Span
    measures: tuple[Measure, ...] = ()

    def __post_init__(self) -> None:
        _require(self.ordinal >= 1, f"Section.ordinal must be >= 1, got {self.ordinal}")


@dataclass(frozen=True, slots=True, eq=False)
class Document:
    """One policy document as issued; a file may hold several."""

    text: Text = field(repr=False)
    index: int  # position within the file, from 0
    kind: DocKind
    title: str
    year: int
    span: Span = field(repr=False)
    city: str | None = None  # 承德市 (full name, as in the gazetteer)
    city_code: str | None = None  # 6-digit adcode, e.g. 130800
    province: str | None = None
    province_code: str | None = None  # 2-digit, e.g. 13
    bureau_code: str | None = None  # adcode of a county-level issuing bureau (湄潭县 520328); None: the city's own
    issuers: tuple[str, ...] = ()
    number: str | None = None  # 文号, as printed
    issued: dt.date | None = None
    sections: tuple[Section, ...] = ()
    evidence: tuple[tuple[str, str], ...] = ()  # (what, why) notes of how city/year were found

    def __post_init__(self) -> None:
        _require(1949 <= self.year <= 2100, f"{self.text.source.name}: implausible year {self.year}")
        _require(self.index >= 0, "Document.index must be >= 0")

    @property
    def source(self) -> Source:
        return self.text.source

    @property
    def bureau(self) -> str | None:
        """The adcode of the bureau that issued the document: a county's, or else the city's."""
        return self.bureau_code or self.city_code

    @property
    def measures(self) -> tuple[Measure, ...]:
        return tuple(m for s in self.sections for m in s.measures)


class MentionKind(StrEnum):
    PROGRAM = "program"  # a named initiative, reform, system, campaign
    SLOGAN = "slogan"  # a quoted political formula (“四个意识”): not an initiative
    CITATION = "citation"  # a policy document cited by title (《…》)
    INSTITUTION = "institution"  # a school, university, centre named in a measure
    TOPIC = "topic"  # a subject area named in a measure (劳动教育): not an initiative


@dataclass(frozen=True, slots=True)
class Mention:
    """A surface form found in a measure.

    ``concept`` is the lexicon concept IRI when a lexicon entry matched,
    ``None`` for something found by a rule only (then it is not curated).
    ``rule`` names the component or pattern that found it, for ``kg explain``.
    ``parent`` links a nested citation to the title it sits in.
    """

    kind: MentionKind
    text: str  # the surface form, normalised
    span: Span
    measure: tuple[int, int, int]  # (section ordinal, group or 0, measure ordinal)
    concept: str | None = None
    rule: str = ""
    label: str | None = None  # canonical label the extractor proposes (e.g. title without 《》)
    parent: str | None = None  # for a nested citation: the outer title


class Comparator(StrEnum):
    AT_LEAST = "atLeast"  # 达到、不低于、以上、超过
    AT_MOST = "atMost"  # 不超过、以内、以下、控制在
    ABOUT = "about"  # 左右、约、近
    EXACTLY = "exactly"  # plain figures: 新建5所
    RANGE = "range"  # 2-3个


@dataclass(frozen=True, slots=True)
class Target:
    """A quantitative commitment (plan) or a reported figure (summary).

    ``value`` is the number as written, ``value_max`` the upper bound of a
    range, ``unit`` the unit as written; ``normalised`` the value in a base unit
    (yuan for money, 1 for counts …) with ``base_unit`` naming it.
    """

    value: Decimal
    unit: str
    metric: str
    comparator: Comparator
    span: Span
    measure: tuple[int, int, int]
    deadline: str | None = None
    value_max: Decimal | None = None
    normalised: Decimal | None = None
    base_unit: str | None = None
    achieved: bool = False  # True for a summary's reported result
    rule: str = ""
    ratio: bool = False  # 职普比4：6 → value 4, value_max 6: a ratio, not a range
    metric_concept: str | None = None  # IRI of the metric lexicon concept, when one matches
