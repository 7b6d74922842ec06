from functools import cache

from django.utils.translation import gettext_lazy as _
from rest_framework.permissions import BasePermission, DjangoModelPermissions

from core.models import APIToken
from core.scopes import scope_for


class TokenScopes(BasePermission):
    """A token acts only within its scopes (core/scopes.py); the role's permissions are
    checked besides. Sessions are not limited. In the default permission classes, and part of
    `RequiresPermission`: a view that sets its own classes without either adds this one."""

    def has_permission(self, request, view):
        token = getattr(request, "auth", None)
        if not isinstance(token, APIToken):
            return True
        scope = scope_for(view, request.method)
        if scope is not None and scope in token.scopes:
            return True
        self.message = _(
            "This token's scopes do not allow this; it needs the “%(scope)s” scope."
        ) % {"scope": scope or "—"}
        return False


class RolePermissions(DjangoModelPermissions):
    """The role's model permissions, reads included (DRF's own class lets any user read),
    within the token's scopes: a view naming its classes keeps the scope check."""

    perms_map = {
        **DjangoModelPermissions.perms_map,
        "GET": ["%(app_label)s.view_%(model_name)s"],
        "HEAD": ["%(app_label)s.view_%(model_name)s"],
    }

    def has_permission(self, request, view):
        scopes = TokenScopes()
        if not scopes.has_permission(request, view):
            self.message = scopes.message
            return False
        return super().has_permission(request, view)


@cache
def RequiresPermission(permission: str, *, on_object: bool = False) -> type[BasePermission]:
    """A permission class requiring one named permission ("app.codename") of the role.

    The one way to require a permission that is not the view's model permission:
    - an endpoint without a model: `permission_classes = [RequiresPermission("app.perm")]`;
    - an action that needs more than its model permission:
      `@action(..., permission_classes=[RolePermissions, RequiresPermission("app.perm")])`;
    - with `on_object=True`, on a detail action of a generic view whose queryset is scoped
      to the user: the object is looked up before refusing, so a row the user may not see
      stays a 404 and only a row they see is a 403.
    """

    class _RequiresPermission(TokenScopes):
        def has_permission(self, request, view):
            if not super().has_permission(request, view):
                return False
            user = request.user
            if user and user.has_perm(permission):
                return True
            if on_object and user and user.is_authenticated:
                view.get_object()  # raises Http404 for a row outside the user's queryset
            return False

    _RequiresPermission.__name__ = _RequiresPermission.__qualname__ = (
        f"RequiresPermission({permission!r}" + (", on_object=True)" if on_object else ")")
    )
    return _RequiresPermission
