"""Editors read feedback in admin: counts per page, comments as plain text, mark dealt with."""

import pytest
from django.urls import reverse

from feedback.models import Feedback

pytestmark = pytest.mark.django_db


def make(page="/nutrients/magnesium/", helpful=True, comment="", kind="helpful"):
    return Feedback.objects.create(kind=kind, page=page, helpful=helpful, comment=comment)


def test_editors_see_counts_per_page(editor_client):
    make(helpful=True)
    make(helpful=False, comment="Too long.")
    make(page="/compare/", helpful=False)
    make(page="/compare/", helpful=None, kind="error", comment="Typo.")
    response = editor_client.get(reverse("admin:feedback_feedback_per_page"))
    assert response.status_code == 200
    rows = {row["page"]: row for row in response.context["rows"]}
    assert (rows["/nutrients/magnesium/"]["yes"], rows["/nutrients/magnesium/"]["no"]) == (1, 1)
    assert rows["/nutrients/magnesium/"]["comments"] == 1
    assert (rows["/compare/"]["errors"], rows["/compare/"]["open"]) == (1, 2)


def test_comments_are_shown_as_plain_text(editor_client):
    make(comment='<script>alert(1)</script><a href="https://x.example">x</a>')
    html = editor_client.get(reverse("admin:feedback_feedback_changelist")).content.decode()
    assert "<script>alert(1)" not in html
    assert "&lt;script&gt;alert(1)" in html
    assert 'href="https://x.example"' not in html


def test_mark_dealt_with(editor_client):
    first, second = make(), make()
    response = editor_client.post(
        reverse("admin:feedback_feedback_changelist"),
        {"action": "mark_dealt_with", "_selected_action": [first.pk]},
    )
    assert response.status_code == 302
    first.refresh_from_db(), second.refresh_from_db()
    assert first.dealt_with and not second.dealt_with


def test_editors_cannot_write_feedback_themselves(editor_client):
    assert editor_client.get(reverse("admin:feedback_feedback_add")).status_code == 403


def test_per_page_link_filters_the_list(editor_client):
    make(page="/compare/")
    make(page="/foods/")
    url = reverse("admin:feedback_feedback_changelist")
    response = editor_client.get(url, {"page__exact": "/compare/"})
    assert [f.page for f in response.context["cl"].result_list] == ["/compare/"]
