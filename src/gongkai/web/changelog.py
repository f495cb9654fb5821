"""Changes to the office's settings (holiday arrangements, document and narrative templates): who,
when, the old and the new values, in Django's change log (``LogEntry``), which the settings' pages
list and the admin's history of the object shows too."""

from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType


def log_change(user, obj, action: int, old: dict, new: dict) -> None:
    changed = [field for field in new if old.get(field) != new[field]]
    labels = {field: str(obj._meta.get_field(field).verbose_name) for field in changed}
    message = "；".join(f"{labels[field]}：由“{old.get(field, '')}”改为“{new[field]}”" for field in changed)
    LogEntry.objects.log_actions(user.pk, [obj], action, change_message=message or "未作修改", single_object=True)


def history(*objects, limit: int = 20) -> list[LogEntry]:
    """The latest changes of ``objects`` (of one model: who, when, old and new), most recent first."""
    if not objects:
        return []
    return list(LogEntry.objects.filter(content_type=ContentType.objects.get_for_model(objects[0]),
                                        object_id__in=[str(obj.pk) for obj in objects])
                .select_related("user").order_by("-action_time")[:limit])
