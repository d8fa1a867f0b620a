import pytest


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Login tests hash many passwords; the strong default hasher would make them slow."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
