"""`playbook serve PROFILE`: a live preview of one client's site while the coach writes.

The site is rebuilt whenever a file that makes it changes: the profile, its check-ins, a rule,
a template, the site settings or the workspace's playbook.yml. Only those files are watched,
never the rest of the profile's folder, so a log or an output folder beside it changes nothing.
An edit that breaks the profile does not stop the server: the problems are printed and shown
in a box at the top of every page of the last version that worked.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import tempfile
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mkdocs.livereload import LiveReloadServer
from watchdog.events import FileSystemEvent, FileSystemEventHandler

from ..errors import Problem, ProblemsError
from ..paths import rules_dir, site_config_dir, templates_dir
from ..pipeline.client import ClientData, load_client
from ..pipeline.rulebook import load_rulebook
from ..source.checkins import checkins_folder
from ..source.files import YAML_SUFFIXES
from .branding import Look
from .build import (
    SETTINGS_FILE,
    BuildError,
    build_site,
    given_stamp,
    load_settings,
    look_of,
    stamp_of,
)
from .pages import ClientSite, client_site, problems_banner


class ServeError(Exception):
    """The preview cannot be served; the message says why and what to try."""


@dataclass
class Preview:
    """Rebuilds one client's site into `root`; remembers the last plan that worked. The
    profile's check-ins are watched with it (they sit in or beside the profile's folder)."""

    profile: Path
    root: Path
    settings_dir: Path | None = None
    own_rules: Path | None = None
    report: Callable[[str], None] = print
    workspace: Path | None = None
    last: tuple[ClientData, Look] | None = field(default=None, init=False)

    def pages(self) -> tuple[ClientSite, Look, str, int, list[Problem]]:
        """The pages to show now, with the problems (if any) that kept the last version."""
        try:
            settings, folder = load_settings(self.settings_dir)
            client = load_client(self.profile, load_rulebook(own=self.own_rules))
            look = look_of(client.profile, self.profile, settings, folder)
        except ProblemsError as exc:
            problems = list(exc.problems)
            if self.last is None:
                return _error_site(problems), _PLAIN, "Profile with errors", 0, problems
            client, look = self.last
        else:
            problems = []
            self.last = (client, look)
        site = client_site(client.plan, look, problems, progress=client.progress)
        name = client.profile.client.name
        return site, look, name, stamp_of(client.profile), problems

    def rebuild(self) -> None:
        """Build into a fresh folder, then swap it in: the served site is never half-built."""
        site, look, name, stamp, problems = self.pages()
        for problem in problems:
            self.report(problem.format())
        fresh = self.root.with_name(self.root.name + ".new")
        shutil.rmtree(fresh, ignore_errors=True)
        try:
            build_site(site, look, name, fresh, stamp)
        except BuildError as exc:
            self.report(f"playbook: error: {exc}")
            shutil.rmtree(fresh, ignore_errors=True)
            return
        old = self.root.with_name(self.root.name + ".old")
        if self.root.exists():
            self.root.rename(old)
        fresh.rename(self.root)
        shutil.rmtree(old, ignore_errors=True)
        if not problems:
            self.report(f"playbook: rebuilt the site of {name}")

    def watched(self) -> list[Watch]:
        """The folders to watch, each with the names in it that count."""
        profile = self.profile.resolve()
        beside = {profile.name, *([self.workspace.name] if self.workspace else [])}
        watches = [Watch(profile.parent, frozenset(beside), IMAGES)]
        if self.workspace is not None and self.workspace.resolve().parent != profile.parent:
            watches.append(Watch(self.workspace.resolve().parent, frozenset({self.workspace.name})))
        checkins = self._checkins_folder()
        if checkins is not None:
            watches.append(Watch(checkins, suffixes=YAML_SUFFIXES, recursive=True))
        settings = self.settings_dir or site_config_dir()
        folder = settings.parent if settings.is_file() else settings
        names = {settings.name if settings.is_file() else SETTINGS_FILE}
        watches.append(Watch(folder.resolve(), frozenset(names), IMAGES))
        for rules in (rules_dir(), templates_dir(), self.own_rules):
            if rules is not None:
                watches.append(Watch(rules.resolve(), suffixes=None, recursive=True))
        return watches

    def _checkins_folder(self) -> Path | None:
        """The profile's check-ins folder, where it exists: it may be anywhere the profile
        names, so it is found from the last profile that loaded, else the default place."""
        if self.last is not None:
            folder = checkins_folder(self.last[0].profile, self.profile)
        else:
            folder = self.profile.parent / self.profile.stem / "checkins"
        return folder.resolve() if folder.is_dir() else None


IMAGES = (".svg", ".png", ".jpg", ".jpeg", ".webp")


@dataclass(frozen=True)
class Watch:
    """A folder to watch: its files named in `names` or ending in one of `suffixes` (None:
    every file), below it too when `recursive`."""

    folder: Path
    names: frozenset[str] = frozenset()
    suffixes: tuple[str, ...] | None = ()
    recursive: bool = False

    def counts(self, path: str) -> bool:
        """Whether a change to `path` (a file in the folder) changes the site."""
        name = Path(path).name
        if name in self.names or self.suffixes is None:
            return True
        return name.lower().endswith(self.suffixes) if self.suffixes else False


_PLAIN = Look(
    coach="playbook",
    logo=None,
    logo_base="",
    primary="#00695c",
    on_primary="#ffffff",
    link="#00695c",
    guide_url="https://playbook-guide.github.io/playbook/",
)


def _error_site(problems: list[Problem]) -> ClientSite:
    text = "# The profile has errors\n\n" + problems_banner(problems)
    text += "Fix them and save: this page shows the site as soon as the profile is valid.\n"
    return ClientSite({"index.md": text}, (("Errors", "index.md"),))


def serve(preview: Preview, host: str, port: int) -> None:
    """Serve the preview until Ctrl-C, SIGTERM or SIGHUP, rebuilding on every change.

    Raises BuildError, before anything starts, if SOURCE_DATE_EPOCH is unreadable.
    """
    given_stamp()
    with _stopped_by_signals():
        _serve(preview, host, port)


def _serve(preview: Preview, host: str, port: int) -> None:
    # Find out now, before building and announcing, whether the port is free.
    with socket.socket() as probe:
        try:
            probe.bind((host, port))
        except OSError as exc:
            raise ServeError(
                f"cannot serve on {host}:{port}: {exc.strerror}; try another --port"
            ) from exc
    preview.rebuild()
    server = _Server(builder=preview.rebuild, host=host, port=port, root=str(preview.root))
    for watch in preview.watched():
        server.watch_only(watch)
    preview.report(f"playbook: serving {preview.profile} on http://{host}:{port}/")
    try:
        server.serve()  # type: ignore[no-untyped-call]
    except OSError as exc:
        raise ServeError(
            f"cannot serve on {host}:{port}: {exc.strerror}; try another --port"
        ) from exc
    except KeyboardInterrupt:
        preview.report("playbook: stopped")
    finally:
        server.shutdown()


# A live-reload poll is /livereload/<epoch>/<request id>, both times in milliseconds.
_POLL = re.compile(r"/livereload/[0-9]{1,20}/[0-9]{1,20}")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def _bad_request(path: str) -> bool:
    """A path MkDocs' server would fail on with a traceback: a control character (which
    no file name here has, and NUL makes open() raise) or a live-reload poll whose numbers
    are not plain times (thousands of digits make int() raise)."""
    if _CONTROL.search(path):
        return True
    return path.startswith("/livereload/") and not _POLL.fullmatch(path)


class _Server(LiveReloadServer):
    """MkDocs' live-reload server, answering 400 to requests it would fail on, rebuilding
    only for the files a Watch names."""

    def watch_only(self, watch: Watch) -> None:
        def changed(event: FileSystemEvent) -> None:
            if event.is_directory:
                return
            paths = [event.src_path, getattr(event, "dest_path", "")]
            if any(path and watch.counts(os.fsdecode(path)) for path in paths):
                with self._rebuild_cond:
                    self._want_rebuild = True
                    self._rebuild_cond.notify_all()

        handler = FileSystemEventHandler()
        handler.on_any_event = changed  # type: ignore[method-assign]
        self.observer.schedule(handler, str(watch.folder), recursive=watch.recursive)
        self._watched_paths[str(watch.folder)] = 1

    def serve_request(
        self, environ: dict[str, Any], start_response: Callable[..., Any]
    ) -> Iterable[bytes]:
        if _bad_request(environ.get("PATH_INFO", "")):
            start_response("400 Bad Request", [("Content-Type", "text/plain; charset=utf-8")])
            return [b"400 Bad Request\n"]
        return super().serve_request(environ, start_response)


_STOP_SIGNALS = (signal.SIGTERM, signal.SIGHUP)


@contextmanager
def _stopped_by_signals() -> Iterator[None]:
    """SIGTERM and SIGHUP stop the server as Ctrl-C does, so the caller can remove the
    temporary site; after the first, both are ignored, so nothing cuts that short."""
    if threading.current_thread() is not threading.main_thread():
        yield  # only the main thread may handle signals
        return

    def stop(_signum: int, _frame: object) -> None:
        for number in _STOP_SIGNALS:
            signal.signal(number, signal.SIG_IGN)
        raise KeyboardInterrupt

    saved = {number: signal.signal(number, stop) for number in _STOP_SIGNALS}
    try:
        yield
    finally:
        for number, handler in saved.items():
            if signal.getsignal(number) is stop:
                signal.signal(number, handler)


def temporary_root() -> Path:
    return Path(tempfile.mkdtemp(prefix="playbook-serve-")) / "site"
