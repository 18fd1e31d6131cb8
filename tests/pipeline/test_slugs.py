"""Folder names for clients in every alphabet, and on every system: a slug transliterates,
keeps clients apart, falls back to a stable hash, and is one safe path part under both
Windows and POSIX path rules."""

from __future__ import annotations

from pathlib import Path, PurePosixPath, PureWindowsPath

import pytest
from hypothesis import given
from hypothesis import strategies as st

from generator.errors import Problem
from generator.pipeline.folders import PLAN_CLASH, client_folders
from generator.pipeline.write import WriteError, check_name, slugify

NON_LATIN = ["東京カフェ", "大阪カフェ", "Кафе Москва", "مقهى القاهرة", "Καφέ Αθήνα", "서울 카페"]


def test_names_in_other_alphabets_are_transliterated_and_kept_apart() -> None:
    slugs = [slugify(name) for name in NON_LATIN]
    assert slugs[:3] == ["dongjingkafue", "dabankafue", "kafe-moskva"]
    assert len(set(slugs)) == len(slugs)
    assert all(slug.isascii() and "client" not in slug for slug in slugs)


def test_two_non_latin_clients_get_two_folders(tmp_path: Path) -> None:
    folders = client_folders(
        [(tmp_path / "a.yaml", "東京カフェ"), (tmp_path / "b.yaml", "Кафе")], PLAN_CLASH
    )
    assert not any(isinstance(f, Problem) for f in folders)
    assert len(set(folders)) == 2


def test_a_name_with_nothing_to_transliterate_gets_a_stable_short_hash() -> None:
    first, second = slugify("!!!"), slugify("???")
    assert first != second
    assert first.startswith("client-") and len(first) == len("client-") + 10
    assert slugify("!!!") == first  # the same name, the same folder, run after run
    assert slugify("  !!!  ") == first  # spacing is not part of a name


@pytest.mark.parametrize("style", [PurePosixPath, PureWindowsPath])
@given(name=st.text(min_size=1, max_size=80))
def test_a_slug_is_one_safe_path_part_on_every_system(
    style: type[PurePosixPath] | type[PureWindowsPath], name: str
) -> None:
    slug = slugify(name)
    out = style("out")
    assert (out / slug).parent == out
    assert (out / slug).name == slug
    assert style(slug).parts == (slug,)
    assert not slug.endswith((".", " ")) and slug == slug.strip("-")
    assert not PureWindowsPath(slug).is_reserved()
    check_name(slug)  # the write layer takes it as a plain name


@pytest.mark.parametrize("name", ["a/b", "a\\b", "..", ".hidden", "", "C:", "c:evil"])
def test_check_name_refuses_what_is_not_one_plain_part_on_either_system(name: str) -> None:
    # "C:" is a drive on Windows and "c:evil" a path relative to one; "a\\b" is two parts.
    with pytest.raises(WriteError, match="not a plain name"):
        check_name(name)
