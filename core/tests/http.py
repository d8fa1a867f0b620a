"""HTTP details the tests share, written one way."""

# What htmx sends with every request it makes; pass as ``client.get(url, headers=HTMX)``.
HTMX = {"HX-Request": "true"}
