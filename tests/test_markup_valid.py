"""Every page kind is valid HTML for the W3C Nu Html Checker (issue 23, point 8).

A real `site-builder build` of a small content root in two languages (tests/roots/minimal as
test_languages.bilingual_root makes it: English and Vietnamese, a Vietnamese translation of the
interview and a story nobody has translated; plus one story of each other kind, a cover, a
portrait, an award citation and a translated article with its cover text), then vnu.jar over one
page of every kind in each language: the English pages at /, the Vietnamese ones under /vi/.
Our templates (theme/overrides, theme/pages) and the HTML we generate add no error; the errors
that come from mkdocs-material's own templates are listed in ALLOWED below, and nowhere else.

vnu.jar is the npm package vnu-jar at a pinned version, run on Debian's Java; scripts/ensure-vnu
installs both (from `make test`, and from the fixture below when pytest runs alone): never skipped.
"""

from __future__ import annotations

import io
import json
import shutil
import subprocess
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlparse

import pytest
from PIL import Image

from .conftest import write
from .test_languages import bilingual_root
from .sitetools import REPO, site_builder

JAR = REPO / ".tools/node_modules/vnu-jar/build/dist/vnu.jar"
Report = dict[str, list[dict[str, Any]]]  # vnu's messages by page kind

# One page of every kind the build writes (path under site/).
PAGE_KINDS: dict[str, str] = {
    "home": "index.html",
    "story (interview)": "stories/tet-night-shift/index.html",
    "story (article, with cover)": "stories/an-open-door/index.html",
    "story (practice)": "stories/a-plain-contract/index.html",
    "story (profile, award citation)": "stories/hung-lotus-star/index.html",
    "stories index": "stories/index.html",
    "principles index": "principles/index.html",
    "principle": "principles/customer-obsession/index.html",
    "departments index": "departments/index.html",
    "department": "departments/customer-care/index.html",
    "people index": "people/index.html",
    "person (portrait, award badge)": "people/tran-thi-mai/index.html",
    "person (award citation)": "people/le-van-hung/index.html",
    "awards index": "awards/index.html",
    "award wall": "awards/lotus-stars/index.html",
    "tags index": "tags/index.html",
    "tag": "tags/night-shift/index.html",
    "editor guide": "guide/index.html",
    "browser editor": "admin/index.html",
    "not found": "404.html",
}
# The same kinds in Vietnamese (the guide, the editor and the 404 page exist once, in English):
# a translated interview and article, stories shown as written (lang="en" on their text), and the
# listings with untranslated stories' cards marked with their language.
PAGE_KINDS.update({
    f"vi {kind}": "vi/" + path for kind, path in PAGE_KINDS.items()
    if kind not in ("editor guide", "browser editor", "not found")})
PAGE_KINDS.update({
    "story (untranslated)": "stories/budget-in-one-page/index.html",
    "vi story (untranslated)": "vi/stories/budget-in-one-page/index.html",
})

# Errors from mkdocs-material's own templates (mkdocs-material 9.x), which this project does not
# override: each is (vnu's message, the exact markup vnu highlights). Matched precisely, so the
# same message on any other element, ours included, still fails.
AUTOCOMPLETE = ("Attribute “autocomplete” is only allowed when the input type is “color”, “date”, "
                "“datetime-local”, “email”, “hidden”, “month”, “number”, “password”, “range”, "
                "“search”, “tel”, “text”, “time”, “url”, or “week”.")
ALLOWED: list[tuple[str, str]] = [
    # material/templates/base.html: the hidden checkboxes that open the drawer and the search
    # carry autocomplete="off" (so browsers don't restore them checked); valid only on text-like
    # inputs since HTML 5.x, harmless on every page.
    (AUTOCOMPLETE, '<input class="md-toggle" data-md-toggle="drawer" type="checkbox" id="__drawer"'
                   ' autocomplete="off">'),
    (AUTOCOMPLETE, '<input class="md-toggle" data-md-toggle="search" type="checkbox" id="__search"'
                   ' autocomplete="off">'),
    # material/templates/partials/toc.html: the table of contents' title is a <label for="__toc">,
    # whose checkbox partials/nav-item.html writes only for a page listed in the navigation;
    # story pages and the editor guide have a table of contents but are not in the navigation.
    ("The value of the “for” attribute of the “label” element must be the ID of a non-hidden"
     " form control.",
     '<label class="md-nav__title" for="__toc">'),
]


