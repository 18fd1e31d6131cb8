"""Finding a Chromium to print with on Linux, macOS and Windows, and advice on what to
install that fits the reader's system."""

from __future__ import annotations

from collections.abc import Callable

import pytest

import generator.site.browsers as browsers
from generator.site.browsers import PdfUnavailable, find_chromium, install_advice, pdf_browser


def which_of(*present: str) -> Callable[[str], str | None]:
    """shutil.which over a machine holding only `present` (names on PATH or full paths)."""
    return lambda name: name if name in present else None


EDGE = "C:\\Program Files (x86)\\Microsoft\\Edge\\Application\\msedge.exe"
CHROME = "C:\\Users\\sam\\AppData\\Local\\Google\\Chrome\\Application\\chrome.exe"
WINDOWS_ENV = {
    "PROGRAMFILES": "C:\\Program Files",
    "PROGRAMFILES(X86)": "C:\\Program Files (x86)",
    "LOCALAPPDATA": "C:\\Users\\sam\\AppData\\Local",
}


@pytest.mark.parametrize(
    ("platform", "environ", "present", "expected"),
    [
        ("linux", {}, ["/usr/bin/chromium"], "/usr/bin/chromium"),
        ("linux", {}, ["chromium-browser"], "chromium-browser"),
        ("linux", {}, ["google-chrome", "msedge"], "google-chrome"),
        ("darwin", {}, ["/Applications/Google Chrome.app/Contents/MacOS/Google Chrome"],
         "/Applications/Google Chrome.app/Contents/MacOS/Google Chrome"),
        ("darwin", {}, ["/Users/sam/Applications/Chromium.app/Contents/MacOS/Chromium"],
         "/Users/sam/Applications/Chromium.app/Contents/MacOS/Chromium"),
        ("win32", WINDOWS_ENV, [EDGE], EDGE),
        ("win32", WINDOWS_ENV, [CHROME], CHROME),
        ("win32", WINDOWS_ENV, ["msedge"], "msedge"),
        ("win32", {}, [], None),
    ],
)  # fmt: skip
def test_a_browser_is_found_where_each_system_keeps_it(
    platform: str, environ: dict[str, str], present: list[str], expected: str | None
) -> None:
    found = find_chromium(platform, environ, which_of(*present), home="/Users/sam")
    assert found == expected


def test_playbook_chromium_wins_and_is_never_swapped_for_another() -> None:
    environ = {"PLAYBOOK_CHROMIUM": "/opt/my/chrome"}
    assert (
        find_chromium("linux", environ, which_of("/opt/my/chrome", "chromium")) == "/opt/my/chrome"
    )
    assert find_chromium("linux", environ, which_of("chromium")) is None


@pytest.mark.parametrize(
    ("platform", "words"),
    [
        ("linux", "sudo apt-get install chromium"),
        ("darwin", "brew install --cask chromium"),
        ("win32", "install Google Chrome or Microsoft Edge"),
    ],
)
def test_without_any_browser_the_advice_fits_the_system(
    platform: str, words: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("PLAYBOOK_CHROMIUM", raising=False)
    monkeypatch.setattr(browsers, "find_chromium", lambda _platform: None)
    monkeypatch.setattr(browsers, "playwright_chromium", lambda: None)
    with pytest.raises(PdfUnavailable) as caught:
        pdf_browser(platform)
    message = str(caught.value)
    assert words in message and "playwright install chromium" in message
    assert "PLAYBOOK_CHROMIUM" in message and message.endswith("(or leave out --pdf)")
    assert words in install_advice(platform)
    if platform != "linux":
        assert "apt-get" not in message


def test_playwrights_own_browser_is_used_when_nothing_else_is_there(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("PLAYBOOK_CHROMIUM", raising=False)
    monkeypatch.setattr(browsers, "find_chromium", lambda _platform: None)
    monkeypatch.setattr(
        browsers, "playwright_chromium", lambda: "/home/sam/.cache/ms-playwright/chrome"
    )
    assert pdf_browser("linux") == "/home/sam/.cache/ms-playwright/chrome"
