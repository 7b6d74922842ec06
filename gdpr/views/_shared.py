from django.shortcuts import render


def form_response(request, template, context, form):
    """The form's page; a 400 when it comes back with errors."""
    return render(request, template, context, status=400 if form.errors else 200)
