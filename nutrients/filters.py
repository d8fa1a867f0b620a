"""The comparison table's logic: read the filters from a query string, filter, sort, export.

Everything here is a plain function over plain rows, so the rules can be tested without a
request or a database. The table has one row per published nutrient (a handful, at most a
few dozen), so the rows are loaded once with a fixed number of queries and filtered in
Python: search then behaves the same (Unicode-aware, case-insensitive) on SQLite and
PostgreSQL, and the "Showing N of M" total comes for free.

Query string, in the order the canonical address uses:
    kind=vitamin            one kind (vitamin or mineral)
    grade=too-little        one evidence grade (what the research says about cramps)
    symptom=tingling        any number of symptom slugs; a row matches any of them
    food=leafy-greens       any number of food slugs; a row matches any of them
    q=nerve                 free text; every word (or one of its editors' synonyms, e.g.
                            "night" -> "nocturnal") must appear somewhere in the row
    sort=-nutrient          nutrient or kind, "-" for descending; absent = editors' order
Different filters combine with AND. Anything not understood is dropped and described in
``TableFilters.ignored`` so the page can say what it left out.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Protocol
from urllib.parse import urlencode

# Bounds on what the query string may carry; anything beyond is ignored (and said so).
MAX_SEARCH_LENGTH = 100
MAX_VALUES_PER_FILTER = 20  # chosen symptoms, or chosen foods
MAX_RAW_VALUES = 50  # repeated parameters read at all; the rest are not even looked at
NOTE_VALUE_LENGTH = 30  # how much of a rejected value a note repeats back
MAX_NOTES = 10  # notes shown about ignored values; the rest are counted

KIND, GRADE, SYMPTOM, FOOD, SEARCH, SORT = "kind", "grade", "symptom", "food", "q", "sort"

SORT_OPTIONS = [
    ("", "Table order"),
    ("nutrient", "Nutrient, A to Z"),
    ("-nutrient", "Nutrient, Z to A"),
    ("kind", "Kind, A to Z"),
    ("-kind", "Kind, Z to A"),
]
SORT_COLUMNS = {"nutrient", "kind"}

_CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f]")


@dataclass(frozen=True)
class FoodRef:
    slug: str
    name: str
    url: str = ""
    order: int = 0


@dataclass(frozen=True)
class SymptomRef:
    slug: str
    name: str
    order: int = 0


@dataclass(frozen=True)
class Row:
    """One nutrient as the table shows it: the cells as written plus what filters look at."""

    name: str
    kind: str
    kind_label: str
    primary_role: str
    deficiency_symptom: str
    foods: tuple[FoodRef, ...] = ()
    symptoms: tuple[SymptomRef, ...] = ()
    url: str = ""
    grade: str = ""
    grade_label: str = ""
    is_draft: bool = False

    @property
    def is_published(self) -> bool:
        return not self.is_draft

    @property
    def foods_text(self) -> str:
        """The food cell as readers see it: "Leafy greens, nuts, seeds"."""
        text = ", ".join(food.name for food in self.foods)
        return text[:1].upper() + text[1:]

    @property
    def search_text(self) -> str:
        cells = [self.name, self.kind_label, self.primary_role, self.deficiency_symptom]
        cells += [food.name for food in self.foods]
        cells.append(self.grade_label)
        return " ".join(cells).casefold()


@dataclass(frozen=True)
class TableChoices:
    """What the filters may be set to: the kinds, and the grades, symptoms and foods in the
    table."""

    kinds: Mapping[str, str]
    symptoms: Mapping[str, str]
    foods: Mapping[str, str]
    grades: Mapping[str, str] = field(default_factory=dict)

    @classmethod
    def from_rows(
        cls,
        rows: Iterable[Row],
        kinds: Mapping[str, str],
        grades: Mapping[str, str] | None = None,
    ) -> TableChoices:
        """Offer only grades, symptoms and foods that some row has, so no choice leads nowhere.

        Grades keep the order of the scale (``grades``), the others their editors' order.
        """
        symptoms: dict[str, SymptomRef] = {}
        foods: dict[str, FoodRef] = {}
        present: set[str] = set()
        for row in rows:
            symptoms.update((s.slug, s) for s in row.symptoms)
            foods.update((f.slug, f) for f in row.foods)
            present.add(row.grade)
        return cls(
            grades={value: label for value, label in (grades or {}).items() if value in present},
            kinds=dict(kinds),
            symptoms={
                s.slug: s.name
                for s in sorted(symptoms.values(), key=lambda s: (s.order, s.name.casefold()))
            },
            foods={
                f.slug: f.name
                for f in sorted(foods.values(), key=lambda f: (f.order, f.name.casefold()))
            },
        )


@dataclass(frozen=True)
class TableFilters:
    """The valid part of a query string, plus a note for everything that was dropped."""

    kind: str = ""
    symptoms: tuple[str, ...] = ()
    foods: tuple[str, ...] = ()
    search: str = ""
    sort: str = ""
    ignored: tuple[str, ...] = ()
    grade: str = ""

    @property
    def is_active(self) -> bool:
        return bool(self.kind or self.grade or self.symptoms or self.foods or self.search)

    @property
    def sort_column(self) -> str:
        return self.sort.lstrip("-")

    @property
    def sort_direction(self) -> str:
        """The value for the sorted column's ``aria-sort``."""
        if not self.sort:
            return ""
        return "descending" if self.sort.startswith("-") else "ascending"

    def query_string(self) -> str:
        """The canonical query string: fixed parameter order, nothing empty, nothing ignored."""
        pairs = [(KIND, self.kind)] if self.kind else []
        if self.grade:
            pairs.append((GRADE, self.grade))
        pairs += [(SYMPTOM, slug) for slug in self.symptoms]
        pairs += [(FOOD, slug) for slug in self.foods]
        if self.search:
            pairs.append((SEARCH, self.search))
        if self.sort:
            pairs.append((SORT, self.sort))
        return urlencode(pairs)

    def without(self, name: str, value: str = "") -> TableFilters:
        """These filters with one value (or a whole single-valued filter) removed."""
        if name == SYMPTOM:
            return replace(self, symptoms=tuple(s for s in self.symptoms if s != value))
        if name == FOOD:
            return replace(self, foods=tuple(f for f in self.foods if f != value))
        if name == KIND:
            return replace(self, kind="")
        if name == GRADE:
            return replace(self, grade="")
        if name == SEARCH:
            return replace(self, search="")
        raise ValueError(f"Unknown filter {name!r}")

    def sorted_by(self, column: str) -> TableFilters:
        """The view a click on a column header asks for: A to Z first, then Z to A."""
        return replace(self, sort=f"-{column}" if self.sort == column else column)


