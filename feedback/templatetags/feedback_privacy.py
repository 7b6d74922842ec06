from django import template

from feedback import privacy

register = template.Library()


@register.filter
def reads_respondents(user) -> bool:
    """`{% if user|reads_respondents %}`: see privacy.may_read_respondents."""
    return privacy.may_read_respondents(user)
