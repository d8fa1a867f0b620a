from django import template
from django.urls import reverse

from .page_tags import json_ld_script

register = template.Library()


@register.inclusion_tag("includes/breadcrumbs.html", takes_context=True)
def breadcrumbs(context, current, *trail):
    """``{% breadcrumbs "Magnesium" "nutrients:nutrient-list" "Nutrients" %}``.

    After the current page's label come (url name, label) pairs from the top down;
    Home is always first. The same trail goes to search engines as a schema.org
    ``BreadcrumbList`` (JSON-LD, absolute addresses).
    """
    if len(trail) % 2:
        raise template.TemplateSyntaxError("breadcrumbs takes (url name, label) pairs")
    home = reverse("nutrients:home")
    crumbs = [(reverse(trail[i]), trail[i + 1]) for i in range(0, len(trail), 2)]
    request = context.get("request")
    structured = ""
    if request is not None:
        here = request.path
        items = [(home, "Home"), *crumbs, (here, str(current))]
        structured = json_ld_script(
            {
                "@context": "https://schema.org",
                "@type": "BreadcrumbList",
                "itemListElement": [
                    {
                        "@type": "ListItem",
                        "position": position,
                        "name": str(label),
                        "item": request.build_absolute_uri(url),
                    }
                    for position, (url, label) in enumerate(items, start=1)
                ],
            }
        )
    return {"home_url": home, "crumbs": crumbs, "current": current, "structured": structured}
