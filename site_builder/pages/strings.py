"""The interface text of our own pages in each language a site may have.

mkdocs-material brings its own interface text (the search box, "Table of contents") in some
sixty languages and picks it by `theme.language`; the text our page templates add ("All
stories", "Featured people", a story's kind) is here. A template writes the English text,
`t("All stories")`, and gets it in the page's language: English is the key, so a template reads
as it renders, and a test checks that every text a template uses has each language's.
"""

from __future__ import annotations

DEFAULT_LANGUAGE = "en"

# Native names, for the language switcher: a reader looks for their own language's name.
LANGUAGE_NAMES = {"en": "English", "vi": "Tiếng Việt"}
INTERFACE_LANGUAGES = tuple(LANGUAGE_NAMES)

# English -> Vietnamese. Keep entries sorted by the English text.
VI: dict[str, str] = {
    "Article": "Bài viết",
    "Interview": "Phỏng vấn",
    "Practice story": "Câu chuyện thực hành",
    "Profile": "Chân dung",
}

TEXTS: dict[str, dict[str, str]] = {"vi": VI}


def text(language: str, english: str) -> str:
    """`english` in `language`; English for English, and for text not translated yet (a test
    fails on those, see tests/test_languages.py)."""
    return TEXTS.get(language, {}).get(english, english)
