"""The whole folder as one JSON archive, and back: lossless into an empty folder, and careful
into one that already holds records."""

from __future__ import annotations

import json

import pytest

from networking_folder.domain.model import Contact
from networking_folder.services import Folder, archive, export
from networking_folder.services.demo import fill_demo_folder


def records_of(path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))["records"]


@pytest.fixture
def demo(tmp_path):
    with Folder.open(tmp_path / "demo") as folder:
        fill_demo_folder(folder)
        folder.contacts.delete([folder.contacts.rows()[-1].id])  # (the trash travels too)
        yield folder


def test_export_import_export_gives_the_same_folder(demo, tmp_path):
    first = tmp_path / "first.json"
    export.export_json(demo, first)
    with Folder.open(tmp_path / "empty") as copy:
        the_plan = archive.plan_archive(copy, first.read_bytes(), "first.json")
        assert the_plan.skipped == []
        step = archive.apply_archive(copy, the_plan)
        assert step
        second = tmp_path / "second.json"
        export.export_json(copy, second)
        assert records_of(second) == records_of(first)
        # The rules go on working on the copy: a referral's rule follow-ups are found by it.
        keys = {r["rule_key"] for r in records_of(second)["follow_up"] if r["rule_key"]}
        ids = {str(i) for (i,) in copy.query("SELECT id FROM referral")}
        referral_keys = [k for k in keys if k.startswith(("R2:", "R9:", "R10:", "R1:referral:"))]
        assert referral_keys and all(
            (k.split(":")[2] if k.startswith("R1:") else k.split(":")[1]) in ids for k in referral_keys
        )
        # Again: nothing new.
        again = archive.plan_archive(copy, first.read_bytes(), "first.json")
        assert not again.changes_anything() and sum(again.same.values()) > 0


def test_an_archive_into_a_folder_with_records_keeps_the_folders_own(demo, tmp_path):
    path = tmp_path / "a.json"
    export.export_json(demo, path)
    with Folder.open(tmp_path / "other") as other:
        mine = other.contacts.create(Contact(name="Only Mine"))
        the_plan = archive.plan_archive(other, path.read_bytes(), "a.json")
        step = archive.apply_archive(other, the_plan)
        names = {r.name for r in other.contacts.rows()}
        assert "Only Mine" in names and len(names) > 10
        step.undo()
        assert [r.id for r in other.contacts.rows()] == [mine]
        step.redo()
        assert len(other.contacts.rows()) == len(names)


def test_an_archive_from_a_newer_program_is_refused(tmp_path):
    data = json.dumps({"format": "networking-folder-archive", "version": 1, "schema": 999,
                       "records": {}}).encode()
    with Folder.open(tmp_path / "f") as folder, pytest.raises(archive.ArchiveProblem, match="newer"):
        archive.plan_archive(folder, data, "new.json")


def test_the_command_line_recognises_an_archive_by_itself(demo, tmp_path, capsys):
    from networking_folder import cli

    path = tmp_path / "a.json"
    export.export_json(demo, path)
    with Folder.open(tmp_path / "target"):
        pass
    assert cli.main(["--data-dir", str(tmp_path / "target"), "import", str(path), "--json"]) == 0
    said = json.loads(capsys.readouterr().out)
    assert said["format"] == "json" and said["written"] and said["new"]["contact"] > 10
