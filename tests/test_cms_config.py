"""The CMS's form enforces what validation enforces: its config is made from the field tables."""

from __future__ import annotations

from pathlib import Path

import pytest

from site_builder.cms import config as cms
from site_builder.model import fields as tables
from site_builder.model.entities import KINDS

from .sitetools import REPO, site_builder


def collection(config: dict, name: str) -> dict:  # type: ignore[type-arg]
    return next(c for c in config["collections"] if c["name"] == name)


def form_fields(config: dict, name: str) -> list[dict]:  # type: ignore[type-arg]
    found = collection(config, name)
    if "files" in found:
        [file] = found["files"]
        [items] = file["fields"]
        return list(items["fields"])
    return [f for f in found["fields"] if f["name"] != "body"]


@pytest.mark.parametrize(("name", "table"), [
    ("stories", tables.STORY_FIELDS), ("people", tables.PERSON_FIELDS),
    ("principles", tables.PRINCIPLE_FIELDS), ("departments", tables.DEPARTMENT_FIELDS),
    ("awards", tables.AWARD_FIELDS)])
def test_every_field_of_the_tables_is_in_the_form_required_as_validation_requires(
        name: str, table: tuple[tables.Field, ...]) -> None:
    fields = form_fields(cms.cms_config(), name)
    assert [f["name"] for f in fields] == [f.name for f in table]
    assert {f["name"]: f["required"] for f in fields} == {f.name: f.required for f in table}


def test_pickers_store_ids_and_show_names_and_kind_is_a_choice() -> None:
    story = {f["name"]: f for f in form_fields(cms.cms_config(), "stories")}
    assert story["kind"]["options"] == list(KINDS)
    for name, target in (("principles", "principles"), ("departments", "departments"), ("people", "people")):
        assert story[name]["widget"] == "relation" and story[name]["collection"] == target
        assert story[name]["multiple"] is True
    assert story["principles"]["min"] == 1
    assert story["principles"]["value_field"] == "items.*.id"
    assert story["principles"]["display_fields"] == ["items.*.name"]
    assert story["people"]["value_field"] == "{{slug}}"
    assert str(tables.SUMMARY_MAX - 1) in story["summary"]["pattern"][0]
    assert story["date"]["format"] == "YYYY-MM-DD"
    award = {f["name"]: f for f in story["awards"]["fields"]}
    assert award["award"]["collection"] == "awards" and award["year"]["min"] == 1900


def test_stories_are_written_where_validation_reads_them() -> None:
    stories = collection(cms.cms_config(), "stories")
    assert (stories["folder"], stories["path"], stories["extension"]) == ("stories", "{{year}}/{{slug}}", "md")
    people = collection(cms.cms_config(), "people")
    assert (people["folder"], people["extension"]) == ("content/people", "yml")
    assert cms.cms_config()["publish_mode"] == "editorial_workflow"


def test_a_field_added_to_a_table_without_a_widget_fails(monkeypatch: pytest.MonkeyPatch) -> None:
    """A new field type has no widget yet: generation stops instead of writing a form that drifts."""
    monkeypatch.setattr(cms, "STORY_FIELDS", (*tables.STORY_FIELDS, tables.Field("mood", "colour")))
    with pytest.raises(KeyError):
        cms.cms_config()


def test_the_committed_cms_config_matches_the_field_tables(tmp_path: Path) -> None:
    result = site_builder("cms-config", "--root", str(REPO), "--out", str(REPO / "schemas/cms-config.yml"),
                          "--check")
    assert result.returncode == 0, result.stdout
    stale = tmp_path / "cms-config.yml"
    stale.write_text((REPO / "schemas/cms-config.yml").read_text(encoding="utf-8")
                     .replace("required: true", "required: false", 1), encoding="utf-8")
    result = site_builder("cms-config", "--root", str(REPO), "--out", str(stale), "--check")
    assert result.returncode == 1
    assert "out of date" in result.stdout


def test_admin_can_be_turned_off(tmp_path: Path) -> None:
    from .conftest import make_root

    root = make_root(tmp_path)
    (root / "mkdocs.yml").write_text("site_name: x\nextra:\n  site_builder:\n    admin: false\n", encoding="utf-8")
    assert site_builder("build", "--root", str(root)).returncode == 0
    assert not (root / "site/admin").exists()


def test_no_page_loads_a_script_from_outside_the_site(tmp_path: Path) -> None:
    """Every <script src> of every page, /admin/ included, is a file of the built site."""
    import re

    from .conftest import make_root

    root = make_root(tmp_path)
    assert site_builder("build", "--root", str(root)).returncode == 0
    site = root / "site"
    pages = sorted(site.rglob("*.html"))
    assert site / "admin/index.html" in pages
    for page in pages:
        for src in re.findall(r"<script\b[^>]*\bsrc=[\"']?([^\"' >]+)", page.read_text(encoding="utf-8")):
            assert not re.match(r"^([a-z]+:)?//", src, re.I), f"{page.relative_to(site)} loads {src}"
            path = src.split("?")[0]
            local = site / path.lstrip("/") if path.startswith("/") else page.parent / path  # 404.html: root-relative
            assert local.resolve().is_file(), f"{page.relative_to(site)}: {src}"


def test_a_wrong_admin_setting_fails_validation_at_its_line_before_any_build(tmp_path: Path) -> None:
    from .conftest import make_root

    root = make_root(tmp_path)
    (root / "mkdocs.yml").write_text("site_name: Ours\nextra:\n  site_builder:\n    admin: maybe\n", encoding="utf-8")
    result = site_builder("validate", "--root", str(root))
    assert result.returncode == 1, result.stdout
    assert "mkdocs.yml:4: extra.site_builder.admin must be true, false or a mapping" in result.stdout
    assert not (root / "site").exists() and site_builder("build", "--root", str(root)).returncode == 1


def test_an_admin_branch_that_is_not_a_name_fails_validation(tmp_path: Path) -> None:
    from .conftest import make_root

    root = make_root(tmp_path)
    (root / "mkdocs.yml").write_text("site_name: Ours\nextra:\n  site_builder:\n    admin:\n      branch: 12\n",
                                     encoding="utf-8")
    result = site_builder("validate", "--root", str(root))
    assert result.returncode == 1, result.stdout
    assert "mkdocs.yml:4: extra.site_builder.admin.branch must be a branch name, such as main, not 12" in result.stdout