class Synonyms(Protocol):
    """Editors' search synonyms (``nutrients.selectors.SynonymMap``)."""

    def alternatives(self, word: str) -> tuple[str, ...]: ...


class QueryParams(Protocol):
    def getlist(self, key: str, default: list[str] | None = None) -> list[str]: ...


def _shown(value: str) -> str:
    """A rejected value, short enough to repeat back in a note."""
    value = _CONTROL_CHARACTERS.sub("", value)
    if len(value) > NOTE_VALUE_LENGTH:
        return value[:NOTE_VALUE_LENGTH] + "…"
    return value


def _raw_values(params: QueryParams, name: str, ignored: list[str]) -> list[str]:
    values = params.getlist(name)
    if len(values) > MAX_RAW_VALUES:
        ignored.append(f"Only the first {MAX_RAW_VALUES} “{name}” values were read.")
        values = values[:MAX_RAW_VALUES]
    return [v.strip() for v in values if v.strip()]


def _one_of(
    params: QueryParams, name: str, label: str, allowed: Mapping[str, str], ignored: list[str]
) -> str:
    """A single-valued parameter: the first allowed value; the rest are noted and dropped."""
    chosen = ""
    for value in _raw_values(params, name, ignored):
        if value not in allowed:
            ignored.append(f"Unknown {label} “{_shown(value)}”.")
        elif not chosen:
            chosen = value
        elif value != chosen:
            ignored.append(f"Only one {label} can be chosen: “{_shown(value)}” was not used.")
        else:
            ignored.append(f"{label.capitalize()} “{_shown(value)}” was given more than once.")
    return chosen


