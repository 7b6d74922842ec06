from django import template

from feedback import services

register = template.Library()


@register.simple_tag
def mail_is_for_development() -> bool:
    """Whether the "Sent e-mails" page exists (see services.mail_is_for_development)."""
    return services.mail_is_for_development()
