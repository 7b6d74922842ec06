from django import template
from django.template.loader import render_to_string

register = template.Library()


@register.simple_tag(takes_context=True)
def comment_count(context, item, name=""):
    """The button showing how many comments `item` has, which opens its thread in the page's
    comment dialog; nothing where the page counted none (`comment_counts` is not set)."""
    counts = context.get("comment_counts")
    if counts is None:
        return ""
    label = item._meta.label_lower
    return render_to_string(
        "core/comments/_count.html",
        {
            "label": label,
            "item": item,
            "name": name or str(item),
            "count": counts.get(f"{label}:{item.pk}", 0),
            "dom_id": f"comments-{label.replace('.', '-')}-{item.pk}",
        },
    )
