"""The language switcher in the header, clicked in a real browser (issue 23).

Debian's Chromium against the built sample site (English at /, Vietnamese under /vi/): from a
story, the switcher leads to the same story in the other language and back, on a desktop and on
a phone, where the header shows the switcher as its translate icon.
"""

from __future__ import annotations

import pytest

SWITCHER = ".md-header .sb-languages__link"
STORY = "stories/graduates-ask-priya/"  # translated: stories/2024/graduates-ask-priya.vi.md
ENGLISH_TITLE = "The graduates ask the questions: an hour with Priya"
VIETNAMESE_TITLE = "Các bạn kỹ sư mới đặt câu hỏi: một giờ cùng chị Priya"


def heading(page) -> str:  # type: ignore[no-untyped-def]
    return str(page.locator("article h1").first.inner_text())


@pytest.mark.parametrize("viewport", [{"width": 1280, "height": 900}, {"width": 390, "height": 844}],
                         ids=["desktop", "phone"])
def test_the_switcher_goes_to_the_same_story_in_vietnamese_and_back(browser, sample_url: str,  # type: ignore[no-untyped-def]
                                                                     viewport: dict[str, int]) -> None:
    context = browser.new_context(viewport=viewport)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(sample_url + STORY)
    assert page.evaluate("document.documentElement.lang") == "en"
    assert heading(page) == ENGLISH_TITLE

    switcher = page.locator(SWITCHER)
    assert switcher.count() == 1 and switcher.is_visible()
    assert switcher.get_attribute("hreflang") == "vi"
    assert page.get_by_role("link", name="Tiếng Việt").count() == 1
    switcher.click()
    page.wait_for_url(sample_url + "vi/" + STORY)
    assert page.evaluate("document.documentElement.lang") == "vi"
    assert heading(page) == VIETNAMESE_TITLE

    back = page.locator(SWITCHER)
    assert back.is_visible() and back.get_attribute("hreflang") == "en"
    assert page.get_by_role("link", name="English").count() == 1
    back.click()
    page.wait_for_url(sample_url + STORY)
    assert page.evaluate("document.documentElement.lang") == "en"
    assert heading(page) == ENGLISH_TITLE
    context.close()
    assert errors == []


def test_on_a_phone_the_switcher_leaves_room_for_the_site_name(browser, sample_url: str) -> None:  # type: ignore[no-untyped-def]
    """The header on a 390px phone: the switcher is its icon (its name read out, not shown), the
    site's name keeps most of its room, and nothing in the header overlaps."""
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    for url in ("", "vi/"):
        page.goto(sample_url + url)
        link = page.locator(SWITCHER)
        box = link.bounding_box()
        assert box and box["width"] <= 56 and box["height"] >= 40, box  # an icon, a finger-sized target
        # "Lotus Harbour S…": Material cuts a long name short, but most of it stays readable (the
        # switcher's name beside it left "Lotus Harb…").
        title = page.locator(".md-header__topic:first-child .md-ellipsis")
        shown, full = title.evaluate("e => [e.clientWidth, e.scrollWidth]")
        assert shown >= 0.8 * full, f"{url or '/'}: only {shown} of the site name's {full} px are shown"
        search = page.locator(".md-header [data-sb-search-open]").bounding_box()
        assert search and box["x"] + box["width"] <= search["x"], "the switcher overlaps the search button"
    context.close()
