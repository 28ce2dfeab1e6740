"""Sections: the common shape in which every app contributes to country, route and home pages and to packs.

An app adds to a page by defining functions in its own ``sections.py``::

    def country(user, country) -> list[Section]     # the country page and country fiche
    def route(user, route) -> list[Section]         # the route page and route fiche
    def home(user) -> list[Section]                 # the signed-in dashboard / public home

Each function must only include what ``user`` may see (ask ``wholeroute.access.policy``) and set the
section's ``classification`` to the highest classification of anything in it. A chart always carries the
table of its data, so every page and pack shows the numbers beside the picture.
"""

import importlib
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings

from wholeroute.access.models import CLASSIFICATION_RANK, Classification


@dataclass
class Link:
    text: str
    url: str

    def __str__(self):
        return self.text


@dataclass
class Table:
    caption: str
    columns: list[str]
    rows: list[list[Any]]
    # Indexes of columns holding numbers (right-aligned, formatted with thousands separators).
    numeric: list[int] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


@dataclass
class Chart:
    """A Vega-Lite chart; `table` holds the same data and is always shown beside it."""

    spec: dict
    table: Table
    description: str


@dataclass
class Section:
    key: str
    title: str
    order: int = 100
    classification: str = Classification.PUBLIC
    paragraphs: list[str] = field(default_factory=list)
    facts: list[tuple[str, Any]] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    charts: list[Chart] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)
    empty_message: str = ""

    @property
    def is_empty(self):
        return not (self.paragraphs or self.facts or self.tables or self.charts or self.links)


KINDS = ("country", "route", "home")


def collect(kind: str, user, *args) -> list[Section]:
    """Ask every app for its sections of a page, in order."""
    if kind not in KINDS:
        raise ValueError(f"unknown section kind {kind!r}")
    sections: list[Section] = []
    for app in settings.WHOLEROUTE_APPS:
        try:
            module = importlib.import_module(f"{app}.sections")
        except ModuleNotFoundError as exc:
            if exc.name != f"{app}.sections":
                raise
            continue
        contribute = getattr(module, kind, None)
        if contribute is not None:
            sections.extend(contribute(user, *args) or [])
    return sorted(sections, key=lambda s: (s.order, s.title))


def highest_classification(sections) -> str:
    return max((s.classification for s in sections), key=CLASSIFICATION_RANK.__getitem__,
               default=Classification.PUBLIC)
