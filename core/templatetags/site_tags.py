from django import template
from django.urls import reverse

register = template.Library()


@register.inclusion_tag("includes/breadcrumbs.html")
def breadcrumbs(current, *trail):
    """``{% breadcrumbs "Magnesium" "nutrients:nutrient-list" "Nutrients" %}``.

    After the current page's label come (url name, label) pairs from the top down;
    Home is always first.
    """
    if len(trail) % 2:
        raise template.TemplateSyntaxError("breadcrumbs takes (url name, label) pairs")
    crumbs = [(reverse(trail[i]), trail[i + 1]) for i in range(0, len(trail), 2)]
    return {"crumbs": crumbs, "current": current}
