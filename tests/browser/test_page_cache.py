"""A page served from the page cache behaves exactly like a fresh one in a real browser."""

from playwright.sync_api import expect


def filter_by_tingling(page, base_url):
    """Open the table and tick one filter: htmx fetches the partial for the new view."""
    first = page.goto(base_url + "/compare/")
    with page.expect_response(lambda r: "symptom=tingling" in r.url) as partial:
        page.get_by_label("Tingling").check()
    expect(page.locator("tbody th[scope=row] a")).to_have_text(["B Vitamins"])
    return first, partial.value


def test_cache_hit_still_runs_htmx_without_csp_errors(seeded_site, browser, page, console):
    # Another reader's visit fills the cache (a fresh context: no shared browser cache).
    other = browser.new_context()
    first_page, first_partial = filter_by_tingling(other.new_page(), seeded_site.url)
    other.close()
    assert first_page.headers["x-page-cache"] == "miss"
    assert first_partial.headers["x-page-cache"] == "miss"

    cached_page, cached_partial = filter_by_tingling(page, seeded_site.url)
    assert cached_page.headers["x-page-cache"] == "hit"
    assert cached_partial.headers["x-page-cache"] == "hit"
    assert cached_partial.request.headers["hx-request"] == "true"
    expect(page).to_have_url(seeded_site.url + "/compare/?symptom=tingling")
    assert console.errors == []
