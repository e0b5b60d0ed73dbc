"""The Follow-ups tab's title says how many are overdue, whichever tab the change came from,
and whether or not the Follow-ups tab was ever built."""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import QInputDialog

from networking_folder.domain.model import Contact, FollowUp


def test_the_overdue_count_in_the_follow_ups_title_follows_a_follow_up_done_on_the_home_page(
    qtbot, folder, make_window, monkeypatch
):
    """Marking the only overdue follow-up done from the home page left "F&ollow-ups (1
    overdue)" on the tab until the Follow-ups tab was shown: only that tab's reload said the
    count, and a tab not on screen (or never built) does not reload."""
    today = dt.date.today()
    ben = folder.contacts.create(Contact(name="Ben Carter"))
    folder.follow_ups.create(FollowUp("Call Ben", today - dt.timedelta(days=3), contact_id=ben))
    window = make_window(folder, tab="")  # the home page: Follow-ups is not built
    title = lambda: window.tabs.tabText(window.tabs.index_of("follow_ups_tab"))  # noqa: E731
    late = [r for r in folder.follow_ups.due_by(today) if r.due < today]
    assert title() == f"F&ollow-ups ({len(late)} overdue)"
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("It went well", True))
    for row in late:
        window.home_tab.mark_done(row)
    qtbot.waitUntil(lambda: title() == "F&ollow-ups")
    assert not window.tabs.is_built("follow_ups_tab")
    window.actions["undo"].trigger()  # the last one is overdue again
    qtbot.waitUntil(lambda: title() == "F&ollow-ups (1 overdue)")
