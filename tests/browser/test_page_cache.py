"""A page served from the page cache behaves exactly like a fresh one in a real browser."""

from playwright.sync_api import expect


def test_cache_hit_still_runs_htmx_without_csp_errors(seeded_site, browser, page, console):
    # Another reader's visit fills the cache (a fresh context: no shared browser cache).
    other = browser.new_context()
    first = other.new_page().goto(seeded_site.url + "/nutrients/")
    other.close()
    hit = page.goto(seeded_site.url + "/nutrients/")
    assert first.headers["x-page-cache"] == "miss"
    assert hit.headers["x-page-cache"] == "hit"
    # htmx loaded from our own origin under the strict CSP and is live on the cached page.
    assert page.evaluate("typeof htmx === 'object' && typeof htmx.version === 'string'")
    page.evaluate("htmx.ajax('GET', '/compare/', {target: '#main', swap: 'innerHTML'})")
    expect(page.locator("#main table")).to_be_visible()
    assert console.errors == []
