def role(request):
    """The signed-in user's role, for the navigation bar."""
    user = getattr(request, "user", None)
    return {"role": user.role if user is not None and user.is_authenticated else None}
