"""Fill a benchmark database with many times the shipped content (made-up, for speed tests only).

Every generated record is a copy of a shipped one (so texts, Markdown and field values have
real sizes and shapes, whatever fields the models grow) under a new name, with links of the
shipped kind: each nutrient has 10 foods, 2-4 symptoms and 3 related nutrients (and the
sections of the article it copies); each question has the choices of the one it copies, with
that choice's points (and now and then a point for a generated nutrient). Published and active,
so readers see all of it.

    manage.py seed_content && manage.py generate_bench_content [--nutrients 100 --foods 1000
        --questions 100]

It refuses a database with user accounts: a real site has editors, a benchmark database
(bench/bench.py --scale, bench/cluster.py --scale) has none. The numbers are totals: what the
seed already holds counts towards them.
"""

import copy
import random

from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from core.caching import content_committed

RANDOM_SEED = 13  # the same data set every time, so runs compare


def clone(record, **changes):
    """An unsaved copy of ``record`` with ``changes`` applied (a new primary key on save)."""
    twin = copy.copy(record)
    twin.pk = None
    twin.id = None
    twin._state = copy.copy(record._state)
    twin._state.adding = True
    for name, value in changes.items():
        setattr(twin, name, value)
    return twin


class Command(BaseCommand):
    help = "Benchmarks only: add made-up nutrients, foods and questions (copies of the seed)."

    def add_arguments(self, parser):
        parser.add_argument("--nutrients", type=int, default=100)
        parser.add_argument("--foods", type=int, default=1000)
        parser.add_argument("--questions", type=int, default=100)

    def handle(self, *args, nutrients, foods, questions, verbosity, **options):
        if get_user_model().objects.exists():
            raise CommandError(
                "This database has user accounts, so it looks like a real site. "
                "generate_bench_content only fills throw-away benchmark databases "
                "(make bench-x10 makes one)."
            )
        Nutrient = apps.get_model("nutrients", "Nutrient")
        if not Nutrient.objects.exists():
            raise CommandError("Load the shipped content first: manage.py seed_content")
        rng = random.Random(RANDOM_SEED)  # noqa: S311 - made-up data, not secrets
        with transaction.atomic():
            made_foods = self.foods(rng, foods)
            made_nutrients = self.nutrients(rng, nutrients)
            made_questions = self.questions(rng, questions)
        content_committed()  # bulk_create sends no signals: move the content version on
        if verbosity:
            self.stdout.write(
                f"Added {made_nutrients} nutrients, {made_foods} foods and {made_questions} "
                "questions (benchmark content)."
            )

    def foods(self, rng, total):
        FoodSource = apps.get_model("nutrients", "FoodSource")
        shipped = list(FoodSource.objects.order_by("pk"))
        start = max(o for o in FoodSource.objects.values_list("order", flat=True)) + 1
        new = [
            clone(
                base := shipped[i % len(shipped)],
                name=f"{base.name} (sample {i + 1})",
                slug=f"{base.slug}-sample-{i + 1}",
                group=rng.choice(FoodSource.Group.values),
                order=start + i,
            )
            for i in range(max(0, total - len(shipped)))
        ]
        FoodSource.objects.bulk_create(new, batch_size=500)
        return len(new)

    def nutrients(self, rng, total):
        Nutrient = apps.get_model("nutrients", "Nutrient")
        FoodSource = apps.get_model("nutrients", "FoodSource")
        Symptom = apps.get_model("nutrients", "Symptom")
        NutrientFood = apps.get_model("nutrients", "NutrientFood")
        NutrientSection = apps.get_model("nutrients", "NutrientSection")
        shipped = list(Nutrient.objects.order_by("pk").prefetch_related("sections"))
        start = max(n.order for n in shipped) + 1
        new = [
            clone(
                base := shipped[i % len(shipped)],
                name=f"{base.name} (sample {i + 1})",
                slug=f"{base.slug}-sample-{i + 1}",
                order=start + i,
                is_published=True,
            )
            for i in range(max(0, total - len(shipped)))
        ]
        Nutrient.objects.bulk_create(new, batch_size=500)
        new = list(Nutrient.objects.filter(slug__in=[n.slug for n in new]).order_by("order"))
        food_ids = list(FoodSource.objects.values_list("pk", flat=True))
        symptom_ids = list(Symptom.objects.values_list("pk", flat=True))
        every = shipped + new
        links, sections, symptoms, related = [], [], [], set()
        for i, nutrient in enumerate(new):
            base = shipped[i % len(shipped)]
            for order, food in enumerate(rng.sample(food_ids, min(10, len(food_ids)))):
                links.append(NutrientFood(nutrient=nutrient, food_id=food, order=order))
            sections += [clone(section, nutrient=nutrient) for section in base.sections.all()]
            count = min(rng.randint(2, 4), len(symptom_ids))
            symptoms += [
                Nutrient.symptoms.through(nutrient_id=nutrient.pk, symptom_id=symptom)
                for symptom in rng.sample(symptom_ids, count)
            ]
            for other in [n for n in rng.sample(every, 4) if n.pk != nutrient.pk][:3]:
                related |= {(nutrient.pk, other.pk), (other.pk, nutrient.pk)}  # both ways, as admin
        NutrientFood.objects.bulk_create(links, batch_size=1000)
        NutrientSection.objects.bulk_create(sections, batch_size=1000)
        Nutrient.symptoms.through.objects.bulk_create(symptoms, batch_size=1000)
        Nutrient.related.through.objects.bulk_create(
            [
                Nutrient.related.through(from_nutrient_id=a, to_nutrient_id=b)
                for a, b in sorted(related)
            ],
            batch_size=1000,
        )
        return len(new)

    def questions(self, rng, total):
        Question = apps.get_model("assessment", "Question")
        Choice = apps.get_model("assessment", "Choice")
        Weight = apps.get_model("assessment", "Weight")
        Nutrient = apps.get_model("nutrients", "Nutrient")
        shipped = list(
            Question.objects.order_by("order", "pk").prefetch_related("choices__weights")
        )
        if not shipped:
            return 0
        start = max(q.order for q in shipped) + 1
        new = [
            clone(
                base := shipped[i % len(shipped)],
                text=f"{base.text} (sample {i + 1})",
                order=start + i,
                is_active=True,
            )
            for i in range(max(0, total - len(shipped)))
        ]
        Question.objects.bulk_create(new, batch_size=500)
        new = list(Question.objects.filter(order__gte=start).order_by("order"))
        pairs = [
            (clone(choice, question=question), choice)
            for i, question in enumerate(new)
            for choice in shipped[i % len(shipped)].choices.all()
        ]
        Choice.objects.bulk_create([copy for copy, _ in pairs], batch_size=1000)
        # Each copied answer scores what the answer it copies scores, plus one generated
        # nutrient in three answers out of ten: results name about as many suggestions as with
        # the shipped questions (a checker's questions are about the cramp-related nutrients),
        # and generated nutrients turn up in them too.
        generated = list(
            Nutrient.objects.filter(slug__contains="-sample-").values_list("pk", flat=True)
        )
        weights = []
        for copy_, base in pairs:
            weights += [clone(weight, choice=copy_) for weight in base.weights.all()]
            targets = {w.nutrient_id for w in base.weights.all()}
            if generated and not base.is_exclusive and rng.random() < 0.3:
                extra = rng.choice(generated)
                if extra not in targets:
                    weights.append(Weight(choice=copy_, nutrient_id=extra, points=1))
        Weight.objects.bulk_create(weights, batch_size=1000)
        return len(new)
