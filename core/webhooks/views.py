"""The webhook pages: subscriptions, each one's delivery log with replay, secret rotation."""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core.forms import add_service_errors
from core.pagination import page_of

from . import selectors, services
from .forms import SubscriptionForm
from .models import EVENT_TYPES, WebhookDelivery

DELIVERIES_PER_PAGE = 50


def _subscription(subscription_id: int):
    return get_object_or_404(selectors.subscriptions_visible(), pk=subscription_id)


@require_GET
@permission_required("core.view_webhooksubscription", raise_exception=True)
def webhook_list(request):
    page, query = page_of(request, selectors.subscriptions_visible(), per_page=50)
    return render(request, "core/webhooks/list.html", {"page": page, "query": query})


@require_http_methods(["GET", "POST"])
@permission_required("core.add_webhooksubscription", raise_exception=True)
def webhook_create(request):
    form = SubscriptionForm(request.POST or None, initial={"is_active": True})
    if request.method == "POST" and form.is_valid():
        data = {field: form.cleaned_data[field] for field in services.SUBSCRIPTION_FIELDS}
        try:
            subscription = services.subscription_create(owner=request.user, **data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Webhook subscription created."))
            return redirect("core:webhook_detail", subscription.pk)
    return render(
        request,
        "core/webhooks/form.html",
        {"form": form, "subscription": None},
        status=400 if form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
@permission_required("core.change_webhooksubscription", raise_exception=True)
def webhook_update(request, subscription_id: int):
    subscription = _subscription(subscription_id)
    form = SubscriptionForm(request.POST or None, instance=subscription)
    if request.method == "POST" and form.is_valid():
        data = {field: form.cleaned_data[field] for field in services.SUBSCRIPTION_FIELDS}
        try:
            services.subscription_update(subscription=subscription, data=data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Webhook subscription saved."))
            return redirect("core:webhook_detail", subscription.pk)
    return render(
        request,
        "core/webhooks/form.html",
        {"form": form, "subscription": subscription},
        status=400 if form.errors else 200,
    )


@require_GET
@permission_required("core.view_webhooksubscription", raise_exception=True)
def webhook_detail(request, subscription_id: int):
    """The subscription, its secret for whoever manages it, and its delivery log."""
    subscription = _subscription(subscription_id)
    page, query = page_of(
        request,
        selectors.deliveries_of(subscription=subscription),
        per_page=DELIVERIES_PER_PAGE,
    )
    return render(
        request,
        "core/webhooks/detail.html",
        {
            "subscription": subscription,
            "event_labels": [EVENT_TYPES[name] for name in subscription.event_types],
            "page": page,
            "query": query,
            "Status": WebhookDelivery.Status,
        },
    )


@require_POST
@permission_required("core.change_webhooksubscription", raise_exception=True)
def webhook_toggle(request, subscription_id: int):
    """Pauses an active subscription, resumes a paused one."""
    subscription = _subscription(subscription_id)
    if subscription.is_active:
        services.subscription_pause(subscription=subscription)
        messages.success(request, _("Webhook subscription paused."))
    else:
        services.subscription_resume(subscription=subscription)
        messages.success(request, _("Webhook subscription resumed."))
    return redirect("core:webhook_detail", subscription.pk)


@require_POST
@permission_required("core.change_webhooksubscription", raise_exception=True)
def webhook_rotate(request, subscription_id: int):
    subscription = _subscription(subscription_id)
    services.subscription_rotate_secret(subscription=subscription)
    messages.success(
        request,
        _("New secret made; messages are signed with the former one too until %(date)s.")
        % {"date": subscription.previous_secret_expires_at.strftime("%Y-%m-%d %H:%M UTC")},
    )
    return redirect("core:webhook_detail", subscription.pk)


@require_http_methods(["GET", "POST"])
@permission_required("core.delete_webhooksubscription", raise_exception=True)
def webhook_delete(request, subscription_id: int):
    subscription = _subscription(subscription_id)
    if request.method == "POST":
        services.subscription_delete(subscription=subscription)
        messages.success(request, _("Webhook subscription deleted."))
        return redirect("core:webhook_list")
    return render(request, "core/webhooks/confirm_delete.html", {"subscription": subscription})


@require_POST
@permission_required("core.change_webhookdelivery", raise_exception=True)
def webhook_delivery_replay(request, subscription_id: int, delivery_id: int):
    subscription = _subscription(subscription_id)
    delivery = get_object_or_404(subscription.deliveries, pk=delivery_id)
    services.delivery_replay(delivery=delivery)
    messages.success(request, _("Message %(id)s will be sent again.") % {"id": delivery.webhook_id})
    return redirect("core:webhook_detail", subscription.pk)
