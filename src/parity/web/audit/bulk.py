"""Many rows saved at once, each recorded as auditlog records a row it sees created or changed.

auditlog records a creation from the model's ``post_save`` signal: one query for the row and
one for its record, about 0.8 ms a row. An import of thirty thousand relationships took 25
seconds of a facilitator's request that way. :func:`create_recorded` saves the rows in batches
and makes their records with auditlog's own parts (its diff of a new instance, its
representation, its correlation id, and the ``pre_save`` receivers through which its context
names the actor), then saves the records in batches too: the same record, a few queries per
thousand rows. :func:`update_recorded` does the same for rows written over (an import that
updates what the organization has), where auditlog reads each row again before saving it.
``tests/integration/web/test_web_import.py`` compares the records with auditlog's own, record
for record.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, NamedTuple, TypeVar

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
    json_changes = _json_changes()
    pending = []
    for row in saved:
        # As auditlog asks before each record: a receiver of ``pre_log`` may decline one.
        said = pre_log.send(model, instance=row, action=action)
        if not any(result is False for _, result in said):
            diff = model_instance_diff(None, row, use_json_for_changes=json_changes)
            pending.append(_Pending(None, row, said, _record(row, action, diff)))
    _save_records(model, action, pending)
    return saved


def update_recorded(changes: Sequence[tuple[Row, Row]], fields: Sequence[str]) -> None:
    """Write ``fields`` of many rows of one model at once, and record each change as
    auditlog's ``log_update`` records a row saved with those fields. ``changes`` pairs each row
    as the database holds it (read in this transaction: auditlog reads it again before each
    save) with the same row as it is to be written. A row whose fields do not change gets no
    record, as auditlog gives it none. Call it inside the transaction that must keep both or
    neither."""
    if not changes:
        return
    model = type(changes[0][1])
    model._default_manager.bulk_update([new for _, new in changes], fields, batch_size=BATCH)
    if not auditlog.contains(model) or auditlog_disabled.get():
        return
    action = get_logentry_model().Action.UPDATE
    json_changes = _json_changes()
    pending = []
    for old, new in changes:
        said = pre_log.send(model, instance=new, action=action)
        if any(result is False for _, result in said):
            continue
        diff = model_instance_diff(
            old, new, fields_to_check=list(fields), use_json_for_changes=json_changes
        )
        if diff:
            pending.append(_Pending(old, new, said, _record(new, action, diff)))
    _save_records(model, action, pending)


class _Pending(NamedTuple):
    """A record made and not yet saved: the row before and after, what ``pre_log`` said."""

    old: models.Model | None
    new: models.Model
    said: list[tuple[Any, Any]]
    record: Any


def _save_records(model: type[models.Model], action: int, pending: list[_Pending]) -> None:
    """Save the records in batches, then tell ``post_log``'s receivers of each, as auditlog
    does once a record is saved."""
    records = get_logentry_model().objects.bulk_create(
        [p.record for p in pending], batch_size=BATCH
    )
    for made, record in zip(pending, records, strict=True):
        post_log.send(
            model,
            instance=made.new,
            instance_old=made.old,
            action=action,
            error=None,
            pre_log_results=made.said,
            changes=record.changes,
            log_entry=record,
            log_created=True,
            use_json_for_changes=_json_changes(),
        )


def _json_changes() -> bool:
    """auditlog's setting (``auditlog.conf`` gives it its default when auditlog loads)."""
    return bool(getattr(settings, "AUDITLOG_STORE_JSON_CHANGES", False))


def _record(row: models.Model, action: int, changes: Any) -> Any:
    """The record of ``action`` on ``row`` with ``changes`` (auditlog's diff), built as
    auditlog's ``log_create`` builds it, with the actor and the other facts of the request's
    auditlog context set by the same receivers a saved record goes through."""
    entry_model = get_logentry_model()
    get_additional_data = getattr(row, "get_additional_data", None)
    entry = entry_model(
        action=action,
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
