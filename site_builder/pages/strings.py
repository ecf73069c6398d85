"""The interface text of our own pages in each language a site may have.

mkdocs-material brings its own interface text (the search box, "Table of contents") in some
sixty languages and picks it by `theme.language`; the text our page templates add ("All
stories", "Featured people", a story's kind) is here. A template writes the English text,
`t("All stories")`, and gets it in the page's language: English is the key, so a template reads
as it renders, and a test checks that every text a template uses has each language's.

Conventions, for templates and for the Python that makes page titles (`Generator.t`):

- The key is the English text exactly as the English site prints it, so the English site is
  the same byte for byte whether or not a text goes through `t`.
- Numbers and names go in as named `str.format` placeholders, never glued around the text,
  since another language puts them elsewhere: `t("{n} min read").format(n=minutes)`,
  `t("Stories about {name}").format(name=person.name)`. The names are short and the same
  everywhere: `{n}` a count or number, `{count}` a total (`Page {n} of {count}.`), `{name}` a
  person's or thing's name, others as the text needs (`{tag}`, `{award}`, `{moment}`). A
  translation uses exactly the placeholders of its key (tests/test_interface_text.py).
- Singular and plural are two keys chosen in the template, `(t("{n} story") if n == 1 else
  t("{n} stories")).format(n=n)`; a language without plural forms gives both the same text.
- Markup inside a text (a link) is a placeholder filled with markup the template made:
  `(t("Writing a story? The {guide} explains how.") | e).format(guide=guide)`, where `| e`
  makes the text Markup, so the link stays a link and everything else is escaped.
- Write `t("...")` with the text as one literal (no variables, no `~`): the test finds the
  keys by reading the templates, and checks that no entry here is left unused.
"""

from __future__ import annotations

import datetime as dt

DEFAULT_LANGUAGE = "en"

# Native names, for the language switcher: a reader looks for their own language's name.
LANGUAGE_NAMES = {"en": "English", "vi": "Tiếng Việt"}
INTERFACE_LANGUAGES = tuple(LANGUAGE_NAMES)
# A language's name inside another language's text ("In Vietnamese", "Bằng tiếng Anh"):
# the page's language -> language -> its name there, written to sit mid-sentence.
NAMES_IN = {
    "en": {"en": "English", "vi": "Vietnamese"},
    "vi": {"en": "tiếng Anh", "vi": "tiếng Việt"},
}

# English -> Vietnamese. Keep entries sorted by the English text (case and leading placeholders aside).
VI: dict[str, str] = {
    "About this story": "Về câu chuyện này",
    "All awards": "Tất cả giải thưởng",
    "All {n} stories, newest first.": "Tất cả {n} câu chuyện, mới nhất trước.",
    "All stories": "Tất cả câu chuyện",
    "All tags": "Tất cả thẻ",
    "and": "và",
    "Article": "Bài viết",
    "Award": "Giải thưởng",
    "Awards": "Giải thưởng",
    "Department": "Phòng ban",
    "Departments": "Phòng ban",
    "editor guide": "hướng dẫn dành cho người viết",
    "Every story, newest first.": "Mọi câu chuyện, mới nhất trước.",
    "Every year of {award}": "Tất cả các năm của {award}",
    "Everyone featured in our stories.": "Tất cả những người xuất hiện trong các câu chuyện của chúng ta.",
    "Featured people": "Nhân vật",
    "Filter {what}": "Lọc {what}",
    "Home": "Trang chủ",
    "Interview": "Phỏng vấn",
    "In {language}": "Bằng {language}",
    "Kind": "Loại",
    "Latest stories": "Câu chuyện mới nhất",
    "{n} min read": "{n} phút đọc",
    "{n} recipient": "{n} người nhận",
    "{n} recipients": "{n} người nhận",
    "{n} shown": "hiển thị {n}",
    "{n} stories": "{n} câu chuyện",
    "{n} stories tagged {tag}.": "{n} câu chuyện gắn thẻ {tag}.",
    "{n} stories, newest first.": "{n} câu chuyện, mới nhất trước.",
    "{n} story": "{n} câu chuyện",
    "{n} story tagged {tag}.": "{n} câu chuyện gắn thẻ {tag}.",
    "{name} asks": "{name} hỏi",
    "{name}: all stories": "{name}: tất cả câu chuyện",
    "{name}: stories": "{name}: câu chuyện",
    "Next": "Trang sau",
    "No recipients yet.": "Chưa có ai nhận giải.",
    "No stories about this principle yet.": "Chưa có câu chuyện nào về nguyên tắc này.",
    "No stories featuring {name} yet.": "Chưa có câu chuyện nào về {name}.",
    "No stories from this department yet.": "Chưa có câu chuyện nào từ phòng ban này.",
    "No stories yet.": "Chưa có câu chuyện nào.",
    "Our leadership principles and the stories behind them.":
        "Các nguyên tắc lãnh đạo của chúng ta và những câu chuyện phía sau.",
    "Our principles": "Nguyên tắc của chúng ta",
    "Our recognition programmes and the colleagues they recognised most recently.":
        "Các chương trình vinh danh của chúng ta và những đồng nghiệp được vinh danh gần đây nhất.",
    "Our recognition programmes and their recipients.":
        "Các chương trình vinh danh và những người được nhận.",
    "Page {n}": "Trang {n}",
    "page {n} of {count}": "trang {n}/{count}",
    "Page {n} of {count}.": "Trang {n}/{count}.",
    "Pages": "Phân trang",
    "People": "Con người",
    "Person": "Người",
    "Practice story": "Câu chuyện thực hành",
    "Preview only: this story is a draft. It is not on the published site.":
        "Chỉ xem trước: câu chuyện này là bản nháp. Câu chuyện chưa có trên trang chính thức.",
    "Preview only: this story is under embargo until {moment}. It is not on the published site.":
        "Chỉ xem trước: câu chuyện này chờ đến {moment} mới được đăng. Câu chuyện chưa có trên trang chính thức.",
    "Previous": "Trang trước",
    "Principle": "Nguyên tắc",
    "Principles": "Nguyên tắc",
    "Profile": "Chân dung",
    "Q": "Hỏi",
    "Q{n}": "Hỏi {n}",
    "Recently recognised": "Mới được vinh danh",
    "Recognition": "Vinh danh",
    "Related stories": "Câu chuyện liên quan",
    "Stories": "Câu chuyện",
    "Stories ({n})": "Câu chuyện ({n})",
    "Stories about {name}": "Câu chuyện về {name}",
    "Stories about our people and the principles they live by.":
        "Câu chuyện về con người của chúng ta và những nguyên tắc họ theo đuổi.",
    "Stories about our people, the principles they live by and the colleagues we recognise.":
        "Câu chuyện về con người của chúng ta, những nguyên tắc họ theo đuổi và những đồng nghiệp được vinh danh.",
    "Stories by department.": "Câu chuyện theo phòng ban.",
    "Stories by tag.": "Câu chuyện theo thẻ.",
    "Stories from {name}.": "Câu chuyện từ {name}.",
    "Stories tagged {name}.": "Câu chuyện gắn thẻ {name}.",
    "Tags": "Thẻ",
    "This story is not in {language} yet: here it is in {original}.":
        "Câu chuyện này chưa có bản {language}: dưới đây là bản {original}.",
    "{title}: {kind} on {site}": "{title}: {kind} trên {site}",
    "to": "gửi",
    "Writing a story? The {guide} explains how.":
        "Bạn đang viết một câu chuyện? Xem {guide} để biết cách làm.",
    "Year": "Năm",
}

