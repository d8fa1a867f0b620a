"""Valid HTML: every public page and every checker step.

The pages are rendered with the test client into files, then the Nu Html Checker (npm package
``vnu-jar``, run with the machine's Java) checks them all in one run. ``make test`` installs it
into ``.tools/`` when Java is present; without Java or the jar this test is skipped with a loud
reason, except in CI (``CI=true``), where it must run.
"""

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db

VNU_JAR = Path(
    os.environ.get("VNU_JAR")
    or settings.BASE_DIR / ".tools" / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
)
JAVA = shutil.which("java")


def require_vnu():
    missing = []
    if not JAVA:
        missing.append("java (apt-get install default-jre-headless)")
    if not VNU_JAR.exists():
        missing.append(f"{VNU_JAR} (make vnu)")
    if not missing:
        return
    reason = f"HTML validation not run: missing {' and '.join(missing)}"
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(reason)
    pytest.skip(f"!!! {reason} !!!")


def public_pages(client) -> dict[str, str]:
    """Every public page as a reader can reach it, including refusals, keyed by a short name."""
    from nutrients.models import FoodSource, Nutrient, Page

    urls = [
        "/",
        "/nutrients/",
        "/compare/",
        "/compare/?kind=mineral&symptom=tingling&sort=-nutrient",
        "/compare/?q=no-such-thing&food=nope&kind=bad",
        "/foods/",
        "/other-causes-and-relief/",
        "/search/",
        "/search/?q=night+cramps",
        "/search/?q=B12",
        "/search/?q=%25%25%25",
        "/search/?q=no-such-words-anywhere",
        reverse("assessment:start"),
        reverse("assessment:about"),
        "/no-such-page/",
        "/feedback/?page=/nutrients/&helpful=yes",
        "/feedback/?page=https://elsewhere.example/&helpful=yes",
        "/contact/?page=/compare/",
    ]
    urls += [n.get_absolute_url() for n in Nutrient.objects.all()]
    urls += [f.get_absolute_url() for f in FoodSource.objects.all()]
    urls += [
        p.get_absolute_url()
        for p in Page.objects.filter(placement=Page.Placement.STANDALONE)
        if p.slug != Page.Slot.INTRODUCTION
    ]
    pages = {}
    for url in urls:
        response = client.get(url)
        assert response.status_code in (200, 400, 404), url
        pages[f"GET {url}"] = response.content.decode()
    pages["POST to a page (405)"] = client.post("/nutrients/").content.decode()
    sent = {"page": "/nutrients/", "helpful": "no", "comment": "Clear, thanks."}
    pages["feedback sent"] = client.post(reverse("feedback:give"), sent).content.decode()
    refused = client.post(reverse("feedback:give"), {"page": "/nutrients/", "comment": "x" * 700})
    pages["feedback refused (400)"] = refused.content.decode()
    contact = client.post(reverse("feedback:contact"), {"comment": ""})
    pages["contact refused (400)"] = contact.content.decode()
    csrf = Client(enforce_csrf_checks=True).post(reverse("assessment:warnings"), {})
    pages["POST without CSRF (403)"] = csrf.content.decode()
    bad_request = client.get("/compare/?" + "&".join(f"k{i}=v" for i in range(1500)))
    pages["too many fields (400)"] = bad_request.content.decode()
    for _ in range(5):
        locked = client.post(reverse("admin:login"), {"username": "nobody", "password": "x"})
    assert locked.status_code == 429
    pages["sign-in paused (429)"] = locked.content.decode()
    return pages


def checker_steps(client) -> dict[str, str]:
    """Every screen of the symptom checker: each step, urgent advice, review, result, errors."""
    from assessment.models import Question, WarningSign
    from assessment.state import COOKIE_NAME
    from assessment.tests.walk import begin, submit

    steps = {}
    response = begin(client)
    steps["checker: warning signs"] = response
    steps["checker: warning signs, nothing chosen"] = submit(client, response)
    sign = WarningSign.objects.first()
    steps["checker: urgent advice"] = submit(client, response, warning=[sign.pk])
    response = submit(client, response, warning=["none"])
    for question in Question.objects.active().prefetch_related("choices"):
        steps[f"checker: question {question.pk}"] = response
        steps[f"checker: question {question.pk} unanswered"] = submit(client, response)
        response = submit(client, response, choice=[question.choices.all()[0].pk])
    steps["checker: review"] = response
    steps["checker: result"] = submit(client, response, action="result")
    client.cookies[COOKIE_NAME] = client.cookies[COOKIE_NAME].value[:-4] + "AAAA"
    steps["checker: altered answers (400)"] = client.get(reverse("assessment:review"))
    return {name: r.content.decode() for name, r in steps.items()}


def run_vnu(folder: Path) -> list[dict]:
    result = subprocess.run(  # noqa: S603 - the pinned validator on files we just wrote
        [JAVA, "-Xss8m", "-jar", str(VNU_JAR), "--errors-only", "--format", "json", str(folder)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    report = json.loads(result.stderr or result.stdout or '{"messages": []}')
    return [m for m in report["messages"] if m.get("type") in ("error", "non-document-error")]


def test_every_public_page_and_checker_step_is_valid_html(client, tmp_path):
    require_vnu()
    call_command("loaddata", "content", "checker", verbosity=0)
    documents = {**public_pages(client), **checker_steps(client)}
    names = {}
    for index, (name, html) in enumerate(documents.items()):
        path = tmp_path / f"page-{index:03d}.html"
        path.write_text(html, encoding="utf-8")
        names[path.as_uri().replace("file:///", "file:/")] = name
    assert len(documents) > 40
    # A broken page in the same run proves the validator really checked these files.
    broken = tmp_path / "broken.html"
    broken.write_text(
        '<!DOCTYPE html><html lang="en"><head><title>x</title></head><body><p>a</div></body></html>'
    )
    errors = run_vnu(tmp_path)
    caught = [e for e in errors if e.get("url", "").endswith("/broken.html")]
    assert [e["message"] for e in caught] == ["Stray end tag “div”."]
    errors = [e for e in errors if e not in caught]
    report = [
        f"{names.get(e.get('url'), e.get('url'))} line {e.get('lastLine')}: {e['message']}"
        f"\n    {e.get('extract', '')!r}"
        for e in errors
    ]
    assert report == [], "\n".join(report)
