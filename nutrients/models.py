"""Content that editors own: nutrients, foods, symptoms, contributing factors, relief and pages."""

import datetime
import re

import reversion
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Lower
from django.urls import Resolver404, resolve, reverse
from django.utils import timezone

from core.editors import is_editor
from core.markdown import render_markdown
from core.richtext import citation_keys, without_citations

MARKDOWN_HELP = (
    "Write plain text. Leave an empty line between paragraphs. **bold**, *italic*, "
    "[link text](https://example.org) and lists starting with '- ' are supported. "
    "HTML is removed for safety."
)


class PublishedQuerySet(models.QuerySet):
    def published(self):
        return self.filter(is_published=True)

    def visible_to(self, user):
        """Everything for editors (so they can preview drafts), published items for readers."""
        if is_editor(user):
            return self
        return self.published()


def six_months_from_today() -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=182)


@reversion.register()
class Reviewer(models.Model):
    """Who checked a page against its sources; readers see it next to the review dates.

    Only real people or teams with the credentials they actually hold: if no clinician has
    reviewed a page, say so in the role (e.g. "Editorial team (not a clinician)").
    """

    name = models.CharField(
        max_length=120,
        help_text="A person's full name, or the team's name when no one person reviewed it.",
    )
    credentials = models.CharField(
        max_length=120,
        blank=True,
        help_text="Qualifications as they would write them, e.g. 'MBBS, MRCGP' or 'RD'. "
        "Leave empty if there are none.",
    )
    role = models.CharField(
        max_length=120,
        help_text="What they do, shown in brackets, e.g. 'GP' or 'not a clinician'.",
    )

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.display_name

    @property
    def display_name(self) -> str:
        """As readers see it: "Name, credentials (role)"."""
        name = f"{self.name}, {self.credentials}" if self.credentials else self.name
        return f"{name} ({self.role})" if self.role else name


@reversion.register()
class Reference(models.Model):
    """A source that text cites by its short key, e.g. ``[^garrison-2020]``.

    The key is what editors type; the other fields are what readers see in the numbered
    reference list under the article, so they can check the fact themselves.
    """

    class Kind(models.TextChoices):
        GUIDELINE = "guideline", "Guideline or official advice"
        SYSTEMATIC_REVIEW = "systematic-review", "Systematic review"
        TRIAL = "trial", "Trial"
        FACT_SHEET = "fact-sheet", "Fact sheet"
        DATA = "data", "Reference values or food data"

    key = models.SlugField(
        max_length=60,
        unique=True,
        help_text="Short name to cite it in text as [^key], e.g. 'garrison-2020'. Lowercase "
        "letters, numbers and hyphens. Changing it breaks the text that cites it.",
    )
    authors = models.CharField(
        max_length=300,
        blank=True,
        help_text="As the source lists them, e.g. 'Garrison SR, Korownyk CS, et al.'. Leave "
        "empty for an organisation's page.",
    )
    title = models.CharField(max_length=300)
    publisher = models.CharField(
        "journal or publisher", max_length=200, help_text="e.g. 'JAMA Internal Medicine', 'NHS'."
    )
    year = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Year of publication, if the source gives one."
    )
    url = models.URLField("web address", max_length=500)
    pmid = models.CharField(
        "PubMed ID (PMID)",
        max_length=10,
        blank=True,
        validators=[RegexValidator(r"^[0-9]{1,9}$", "A PMID is a number, e.g. 39466236.")],
    )
    doi = models.CharField(
        "DOI",
        max_length=120,
        blank=True,
        validators=[
            RegexValidator(r"^10\.[0-9]{4,9}/\S+$", "A DOI starts with 10., e.g. 10.1001/abc.")
        ],
    )
    accessed_on = models.DateField(
        "date accessed", help_text="When an editor last opened the source and checked the facts."
    )
    kind = models.CharField(max_length=20, choices=Kind)

    class Meta:
        ordering = ["key"]
        constraints = [
            models.CheckConstraint(
                condition=Q(year__isnull=True) | Q(year__gte=1900, year__lte=2100),
                name="reference_year_plausible",
                violation_error_message="The year should be between 1900 and 2100.",
            ),
        ]

    def __str__(self):
        return f"[^{self.key}] {self.title}"

    def clean(self):
        super().clean()
        if self.accessed_on and self.accessed_on > timezone.localdate():
            raise ValidationError({"accessed_on": "The date accessed cannot be in the future."})


