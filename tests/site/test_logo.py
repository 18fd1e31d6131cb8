"""A coach's logo is published only as a real image: hostile SVGs come out inert or are
refused, links and files that only pretend to be images are refused at the line that names
them, and the theme never sees the coach's file name."""

from __future__ import annotations

import os
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from generator.errors import ProblemsError
from generator.site.build import load_settings
from generator.site.logo import ATTRIBUTES, ELEMENTS, SVG_NS, LogoError, clean_svg, read_logo

from ..browser import guarded_session, serve
from ..conftest import Run
from .test_build import profile_named

OPEN = f'<svg xmlns="{SVG_NS}" xmlns:xlink="http://www.w3.org/1999/xlink" viewBox="0 0 10 10">'
# Each would run script, or reach another host, when the file is opened in a browser.
HOSTILE = {
    "script": f"{OPEN}<script>window.pwned = 1</script><rect width='5' height='5'/></svg>",
    "onload": f'<svg xmlns="{SVG_NS}" onload="window.pwned = 1"><circle r="3"/></svg>',
    "event attribute": f'{OPEN}<rect width="9" height="9" onmouseover="window.pwned=1"/></svg>',
    "foreignObject": f"{OPEN}<foreignObject width='9' height='9'>"
    "<body xmlns='http://www.w3.org/1999/xhtml'><img src='x' onerror='window.pwned=1'/>"
    "</body></foreignObject></svg>",
    "xlink:href javascript": f'{OPEN}<a xlink:href="javascript:window.pwned=1">'
    '<rect width="9" height="9"/></a></svg>',
    "href javascript": f'{OPEN}<a href="javascript:window.pwned=1"><text>x</text></a></svg>',
    "external use": f'{OPEN}<use href="http://127.0.0.1:9/x.svg#a"/></svg>',
    "external xlink use": f'{OPEN}<use xlink:href="http://127.0.0.1:9/x.svg#a"/></svg>',
    "external image": f'{OPEN}<image href="http://127.0.0.1:9/x.png" width="9"/></svg>',
    "animated href": f'{OPEN}<a><set attributeName="href" to="javascript:window.pwned=1"/>'
    '<rect width="9" height="9"/></a></svg>',
    "style import": f"{OPEN}<style>@import url(http://127.0.0.1:9/a.css);"
    "rect{fill:red}</style><rect width='9' height='9'/></svg>",
    "style url": f"{OPEN}<style>rect{{fill:url(http://127.0.0.1:9/p.svg#p)}}</style></svg>",
    "style font": f"{OPEN}<style>@font-face{{font-family:f;src:url(http://127.0.0.1:9/f)}}"
    "</style><text style='font-family:f'>x</text></svg>",
    "style escape": f"{OPEN}<style>rect{{fill:\\75 rl(http://127.0.0.1:9/p)}}</style></svg>",
    "inline style url": f"{OPEN}<rect style='fill:url(http://127.0.0.1:9/p#a)'/></svg>",
    "attribute url": f'{OPEN}<rect fill="url(http://127.0.0.1:9/p#a)" width="9"/></svg>',
    "stylesheet instruction": '<?xml-stylesheet href="http://127.0.0.1:9/a.css"?>'
    f'<svg xmlns="{SVG_NS}"/>',
    "iframe in html namespace": f"{OPEN}<iframe xmlns='http://www.w3.org/1999/xhtml' "
    "src='javascript:parent.pwned=1'/></svg>",
}
# Not SVG documents playbook can clean: refused.
REFUSED = {
    "DOCTYPE": '<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" '
    '"http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">' + f'<svg xmlns="{SVG_NS}"/>',
    "billion laughs": '<!DOCTYPE svg [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;">'
    '<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;">]>' + f'<svg xmlns="{SVG_NS}"><text>&c;</text></svg>',
    "external entity": '<!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
    f'<svg xmlns="{SVG_NS}"><text>&x;</text></svg>',
    "undeclared entity": f'<svg xmlns="{SVG_NS}"><text>&nbsp;</text></svg>',
    "no namespace": "<svg><rect/></svg>",
    "HTML": "<html><body><script>window.pwned = 1</script></body></html>",
    "not XML": "just some text",
    "deep nesting": f'<svg xmlns="{SVG_NS}">' + "<g>" * 500 + "</g>" * 500 + "</svg>",
}