def jpeg(width: int, height: int) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), (200, 60, 40)).save(buffer, "JPEG", quality=90)
    return buffer.getvalue()


def every_kind_root(tmp_path: Path) -> Path:
    """The bilingual minimal root (an interview with an award, translated; an untranslated
    practice story) plus an article with a cover (translated), a practice story with a table and
    code, a profile with an award citation, and a portrait."""
    root = bilingual_root(tmp_path)
    (root / "stories/2025/door.jpg").write_bytes(jpeg(1600, 900))
    write(root, "stories/2025/an-open-door.md", """\
        ---
        title: "An open door"
        date: 2025-03-03
        summary: Why the customer care floor has no closed meeting room.
        kind: article
        principles: [ownership]
        departments: [customer-care]
        people: [tran-thi-mai]
        tags: [night shift]
        cover: door.jpg
        cover_alt: An open door onto the call centre floor
        ---

        Mai took the door off the meeting room in 2023, and nobody has asked for it back.

        > Anyone can walk in, and everyone does.
        """)
    write(root, "stories/2024/a-plain-contract.md", """\
        ---
        title: "A plain contract"
        date: 2024-06-10
        summary: Five rules for documents a customer can read on the bus.
        kind: practice
        principles: [customer-obsession, ownership]
        departments: [finance]
        people: [nguyen-thu-ha]
        tags: [tết]
        ---

        ## The rules

        1. **Numbers, not formulas.**
        2. One idea per sentence.

        | Before | After |
        | --- | --- |
        | eleven screens | three screens |

        ```text
        You pay 412.000 đ on the 5th of every month.
        ```
        """)
    write(root, "stories/2024/hung-lotus-star.md", """\
        ---
        title: "Hùng, Lotus Star of 2024"
        date: 2024-11-05
        summary: The agent who answered the thousandth call of the night like the first.
        kind: profile
        principles: [customer-obsession]
        departments: [customer-care]
        people: [le-van-hung]
        awards:
          - award: lotus-stars
            year: 2024
            people: [le-van-hung]
            citation: "For the thousandth call of the night, answered as kindly as the first."
        ---

        Hùng joined the night shift in 2021 and still asks to take the hardest calls.
        """)
    write(root, "stories/2025/an-open-door.vi.md", """\
        ---
        title: "Một cánh cửa mở"
        summary: Vì sao tầng chăm sóc khách hàng không có phòng họp đóng cửa.
        cover_alt: Một cánh cửa mở ra tầng tổng đài
        ---

        Năm 2023, Mai tháo cánh cửa phòng họp, và chưa ai đòi lắp lại.

        > Ai cũng có thể bước vào, và ai cũng bước vào.
        """)
    (root / "content/people/photos").mkdir(parents=True)
    (root / "content/people/photos/mai.jpg").write_bytes(jpeg(600, 600))
    person = root / "content/people/tran-thi-mai.yml"
    person.write_text(person.read_text(encoding="utf-8")
                      + "photo: photos/mai.jpg\nphoto_alt: Mai smiling\nphoto_consent: true\n", encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def vnu() -> Path:
    """vnu.jar, installed by scripts/ensure-vnu (Java from Debian, vnu-jar from npm) if missing."""
    done = subprocess.run([str(REPO / "scripts/ensure-vnu")], cwd=REPO, text=True,
                          capture_output=True, timeout=900)
    assert done.returncode == 0, f"scripts/ensure-vnu failed:\n{done.stdout}{done.stderr}"
    assert JAR.is_file() and shutil.which("java"), "vnu.jar or java is missing after scripts/ensure-vnu"
    return JAR


def check(jar: Path, *files: Path) -> list[dict[str, Any]]:
    """vnu's messages (errors and warnings) for the files, in one run of the checker."""
    command = ["java", "-jar", str(jar), "--format", "json", "--exit-zero-always", *map(str, files)]
    done = subprocess.run(command, text=True, encoding="utf-8", capture_output=True, timeout=300)
    assert done.returncode == 0, done.stderr
    return list(json.loads(done.stderr)["messages"])


def highlighted(message: dict[str, Any]) -> str:
    """The markup vnu points at (usually the offending start tag)."""
    extract = message.get("extract", "")
    start = message.get("hiliteStart", 0)
    return str(extract[start:start + message.get("hiliteLength", len(extract))])


def allowed(message: dict[str, Any]) -> bool:
    return (message["message"], highlighted(message)) in ALLOWED


def readable(messages: list[dict[str, Any]]) -> str:
    return "\n".join(f"  line {m.get('lastLine', '?')}: {m.get('subType') or m['type']}: {m['message']}\n"
                     f"      at {highlighted(m).strip()!r}" for m in messages)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = every_kind_root(tmp_path_factory.mktemp("markup"))
    built = site_builder("build", "--root", str(root))
    assert built.returncode == 0, built.stdout
    return root / "site"


@pytest.fixture(scope="module")
def report(vnu: Path, site: Path) -> Report:
    """vnu's messages for one page of every kind, by kind (one run of the checker for all)."""
    files = {kind: site / path for kind, path in PAGE_KINDS.items()}
    missing = [f"{kind}: {path}" for kind, path in files.items() if not path.is_file()]
    assert not missing, f"the build wrote no page for: {missing}"
    by_file: dict[Path, list[dict[str, Any]]] = {path.resolve(): [] for path in files.values()}
    for message in check(vnu, *files.values()):
        path = Path(unquote(urlparse(message.get("url", "")).path)).resolve()
        assert path in by_file, f"vnu reported on something else: {message}"
        by_file[path].append(message)
    return {kind: by_file[path.resolve()] for kind, path in files.items()}


@pytest.mark.parametrize("kind", list(PAGE_KINDS))
def test_the_page_has_no_markup_errors_of_ours(report: Report, kind: str) -> None:
    errors = [m for m in report[kind] if m["type"] != "info" and not allowed(m)]
    if errors:
        pytest.fail(f"{PAGE_KINDS[kind]} ({kind}): {len(errors)} error(s) from the Nu Html Checker:\n"
                    + readable(errors), pytrace=False)


@pytest.mark.parametrize("kind", list(PAGE_KINDS))
def test_the_page_has_no_markup_warnings(report: Report, kind: str) -> None:
    warnings = [m for m in report[kind] if m["type"] == "info" and m.get("subType") == "warning"]
    if warnings:
        pytest.fail(f"{PAGE_KINDS[kind]} ({kind}): {len(warnings)} warning(s) from the"
                    " Nu Html Checker:\n" + readable(warnings), pytrace=False)


def test_every_allowed_error_still_occurs(report: Report) -> None:
    """An entry that no page needs any more (mkdocs-material fixed it) is removed from ALLOWED."""
    seen = {(m["message"], highlighted(m)) for messages in report.values() for m in messages}
    assert [entry for entry in ALLOWED if entry not in seen] == []


def test_the_checker_reports_what_we_fixed(vnu: Path, tmp_path: Path) -> None:
    """The checker really runs and reads our kind of markup: the error that story pages had
    (a div with aria-label and no role) is reported, and the fixed markup passes."""
    page = ('<!doctype html><html lang="en"><head><meta charset="utf-8"><title>t</title></head><body>'
            '<div class="sb-people" {} aria-label="Featured people"><a href="/">Mai</a></div></body></html>')
    (tmp_path / "before.html").write_text(page.format(""), encoding="utf-8")
    (tmp_path / "after.html").write_text(page.format('role="group"'), encoding="utf-8")
    messages = check(vnu, tmp_path / "before.html", tmp_path / "after.html")
    assert [(Path(m["url"]).name, m["type"]) for m in messages] == [("before.html", "error")], readable(messages)
    assert "“aria-label” attribute must not be specified on any “div” element" in messages[0]["message"]


def test_the_vietnamese_pages_checked_are_vietnamese(site: Path) -> None:
    """The /vi/ pages above are the Vietnamese site (Material's text and ours), not copies of the
    English one: checked as what a Vietnamese reader gets."""
    for kind, path in PAGE_KINDS.items():
        if kind.startswith("vi "):
            page = (site / path).read_text(encoding="utf-8")
            assert '<html lang="vi"' in page, kind
            assert "Trang chủ" in page, kind  # the header's first tab, "Home"
    door = (site / "vi/stories/an-open-door/index.html").read_text(encoding="utf-8")
    assert 'alt="Một cánh cửa mở ra tầng tổng đài"' in door
    untranslated = (site / "vi/stories/budget-in-one-page/index.html").read_text(encoding="utf-8")
    assert 'lang="en"' in untranslated and "The budget on one page" in untranslated
    wall = (site / "vi/awards/lotus-stars/index.html").read_text(encoding="utf-8")
    assert '<li lang="en"><a href="../../stories/hung-lotus-star/">Hùng, Lotus Star of 2024</a></li>' in wall
