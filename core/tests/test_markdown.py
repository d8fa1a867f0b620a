import pytest

from core.markdown import render_markdown


def test_renders_paragraphs_and_links():
    html = render_markdown("Hello **world**.\n\nSee [NHS](https://www.nhs.uk/).")
    assert "<strong>world</strong>" in html
    assert 'href="https://www.nhs.uk/"' in html
    assert 'rel="noopener noreferrer"' in html


@pytest.mark.parametrize(
    "payload",
    [
        "<script>alert(1)</script>",
        '<img src="x" onerror="alert(1)">',
        "[click](javascript:alert(1))",
        '<a href="javascript:alert(1)">x</a>',
        "[data](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
        '<svg onload="alert(1)"><circle/></svg>',
        '<p style="position:fixed;top:0">overlay</p>',
        '<iframe src="https://example.org"></iframe>',
        '<div onclick="alert(1)">x</div>',
    ],
)
def test_strips_dangerous_markup(payload):
    html = render_markdown(payload).lower()
    for bad in (
        "<script",
        "onerror",
        "onload",
        "onclick",
        "javascript:",
        "data:",
        "<svg",
        "style=",
        "<iframe",
    ):
        assert bad not in html
