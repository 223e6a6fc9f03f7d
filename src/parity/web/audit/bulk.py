"""Many new rows saved at once, each recorded as auditlog records a row it sees created.

auditlog records a creation from the model's ``post_save`` signal: one query for the row and
one for its record, about 0.8 ms a row. An import of thirty thousand relationships took 25
seconds of a facilitator's request that way. :func:`create_recorded` saves the rows in batches
and makes their records with auditlog's own parts (its diff of a new instance, its
representation, its correlation id, and the ``pre_save`` receivers through which its context
names the actor), then saves the records in batches too: the same record, a few queries per
thousand rows. ``tests/integration/web/test_web_import.py`` compares the two record for record.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, TypeVar

from auditlog import get_logentry_model
from auditlog.cid import get_cid
from auditlog.context import auditlog_disabled
from auditlog.diff import model_instance_diff
from auditlog.registry import auditlog
from auditlog.signals import post_log, pre_log
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models, router
from django.db.models.signals import pre_save
from django.utils.encoding import smart_str

Row = TypeVar("Row", bound=models.Model)

#: Rows (and records) written per INSERT: well under SQLite's limit of variables a query.
BATCH = 500


def create_recorded(rows: Sequence[Row]) -> list[Row]:
    """Save ``rows`` (new instances of one model) and record each one's creation as auditlog
    would, if the model is recorded; the saved rows, with their ids. Call it inside the
    transaction that must keep both or neither."""
    if not rows:
        return []
    model = type(rows[0])
    saved = model._default_manager.bulk_create(rows, batch_size=BATCH)
    if not auditlog.contains(model) or auditlog_disabled.get():
        return saved
    action = get_logentry_model().Action.CREATE
    # As auditlog asks before each record: a receiver of ``pre_log`` may decline one.
    wanted = [
        row
        for row in saved
        if not any(
            result is False for _, result in pre_log.send(model, instance=row, action=action)
        )
    ]
    records = get_logentry_model().objects.bulk_create(
        [_record(row) for row in wanted], batch_size=BATCH
    )
    for row, record in zip(wanted, records, strict=True):
        post_log.send(
            model,
            instance=row,
            instance_old=None,
            action=action,
            error=None,
            pre_log_results=[],
            changes=record.changes,
            log_entry=record,
            log_created=True,
            use_json_for_changes=_json_changes(),
        )
    return saved


def _json_changes() -> bool:
    """auditlog's setting (``auditlog.conf`` gives it its default when auditlog loads)."""
    return bool(getattr(settings, "AUDITLOG_STORE_JSON_CHANGES", False))


def _record(row: models.Model) -> Any:
    """The creation record of ``row``, built as auditlog's ``log_create`` builds it, with the
    actor and the other facts of the request's auditlog context set by the same receivers a
    saved record goes through."""
    entry_model = get_logentry_model()
    changes = model_instance_diff(None, row, use_json_for_changes=_json_changes())
    get_additional_data = getattr(row, "get_additional_data", None)
    entry = entry_model(
        action=entry_model.Action.CREATE,
        changes=changes,
        content_type=ContentType.objects.get_for_model(row),
        object_pk=smart_str(row.pk),
        object_id=row.pk if isinstance(row.pk, int) else None,
        object_repr=smart_str(row),
        serialized_data=entry_model.objects._get_serialized_data_or_none(row),
        additional_data=get_additional_data() if callable(get_additional_data) else None,
        cid=get_cid(),
    )
    pre_save.send(
        sender=entry_model,
        instance=entry,
        raw=False,
        using=router.db_for_write(entry_model),
        update_fields=None,
    )
    return entry
