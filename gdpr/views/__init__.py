"""The register's pages, one module per concern; urls.py reads them from here."""

from .activities import (
    activity_choices,
    activity_create,
    activity_delete,
    activity_detail,
    activity_list,
    activity_review,
    activity_submit,
    activity_update,
    processor_create,
    processor_delete,
)
from .data_items import (
    data_item_create,
    data_item_delete,
    data_item_detail,
    data_item_list,
    data_item_review,
    data_item_submit,
    data_item_update,
)
from .dpia import screening_update
from .exports import article30_export
from .register import history_csv, index, register
from .requirements import checklist
from .respondents import access_log, respondent_erase, respondent_export, respondent_search

__all__ = [
    "access_log",
    "activity_choices",
    "activity_create",
    "activity_delete",
    "activity_detail",
    "activity_list",
    "activity_review",
    "activity_submit",
    "activity_update",
    "article30_export",
    "checklist",
    "data_item_create",
    "data_item_delete",
    "data_item_detail",
    "data_item_list",
    "data_item_review",
    "data_item_submit",
    "data_item_update",
    "history_csv",
    "index",
    "processor_create",
    "processor_delete",
    "register",
    "respondent_erase",
    "respondent_export",
    "respondent_search",
    "screening_update",
]
