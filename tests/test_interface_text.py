"""Our interface text in every language: each `t("...")` a template or the page code uses has
its translation in `site_builder/pages/strings.py`, and no translation there is left unused.

The keys are found by reading the sources (a regex over the templates, the AST of the Python),
so a text added to a template without its Vietnamese fails here, not on a reader's screen.
"""

from __future__ import annotations

import ast
import json
import re
import string
from pathlib import Path

import pytest

from site_builder.model.entities import KIND_LABELS
from site_builder.pages import generator, strings
from site_builder.resources import page_templates_dir

PAGES_PACKAGE = Path(generator.__file__).parent
# t("...") or t('...'), not select("...") nor x.t(...): the literal is the key.
T_CALL = re.compile(r"""(?<![\w.])t\(\s*(?:"((?:[^"\\]|\\.)*)"|'((?:[^'\\]|\\.)*)')\s*\)""")
# A t( whose argument is not one literal: its key could not be checked.
T_OPEN = re.compile(r"(?<![\w.])t\(")


def templates() -> list[Path]:
    return sorted(p for p in Path(page_templates_dir()).iterdir() if p.is_file())


def template_keys() -> dict[str, set[str]]:
    """Each key a template passes to t(), with the templates that use it."""
    out: dict[str, set[str]] = {}
    for path in templates():
        for match in T_CALL.finditer(path.read_text(encoding="utf-8")):
            key = match.group(1) if match.group(1) is not None else match.group(2)
            out.setdefault(key, set()).add(path.name)
    return out


