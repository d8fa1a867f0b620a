"""The public pages of the shipped content: one list for the tests, the benchmark and the
load test. Plain data (no Django import), so bench/ scripts can read it too.

core/tests/test_public_paths.py checks that every page answers and that every kind of page
the sitemap lists is here, so a new kind of page cannot be forgotten.
"""

PAGES = [
    "/",
    "/nutrients/",
    "/nutrients/magnesium/",
    "/nutrients/calcium/",
    "/nutrients/vitamin-d/",
    "/nutrients/potassium/",
    "/nutrients/b-vitamins/",
    "/nutrients/vitamin-k2/",
    "/compare/",
    "/foods/",
    "/foods/leafy-greens/",
    "/foods/spinach/",
    "/foods/sunlight/",
    "/other-causes-and-relief/",
    "/about/",
    "/conclusion/",
    "/privacy/",
    "/how-we-grade-evidence/",
    "/glossary/",
    "/checker/",
    "/checker/about/",
]
