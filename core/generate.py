"""Bulk loading for `manage.py generate_data`, and the generated organisation's users.

`insert_rows` writes plain tuples with PostgreSQL's COPY (bulk_create on SQLite). A generator
names only the columns it decides; every other column gets its model field's default, so a
field added later (with a default, as a migration needs anyway) needs no change here.
Primary keys are reserved up front (`reserve_ids`), so that rows of one table can point at
rows of another without reading them back.

Every installed app with a `generate` module takes part, in INSTALLED_APPS order, through the
same entry point: `STEP`, the name its timing is printed under, and
`generate(*, scale, seed, ids) -> counts`. `ids` holds the ids that the steps before it created
(the users by role, "journeys", "stakeholders"); a step reads what it needs, adds its own, and
returns the counts the closing summary names.
"""

import json
import math
import random
from collections.abc import Iterable, Sequence
from typing import Any

from django.contrib.auth.models import Group
from django.db import connection, models
from django.db.models import Max
from django.utils import timezone

from .models import User
from .roles import Role

COPY_CHUNK = 20_000

STEP = "users"

# Users of the generated organisation per role at scale 1.
USERS = {Role.CX_MANAGER: 10, Role.INTERVIEWER: 5, Role.DPO: 2, Role.VIEWER: 20}


def scaled(base: float, scale: float, minimum: int = 1) -> int:
    """`base` rows at scale 1, never fewer than `minimum`."""
    return max(minimum, round(base * scale))


def reserve_ids(model: type[models.Model], count: int) -> int:
    """Reserves `count` consecutive primary keys of `model` and returns the first."""
    if count <= 0:
        return 0
    meta = model._meta
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_get_serial_sequence(%s, %s)", [meta.db_table, meta.pk.column])
            (sequence,) = cursor.fetchone()
            cursor.execute("SELECT setval(%s, nextval(%s) + %s - 1)", [sequence, sequence, count])
            (last,) = cursor.fetchone()
        return last - count + 1
    # SQLite gives the next row max(id) + 1, so ids above the current maximum are free.
    return (model.objects.aggregate(last=Max("pk"))["last"] or 0) + 1


def _column_default(field: models.Field, now) -> Any:
    if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
        return now
    if field.has_default():
        return field.get_default()
    if field.null:
        return None
    if field.blank and isinstance(field, models.CharField | models.TextField):
        return ""
    raise ValueError(f"{field.model.__name__}.{field.name} has no default: set it in the generator")


def insert_rows(
    model: type[models.Model], columns: Sequence[str], rows: Iterable[Sequence[Any]]
) -> int:
    """Inserts `rows` (tuples of the `columns` values, by field name or attname) into
    `model`'s table; other columns get their field's default. Returns the number of rows."""
    meta = model._meta
    given = [meta.get_field(name) for name in columns]
    given_attnames = {field.attname for field in given}
    now = timezone.now()
    rest = [
        field
        for field in meta.concrete_fields
        if field.attname not in given_attnames and not field.primary_key
    ]
    rest_values = tuple(_column_default(field, now) for field in rest)
    fields = [*given, *rest]
    json_positions = [i for i, field in enumerate(fields) if isinstance(field, models.JSONField)]

    if connection.vendor != "postgresql":
        return _insert_with_orm(model, fields, rows, rest_values)

    if json_positions:
        rest_values = tuple(
            json.dumps(value) if len(given) + i in json_positions else value
            for i, value in enumerate(rest_values)
        )
    given_json = [i for i in json_positions if i < len(given)]
    statement = "COPY {} ({}) FROM STDIN".format(
        connection.ops.quote_name(meta.db_table),
        ", ".join(connection.ops.quote_name(field.column) for field in fields),
    )
    count = 0
    connection.ensure_connection()
    with connection.cursor() as cursor, cursor.cursor.copy(statement) as copy:
        write = copy.write_row
        for row in rows:
            if given_json:
                row = list(row)
                for i in given_json:
                    row[i] = json.dumps(row[i])
            write((*row, *rest_values))
            count += 1
    return count


def _insert_with_orm(model, fields, rows, rest_values) -> int:
    attnames = [field.attname for field in fields]
    count = 0
    batch = []
    for row in rows:
        batch.append(model(**dict(zip(attnames, (*row, *rest_values), strict=True))))
        if len(batch) == COPY_CHUNK:
            model.objects.bulk_create(batch, batch_size=500)
            count += len(batch)
            batch = []
    model.objects.bulk_create(batch, batch_size=500)
    return count + len(batch)


def chunks(total: int, size: int = COPY_CHUNK) -> Iterable[range]:
    """range(total) cut into consecutive ranges of at most `size`."""
    for start in range(0, total, size):
        yield range(start, min(start + size, total))


def generate(*, scale: float, seed: int, ids: dict[str, list[int]]) -> dict[str, int]:
    """Creates the organisation's users (no usable password) and adds their ids by role."""
    rng = random.Random(seed)
    for role, base in USERS.items():
        group = Group.objects.get(name=role.value)
        count = scaled(base, math.sqrt(scale))  # staff grows slower than the customer base
        created = User.objects.bulk_create(
            [
                User(
                    username=f"gen-{role.value}-{number:03d}",
                    first_name=rng.choice(FIRST_NAMES),
                    last_name=rng.choice(LAST_NAMES),
                    email=f"gen-{role.value}-{number:03d}@parcours.example",
                    password="!",  # unusable: these users sign in only if given a password
                )
                for number in range(1, count + 1)
            ]
        )
        group.user_set.add(*created)
        ids[role] = [user.pk for user in created]
    return {}


def already_generated() -> bool:
    return User.objects.filter(username__startswith="gen-").exists()


FIRST_NAMES = [
    "Alice", "Bruno", "Chloé", "Damien", "Emma", "Farid", "Gaëlle", "Hugo", "Inès", "Jules",
    "Karima", "Louis", "Manon", "Nicolas", "Océane", "Paul", "Quentin", "Rose", "Samir", "Zoé",
]  # fmt: skip
LAST_NAMES = [
    "Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand", "Leroy",
    "Moreau", "Simon", "Laurent", "Lefebvre", "Michel", "Garcia", "David", "Bertrand", "Roux",
]  # fmt: skip
