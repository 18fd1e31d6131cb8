"""Small builders for export fixtures, written from each format's documented structure."""

from __future__ import annotations

import io
import json
import tarfile
import zipfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

PUBLIC = "https://www.w3.org/ns/activitystreams#Public"
ACTOR = "https://social.example/users/ana"
FOLLOWERS = f"{ACTOR}/followers"


def write_zip(path: Path, files: Mapping[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return path


def write_tar_gz(path: Path, files: Mapping[str, bytes]) -> Path:
    with tarfile.open(path, "w:gz") as archive:
        for name, data in files.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
    return path


def write_folder(root: Path, files: Mapping[str, bytes]) -> Path:
    for name, data in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_bytes(data)
    return root


# Mastodon: outbox.json is an OrderedCollection of activities.


def note(
    number: int,
    content: str = "<p>Fresh bread &amp; butter</p>",
    *,
    to: list[str] | None = None,
    cc: list[str] | None = None,
    in_reply_to: str | None = None,
    published: str = "2026-03-02T09:30:00Z",
    kind: str = "Note",
    **extra: Any,
) -> dict[str, Any]:
    """A `Create` of a Note by ACTOR; public unless `to`/`cc` say otherwise."""
    status = f"{ACTOR}/statuses/{number}"
    to = [PUBLIC] if to is None else to
    cc = [FOLLOWERS] if cc is None else cc
    return {
        "id": f"{status}/activity",
        "type": "Create",
        "actor": ACTOR,
        "published": published,
        "to": to,
        "cc": cc,
        "object": {
            "id": status,
            "type": kind,
            "summary": None,
            "inReplyTo": in_reply_to,
            "published": published,
            "url": f"https://social.example/@ana/{number}",
            "attributedTo": ACTOR,
            "to": to,
            "cc": cc,
            "sensitive": False,
            "content": content,
            "attachment": [],
            "tag": [],
            **extra,
        },
    }


def boost(number: int, target: str, published: str = "2026-03-03T10:00:00Z") -> dict[str, Any]:
    return {
        "id": f"{ACTOR}/statuses/{number}/activity",
        "type": "Announce",
        "actor": ACTOR,
        "published": published,
        "to": [PUBLIC],
        "cc": [FOLLOWERS, "https://other.example/users/bo"],
        "object": target,
    }


def outbox(items: list[dict[str, Any]], total: int | None = None) -> bytes:
    document = {
        "@context": "https://www.w3.org/ns/activitystreams",
        "id": "outbox.json",
        "type": "OrderedCollection",
        "totalItems": len(items) if total is None else total,
        "orderedItems": items,
    }
    return json.dumps(document, indent=2, ensure_ascii=False).encode("utf-8")


def actor() -> bytes:
    return json.dumps(
        {
            "@context": ["https://www.w3.org/ns/activitystreams"],
            "id": ACTOR,
            "type": "Person",
            "preferredUsername": "ana",
            "name": "Ana",
            "outbox": "outbox.json",
        }
    ).encode("utf-8")
