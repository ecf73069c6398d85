"""Which language a transcript is written in, by evidence in its text: Vietnamese or English.

Vietnamese writes most syllables with letters English has not (ă â đ ê ô ơ ư) or with tone
marks (à á ả ã ạ ...), and a few short words (và, của, là, không, ...) recur in every paragraph.
An English transcript that names Vietnamese colleagues has such words too, but few of them:
the share of Vietnamese words decides, never a single name.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

# Letters that are Vietnamese and not English (after NFC): the base letters ă â đ ê ô ơ ư and
# every vowel with one of the five tone marks.
_VIETNAMESE_LETTERS = frozenset(
    "ăâđêôơư"
    "àáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ")
# Common Vietnamese words without those letters (with them, the letters already count).
_VIETNAMESE_WORDS = frozenset("va cua la khong nhung co duoc cho voi nguoi chung toi nay mot cac trong anh chi em "
                              "ban thi nhu khi de ra vao nhieu hon lam".split()) - {"la", "co", "de", "ban"}
_WORD = re.compile(r"[^\W\d_]+")
VIETNAMESE_SHARE = 0.3  # at least this share of the words: Vietnamese (prose: 0.6-0.9; English with names: < 0.1)
MIN_WORDS = 5  # fewer words than this say nothing either way


@dataclass(frozen=True)
class Guess:
    language: str  # "vi" or "en"
    share: float  # the share of the words that are Vietnamese
    words: int


def is_vietnamese_word(word: str) -> bool:
    word = word.lower()
    return any(c in _VIETNAMESE_LETTERS for c in word) or word in _VIETNAMESE_WORDS


def guess(text: str) -> Guess:
    """`vi` when enough of the words are Vietnamese, else `en` (the default of short texts)."""
    words = _WORD.findall(unicodedata.normalize("NFC", text))
    if len(words) < MIN_WORDS:
        return Guess("en", 0.0, len(words))
    share = sum(1 for w in words if is_vietnamese_word(w)) / len(words)
    return Guess("vi" if share >= VIETNAMESE_SHARE else "en", share, len(words))


NAMES = {"en": "English", "vi": "Vietnamese"}


def story_language(found: Guess, languages: tuple[str, ...]) -> tuple[str, str]:
    """(`lang:` to write, or "" for the site's first language; what the report says).

    A transcript in a language the site does not have is still imported, in the site's first
    language (a `lang:` the site does not have would not validate); the report says so and how
    to publish it in its own language."""
    first = languages[0]
    name = NAMES.get(found.language, found.language)
    evidence = f"{round(found.share * 100)}% of its {found.words} words are Vietnamese"
    if found.language == first:
        return "", f"written in {name} ({evidence}), the site's first language: no 'lang:' needed"
    if found.language in languages:
        return found.language, f"written in {name} ({evidence}): 'lang: {found.language}' written, so its " \
                               f"readers see it as a {name} story; change it if that is wrong"
    return "", (f"the transcript is {name} ({evidence}), but the site's language is "
                f"{', '.join(NAMES.get(x, x) + f' ({x})' for x in languages)}: the story is published as "
                f"{NAMES.get(first, first)}; to publish it as {name}, add {found.language} to "
                f"extra.site_builder.languages in mkdocs.yml and write 'lang: {found.language}' in the story")