def inert(svg: bytes) -> list[str]:
    """Everything in a cleaned SVG that is not on the allowlist, or points outside it."""
    found = []
    root = ET.fromstring(svg)
    for element in root.iter():
        namespace, _, name = element.tag.rpartition("}")
        if namespace != "{" + SVG_NS or name not in ELEMENTS:
            found.append(element.tag)
        for key, value in element.attrib.items():
            if key == "href":
                if not value.startswith("#"):
                    found.append(f"{name} href={value}")
            elif key not in ATTRIBUTES | {"style", "{http://www.w3.org/XML/1998/namespace}space"}:
                found.append(f"{name} {key}")
        text = ET.tostring(element, encoding="unicode")
        found += re.findall(r"url\((?!#)[^)]*\)|@import|@font-face|javascript:|\\", text)
    return found


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_a_hostile_svg_comes_out_inert(tmp_path: Path, name: str) -> None:
    path = tmp_path / "logo.svg"
    path.write_text(HOSTILE[name])
    cleaned = read_logo(tmp_path, "logo.svg")
    assert inert(cleaned) == []
    assert b"pwned" not in cleaned and b"127.0.0.1" not in cleaned
    assert clean_svg(cleaned, path) == cleaned  # cleaning again changes nothing


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_an_svg_that_is_not_a_plain_svg_document_is_refused(tmp_path: Path, name: str) -> None:
    (tmp_path / "logo.svg").write_text(REFUSED[name])
    with pytest.raises(LogoError, match=rf"^logo {re.escape(str(tmp_path))}/logo.svg "):
        read_logo(tmp_path, "logo.svg")


def test_a_drawing_keeps_its_shapes_colours_and_text(tmp_path: Path) -> None:
    (tmp_path / "logo.svg").write_text(
        '<?xml version="1.0"?><!-- made by hand -->'
        f'<svg xmlns="{SVG_NS}" xmlns:inkscape="http://www.inkscape.org/namespaces/inkscape" '
        'width="40" height="20" viewBox="0 0 40 20" inkscape:version="1.3">'
        '<metadata><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"/></metadata>'
        '<defs><linearGradient id="g"><stop offset="0" stop-color="#f80"/></linearGradient>'
        "</defs><style>.c{fill:url(#g);stroke:#000}</style>"
        '<g inkscape:label="layer" style="fill:#123456;stroke:none">'
        '<path class="c" d="M0,0 L40,20 Z"/><use href="#g"/>'
        '<text x="2" y="15" font-family="\'Open Sans\', sans-serif">A &amp; B</text></g></svg>'
    )
    assert read_logo(tmp_path, "logo.svg").decode() == (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<svg xmlns="{SVG_NS}" width="40" height="20" viewBox="0 0 40 20">'
        '<defs><linearGradient id="g"><stop offset="0" stop-color="#f80"/></linearGradient>'
        "</defs><style>.c{fill:url(#g);stroke:#000}</style>"
        '<g style="fill:#123456;stroke:none"><path class="c" d="M0,0 L40,20 Z"/>'
        '<use href="#g"/><text x="2" y="15" font-family="\'Open Sans\', sans-serif">'
        "A &amp; B</text></g></svg>\n"
    )


@pytest.mark.browser
def test_chromium_runs_nothing_from_a_cleaned_svg(tmp_path: Path) -> None:
    """Each hostile SVG, opened on its own as a page: the original runs its script or asks
    127.0.0.1 for something (so the test can see it), the cleaned one does neither."""
    raw_effects = set()
    with guarded_session() as session, serve(tmp_path) as base:
        asked: list[str] = []
        session.context.on("request", lambda request: asked.append(request.url))
        for index, name in enumerate(sorted(HOSTILE)):
            raw = tmp_path / f"raw-{index}.svg"
            raw.write_text(HOSTILE[name])
            clean = tmp_path / f"clean-{index}.svg"
            clean.write_bytes(read_logo(tmp_path, raw.name))
            effects = []
            for path in (raw, clean):
                asked.clear()
                page = session.page()
                page.goto(base + path.name)
                page.wait_for_load_state("load")
                page.mouse.move(3, 3)
                page.mouse.click(3, 3)  # for a javascript: link
                page.wait_for_timeout(100)
                ran = page.evaluate("() => Boolean(window.pwned)")
                effects.append(ran or any("127.0.0.1:9/" in url for url in asked))
                page.close()
            assert effects[1] is False, name
            if effects[0]:
                raw_effects.add(name)
    # The page would have shown it: the originals of these did run or reach out.
    assert {"script", "onload", "foreignObject", "external use", "style import"} <= raw_effects


def write_logo(folder: Path, name: str, data: bytes) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_bytes(data)
    return folder / name


PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 32
NOT_AN_IMAGE = b"<html><script>alert(1)</script></html>"


