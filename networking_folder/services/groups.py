"""Networking groups: the chapters and clubs the user meets with."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from networking_folder.domain.model import Group
from networking_folder.domain.validation import ValidationError, clean_text
from networking_folder.store.records import GroupRecord

if TYPE_CHECKING:
    from networking_folder.services.folder import Folder


def _to_group(rec: GroupRecord) -> Group:
    time = dt.time.fromisoformat(rec.meeting_time) if rec.meeting_time else None
    return Group(
        rec.name,
        rec.meeting_weekday,
        time,
        rec.location,
        rec.id,
        meets_on_holidays=bool(rec.meets_on_holidays),
    )


class GroupService:
    def __init__(self, folder: Folder) -> None:
        self.folder = folder

    def all(self) -> list[Group]:
        query = GroupRecord.live().order_by(GroupRecord.name.collate("NOCASE"))
        return [_to_group(rec) for rec in query]

    def get(self, group_id: int) -> Group:
        return _to_group(GroupRecord.get_by_id(group_id))

    def _check(self, group: Group) -> dict:
        name = clean_text("name", group.name, "The name", one_line=True)
        if not name:
            raise ValidationError("name", "A group needs a name.")
        clash = GroupRecord.live().where(GroupRecord.name == name)
        if group.id is not None:
            clash = clash.where(GroupRecord.id != group.id)
        if clash.exists():
            raise ValidationError("name", f"There is already a group called “{name}”.")
        # A group in the trash keeps its row (and so its unique name): free the name.
        trashed = GroupRecord.select().where(
            GroupRecord.name == name, GroupRecord.deleted_at.is_null(False)
        )
        for old in trashed:
            self.folder.writes.update(GroupRecord, old.id, name=f"{old.name} (deleted #{old.id})")
        if group.meeting_weekday is not None and not 0 <= group.meeting_weekday <= 6:
            raise ValidationError("meeting_weekday", "Choose the day the group meets.")
        return {
            "name": name,
            "meeting_weekday": group.meeting_weekday,
            "meeting_time": group.meeting_time.strftime("%H:%M") if group.meeting_time else None,
            "location": clean_text("location", group.location, "The place", one_line=True),
            "meets_on_holidays": bool(group.meets_on_holidays),
        }

    def create(self, group: Group) -> int:
        from networking_folder.services.folder import Change

        with self.folder.transaction(Change.GROUPS):
            return self.folder.writes.create(GroupRecord, **self._check(group))

    def update(self, group: Group) -> None:
        from networking_folder.services.folder import Change

        with self.folder.transaction(Change.GROUPS, Change.CONTACTS, Change.REFERRALS):
            self.folder.writes.update(GroupRecord, group.id, **self._check(group))

    def delete(self, group_id: int) -> int:
        from networking_folder.services.folder import Change

        with self.folder.transaction(Change.GROUPS, Change.CONTACTS, Change.REFERRALS):
            batch = self.folder.trash.new_batch()
            self.folder.trash.move(GroupRecord, [group_id], batch)
        return batch
