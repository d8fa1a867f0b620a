"""Readers' feedback: "Was this page helpful?" on every content page, and "Contact us".

The question on content pages is a plain GET form without a CSRF token, so those pages stay
identical for every reader and cacheable. Its Yes/No buttons open the send step here, which is
never cached and carries the CSRF token; the POST stores the message. With htmx both steps swap
only the feedback box. Nothing personal is stored (see ``models.py``); a short-lived salted hash
of the address limits how many messages one reader can send (``ratelimit.py``).
"""

from django.template.response import TemplateResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods
from django.views.decorators.vary import vary_on_headers

from . import ratelimit
from .forms import ContactForm, HelpfulForm, clean_page_address
from .models import Feedback

GIVE_TEMPLATE = "feedback/give.html"
CONTACT_TEMPLATE = "feedback/contact.html"
MAX_POST_BYTES = 10_000

SPAM = (
    "Nothing was sent: a box that people cannot see, there to catch spam robots, was filled in. "
    "If you are a person, please try again."
)
TOO_MANY = (
    "You have sent several messages in the last few minutes, so this one was not saved. "
    "Please wait ten minutes and try again."
)
TOO_BIG = "The form sent was far larger than our longest message."
BAD_PAGE = "This feedback link does not point at a page of this site."


def _render(request, template, context, status=200, partial=None):
    if partial and request.htmx:
        template = f"{template}#{partial}"
    return TemplateResponse(request, template, context, status=status)


def _refused(request, template, form, message, status, partial):
    return _render(request, template, {"form": form, "problem": message}, status, partial)


@require_http_methods(["GET", "POST"])
@never_cache  # carries a CSRF token tied to this reader's cookie: never share it
@vary_on_headers("HX-Request")
def give(request):
    if request.method == "GET":
        try:
            page = clean_page_address(request.GET.get("page", ""), required=True)
        except Exception:
            return _refused(request, GIVE_TEMPLATE, None, BAD_PAGE, 400, "box")
        initial = {"page": page, "helpful": request.GET.get("helpful")}
        form = HelpfulForm(initial=initial)
        return _render(request, GIVE_TEMPLATE, {"form": form, "page": page}, partial="box")

    if int(request.META.get("CONTENT_LENGTH") or 0) > MAX_POST_BYTES:
        return _refused(request, GIVE_TEMPLATE, None, TOO_BIG, 413, "box")
    form = HelpfulForm(request.POST)
    if form.is_spam():
        return _refused(request, GIVE_TEMPLATE, None, SPAM, 400, "box")
    if not form.is_valid():
        page = form.cleaned_data.get("page", "")
        context = {"form": form, "page": page}
        if "page" in form.errors:
            context["problem"] = BAD_PAGE
        return _render(request, GIVE_TEMPLATE, context, status=400, partial="box")
    if not ratelimit.allow(request):
        return _refused(request, GIVE_TEMPLATE, form, TOO_MANY, 429, "box")
    Feedback.objects.create(
        kind=Feedback.Kind.HELPFUL,
        page=form.cleaned_data["page"],
        helpful=form.cleaned_data["helpful"],
        comment=form.cleaned_data["comment"],
    )
    context = {"sent": True, "page": form.cleaned_data["page"]}
    return _render(request, GIVE_TEMPLATE, context, partial="box")


@require_http_methods(["GET", "POST"])
@never_cache
@vary_on_headers("HX-Request")
def contact(request):
    if request.method == "GET":
        try:
            page = clean_page_address(request.GET.get("page", ""), required=False)
        except Exception:
            page = ""
        form = ContactForm(initial={"page": page})
        return _render(request, CONTACT_TEMPLATE, {"form": form}, partial="box")

    if int(request.META.get("CONTENT_LENGTH") or 0) > MAX_POST_BYTES:
        return _refused(request, CONTACT_TEMPLATE, ContactForm(), TOO_BIG, 413, "box")
    form = ContactForm(request.POST)
    if form.is_spam():
        return _refused(request, CONTACT_TEMPLATE, ContactForm(), SPAM, 400, "box")
    if not form.is_valid():
        return _render(request, CONTACT_TEMPLATE, {"form": form}, status=400, partial="box")
    if not ratelimit.allow(request):
        return _refused(request, CONTACT_TEMPLATE, form, TOO_MANY, 429, "box")
    Feedback.objects.create(
        kind=Feedback.Kind.ERROR,
        page=form.cleaned_data["page"],
        comment=form.cleaned_data["comment"],
    )
    return _render(request, CONTACT_TEMPLATE, {"sent": True}, partial="box")
