from functools import cache

from rest_framework.permissions import BasePermission, DjangoModelPermissions


class RolePermissions(DjangoModelPermissions):
    """The role's model permissions, reads included (DRF's own class lets any user read)."""

    perms_map = {
        **DjangoModelPermissions.perms_map,
        "GET": ["%(app_label)s.view_%(model_name)s"],
        "HEAD": ["%(app_label)s.view_%(model_name)s"],
    }


@cache
def RequiresPermission(permission: str) -> type[BasePermission]:
    """A permission class requiring one named permission ("app.codename") of the role.

    The one way to require a permission that is not the view's model permission:
    - an endpoint without a model: `permission_classes = [RequiresPermission("app.perm")]`;
    - an action that needs more than its model permission:
      `@action(..., permission_classes=[RolePermissions, RequiresPermission("app.perm")])`.
    """

    class _RequiresPermission(BasePermission):
        def has_permission(self, request, view):
            return bool(request.user and request.user.has_perm(permission))

    _RequiresPermission.__name__ = _RequiresPermission.__qualname__ = (
        f"RequiresPermission({permission!r})"
    )
    return _RequiresPermission
