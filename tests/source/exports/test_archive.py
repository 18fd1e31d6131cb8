"""Opening exports (zip, tar.gz, folder, one posts file) and every kind of bad input: each is
one line naming the export and, where there is one, the member."""

from __future__ import annotations

import os
import re
import tracemalloc
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from generator.model.export import ExportRead
from generator.source.exports.archive import open_export
from generator.source.exports.base import ExportError, ExportFiles, ExportFormat, FilesInMemory
from generator.source.exports.read import read_exports, read_one

from .builders import actor, note, outbox, write_folder, write_tar_gz, write_zip

MEDIA = "media_attachments/files/1/original/photo.jpg"


def good_files() -> dict[str, bytes]:
    return {
        "outbox.json": outbox([note(n) for n in range(1, 40)]),
        "actor.json": actor(),
        MEDIA: os.urandom(300_000),  # random bytes do not compress: a real cut lands in them
    }


def test_every_layout_lists_the_same_files(tmp_path: Path) -> None:
    files = good_files()
    paths = {
        "zip": write_zip(tmp_path / "a.zip", files),
        "tar.gz": write_tar_gz(tmp_path / "a.tar.gz", files),
        "folder": write_folder(tmp_path / "unpacked", files),
    }
    for layout, path in paths.items():
        with open_export(path, layout) as export:
            assert list(export.names()) == sorted(files), layout
            assert export.head("actor.json", 10) == files["actor.json"][:10]
            assert export.read("outbox.json") == files["outbox.json"]


def test_one_posts_file_is_an_export_of_one_file(tmp_path: Path) -> None:
    path = tmp_path / "outbox.json"
    path.write_bytes(outbox([note(1)]))
    with open_export(path, "outbox.json") as export:
        assert list(export.names()) == ["outbox.json"]
    reads, problems = read_exports([path], ["outbox.json"])
    assert (len(reads[0].posts), problems) == (1, [])


def test_mac_resource_forks_and_leading_dots_are_not_listed(tmp_path: Path) -> None:
    files = {"./outbox.json": b"{}", "__MACOSX/._outbox.json": b"x", "data/._a.js": b"x"}
    with open_export(write_zip(tmp_path / "a.zip", files), "a.zip") as export:
        assert list(export.names()) == ["outbox.json"]


def _cut(path: Path, keep: float) -> Path:
    data = path.read_bytes()
    path.write_bytes(data[: int(len(data) * keep)])
    return path


def corrupt_zip(tmp: Path) -> Path:
    path = tmp / "export.zip"
    path.write_bytes(b"<html>Sign in to download your archive</html>")
    return path


def truncated_zip(tmp: Path) -> Path:
    return _cut(write_zip(tmp / "export.zip", good_files()), 0.6)


def damaged_member(tmp: Path) -> Path:
    path = write_zip(tmp / "export.zip", good_files())
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as archive:
        info = archive.getinfo("outbox.json")
    start = info.header_offset + 30 + len(info.filename) + 40
    data[start : start + 20] = bytes(20)
    path.write_bytes(bytes(data))
    return path


def truncated_tar_gz(tmp: Path) -> Path:
    return _cut(write_tar_gz(tmp / "export.tar.gz", good_files()), 0.6)


def not_a_tar_gz(tmp: Path) -> Path:
    path = tmp / "export.tar.gz"
    path.write_bytes(b"plain words")
    return path


def truncated_json(tmp: Path) -> Path:
    files = good_files()
    files["outbox.json"] = files["outbox.json"][:3000]
    return write_zip(tmp / "export.zip", files)


def empty_zip(tmp: Path) -> Path:
    return write_zip(tmp / "export.zip", {})


def wrong_platform(tmp: Path) -> Path:
    return write_zip(tmp / "export.zip", {"your_activity/posts.html": b"<html></html>"})


def folder_without_posts(tmp: Path) -> Path:
    return write_folder(tmp / "export", {MEDIA: b"\xff\xd8", "actor.json": actor()})


def directory_given_as_file(tmp: Path) -> Path:
    path = tmp / "outbox.json"
    path.mkdir()
    return path


def missing(tmp: Path) -> Path:
    return tmp / "export.zip"


