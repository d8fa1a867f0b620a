"""Live preview of Markdown fields in the admin: the rendered text beside the box.

Without JavaScript the *Preview* button submits the whole form: nothing is saved, the same form
comes back with every value kept and the previews brought up to date. With htmx the preview
follows the editor's typing (and the button) by asking the admin's preview URL for just the
rendered text. Both use ``render_markdown``, the one renderer readers' pages use, so what the
editor sees is what readers get. Everything is CSP-safe: htmx and its configuration are static
files, and htmx's attributes carry no code.
"""

import json

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse, HttpResponseBadRequest
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.views.decorators.http import require_POST

from .richtext import PageText, resolve_keys

PREVIEW_FIELD = "_preview"
EMPTY = "<p><em>Nothing to preview yet.</em></p>"


def render_preview(text: str, citation_lookup=None, glossary_lookup=None):
    """The text as readers will see it: Markdown, numbered ``[^key]`` citations, a cited key
    that does not exist shown in place as "[source missing]", and glossary terms linked and
    explained as on the page (``glossary_lookup`` returns the terms and the glossary's URL)."""
    known = resolve_keys([text], citation_lookup) if citation_lookup else ()
    terms, glossary_url = glossary_lookup() if glossary_lookup else ((), "")
    return PageText(known, terms, glossary_url).render(text or "")


MARKDOWN_HINT = "Leave an empty line between paragraphs"  # in every Markdown field's help text


class MarkdownPreviewWidget(forms.Textarea):
    """A text area with a Preview button and the rendered text beside it."""

    class Media:
        js = [
            "django_htmx/htmx-2.min.js",
            "js/admin-htmx-config.js",
        ]

    def __init__(
        self,
        preview_url: str | None = None,
        attrs=None,
        citation_lookup=None,
        glossary_lookup=None,
    ):
        super().__init__({"class": "vLargeTextField", "rows": 12, **(attrs or {})})
        self.preview_url = preview_url
        self.citation_lookup = citation_lookup
        self.glossary_lookup = glossary_lookup

    def render(self, name, value, attrs=None, renderer=None):
        attrs = dict(attrs or {})
        field_id = attrs.get("id") or f"id_{name}"
        target = f"{field_id}-preview"
        if self.preview_url:
            attrs.update(
                {
                    "data-hx-post": self.preview_url,
                    "data-hx-trigger": "input changed delay:600ms",
                    "data-hx-target": f"#{target}",
                    "data-hx-swap": "innerHTML",
                    "data-hx-params": f"{name},{PREVIEW_FIELD},csrfmiddlewaretoken",
                    "data-hx-vals": json.dumps({PREVIEW_FIELD: name}),
                    "data-hx-sync": "this:replace",
                }
            )
        textarea = super().render(name, value, attrs, renderer)
        return render_to_string(
            "admin/_markdown_preview.html",
            {
                "textarea": textarea,
                "name": name,
                "field_id": field_id,
                "target": target,
                "preview": render_preview(value or "", self.citation_lookup, self.glossary_lookup),
                "preview_url": self.preview_url,
                "params": f"{name},{PREVIEW_FIELD},csrfmiddlewaretoken",
                "vals": json.dumps({PREVIEW_FIELD: name}),
            },
        )


def preview_url_for(model) -> str | None:
    opts = model._meta
    try:
        return reverse(f"admin:{opts.app_label}_{opts.model_name}_preview")
    except NoReverseMatch:
        return None


class MarkdownPreviewMixin:
    """For ModelAdmin and inline classes: Markdown text areas get the preview widget.

    A field counts as Markdown when its help text is the shared Markdown help, or when it is
    listed in ``markdown_fields``. Inlines use their parent's preview URL.
    """

    markdown_fields: tuple[str, ...] = ()
    # keys -> the keys that exist, so the preview numbers citations and flags unknown ones.
    citation_lookup = None
    # () -> (glossary terms, glossary URL), so the preview links and explains terms.
    glossary_lookup = None

    def is_markdown_field(self, db_field) -> bool:
        return db_field.name in self.markdown_fields or MARKDOWN_HINT in str(db_field.help_text)

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if self.is_markdown_field(db_field):
            owner = getattr(self, "parent_model", None) or self.model
            kwargs["widget"] = MarkdownPreviewWidget(
                preview_url_for(owner),
                citation_lookup=self.citation_lookup,
                glossary_lookup=self.glossary_lookup,
            )
        return super().formfield_for_dbfield(db_field, request, **kwargs)


class PreviewingFormMixin:
    """A model form that never counts as valid when the editor asked for a preview.

    The admin then shows the same form again with everything the editor typed (main form and
    inlines), and each preview is rendered from the submitted text.
    """

    def is_valid(self):
        valid = super().is_valid()
        return valid and PREVIEW_FIELD not in self.data


def previewing_form(form_class):
    return type(form_class.__name__, (PreviewingFormMixin, form_class), {})


def note_preview(request):
    if request.method == "POST" and PREVIEW_FIELD in request.POST:
        messages.info(request, "Preview only: nothing has been saved yet. Save when ready.")


@require_POST
def preview_view(request, model_admin):
    """The rendered text of one submitted Markdown field (for htmx), never saved."""
    if not (model_admin.has_add_permission(request) or model_admin.has_change_permission(request)):
        raise PermissionDenied
    field = request.POST.get(PREVIEW_FIELD, "")
    if not field or field not in request.POST:
        return HttpResponseBadRequest("Say which field to preview.", content_type="text/plain")
    text = request.POST[field]
    if len(text) > 200_000:
        return HttpResponseBadRequest(
            "That text is too long to preview.", content_type="text/plain"
        )
    html = render_preview(text, model_admin.citation_lookup, model_admin.glossary_lookup) or EMPTY
    return HttpResponse(html)
