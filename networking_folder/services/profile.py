"""Who keeps the folder: their name, business, what they do and want referred, their groups,
where they work (public holidays) and their paper. Set on the first start's welcome page."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from networking_folder.domain.calendar import BusinessCalendar, UnknownCountry
from networking_folder.domain.model import Group
from networking_folder.domain.validation import ValidationError, clean_text

if TYPE_CHECKING:
    from networking_folder.services.folder import Folder

PAPERS = ("auto", "letter", "a4")


@dataclass
class Profile:
    name: str = ""
    business: str = ""
    profession: str = ""
    ideal_referral: str = ""
    ask: str = ""
    country: str | None = None
    subdivision: str | None = None
    paper: str = "auto"
    groups: list[Group] = field(default_factory=list)


class ProfileService:
    def __init__(self, folder: Folder) -> None:
        self.folder = folder

    def get(self) -> Profile:
        get = self.folder.settings.get
        return Profile(
            name=get("me.name", "") or "",
            business=get("me.business", "") or "",
            profession=get("me.profession", "") or "",
            ideal_referral=get("me.ideal_referral", "") or "",
            ask=get("sheet.ask", "") or "",
            country=get("calendar.country"),
            subdivision=get("calendar.subdivision"),
            paper=get("sheet.paper", "auto") or "auto",
            groups=self.folder.groups.all(),
        )

    def is_set_up(self) -> bool:
        """True once the welcome page was filled in (or the folder already holds anything)."""
        return bool(self.folder.settings.get("welcome.done", False)) or self.folder.holds_anything()

    def set_up(self, profile: Profile) -> None:
        """Save the welcome page's form and make its groups, in one transaction."""
        from networking_folder.services.folder import Change

        values = {
            "me.name": clean_text("name", profile.name, "Your name", one_line=True),
            "me.business": clean_text("business", profile.business, "Your business", one_line=True),
            "me.profession": clean_text("profession", profile.profession, "What you do", one_line=True),
            "me.ideal_referral": clean_text("ideal_referral", profile.ideal_referral, "Your ideal referral"),
            "sheet.ask": clean_text("ask", profile.ask, "Your ask", one_line=True),
        }
        if not values["me.name"]:
            raise ValidationError("name", "Your name goes on the tracking sheet.")
        if profile.paper not in PAPERS:
            raise ValidationError("paper", "Choose Letter, A4, or from your country.")
        try:
            BusinessCalendar(profile.country, profile.subdivision)
        except UnknownCountry as exc:
            raise ValidationError("country", str(exc)) from exc
        with self.folder.transaction(Change.SETTINGS, Change.GROUPS):
            for key, value in values.items():
                self.folder.settings._put(key, value)
            self.folder.settings._put("calendar.country", profile.country)
            self.folder.settings._put("calendar.subdivision", profile.subdivision)
            self.folder.settings._put("sheet.paper", profile.paper)
            for group in profile.groups:
                if group.name.strip():
                    try:
                        self.folder.groups.create(group)
                    except ValidationError as exc:  # said at the groups, not at your name
                        raise ValidationError("group", f"{group.name}: {exc.message}") from exc
            self.folder.settings._put("welcome.done", True)
