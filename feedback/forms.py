"""The two reader forms: a page's Yes/No with an optional comment, and "Contact us"."""

from django import forms
from django.urls import Resolver404, resolve

from .models import COMMENT_MAX_LENGTH

HONEYPOT_HELP = "Leave this empty. It is here to catch spam robots."
# Parts of the site readers do not give feedback on.
NOT_PAGES = ("admin", "feedback")


def clean_page_address(value: str, required: bool) -> str:
    value = (value or "").strip()
    if not value:
        if required:
            raise forms.ValidationError("Say which page this is about.")
        return ""
    if len(value) > 200 or not value.startswith("/") or value.startswith("//"):
        raise forms.ValidationError(
            "That is not an address on this site. Copy it from the address bar, e.g. "
            "/nutrients/magnesium/."
        )
    path = value.split("?", 1)[0].split("#", 1)[0]
    try:
        match = resolve(path)
    except Resolver404:
        raise forms.ValidationError("There is no page at that address on this site.") from None
    if match.namespace in NOT_PAGES or path.startswith("/admin"):
        raise forms.ValidationError("There is no page at that address on this site.")
    return path


class HoneypotMixin(forms.Form):
    website = forms.CharField(required=False, label="Website", help_text=HONEYPOT_HELP)

    def is_spam(self) -> bool:
        return bool(self.data.get("website"))


class HelpfulForm(HoneypotMixin):
    page = forms.CharField(widget=forms.HiddenInput)
    helpful = forms.TypedChoiceField(
        label="Was this page helpful?",
        choices=[("yes", "Yes"), ("no", "No")],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        error_messages={"required": "Choose Yes or No.", "invalid_choice": "Choose Yes or No."},
    )
    comment = forms.CharField(
        label="Anything to add? (optional)",
        help_text=f"Up to {COMMENT_MAX_LENGTH} characters. Please do not include your name, "
        "email address or health details: we cannot reply, and we do not want to keep them.",
        required=False,
        max_length=COMMENT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def clean_page(self):
        return clean_page_address(self.cleaned_data.get("page"), required=True)


class ContactForm(HoneypotMixin):
    page = forms.CharField(
        label="Which page is it about? (optional)",
        help_text="Its address, e.g. /nutrients/magnesium/. Leave empty if it is about the "
        "whole site.",
        required=False,
        max_length=200,
    )
    comment = forms.CharField(
        label="What is wrong?",
        help_text=f"Up to {COMMENT_MAX_LENGTH} characters. Please do not include your name, "
        "email address or health details: we cannot reply, and we do not want to keep them.",
        max_length=COMMENT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": "Tell us what is wrong."},
    )

    def clean_page(self):
        return clean_page_address(self.cleaned_data.get("page"), required=False)