def python_keys() -> set[str]:
    """Literal keys the page code passes to `t`/`self.t`, or to `strings.text(language, ...)`,
    and the labels it translates by table (story kinds, the header's sections)."""
    keys = set(KIND_LABELS.values()) | set(strings.THEME_TEXT)
    keys |= {title for title, _ in (*generator.SECTIONS, generator.TAGS_SECTION)}
    for path in sorted(PAGES_PACKAGE.glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            name = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""
            position = {"t": 0, "text": 1}.get(name)
            if position is None or len(node.args) <= position:
                continue
            arg = node.args[position]
            if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                keys.add(arg.value)
    return keys


def placeholders(text: str) -> set[str]:
    return {field for _, field, _, _ in string.Formatter().parse(text) if field is not None}


def test_templates_use_t_with_one_literal_each() -> None:
    for path in templates():
        source = path.read_text(encoding="utf-8")
        opened = len(T_OPEN.findall(source))
        literal = len(T_CALL.findall(source))
        assert opened == literal, f"{path.name}: a t(...) whose argument is not one string literal"


def test_the_templates_use_t() -> None:
    keys = template_keys()
    assert {"All stories", "{n} min read", "Q{n}", "Featured people"} <= set(keys)


@pytest.mark.parametrize("language", [lang for lang in strings.TEXTS])
def test_every_template_text_is_translated(language: str) -> None:
    table = strings.TEXTS[language]
    missing = {key: sorted(names) for key, names in template_keys().items() if key not in table}
    assert not missing, f"interface text without its {language} in site_builder/pages/strings.py: {missing}"


@pytest.mark.parametrize("language", [lang for lang in strings.TEXTS])
def test_every_text_the_page_code_translates_is_translated(language: str) -> None:
    missing = sorted(key for key in python_keys() if key not in strings.TEXTS[language])
    assert not missing, f"interface text without its {language} in site_builder/pages/strings.py: {missing}"


@pytest.mark.parametrize("language", [lang for lang in strings.TEXTS])
def test_no_translation_is_unused(language: str) -> None:
    used = set(template_keys()) | python_keys()
    unused = sorted(set(strings.TEXTS[language]) - used)
    assert not unused, f"entries in strings.py that no template nor page code uses (remove them): {unused}"


@pytest.mark.parametrize("language", [lang for lang in strings.TEXTS])
def test_translations_keep_the_placeholders(language: str) -> None:
    for english, translated in strings.TEXTS[language].items():
        assert translated.strip(), f"{english!r} has an empty {language} text"
        assert placeholders(translated) == placeholders(english), (
            f"{english!r} -> {translated!r}: the {language} text must use the same {{placeholders}}")


def test_languages_have_names() -> None:
    assert set(strings.TEXTS) | {strings.DEFAULT_LANGUAGE} <= set(strings.LANGUAGE_NAMES)


def test_english_is_the_key() -> None:
    assert strings.text("en", "All stories") == "All stories"
    assert strings.text("vi", "All stories") == "Tất cả câu chuyện"
    assert strings.text("vi", "not a key") == "not a key"


# -- rendered: the sample site's pages in Vietnamese ---------------------------------

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def vi_pages() -> dict[tuple[str, str], str]:
    """The sample organisation's pages as Vietnamese readers see them: (template, title) -> text
    and fragments."""
    from site_builder.model.loader import load
    from site_builder.pages.generator import Generator
    from site_builder.project import Project

    project = Project.open(REPO)
    assert "vi" in project.languages
    site, problems = load(REPO, languages=project.languages)
    assert not [p for p in problems if getattr(p, "severity", "error") == "error"], problems
    generator = Generator(site.in_language("vi"))
    wanted = {"stories_index.md", "home.md", "story.md", "award.md"}
    out = {}
    for page in generator.pages():
        if page.template in wanted:
            rendered = generator.render(page)  # the page's Markdown, and the HTML fragments it places
            out[(page.template, page.title)] = "\n".join([rendered.text, *json.loads(rendered.fragments or "[]")])
    return out


def page(pages: dict[tuple[str, str], str], template: str, title: str = "") -> str:
    return next(text for (t, name), text in pages.items() if t == template and title in name)


def test_vietnamese_pages_have_vietnamese_interface_text(vi_pages: dict[tuple[str, str], str]) -> None:
    home = page(vi_pages, "home.md")
    assert "Câu chuyện mới nhất" in home and "Tất cả câu chuyện" in home and "Nguyên tắc của chúng ta" in home
    assert "Latest stories" not in home and "All stories</a>" not in home
    listing = page(vi_pages, "stories_index.md")
    assert "câu chuyện, mới nhất trước." in listing and "Lọc câu chuyện" in listing


def test_a_translated_interview_reads_in_vietnamese(vi_pages: dict[tuple[str, str], str]) -> None:
    story = page(vi_pages, "story.md", "Các bạn kỹ sư mới đặt câu hỏi")
    assert "phút đọc" in story and "min read" not in story
    assert 'aria-label="Nhân vật"' in story and 'aria-label="Về câu chuyện này"' in story
    assert '<span class="sb-q">Hỏi</span>' in story and " hỏi" in story
    assert "Phó Chủ tịch Kỹ thuật" in story  # Priya's role, in Vietnamese
    assert "Cùng nhau phát triển" in story  # the principle's name


def test_an_award_page_reads_in_vietnamese(vi_pages: dict[tuple[str, str], str]) -> None:
    award = page(vi_pages, "award.md", "Người hùng Khách hàng")
    assert "người nhận</span>" in award and "recipient</span>" not in award and "recipients</span>" not in award


# The theme's overrides read their text from `extra.sb_text` (partials) and `tr(...)` (search.js).
OVERRIDE_KEYS = (re.compile(r'tx\.get\("([^"]+)"'), re.compile(r'tr\(\s*"([^"]+)"'), re.compile(r'tr\(n === 1 \? "([^"]+)" : "([^"]+)"'),
                 re.compile(r'tr\(count === 1 \? "([^"]+)" : "([^"]+)"'))


def test_the_theme_overrides_text_is_all_in_the_theme_text_table() -> None:
    overrides = Path(page_templates_dir()).parent / "overrides"
    found: set[str] = set()
    for path in [overrides / "partials/sb-search.html", overrides / "assets/site-builder/search.js"]:
        source = path.read_text(encoding="utf-8").replace('" +\n  "', "")  # a string split over two lines
        for pattern in OVERRIDE_KEYS:
            for match in pattern.finditer(source):
                found |= {group for group in match.groups() if group}
    assert found, "no text found in the overrides: the patterns are out of date"
    assert found <= set(strings.THEME_TEXT), sorted(found - set(strings.THEME_TEXT))
    assert set(strings.THEME_TEXT) <= found, sorted(set(strings.THEME_TEXT) - found)