# The text of the theme's own overrides (the search dialog, partials/sb-search.html, and its
# script, assets/site-builder/search.js). MkDocs renders those, not our generator, so the build
# hands each language's engine configuration this text as `extra.sb_text` (`theme_text`).
THEME_TEXT = (
    "Search (press / or s)", "Search (/)", "Search stories and people", "Search stories, people, principles…",
    "Close search", "Show more results", "Principles", "All", "Clear filters", "Show more stories",
    "No results for “{query}”.", "{n} result for “{query}”.", "{n} results for “{query}”.",
    "{n} story matches these filters.", "{n} stories match these filters.", "{n} story.", "{n} stories.",
    "Search is not available here: the live preview has no search index. Run site-builder build to try search.",
    "In {language}",
)
VI |= {
    "(page {n} of {count})": "(trang {n}/{count})",
    "All": "Tất cả",
    "Clear filters": "Bỏ bộ lọc",
    "Close search": "Đóng tìm kiếm",
    "No results for “{query}”.": "Không có kết quả cho “{query}”.",
    "Search (/)": "Tìm kiếm (/)",
    "Search (press / or s)": "Tìm kiếm (nhấn / hoặc s)",
    "Search is not available here: the live preview has no search index. Run site-builder build to try search.":
        "Bản xem trước không có chỉ mục tìm kiếm. Chạy site-builder build để dùng tìm kiếm.",
    "Search stories and people": "Tìm câu chuyện và con người",
    "Search stories, people, principles…": "Tìm câu chuyện, con người, nguyên tắc…",
    "Show more results": "Xem thêm kết quả",
    "Show more stories": "Xem thêm câu chuyện",
    "{n} result for “{query}”.": "{n} kết quả cho “{query}”.",
    "{n} results for “{query}”.": "{n} kết quả cho “{query}”.",
    "{n} stories match these filters.": "{n} câu chuyện khớp với bộ lọc.",
    "{n} stories.": "{n} câu chuyện.",
    "{n} story matches these filters.": "{n} câu chuyện khớp với bộ lọc.",
    "{n} story.": "{n} câu chuyện.",
}

TEXTS: dict[str, dict[str, str]] = {"vi": VI}


def theme_text(language: str) -> dict[str, str]:
    """THEME_TEXT in `language`, for the engine's configuration; empty in English (the key)."""
    table = TEXTS.get(language, {})
    return {english: table[english] for english in THEME_TEXT if english in table}


def text(language: str, english: str) -> str:
    """`english` in `language`; English for English, and for text not translated yet (a test
    fails on those, see tests/test_interface_text.py)."""
    return TEXTS.get(language, {}).get(english, english)


def language_name(code: str, language: str) -> str:
    """The name of language `code` as a page in `language` writes it mid-sentence; the native
    name for a pair not in NAMES_IN, and the code itself for a language we know nothing of."""
    return NAMES_IN.get(language, {}).get(code) or LANGUAGE_NAMES.get(code, code)


def long_date(day: dt.date, language: str) -> str:
    """`2 December 2026`; in Vietnamese `2 tháng 12, 2026` (months have numbers, not names, as
    in the digest). English is what the `longdate` filter always printed."""
    if language == "vi":
        return f"{day.day} tháng {day.month}, {day.year}"
    return f"{day.day} {day:%B %Y}"
