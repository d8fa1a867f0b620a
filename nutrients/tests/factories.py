"""Small makers for focused test data."""

import itertools

from nutrients.models import FoodSource, Nutrient, NutrientFood, Page, Symptom

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


def make_page(slug, **fields):
    fields.setdefault("title", slug.title())
    return Page.objects.create(slug=slug, **fields)
