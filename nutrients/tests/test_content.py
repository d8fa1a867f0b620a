"""The shipped content: every sentence and table cell of the seed document is on the site."""

import html
import re
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse

from nutrients.models import FoodSource, Nutrient, Page

SEED = Path(__file__).parent / "data" / "seed.txt"

PUBLIC_URLS = [
    "/",
    "/nutrients/",
    "/compare/",
    "/foods/",
    "/other-causes-and-relief/",
    "/about/",
    "/conclusion/",
    "/how-we-grade-evidence/",
    "/glossary/",
]


def visible_text(content: bytes) -> str:
    text = content.decode()
    text = re.sub(r"<(script|style)\b.*?</\1>", " ", text, flags=re.S)
    text = re.sub(r"<[^>]+>", "", text)
    return re.sub(r"\s+", " ", html.unescape(text))


def seed_lines():
    return [line.strip() for line in SEED.read_text().splitlines() if line.strip()]


def seed_sentences():
    for line in seed_lines():
        if line.startswith("|"):
            continue
        yield from (s for s in re.split(r"(?<=[.!?])\s+", line) if s)


def seed_table_cells():
    for line in seed_lines():
        if line.startswith("|") and not line.startswith("|---"):
            yield from (cell.strip() for cell in line.strip("| ").split("|") if cell.strip())


@pytest.fixture
def site_text(seeded, client):
    urls = PUBLIC_URLS + [n.get_absolute_url() for n in Nutrient.objects.all()]
    texts = []
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        texts.append(visible_text(response.content))
    return " ".join(texts)


@pytest.mark.django_db
def test_every_seed_sentence_is_on_the_site(site_text):
    missing = [s for s in seed_sentences() if s not in site_text]
    assert missing == []


@pytest.mark.django_db
def test_every_seed_table_cell_is_on_the_site(site_text):
    missing = [c for c in seed_table_cells() if c not in site_text]
    assert missing == []


@pytest.mark.django_db
def test_every_table_row_is_on_its_article(seeded, client):
    for line in seed_lines():
        if not line.startswith("|") or line.startswith(("|---", "| Nutrient")):
            continue
        name, role, symptom, foods = (c.strip() for c in line.strip("| ").split("|"))
        text = visible_text(client.get(Nutrient.objects.get(name=name).get_absolute_url()).content)
        assert role in text
        assert symptom in text
        assert foods in text


@pytest.mark.django_db
def test_every_named_nutrient_has_an_article(seeded):
    names = set(Nutrient.objects.published().values_list("name", flat=True))
    assert {"Magnesium", "Calcium", "Vitamin D", "Potassium", "B Vitamins", "Vitamin K2"} <= names


@pytest.mark.django_db
def test_b_vitamins_each_have_an_anchor(seeded, client):
    page = client.get(reverse("nutrients:nutrient-detail", args=["b-vitamins"])).content.decode()
    for anchor in ("vitamin-b1", "vitamin-b6", "vitamin-b12"):
        assert f'id="{anchor}"' in page


@pytest.mark.django_db
def test_grades_follow_the_studies_checked(seeded, client):
    grades = dict(Nutrient.objects.values_list("slug", "evidence_grade"))
    assert grades == {
        "magnesium": "does-not-help",  # Cochrane 2020 (older adults)
        "vitamin-k2": "some",  # one trial, Tan 2024
        "calcium": "too-little",
        "vitamin-d": "too-little",
        "potassium": "too-little",
        "b-vitamins": "too-little",
    }
    assert "Some evidence" in client.get("/compare/").content.decode()


@pytest.mark.django_db
def test_cleveland_clinic_pointer_is_a_real_link(seeded, client):
    page = client.get("/conclusion/").content.decode()
    assert re.search(
        r'<a href="https://my\.clevelandclinic\.org/[^"]+"[^>]*>'
        r"Cleveland Clinic's page on vitamin D deficiency</a>",
        page.replace("&#x27;", "'"),
    )


@pytest.mark.django_db
def test_seed_foods_are_records(seeded):
    names = set(FoodSource.objects.values_list("name", flat=True))
    expected = (
        "leafy greens, nuts, seeds, whole grains, dairy products, fortified foods, bananas, sweet "
        "potatoes, spinach, avocados, sunlight, fatty fish, fortified dairy, eggs, meat, legumes"
    )
    assert set(expected.split(", ")) <= names


@pytest.mark.django_db
def test_fixtures_load_twice_without_duplicates(db):
    call_command("loaddata", "content", verbosity=0)
    counts = (Nutrient.objects.count(), Page.objects.count(), FoodSource.objects.count())
    call_command("loaddata", "content", verbosity=0)
    assert (Nutrient.objects.count(), Page.objects.count(), FoodSource.objects.count()) == counts
