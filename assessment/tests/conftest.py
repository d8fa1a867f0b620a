import pytest
from django.core.management import call_command


@pytest.fixture
def checker_seeded(db):
    """The shipped content and checker fixtures (questions, weights, warning signs, scenarios)."""
    call_command("loaddata", "content", "checker", verbosity=0)