def check_citations(instance, fields) -> None:
    """Refuse text that cites a key no reference has, naming the field and the key."""
    wanted = {name: citation_keys(getattr(instance, name, "")) for name in fields}
    keys = {key for found in wanted.values() for key in found}
    if not keys:
        return
    known = set(Reference.objects.filter(key__in=keys).values_list("key", flat=True))
    errors = {}
    for name, found in wanted.items():
        missing = [key for key in found if key not in known]
        if missing:
            listed = ", ".join(f"[^{key}]" for key in missing)
            errors[name] = (
                f"No reference has the key {listed}. Add it under References first, or fix "
                "the spelling."
            )
    if errors:
        raise ValidationError(errors)


class Article(models.Model):
    """Fields shared by everything a reader can open as a page of its own.

    Every article carries its own publish switch and review record (who checked it against its
    sources, when, and when it is next due), so readers always see how fresh the advice is.
    """

    # Markdown fields whose [^key] citations must resolve (see check_citations).
    cited_fields: tuple[str, ...] = ("body",)

    slug = models.SlugField(
        unique=True,
        help_text="The last part of the web address, e.g. 'magnesium'. Lowercase letters, numbers "
        "and hyphens only. Changing it breaks links others have shared.",
    )
    body = models.TextField(blank=True, help_text=MARKDOWN_HELP)
    is_published = models.BooleanField(
        "published",
        default=True,
        help_text="Untick to hide from readers. Staff can still preview it while logged in.",
    )
    order = models.PositiveIntegerField(
        "display order", default=0, help_text="Lower numbers are shown first."
    )
    reviewed_on = models.DateField(
        "reviewed on",
        default=datetime.date.today,
        help_text="When the reviewer last checked this text against its sources. Shown to readers.",
    )
    reviewed_by = models.ForeignKey(
        Reviewer,
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
        verbose_name="reviewed by",
        help_text="Shown to readers as 'Reviewed by …'.",
    )
    next_review_due = models.DateField(
        "next review due",
        default=six_months_from_today,
        help_text="When it must be checked again. Pages due within 30 days are listed under "
        "Reviewers → Reviews due.",
    )
    updated_at = models.DateTimeField(auto_now=True)

    objects = PublishedQuerySet.as_manager()

    class Meta:
        abstract = True
        constraints = [
            models.CheckConstraint(
                condition=Q(next_review_due__gt=F("reviewed_on")),
                name="%(app_label)s_%(class)s_next_review_after_review",
                violation_error_message="The next review must be after the review date.",
            ),
        ]

    @property
    def body_html(self):
        """The text without its citations: for places that show no reference list (cards, the
        checker's advice). Pages with references render through nutrients/articles.py."""
        return render_markdown(without_citations(self.body))

    def clean(self):
        super().clean()
        if self.reviewed_on and self.reviewed_on > timezone.localdate():
            raise ValidationError({"reviewed_on": "The review date cannot be in the future."})
        if self.reviewed_on and self.next_review_due and self.next_review_due <= self.reviewed_on:
            raise ValidationError(
                {"next_review_due": "The next review must be after the review date."}
            )
        check_citations(self, self.cited_fields)


