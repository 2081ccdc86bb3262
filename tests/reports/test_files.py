"""Which files a run reads: report extensions in folders, named files as given."""

from tracker.reports.files import walk
from tracker.reports.ingest import ingest_paths


def mixed_folder(tmp_path):
    folder = tmp_path / "in"
    (folder / "sub").mkdir(parents=True)
    (folder / "sub" / "outage.md").write_text("# Outage\n\n- [ ] Fix it @schen\n")
    (folder / "data.json").write_text('{"a": 1}')
    (folder / "diagram.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    (folder / "README.md").write_text("# What this folder is\n")
    (folder / ".draft.md").write_text("# Draft\n")
    (folder / "gone.md").symlink_to(tmp_path / "nowhere.md")
    return folder


def test_a_folder_gives_reports_names_what_it_skips_and_refuses_broken_links(
    tmp_path,
):
    folder = mixed_folder(tmp_path)

    found = walk([folder])

    assert found.reports == [folder / "sub" / "outage.md"]
    assert [p.name for p, _ in found.skipped] == [
        "README.md",
        "data.json",
        "diagram.png",
    ]
    [(link, why)] = found.refused
    assert link.name == "gone.md" and "broken link" in why


def test_a_named_file_of_unknown_kind_is_refused_and_one_without_suffix_read(
    tmp_path,
):
    json_file, bare = tmp_path / "data.json", tmp_path / "POSTMORTEM"
    json_file.write_text("{}")
    bare.write_text("# Outage\n")

    found = walk([json_file, bare])

    assert found.reports == [bare]
    [(path, why)] = found.refused
    assert path == json_file and ".json is not a report format" in why


def test_ingest_reports_skipped_files_and_stores_only_reports(db, settings, tmp_path):
    results = ingest_paths(db, settings, [mixed_folder(tmp_path)])

    states = {r.path.rsplit("/", 1)[-1]: r.state for r in results}
    assert states == {
        "gone.md": "error",
        "README.md": "skipped",
        "data.json": "skipped",
        "diagram.png": "skipped",
        "outage.md": "new",
    }


def test_a_named_broken_link_is_called_a_broken_link(tmp_path):
    link = tmp_path / "gone.md"
    link.symlink_to(tmp_path / "nowhere.md")

    found = walk([link])

    assert found.reports == []
    [(path, why)] = found.refused
    assert path == link and "broken link to" in why and "nowhere.md" in why