def site_settings(folder: Path, logo: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "client-site.yml").write_text(
        f"coach:\n  name: X\n  logo: {logo}\nguide_url: https://x.example/\n"
    )
    return folder


def settings_problem(folder: Path) -> str:
    with pytest.raises(ProblemsError) as caught:
        load_settings(folder)
    assert len(caught.value.problems) == 1
    return caught.value.problems[0].format()


def test_a_logo_link_is_refused_at_the_line_that_names_it(tmp_path: Path) -> None:
    secret = write_logo(tmp_path / "private", "secret.png", PNG)
    folder = site_settings(tmp_path / "site-config", "logo.png")
    (folder / "logo.png").symlink_to(secret)
    assert settings_problem(folder) == (
        f"{folder}/client-site.yml:3:3: error: logo {folder}/logo.png is, or is inside, a "
        "symbolic link (put the image file itself there)"
    )
    (folder / "logo.png").unlink()
    (folder / "art").symlink_to(secret.parent)
    site_settings(folder, "art/secret.png")
    assert "art/secret.png is, or is inside, a symbolic link" in settings_problem(folder)


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("logo.png", NOT_AN_IMAGE, "is not a PNG image (save it as PNG again"),
        ("logo.jpg", PNG, "is not a JPEG image"),
        ("logo.webp", b"RIFF\0\0\0\0WAVE", "is not a WebP image"),
        ("logo.svg", NOT_AN_IMAGE, "is not an SVG image: it must start with <svg"),
        ("logo.svg", REFUSED["billion laughs"].encode(), "has a <!DOCTYPE ...> declaration"),
        ("logo.png", PNG + b"\0" * 512 * 1024, "is over 512 KiB (use a smaller image)"),
    ],
)
def test_a_logo_that_is_not_the_image_it_claims_is_refused_at_its_line(
    tmp_path: Path, name: str, data: bytes, message: str
) -> None:
    folder = site_settings(tmp_path, name)
    write_logo(folder, name, data)
    problem = settings_problem(folder)
    assert problem.startswith(f"{folder}/client-site.yml:3:3: error: logo {folder}/{name} ")
    assert message in problem


def test_a_named_pipe_is_refused_without_waiting(tmp_path: Path) -> None:
    folder = site_settings(tmp_path, "logo.png")
    os.mkfifo(folder / "logo.png")
    assert "logo.png is not a file" in settings_problem(folder)


def test_check_reports_a_profile_logo_link_at_its_line(tmp_path: Path, run_playbook: Run) -> None:
    path = profile_named(tmp_path / "in", "Logo Test")
    (path.parent / "logo.png").symlink_to(write_logo(tmp_path / "elsewhere", "x.png", PNG))
    path.write_text(path.read_text() + "branding:\n  logo: logo.png\n")
    line = path.read_text().splitlines().index("  logo: logo.png") + 1
    result = run_playbook("check", str(path))
    assert result.returncode == 1
    assert result.stderr.startswith(
        f"{path}:{line}:3: error: logo {path.parent}/logo.png is, or is inside, a symbolic link"
    )


def test_a_site_publishes_the_cleaned_svg_under_a_name_of_its_own(
    tmp_path: Path, run_playbook: Run
) -> None:
    path = profile_named(tmp_path / "in", "Logo Test")
    tricky = 'a" onerror="window.pwned=1;x=.5.svg'  # a script, were it in a page
    write_logo(path.parent, tricky, HOSTILE["onload"].encode())
    path.write_text(path.read_text() + f"branding:\n  logo: '{tricky}'\n")
    result = run_playbook("build", str(path), "-o", str(tmp_path / "out"))
    assert result.returncode == 0, result.stderr
    site = tmp_path / "out" / "logo-test"
    published = (site / "assets" / "logo.svg").read_bytes()
    assert published == read_logo(path.parent, tricky) and b"onload" not in published
    assert sorted(p.name for p in (site / "assets").iterdir() if "logo" in p.name) == ["logo.svg"]
    index = (site / "index.html").read_text()
    assert 'src="assets/logo.svg"' in index and "pwned" not in index


def test_a_png_logo_is_published_as_it_is(tmp_path: Path, run_playbook: Run) -> None:
    path = profile_named(tmp_path / "in", "Logo Test")
    write_logo(path.parent, "Brand.PNG", PNG)
    path.write_text(path.read_text() + "branding:\n  logo: Brand.PNG\n")
    result = run_playbook("build", str(path), "-o", str(tmp_path / "out"))
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "out" / "logo-test" / "assets" / "logo.png").read_bytes() == PNG