@reversion.register()
class FoodSource(models.Model):
    """A food (or sunlight) that supplies one or more nutrients; the table filters on these."""

    class Group(models.TextChoices):
        VEGETABLES = "vegetables", "Vegetables and greens"
        FRUIT = "fruit", "Fruit"
        GRAINS_NUTS_SEEDS = "grains-nuts-seeds", "Grains, nuts, seeds and legumes"
        DAIRY = "dairy", "Dairy and fortified foods"
        ANIMAL = "animal", "Fish, meat and eggs"
        FERMENTED = "fermented", "Fermented foods"
        OTHER = "other", "Other sources"

    name = models.CharField(
        max_length=80,
        unique=True,
        help_text="Lowercase unless it is a name, e.g. 'leafy greens'. "
        "Shown in lists after a comma.",
    )
    slug = models.SlugField(unique=True, help_text="Used in the address /foods/<slug>/.")
    group = models.CharField(
        max_length=20,
        choices=Group,
        default=Group.OTHER,
        help_text="Used to group foods in the food finder.",
    )
    description = models.TextField(blank=True, help_text=MARKDOWN_HELP)
    is_food = models.BooleanField(
        "is a food",
        default=True,
        help_text="Untick for a source that is not a food, e.g. sunlight. Readers see it "
        "apart from the foods, marked 'Not a food'.",
    )
    part_of = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="members",
        verbose_name="part of",
        help_text="A wider group this food belongs to, e.g. spinach → leafy greens. The group's "
        "page then lists this food's amounts too.",
    )
    order = models.PositiveIntegerField("display order", default=0)

    class Meta:
        ordering = ["order", "name"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(part_of=F("id")),
                name="food_not_part_of_itself",
                violation_error_message="A food cannot be part of itself.",
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("nutrients:food-detail", kwargs={"slug": self.slug})

    @property
    def description_html(self):
        return render_markdown(without_citations(self.description))

    def clean(self):
        super().clean()
        check_citations(self, ("description",))
        if self.part_of_id and self.part_of.part_of_id:
            raise ValidationError({"part_of": "Choose a group that is not itself part of one."})


@reversion.register()
class Symptom(models.Model):
    """A sign that can come with cramps, linked to the nutrients whose shortfall it may point to."""

    name = models.CharField(max_length=80, unique=True, help_text="e.g. 'Nocturnal leg cramps'.")
    slug = models.SlugField(unique=True)
    description = models.CharField(
        max_length=300, blank=True, help_text="One plain sentence shown as a hint."
    )
    order = models.PositiveIntegerField("display order", default=0)

    class Meta:
        ordering = ["order", "name"]

    def __str__(self):
        return self.name


@reversion.register(follow=["food_links", "sections", "intakes", "food_amounts"])
class Nutrient(Article):
    """A vitamin or mineral with its article and its row in the comparison table.

    The table cells are stored as written (``primary_role``, ``deficiency_symptom``)
    so the seed text survives exactly; foods and symptoms are linked records so the
    table and the checker can filter and score on them.
    """

    class Kind(models.TextChoices):
        VITAMIN = "vitamin", "Vitamin"
        MINERAL = "mineral", "Mineral"

    class Grade(models.TextChoices):
        """One fixed scale for what trials show about a nutrient and cramps, explained to
        readers on the "How we grade evidence" page. Best-supported first."""

        HELPS = "helps", "Good evidence it helps"
        SOME = "some", "Some evidence"
        TOO_LITTLE = "too-little", "Too little evidence"
        DOES_NOT_HELP = "does-not-help", "Good evidence it does not help"

    name = models.CharField(
        max_length=80, unique=True, help_text="As shown in headings, e.g. 'Magnesium'."
    )
    kind = models.CharField(max_length=10, choices=Kind)
    summary = models.CharField(
        max_length=200,
        help_text="One line shown on cards and in search results (also the page description).",
    )
    primary_role = models.CharField(
        "primary role in muscle function",
        max_length=200,
        help_text="Comparison table cell, as readers should see it.",
    )
    deficiency_symptom = models.CharField(
        "deficiency symptom related to cramps",
        max_length=200,
        help_text="Comparison table cell, as readers should see it.",
    )
    condition_name = models.CharField(
        max_length=80,
        blank=True,
        help_text="Medical name for low levels, where there is one, e.g. 'hypocalcemia'.",
    )
    evidence_grade = models.CharField(
        "what the research says about cramps",
        max_length=13,
        choices=Grade,
        default=Grade.TOO_LITTLE,
        help_text="The grade readers see on the article and in the comparison table. Choose it "
        "from the studies cited in 'What the research says'.",
    )
    evidence_note = models.CharField(
        max_length=200,
        blank=True,
        help_text="One short line shown with the grade: who the studies were in, what is "
        "unclear, e.g. 'For night cramps in older adults. In pregnancy the trials disagree.'",
    )
    research = models.TextField(
        "what the research says",
        blank=True,
        help_text="The studies behind the grade, a sentence each, each with its source as "
        "[^key]. " + MARKDOWN_HELP,
    )
    careful = models.TextField(
        "who should be careful",
        blank=True,
        help_text="Safety box: upper limits, side effects, medicines and conditions that "
        "clash, each with its source as [^key]. " + MARKDOWN_HELP,
    )
    at_risk = models.TextField(
        "who is at risk of low levels",
        blank=True,
        help_text="Safety box: groups more likely to run low, each with its source as [^key]. "
        + MARKDOWN_HELP,
    )
    foods = models.ManyToManyField(
        FoodSource, through="NutrientFood", related_name="nutrients", blank=True
    )
    symptoms = models.ManyToManyField(
        Symptom,
        related_name="nutrients",
        blank=True,
        help_text="Signs that may point to a shortfall of this nutrient (used by filters).",
    )
    related = models.ManyToManyField(
        "self",
        blank=True,
        symmetrical=True,
        help_text="Nutrients that work together with this one. The link is added both ways.",
    )
    cited_fields = ("body", "research", "careful", "at_risk")

    class Meta(Article.Meta):
        ordering = ["order", "name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("nutrients:nutrient-detail", kwargs={"slug": self.slug})


@reversion.register()
class NutrientFood(models.Model):
    """A food on a nutrient's list, in the order the table shows it."""

    nutrient = models.ForeignKey(Nutrient, on_delete=models.CASCADE, related_name="food_links")
    food = models.ForeignKey(FoodSource, on_delete=models.CASCADE, related_name="nutrient_links")
    order = models.PositiveIntegerField("display order", default=0)
    note = models.CharField(
        max_length=120,
        blank=True,
        help_text="Shown with the food on its page, e.g. 'Not a source of vitamin B12'.",
    )

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = "key food source"
        constraints = [
            models.UniqueConstraint(fields=["nutrient", "food"], name="unique_food_per_nutrient"),
        ]

    def __str__(self):
        return f"{self.food} → {self.nutrient}"


@reversion.register()
class NutrientSection(models.Model):
    """A titled part of an article with its own anchor, e.g. vitamin B12 within B vitamins."""

    nutrient = models.ForeignKey(Nutrient, on_delete=models.CASCADE, related_name="sections")
    title = models.CharField(max_length=120)
    anchor = models.SlugField(
        help_text="Links can jump here with #anchor, e.g. /nutrients/b-vitamins/#vitamin-b12."
    )
    body = models.TextField(help_text=MARKDOWN_HELP)
    order = models.PositiveIntegerField("display order", default=0)

    class Meta:
        ordering = ["order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["nutrient", "anchor"], name="unique_section_anchor"),
        ]

    def __str__(self):
        return f"{self.nutrient}: {self.title}"

    def get_absolute_url(self):
        return f"{self.nutrient.get_absolute_url()}#{self.anchor}"

    def clean(self):
        super().clean()
        check_citations(self, ("body",))

    @property
    def body_html(self):
        """The text without its citations: for places that show no reference list (cards, the
        checker's advice). Pages with references render through nutrients/articles.py."""
        return render_markdown(without_citations(self.body))


@reversion.register()
class Factor(Article):
    """Something other than a nutrient that can cause or worsen cramps.

    The symptom checker scores these as well as nutrients.
    """

    name = models.CharField(max_length=120, unique=True)
    summary = models.CharField(max_length=200, help_text="One line shown in lists.")

    class Meta(Article.Meta):
        ordering = ["order", "name"]
        verbose_name = "contributing factor"

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("nutrients:factors") + f"#{self.slug}"


@reversion.register()
class Relief(Article):
    """A way to relieve a cramp now or to prevent the next one."""

    class When(models.TextChoices):
        NOW = "now", "Relief during a cramp"
        PREVENT = "prevent", "Prevention day to day"
        PROFESSIONAL = "professional", "With a healthcare professional"

    name = models.CharField(max_length=120, unique=True)
    when = models.CharField(
        max_length=12, choices=When, help_text="Which group it is listed under on the page."
    )

    class Meta(Article.Meta):
        ordering = ["order", "name"]
        verbose_name = "relief or management strategy"
        verbose_name_plural = "relief and management strategies"

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("nutrients:factors") + f"#{self.slug}"


def address_taken_by_the_site(slug: str) -> str:
    """The address ``/<slug>/`` if something other than a stand-alone page answers it, else "".

    Read from the URLconf (and the static files' prefix) when the page is validated, so an
    address added later, or the admin moved with DJANGO_ADMIN_URL, is reserved too.
    """
    address = reverse("nutrients:page", kwargs={"slug": slug})
    static_prefix = "/" + settings.STATIC_URL.lstrip("/")
    if address.startswith(static_prefix):
        return address
    try:
        match = resolve(address)
    except Resolver404:
        return ""
    return "" if match.view_name == "nutrients:page" else address


@reversion.register()
class Page(Article):
    """Free text that is not a nutrient: stand-alone pages and the introductions of other pages.

    Some slugs are used by the site itself (see ``Page.Slot``); they should not be renamed.
    """

    class Placement(models.TextChoices):
        STANDALONE = "standalone", "Stand-alone page with its own address"
        SECTION = "section", "Text shown inside another page"

    class Slot(models.TextChoices):
        """Pages the site looks up by slug."""

        INTRODUCTION = "introduction", "Home page introduction"
        KEY_NUTRIENTS = "key-nutrients", "Introduction to the nutrients list"
        COMPARISON = "comparison", "Introduction to the comparison table"
        OTHER_CAUSES = "other-causes", "Introduction to contributing factors"
        MANAGEMENT = "management", "Introduction to relief and management"
        FOOTER = "footer-advice", "Advice shown in every page footer"
        CONCLUSION = "conclusion", "Conclusion"
        ABOUT = "about", "About this site and medical disclaimer"
        PRIVACY = "privacy", "Privacy: what the site keeps (linked from the footer and checker)"
        CHECKER_INTRO = "checker-intro", "Symptom checker start page text"
        GRADING = "how-we-grade-evidence", "How we grade evidence (linked from every grade)"
        SUPPLEMENT_ADVICE = "supplement-advice", "When to see a GP (in every safety box)"

    title = models.CharField(max_length=200)
    nav_title = models.CharField(
        max_length=40, blank=True, help_text="Shorter title for menus and breadcrumbs (optional)."
    )
    placement = models.CharField(
        max_length=12,
        choices=Placement,
        default=Placement.STANDALONE,
        help_text="Stand-alone pages get the address /<slug>/; sections are shown inside "
        "another page and have no address of their own.",
    )
    description = models.CharField(
        max_length=200, blank=True, help_text="One line for search engines and link previews."
    )

    class Meta(Article.Meta):
        ordering = ["order", "title"]
        constraints = [
            *Article.Meta.constraints,
            models.CheckConstraint(
                condition=~Q(
                    slug__in=[
                        "admin",
                        "static",
                        "nutrients",
                        "foods",
                        "compare",
                        "checker",
                        "glossary",
                        "search",
                    ]
                ),
                name="page_slug_not_reserved",
                violation_error_message="This address is used by another part of the site.",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        if self.slug == self.Slot.INTRODUCTION:
            return reverse("nutrients:home")
        if self.placement == self.Placement.STANDALONE:
            return reverse("nutrients:page", kwargs={"slug": self.slug})
        shown_on = {
            self.Slot.KEY_NUTRIENTS: "nutrients:nutrient-list",
            self.Slot.COMPARISON: "nutrients:compare",
            self.Slot.OTHER_CAUSES: "nutrients:factors",
            self.Slot.MANAGEMENT: "nutrients:factors",
            self.Slot.CHECKER_INTRO: "assessment:start",
            self.Slot.SUPPLEMENT_ADVICE: "nutrients:nutrient-list",
        }
        return reverse(shown_on.get(self.slug, "nutrients:home"))

    def clean(self):
        super().clean()
        if self.placement == self.Placement.STANDALONE and self.slug:
            address = address_taken_by_the_site(self.slug)
            if address:
                raise ValidationError(
                    {
                        "slug": f"The address {address} is already used by another part of "
                        "the site, so this page could never be shown there. Choose another slug."
                    }
                )

    @property
    def short_title(self):
        return self.nav_title or self.title

    # Where a section's text appears, in the words of the site's own headings.
    SHOWN_ON = {
        Slot.INTRODUCTION: "Home page",
        Slot.KEY_NUTRIENTS: "Nutrients list",
        Slot.COMPARISON: "Comparison table",
        Slot.OTHER_CAUSES: "Other causes and relief",
        Slot.MANAGEMENT: "Other causes and relief",
        Slot.FOOTER: "The footer of every page",
        Slot.CHECKER_INTRO: "Symptom checker start page",
    }

    def where_shown(self) -> str:
        """For editors: the page a reader finds this text on."""
        if self.placement == self.Placement.STANDALONE and self.slug != self.Slot.INTRODUCTION:
            return f"Its own page, {self.get_absolute_url()}"
        return (
            f"{self.SHOWN_ON.get(self.slug, 'Not shown anywhere yet')}, {self.get_absolute_url()}"
        )


@reversion.register()
class SearchSynonym(models.Model):
    """A word readers type for something the site words differently, e.g. "B12" for cobalamin.

    Site search and the comparison table's search also look for the alternatives of every word
    a reader types. The link goes one way (searching "cobalamin" does not look for "B12"); add a
    second row for the other direction when it helps.
    """

    MAX_ALTERNATIVES = 10
    MAX_ALTERNATIVE_LENGTH = 60

    term = models.CharField(
        "when a reader searches for",
        max_length=40,
        help_text="One word without spaces, e.g. 'B12' or 'night'. Capital letters do not matter.",
    )
    alternatives = models.TextField(
        "also find",
        help_text="Words or short phrases to look for as well, one per line, e.g. 'cobalamin' "
        "and 'B vitamins'. At most 10.",
    )

    class Meta:
        ordering = ["term"]
        verbose_name = "search synonym"
        constraints = [
            models.UniqueConstraint(
                Lower("term"),
                name="unique_search_synonym_term",
                violation_error_message="There is already a synonym for this word.",
            ),
        ]

    def __str__(self):
        return f"{self.term} → {', '.join(self.alternative_list)}"

    @property
    def alternative_list(self) -> list[str]:
        return [line.strip() for line in self.alternatives.splitlines() if line.strip()]

    def clean(self):
        super().clean()
        errors = {}
        if self.term and not re.fullmatch(r"[^\W_]+", self.term.strip()):
            errors["term"] = "Use one word of letters and numbers only, e.g. 'B12'."
        alternatives = self.alternative_list
        if self.alternatives and not alternatives:
            errors["alternatives"] = "Write at least one word to look for as well."
        elif len(alternatives) > self.MAX_ALTERNATIVES:
            errors["alternatives"] = f"Write at most {self.MAX_ALTERNATIVES} lines."
        elif any(len(line) > self.MAX_ALTERNATIVE_LENGTH for line in alternatives):
            errors["alternatives"] = (
                f"Keep each line under {self.MAX_ALTERNATIVE_LENGTH} characters: "
                "a word or a short phrase."
            )
        elif any(not re.search(r"[^\W_]", line) for line in alternatives):
            errors["alternatives"] = "Each line needs at least one letter or number."
        if errors:
            raise ValidationError(errors)


class Unit(models.TextChoices):
    """Units as the sources print them (vitamin D food tables use IU: 40 IU = 1 µg)."""

    MG = "mg", "mg"
    MICROGRAM = "µg", "µg"
    IU = "IU", "IU"


@reversion.register()
class IntakeValue(models.Model):
    """One published daily amount for one group of people, with the source that sets it.

    US/Canadian and UK figures differ, so both are kept, labelled by their kind. The upper
    limit is stored with the row it applies to (and says what it counts) because the two
    countries set it differently, e.g. magnesium: 350 mg from supplements (US) against
    400 mg from supplements (UK guidance).
    """

    class Kind(models.TextChoices):
        RDA = "rda", "US/Canada RDA"
        AI = "ai", "US/Canada AI"
        UK_RNI = "uk-rni", "UK RNI"

    class Sex(models.TextChoices):
        MEN = "men", "Men"
        WOMEN = "women", "Women"
        ALL = "all", "Everyone"

    nutrient = models.ForeignKey("Nutrient", on_delete=models.CASCADE, related_name="intakes")
    component = models.CharField(
        max_length=60,
        blank=True,
        help_text="For a group article only, e.g. 'Vitamin B6' within B vitamins.",
    )
    life_stage = models.CharField(
        max_length=60, help_text="Who it is for, as the source groups them, e.g. 'Adults 31–50'."
    )
    sex = models.CharField(max_length=5, choices=Sex)
    amount = models.DecimalField(max_digits=8, decimal_places=2, help_text="Per day.")
    unit = models.CharField(max_length=2, choices=Unit)
    kind = models.CharField(max_length=6, choices=Kind)
    source = models.ForeignKey(
        Reference, on_delete=models.PROTECT, related_name="+", help_text="Where the amount is set."
    )
    upper_limit = models.DecimalField(
        max_digits=9,
        decimal_places=2,
        null=True,
        blank=True,
        help_text="Daily upper limit in the same unit, if the source sets one.",
    )
    upper_limit_note = models.CharField(
        max_length=120,
        blank=True,
        help_text="What the limit counts, e.g. 'from supplements and medicines only'.",
    )
    upper_limit_source = models.ForeignKey(
        Reference,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="Leave empty if the amount's source also sets the limit.",
    )
    order = models.PositiveIntegerField("display order", default=0)

    class Meta:
        ordering = ["nutrient", "order", "pk"]
        verbose_name = "daily amount"
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gt=0),
                name="intake_amount_positive",
                violation_error_message="The amount must be more than 0.",
            ),
            models.CheckConstraint(
                condition=Q(upper_limit__isnull=True) | Q(upper_limit__gt=0),
                name="intake_upper_limit_positive",
                violation_error_message="An upper limit must be more than 0.",
            ),
        ]

    def __str__(self):
        return f"{self.component or self.nutrient}: {self.who} {self.amount} {self.unit}"

    @property
    def who(self) -> str:
        """ "Men 19–30", "Pregnancy 19–30", "Adults 19–64"."""
        if self.sex == self.Sex.ALL:
            return self.life_stage
        return f"{self.get_sex_display()} {self.life_stage}"

    @property
    def country(self) -> str:
        return "UK" if self.kind == self.Kind.UK_RNI else "US and Canada"

    @property
    def limit_source(self):
        return self.upper_limit_source or self.source


@reversion.register()
class FoodAmount(models.Model):
    """How much of a nutrient one typical serving of a food gives, as a named table states it.

    Shown as a sorted bar chart on the nutrient's article, on the food's page and in the food
    finder. A 0 is worth keeping: it shows a food does not supply the nutrient (e.g. B12 in
    spinach).
    """

    nutrient = models.ForeignKey("Nutrient", on_delete=models.CASCADE, related_name="food_amounts")
    component = models.CharField(
        max_length=60, blank=True, help_text="For a group article only, e.g. 'Vitamin B12'."
    )
    food = models.ForeignKey(FoodSource, on_delete=models.CASCADE, related_name="amounts")
    description = models.CharField(
        max_length=40, help_text="Short, as the chart shows it, e.g. 'Almonds, dry roasted'."
    )
    serving = models.CharField(max_length=40, help_text="e.g. '1 ounce (28 g)', '½ cup'.")
    amount = models.DecimalField(max_digits=8, decimal_places=2)
    unit = models.CharField(max_length=2, choices=Unit)
    source = models.ForeignKey(Reference, on_delete=models.PROTECT, related_name="+")
    note = models.CharField(
        max_length=160,
        blank=True,
        help_text="Anything a reader must know, e.g. 'Much of it is not absorbed.'",
    )
    note_source = models.ForeignKey(
        Reference,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="Source for the note, if it is not the amount's source.",
    )

    class Meta:
        ordering = ["nutrient", "component", "-amount", "description"]
        verbose_name = "amount in a food"
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gte=0),
                name="food_amount_not_negative",
                violation_error_message="The amount cannot be negative.",
            ),
        ]

    def __str__(self):
        return f"{self.description}, {self.serving}: {self.amount} {self.unit}"


@reversion.register()
class GlossaryTerm(models.Model):
    """A word readers may not know, explained in plain words.

    The first time a page uses the term (or one of its other spellings), the word links to its
    entry on the glossary page and the meaning is shown right after that paragraph, without
    JavaScript (core/richtext.py).
    """

    term = models.CharField(
        max_length=80, unique=True, help_text="In UK spelling, lower case, e.g. 'hypocalcaemia'."
    )
    slug = models.SlugField(unique=True, help_text="Used in the address /glossary/#slug.")
    other_spellings = models.CharField(
        max_length=200,
        blank=True,
        help_text="Other forms the text uses, separated by commas, e.g. 'hypocalcemia' (US "
        "spelling) or plurals. Each is linked the same way.",
    )
    meaning = models.CharField(
        max_length=300, help_text="One or two short sentences a 12-year-old could follow."
    )

    class Meta:
        ordering = ["term"]
        verbose_name = "glossary term"

    def __str__(self):
        return self.term

    def get_absolute_url(self):
        return reverse("nutrients:glossary") + f"#{self.slug}"

    @property
    def spellings(self) -> tuple[str, ...]:
        others = [s.strip() for s in self.other_spellings.split(",") if s.strip()]
        return (self.term, *others)
