"""Adoption: which cities name a programme, since when, and how it spreads.

"Adopts" means "a document of the city names the programme"; the year is the
document's ``ep:year`` (the year a plan is for or a summary reports on).  A
city's first year can only be as early as its first document in the corpus:
:attr:`NewProgramme.silent_before` names the cities whose earlier documents
did *not* name a programme, the only evidence that it really is new there.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from kg.analytics.projections import city_programme_years
from kg.analytics.view import View

__all__ = ["Adoption", "CityYear", "NewProgramme", "adoption", "diffusion_curve", "new_programmes"]


@dataclass(frozen=True, slots=True)
class CityYear:
    city: str
    province: str | None
    year: int  # first year a document of the city names the programme


@dataclass(frozen=True, slots=True)
class Adoption:
    """One programme: who names it and since when; ``cities`` in order of adoption."""

    programme: str  # IRI
    label: str
    cities: tuple[CityYear, ...]
    provinces: tuple[str, ...]
    first_year: int
    curated: bool

    @property
    def reach(self) -> int:
        return len(self.cities)


@dataclass(frozen=True, slots=True)
class NewProgramme:
    adoption: Adoption
    silent_before: tuple[str, ...]  # cities with a document before first_year (none of which names it)


def adoption(view: View) -> tuple[Adoption, ...]:
    """Every named programme, ranked by reach (most cities first), then first year, then label.

    >>> adoption(View())
    ()
    """
    first: dict[str, list[CityYear]] = defaultdict(list)
    for (city, p), years in city_programme_years(view).items():
        first[p].append(CityYear(city, view.cities[city].province, years[0]))
    out = []
    for p, cys in first.items():
        cys.sort(key=lambda c: (c.year, c.city))
        prog = view.programmes[p]
        provinces = tuple(sorted({c.province for c in cys if c.province}))
        out.append(Adoption(p, prog.label, tuple(cys), provinces, cys[0].year, prog.curated))
    return tuple(sorted(out, key=lambda a: (-a.reach, a.first_year, a.label, a.programme)))


def diffusion_curve(view: View, programme: str | None = None) -> tuple[tuple[int, int], ...]:
    """Cumulative number of cities by year, over every year of the corpus.

    With ``programme`` (an IRI), cities that have named that programme by the
    year; without, cities that have any document by the year (the corpus's
    own coverage, the baseline to read a programme's curve against).

    >>> diffusion_curve(View())
    ()
    """
    if programme is None:
        firsts = _first_document_years(view).values()
    else:
        firsts = [ys[0] for (c, p), ys in city_programme_years(view).items() if p == programme]
    firsts = sorted(firsts)
    return tuple((y, sum(1 for f in firsts if f <= y)) for y in view.years)


def _first_document_years(view: View) -> dict[str, int]:
    first: dict[str, int] = {}
    for m in view.measures:
        first[m.city] = min(first.get(m.city, m.year), m.year)
    return first


def new_programmes(view: View, since: int | None = None) -> tuple[NewProgramme, ...]:
    """Programmes first named in a year after the corpus's first year, in order of adoption.

    ``since`` keeps programmes first named in that year or later (default:
    any year after the earliest).  Ordered by first year, then reach.
    """
    years = view.years
    if not years:
        return ()
    since = years[0] + 1 if since is None else since
    doc_years: dict[str, set[int]] = defaultdict(set)
    for m in view.measures:
        doc_years[m.city].add(m.year)
    out = []
    for a in adoption(view):
        if a.first_year < since:
            continue
        # no document before first_year names it (that is what first_year means)
        silent = tuple(sorted(c for c, ys in doc_years.items() if min(ys) < a.first_year))
        out.append(NewProgramme(a, silent))
    return tuple(sorted(out, key=lambda n: (n.adoption.first_year, -n.adoption.reach, n.adoption.label)))
