"""core/public_paths.PAGES: every page answers, and every kind of page in the sitemap is there."""

import re

import pytest
from django.core.management import call_command

from core.public_paths import PAGES

pytestmark = pytest.mark.django_db


@pytest.fixture
def shipped(db):
    call_command("loaddata", "content", "checker", verbosity=0)


def test_every_listed_page_answers(shipped, client):
    for path in PAGES:
        assert client.get(path).status_code == 200, path


def test_every_kind_of_page_in_the_sitemap_is_listed(shipped, client):
    xml = client.get("/sitemap.xml").content.decode()
    in_sitemap = set(re.findall(r"<loc>https?://[^/]+(/[^<]*)</loc>", xml))
    assert in_sitemap

    def kind(path):  # "/nutrients/magnesium/" -> "/nutrients/*/"
        parts = path.strip("/").split("/")
        return "/" + "/".join(parts[:1] + ["*"] * (len(parts) - 1)) + "/" if parts[0] else "/"

    listed = {kind(path) for path in PAGES}
    standalone = {path for path in in_sitemap if path.count("/") == 2}
    missing = {path for path in in_sitemap - standalone if kind(path) not in listed}
    missing |= {path for path in standalone if path not in PAGES}
    assert not missing, f"add these (or one of their kind) to core/public_paths.py: {missing}"
