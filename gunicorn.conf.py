"""gunicorn's settings for this site (gunicorn reads ./gunicorn.conf.py when started here).

gunicorn has no setting for its ``Server`` header; naming the server software in every
response only helps someone looking for a known weakness, so the header is left out.
"""

from gunicorn.http import wsgi

_default_headers = wsgi.Response.default_headers


def _headers_without_server(self):
    return [line for line in _default_headers(self) if not line.lower().startswith("server:")]


wsgi.Response.default_headers = _headers_without_server