BAD: list[tuple[Callable[[Path], Path], str, str]] = [
    # (builder, the member the line names or '', a phrase of the message)
    (corrupt_zip, "", "is named like a zip archive but is not one"),
    (truncated_zip, MEDIA, "the zip archive is damaged or cut short here"),
    (damaged_member, "outbox.json", "cannot be read"),
    (truncated_tar_gz, MEDIA, "the tar archive is damaged or cut short here"),
    (not_a_tar_gz, "", "is named like a tar.gz archive but is not one"),
    (truncated_json, "outbox.json", "the JSON ends before it is complete"),
    (empty_zip, "", "holds no files"),
    (wrong_platform, "", "is not an export playbook recognises"),
    (folder_without_posts, "", "is not an export playbook recognises"),
    (directory_given_as_file, "", "holds no files"),
    (missing, "", "does not exist"),
]


@pytest.mark.parametrize(("build", "member", "phrase"), BAD, ids=[b[0].__name__ for b in BAD])
def test_bad_input_is_one_line_naming_the_export_and_member(
    tmp_path: Path, build: Callable[[Path], Path], member: str, phrase: str
) -> None:
    path = build(tmp_path)
    reads, problems = read_exports([path], ["given/export"])
    assert reads == []
    assert len(problems) == 1
    line = problems[0]
    where = "given/export" + (f":{member}" if member else "")
    assert re.fullmatch(rf"{re.escape(where)}: error: [^\n]+ \([^\n]+\)", line), line
    assert phrase in line


def test_not_recognised_names_what_it_looked_for_and_the_formats(tmp_path: Path) -> None:
    _, problems = read_exports([wrong_platform(tmp_path)], ["x.zip"])
    assert "outbox.json" in problems[0]
    assert "playbook reads: " in problems[0]
    assert "Mastodon archive (outbox.json)" in problems[0]


def test_one_bad_export_does_not_stop_the_others(tmp_path: Path) -> None:
    good = write_zip(tmp_path / "good.zip", good_files())
    bad = corrupt_zip(tmp_path)
    reads, problems = read_exports([bad, good], ["bad.zip", "good.zip"])
    assert [read.source for read in reads] == ["good.zip:outbox.json"]
    assert [line.split(":")[0] for line in problems] == ["bad.zip"]


def test_the_archive_is_closed_even_when_reading_fails(tmp_path: Path) -> None:
    path = truncated_json(tmp_path)
    with pytest.raises(ExportError), open_export(path, "x") as export:
        export.read("nothing/here.json")


@pytest.mark.parametrize("writer", [write_zip, write_tar_gz], ids=["zip", "tar.gz"])
def test_media_are_never_held_in_memory(tmp_path: Path, writer: Callable[..., Path]) -> None:
    """64 MiB of video beside the posts: reading the export holds a few MiB at most."""
    files = {
        "actor.json": actor(),
        "media_attachments/files/2/original/video.mp4": bytes(64 << 20),
        "outbox.json": outbox([note(n) for n in range(1, 200)]),
    }
    path = writer(tmp_path / "big.bin", files)
    del files
    tracemalloc.start()
    try:
        reads, problems = read_exports([path], ["big"])
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert (len(reads[0].posts), problems) == (199, [])
    assert peak < 8 << 20


def test_a_format_surprised_by_its_file_still_gives_one_error() -> None:
    def surprised(_files: ExportFiles) -> ExportRead:
        raise KeyError("orderedItems")

    odd = ExportFormat(
        "odd", "odd export", "an odd file", lambda _files: "odd.json", surprised, "mastodon"
    )
    with pytest.raises(ExportError) as caught:
        read_one(FilesInMemory("x.zip", {"odd.json": b"{}"}), (odd,))
    assert caught.value.member == "odd.json"
    assert "is not laid out as expected for the odd export" in caught.value.message


def test_a_post_without_a_date_is_one_error() -> None:
    item = note(1)
    del item["published"], item["object"]["published"]
    with pytest.raises(ExportError, match="a post has no publication date") as caught:
        read_one(FilesInMemory("o.zip", {"outbox.json": outbox([item])}))
    assert caught.value.member == "outbox.json"