def _many_of(
    params: QueryParams,
    name: str,
    label: str,
    plural: str,
    allowed: Mapping[str, str],
    ignored: list[str],
) -> tuple[str, ...]:
    """A multi-valued parameter: known values in the order given, without repeats, bounded."""
    chosen: list[str] = []
    dropped_for_count = 0
    for value in _raw_values(params, name, ignored):
        if value not in allowed:
            ignored.append(f"Unknown {label} “{_shown(value)}”.")
        elif value in chosen:
            ignored.append(f"{label.capitalize()} “{allowed[value]}” was given more than once.")
        elif len(chosen) >= MAX_VALUES_PER_FILTER:
            dropped_for_count += 1
        else:
            chosen.append(value)
    if dropped_for_count:
        ignored.append(
            f"Only {MAX_VALUES_PER_FILTER} {plural} can be chosen at once: "
            f"{dropped_for_count} more were not used."
        )
    return tuple(chosen)


def _search(params: QueryParams, ignored: list[str]) -> str:
    values = _raw_values(params, SEARCH, ignored)
    if not values:
        return ""
    first, rest = values[0], values[1:]
    if rest:
        ignored.append(f"Only one search can be used: {len(rest)} more were not used.")
    text = " ".join(_CONTROL_CHARACTERS.sub(" ", first).split())
    if len(text) > MAX_SEARCH_LENGTH:
        ignored.append(f"The search text was longer than {MAX_SEARCH_LENGTH} characters.")
        return ""
    return text


def parse_filters(params: QueryParams, choices: TableChoices) -> TableFilters:
    """Read the filters from a query string, keeping the valid part and noting the rest."""
    ignored: list[str] = []
    kind = _one_of(params, KIND, "kind", choices.kinds, ignored)
    grade = _one_of(params, GRADE, "evidence grade", choices.grades, ignored)
    symptoms = _many_of(params, SYMPTOM, "symptom", "symptoms", choices.symptoms, ignored)
    foods = _many_of(params, FOOD, "food", "foods", choices.foods, ignored)
    search = _search(params, ignored)
    sorts = {value: label for value, label in SORT_OPTIONS if value}
    sort = _one_of(params, SORT, "sort order", sorts, ignored)
    # Keep the chosen values in the order the form lists them, so one view has one address.
    symptoms = tuple(slug for slug in choices.symptoms if slug in symptoms)
    foods = tuple(slug for slug in choices.foods if slug in foods)
    if len(ignored) > MAX_NOTES:
        ignored[MAX_NOTES - 1 :] = [f"{len(ignored) - MAX_NOTES + 1} more values were not used."]
    return TableFilters(kind, symptoms, foods, search, sort, tuple(ignored), grade)


def row_matches(row: Row, filters: TableFilters, synonyms: Synonyms | None = None) -> bool:
    """Within one filter any chosen value matches; different filters must all match.

    A search word matches when it, or one of its synonyms, appears in the row's text.
    """
    if filters.kind and row.kind != filters.kind:
        return False
    if filters.grade and row.grade != filters.grade:
        return False
    if filters.symptoms and not {s.slug for s in row.symptoms} & set(filters.symptoms):
        return False
    if filters.foods and not {f.slug for f in row.foods} & set(filters.foods):
        return False
    if filters.search:
        text = row.search_text
        return all(
            word in text
            or (synonyms is not None and any(alt in text for alt in synonyms.alternatives(word)))
            for word in filters.search.casefold().split()
        )
    return True


