"""Small makers for focused test data."""

import itertools

from nutrients.models import FoodSource, Nutrient, NutrientFood, Page, Reference, Reviewer, Symptom

_counter = itertools.count(1)


def make_food(name=None, **fields):
    n = next(_counter)
    name = name or f"food {n}"
    fields.setdefault("slug", name.replace(" ", "-"))
    return FoodSource.objects.create(name=name, **fields)


def make_symptom(name=None, **fields):
    n = next(_counter)
    name = name or f"Symptom {n}"
    fields.setdefault("slug", name.lower().replace(" ", "-"))
    return Symptom.objects.create(name=name, **fields)


def make_nutrient(name=None, foods=(), symptoms=(), **fields):
    n = next(_counter)
    name = name or f"Nutrient {n}"
    defaults = {
        "slug": name.lower().replace(" ", "-"),
        "kind": Nutrient.Kind.MINERAL,
        "summary": f"Summary of {name}.",
        "primary_role": f"Role of {name}",
        "deficiency_symptom": f"Symptom of {name}",
        "body": f"Body of {name}.",
    }
    defaults.update(fields)
    nutrient = Nutrient.objects.create(name=name, **defaults)
    for order, food in enumerate(foods):
        NutrientFood.objects.create(nutrient=nutrient, food=food, order=order)
    nutrient.symptoms.set(symptoms)
    return nutrient


def make_reviewer(name="Editorial team", **fields):
    fields.setdefault("role", "not a clinician")
    return Reviewer.objects.create(name=name, **fields)


def make_reference(key=None, **fields):
    n = next(_counter)
    defaults = {
        "title": f"Source {n}",
        "publisher": "NHS",
        "url": f"https://www.nhs.uk/source-{n}/",
        "accessed_on": "2026-11-01",
        "kind": Reference.Kind.FACT_SHEET,
    }
    defaults.update(fields)
    return Reference.objects.create(key=key or f"source-{n}", **defaults)


def make_page(slug, **fields):
    fields.setdefault("title", slug.title())
    return Page.objects.create(slug=slug, **fields)


def nutrient_admin_post_data(client, nutrient, **changes):
    """The nutrient's admin change form as an editor would submit it, with ``changes`` applied.

    Keeps its foods (inline rows) as they are; symptoms and related nutrients are left empty.
    """
    from django.urls import reverse

    url = reverse("admin:nutrients_nutrient_change", args=[nutrient.pk])
    form = client.get(url).context["adminform"].form
    links = list(nutrient.food_links.all())
    data = {
        **{
            k: v
            for k, v in form.initial.items()
            if v is not None and k not in ("symptoms", "related")
        },
        "reviewed_on": "2026-01-02",
        "next_review_due": "2026-07-02",
        "reviewed_by": str((nutrient.reviewed_by or make_reviewer()).pk),
        "food_links-TOTAL_FORMS": str(len(links)),
        "food_links-INITIAL_FORMS": str(len(links)),
        "sections-TOTAL_FORMS": "0",
        "sections-INITIAL_FORMS": "0",
        "intakes-TOTAL_FORMS": "0",
        "intakes-INITIAL_FORMS": "0",
        "food_amounts-TOTAL_FORMS": "0",
        "food_amounts-INITIAL_FORMS": "0",
        **changes,
    }
    for i, link in enumerate(links):
        data |= {
            f"food_links-{i}-id": str(link.pk),
            f"food_links-{i}-nutrient": str(nutrient.pk),
            f"food_links-{i}-food": str(link.food_id),
            f"food_links-{i}-order": str(link.order),
        }
    return data
