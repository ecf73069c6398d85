"""People's consent: photos only with `photo_consent: true`; people who left keep their stories
but lose their profile page and their role."""

from __future__ import annotations

from pathlib import Path

from .conftest import make_root, write
from .sitetools import site_builder

PORTRAIT = '<svg xmlns="http://www.w3.org/2000/svg" width="8" height="8"><circle r="4" cx="4" cy="4"/></svg>'


def every_byte(site: Path) -> bytes:
    return b"\n".join(p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file())


def test_a_photo_without_consent_is_not_published(tmp_path: Path) -> None:
    root = make_root(tmp_path)
    write(root, "content/people/photos/mai-portrait-zq.svg", PORTRAIT)
    write(root, "content/people/tran-thi-mai.yml",
          "name: Trần Thị Mai\nshort_name: Mai\nphoto: photos/mai-portrait-zq.svg\nphoto_alt: Mai at her desk\n")
    result = site_builder("build", "--root", str(root))
    assert result.returncode == 0, result.stdout
    assert "content/people/tran-thi-mai.yml:3: warning: the photo is not published without 'photo_consent: true'" \
        in result.stdout
    assert b"mai-portrait-zq" not in every_byte(root / "site")
    person = (root / "site/people/tran-thi-mai/index.html").read_text(encoding="utf-8")
    assert 'class="sb-avatar sb-avatar--lg sb-avatar--initials" role="img" aria-label="Trần Thị Mai"' in person


def test_a_photo_with_consent_is_shown_with_its_alt_text(tmp_path: Path) -> None:
    root = make_root(tmp_path)
    write(root, "content/people/photos/mai.svg", PORTRAIT)
    write(root, "content/people/tran-thi-mai.yml", "name: Trần Thị Mai\nshort_name: Mai\nphoto: photos/mai.svg\n"
                                                   "photo_alt: Mai at her desk\nphoto_consent: true\n")
    assert site_builder("build", "--root", str(root)).returncode == 0
    person = (root / "site/people/tran-thi-mai/index.html").read_text(encoding="utf-8")
    assert 'src="../../media/content/people/photos/mai.svg" alt="Mai at her desk"' in person
    assert (root / "site/media/content/people/photos/mai.svg").is_file()


def test_someone_who_left_keeps_their_stories_but_not_a_profile_or_role(tmp_path: Path) -> None:
    root = make_root(tmp_path)
    write(root, "content/people/le-van-hung.yml",
          "name: Lê Văn Hùng\nrole: Quartermaster of Xylophones\nshort_name: Hùng\nactive: false\n")
    result = site_builder("build", "--root", str(root))
    assert result.returncode == 0, result.stdout
    assert "content/people/le-van-hung.yml:4: warning: this person has left (active: false)" in result.stdout
    site = root / "site"
    assert not (site / "people/le-van-hung").exists()
    story = (site / "stories/tet-night-shift/index.html").read_text(encoding="utf-8")
    assert "Lê Văn Hùng" in story
    assert "people/le-van-hung/" not in story
    assert b"Quartermaster of Xylophones" not in every_byte(site)
    assert "Lê Văn Hùng" not in (site / "people/index.html").read_text(encoding="utf-8")


def test_the_sample_turns_still_link_active_speakers(tmp_path: Path) -> None:
    root = make_root(tmp_path)
    assert site_builder("build", "--root", str(root)).returncode == 0
    story = (root / "site" / "stories/tet-night-shift/index.html").read_text(encoding="utf-8")
    assert 'href="../../people/le-van-hung/"' in story