def sort_rows(rows: Sequence[Row], sort: str) -> list[Row]:
    """Editors' order when ``sort`` is empty; otherwise by name or kind (then name)."""
    column, descending = sort.lstrip("-"), sort.startswith("-")
    if column == "nutrient":
        return sorted(rows, key=lambda row: row.name.casefold(), reverse=descending)
    if column == "kind":
        # Within a kind, keep names A to Z whichever way the kinds run.
        by_name = sorted(rows, key=lambda row: row.name.casefold())
        return sorted(by_name, key=lambda row: row.kind_label.casefold(), reverse=descending)
    return list(rows)


def filter_rows(
    rows: Sequence[Row], filters: TableFilters, synonyms: Synonyms | None = None
) -> list[Row]:
    """The rows to show, in the order to show them."""
    return sort_rows([row for row in rows if row_matches(row, filters, synonyms)], filters.sort)


@dataclass(frozen=True)
class Chip:
    """An active filter the reader can remove; ``query`` is the address without it."""

    label: str
    value: str
    query: str


def active_filters(filters: TableFilters, choices: TableChoices) -> list[Chip]:
    chips = []
    if filters.kind:
        chips.append(
            Chip("Kind", choices.kinds[filters.kind], filters.without(KIND).query_string())
        )
    if filters.grade:
        chips.append(
            Chip("Research", choices.grades[filters.grade], filters.without(GRADE).query_string())
        )
    for slug in filters.symptoms:
        chips.append(
            Chip("Symptom", choices.symptoms[slug], filters.without(SYMPTOM, slug).query_string())
        )
    for slug in filters.foods:
        chips.append(Chip("Food", choices.foods[slug], filters.without(FOOD, slug).query_string()))
    if filters.search:
        chips.append(Chip("Search", filters.search, filters.without(SEARCH).query_string()))
    return chips


CSV_HEADER = [
    "Nutrient",
    "Kind",
    "Primary role in muscle function",
    "Deficiency symptom related to cramps",
    "Key food sources",
    "What the research says about cramps",
    "Article",
]


def _csv_cell(value: str) -> str:
    """Stop a spreadsheet from running a cell as a formula (CSV injection)."""
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def write_csv(rows: Iterable[Row], out, absolute_url: Callable[[str], str] = str) -> None:
    """The rows as CSV, one line per nutrient, cells as the table shows them."""
    writer = csv.writer(out)
    writer.writerow(CSV_HEADER)
    for row in rows:
        cells = [
            row.name,
            row.kind_label,
            row.primary_role,
            row.deficiency_symptom,
            row.foods_text,
            row.grade_label,
            absolute_url(row.url) if row.url else "",
        ]
        writer.writerow([_csv_cell(cell) for cell in cells])


def rows_from_nutrients(nutrients: Iterable) -> list[Row]:
    """Table rows from nutrients loaded with their ``food_links`` (and foods) and symptoms."""
    rows = []
    for nutrient in nutrients:
        foods = tuple(
            FoodRef(link.food.slug, link.food.name, link.food.get_absolute_url(), link.food.order)
            for link in nutrient.food_links.all()
        )
        symptoms = tuple(SymptomRef(s.slug, s.name, s.order) for s in nutrient.symptoms.all())
        rows.append(
            Row(
                name=nutrient.name,
                kind=nutrient.kind,
                kind_label=nutrient.get_kind_display(),
                primary_role=nutrient.primary_role,
                deficiency_symptom=nutrient.deficiency_symptom,
                foods=foods,
                symptoms=symptoms,
                url=nutrient.get_absolute_url(),
                grade=nutrient.evidence_grade,
                grade_label=nutrient.get_evidence_grade_display(),
                is_draft=not nutrient.is_published,
            )
        )
    return rows
