"""The bell, the inbox and the preferences: every signed-in user has their own."""

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from core.pagination import page_of

from . import selectors, services
from .forms import PreferencesForm

INBOX_PAGE_SIZE = 25


@require_GET
def bell(request):
    """The header's bell with the unread count; htmx fetches it after the page and then
    every minute, so that no page pays for it."""
    # Without the request's context processors: the fragment needs no role or permissions.
    return HttpResponse(
        render_to_string(
            "core/notifications/_bell.html", {"unread": selectors.unread_count(user=request.user)}
        )
    )


@require_GET
def inbox(request):
    page, query = page_of(request, selectors.inbox(user=request.user), per_page=INBOX_PAGE_SIZE)
    return render(
        request,
        "core/notifications/inbox.html",
        {"page": page, "query": query, "notifications": page.object_list},
    )


@require_GET
def notification_open(request, notification_id: int):
    """Marks the notification read and goes to what it is about."""
    notification = selectors.notification_of(user=request.user, pk=notification_id)
    if notification is None:
        raise Http404
    services.notification_mark_read(notification=notification)
    if notification.url and url_has_allowed_host_and_scheme(notification.url, allowed_hosts=None):
        return redirect(notification.url)
    return redirect("core:notification_inbox")


@require_POST
def notification_read(request, notification_id: int):
    notification = selectors.notification_of(user=request.user, pk=notification_id)
    if notification is None:
        raise Http404
    services.notification_mark_read(notification=notification)
    return redirect("core:notification_inbox")


@require_POST
def notifications_read_all(request):
    count = services.notifications_mark_all_read(user=request.user)
    if count:
        messages.success(request, _("Every notification is marked read."))
    return redirect("core:notification_inbox")


def preferences(request):
    deliveries, schedule = selectors.preferences_of(user=request.user)
    initial = {f"kind:{kind}": delivery for kind, delivery in deliveries.items()}
    initial |= {"hour": schedule.hour, "time_zone": schedule.time_zone}
    form = PreferencesForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        services.preferences_update(
            user=request.user,
            deliveries=form.deliveries(),
            hour=form.cleaned_data["hour"],
            time_zone=form.cleaned_data["time_zone"],
        )
        messages.success(request, _("Your notification preferences are saved."))
        return redirect("core:notification_preferences")
    return render(request, "core/notifications/preferences.html", {"form": form})
