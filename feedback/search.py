"""Full-text search in the verbatims: PostgreSQL's, in French and English, accents ignored
and words stemmed, through the GIN index migration 0008 creates; elsewhere (SQLite in
development) every word in the normalised text."""

from django.db import connection
from django.db.models import BooleanField, Q, QuerySet
from django.db.models.expressions import RawSQL

from .models import search_normalised

# The indexed expression, word for word as in the index (feedback_verbatim_search).
VERBATIM_VECTOR = (
    "to_tsvector(CASE WHEN feedback_verbatim.language = 'fr' "
    "THEN 'parcours_french'::regconfig ELSE 'parcours_english'::regconfig END, "
    "feedback_verbatim.text)"
)
# The words as typed, in either language: a French comment is found by a French query and
# an English one by an English query.
VERBATIM_QUERY = (
    "(websearch_to_tsquery('parcours_french', %s) || websearch_to_tsquery('parcours_english', %s))"
)


def verbatim_search(queryset: QuerySet, text: str) -> QuerySet:
    """The verbatims of `queryset` matching `text`; all of them for a blank text."""
    text = text.strip()
    if not text:
        return queryset
    if connection.vendor == "postgresql":
        return queryset.filter(
            RawSQL(
                f"{VERBATIM_VECTOR} @@ {VERBATIM_QUERY}", [text, text], output_field=BooleanField()
            )
        )
    words = search_normalised(text).split()
    return queryset.filter(Q(*[Q(search_text__contains=word) for word in words]))
