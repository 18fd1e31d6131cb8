"""Which Chromium prints the PDFs, on Linux, macOS and Windows, and what to install where
there is none. Any Chromium-based browser prints the same pages: Chromium, Google Chrome,
Microsoft Edge, or the Chromium that `playwright install chromium` downloads."""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Callable, Mapping
from pathlib import Path, PureWindowsPath

CHROMIUM_ENV = "PLAYBOOK_CHROMIUM"
DEFAULT_CHROMIUM = "/usr/bin/chromium"
# Looked for on PATH, in this order: Linux package names first, then the vendors' own.
PATH_NAMES = (
    "chromium",
    "chromium-browser",
    "google-chrome",
    "google-chrome-stable",
    "chrome",
    "msedge",
)
MAC_APPS = (
    "Chromium.app/Contents/MacOS/Chromium",
    "Google Chrome.app/Contents/MacOS/Google Chrome",
    "Microsoft Edge.app/Contents/MacOS/Microsoft Edge",
)
# Below %ProgramFiles%, %ProgramFiles(x86)% or %LocalAppData% (Chrome installed per user).
WINDOWS_APPS = (
    r"Google\Chrome\Application\chrome.exe",
    r"Microsoft\Edge\Application\msedge.exe",
    r"Chromium\Application\chrome.exe",
)
WINDOWS_ROOTS = ("PROGRAMFILES", "PROGRAMFILES(X86)", "LOCALAPPDATA")


class PdfUnavailable(Exception):
    """PDF output cannot work here: no Chromium, or no Playwright to drive it."""


def installed_places(platform: str, environ: Mapping[str, str], home: str) -> list[str]:
    """Where a browser's installer puts it on this kind of system (which may not exist)."""
    if platform == "darwin":
        folders = ("/Applications", f"{home}/Applications")
        return [f"{folder}/{app}" for folder in folders for app in MAC_APPS]
    if platform == "win32":
        roots = [environ[name] for name in WINDOWS_ROOTS if environ.get(name)]
        return [str(PureWindowsPath(root, app)) for root in roots for app in WINDOWS_APPS]
    return [DEFAULT_CHROMIUM]


def find_chromium(
    platform: str = sys.platform,
    environ: Mapping[str, str] = os.environ,
    which: Callable[[str], str | None] = shutil.which,
    home: str | None = None,
) -> str | None:
    """The browser to print with: $PLAYBOOK_CHROMIUM; else the first of PATH_NAMES on PATH;
    else a browser in its installer's standard place; None if there is none (Playwright's
    own browser is looked for separately: `playwright_chromium`)."""
    configured = environ.get(CHROMIUM_ENV)
    if configured:
        # A chosen browser that is missing is an error to report, not a cue to use another.
        return which(configured)
    for name in PATH_NAMES:
        found = which(name)
        if found:
            return found
    places = installed_places(platform, environ, home or str(Path.home()))
    return next((place for place in places if which(place)), None)


def playwright_chromium() -> str | None:
    """The Chromium Playwright downloaded (`playwright install chromium`), if it did."""
    from playwright.sync_api import Error, sync_playwright

    try:
        with sync_playwright() as playwright:
            path = playwright.chromium.executable_path
    except Error:
        return None
    return path if Path(path).is_file() else None


def install_advice(platform: str = sys.platform) -> str:
    """What to install for a browser, in the words of the reader's system."""
    python = "py" if platform == "win32" else "python3"
    playwright = f"or let Playwright fetch its own: {python} -m playwright install chromium"
    if platform == "darwin":
        return (
            "install Google Chrome, Microsoft Edge or Chromium (brew install --cask "
            f"chromium), {playwright}"
        )
    if platform == "win32":
        return f"install Google Chrome or Microsoft Edge, {playwright}"
    return (
        "install Chromium (Debian and Ubuntu: sudo apt-get install chromium; Fedora: "
        f"sudo dnf install chromium) or Google Chrome, {playwright}"
    )


def pdf_browser(platform: str = sys.platform) -> str:
    """The browser `--pdf` will print with; PdfUnavailable, saying what to install on this
    system, when Playwright or a browser is missing."""
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        quote = '"' if platform == "win32" else "'"
        raise PdfUnavailable(
            "Playwright, which prints the PDFs, is not installed: "
            f"pip install {quote}playbook[pdf]{quote} (or leave out --pdf)"
        ) from None
    configured = os.environ.get(CHROMIUM_ENV)
    found = find_chromium(platform)
    if found:
        return found
    if configured:
        raise PdfUnavailable(
            f"Chromium was not found at {configured} (set by {CHROMIUM_ENV}): correct it, "
            "or unset it to use the browser playbook finds (or leave out --pdf)"
        )
    own = playwright_chromium()
    if own:
        return own
    raise PdfUnavailable(
        f"no Chromium, Chrome or Edge was found: {install_advice(platform)}; "
        f"or set {CHROMIUM_ENV} to the browser's path (or leave out --pdf)"
    )
