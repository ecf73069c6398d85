"""Finding stories in a real browser: the search dialog and the filterable listings.

Debian's Chromium, driven by Playwright, against the built sample site on a localhost HTTP
server, the way an employee's browser gets it.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest

from site_builder.model import Site, load

RESULTS = "[data-sb-search-results] .sb-card__title a"


@pytest.fixture(scope="module")
def model(built_sample: Path) -> Site:
    site, _ = load(built_sample)
    return site


def search(page, query: str) -> list[str]:  # type: ignore[no-untyped-def]
    """Open the search with the keyboard shortcut, type, and return result titles."""
    page.keyboard.press("/")
    box = page.locator("#sb-search-input")
    box.fill(query)
    page.wait_for_function("q => document.querySelector('[data-sb-search]').dataset.sbQuery === q", arg=query)
    return page.locator(RESULTS).all_inner_texts()


def listed(page) -> list[str]:  # type: ignore[no-untyped-def]
    return page.locator("[data-sb-results] .sb-card__title a").all_inner_texts()


def wait_ready(page) -> None:  # type: ignore[no-untyped-def]
    page.wait_for_selector("[data-sb-browse][data-sb-ready]")


def test_searching_a_persons_name_finds_their_interview(page, sample_url: str, model: Site) -> None:  # type: ignore[no-untyped-def]
    interview = next(s for s in model.stories if s.kind == "interview" and s.people)
    person = model.people[interview.people[-1]]
    page.goto(sample_url)
    titles = search(page, person.name)
    assert interview.title in titles[:5]


@pytest.mark.parametrize("query", ["tet", "Tet", "Tết", "TẾT"])
def test_tet_is_found_with_or_without_diacritics(page, sample_url: str, model: Site, query: str) -> None:  # type: ignore[no-untyped-def]
    tet = model.tags["tet"]
    expected = {s.title for s in model.by_tag[tet.slug]}
    page.goto(sample_url)
    titles = set(search(page, query))
    assert expected <= titles


def test_vo_gia_finds_vo_gia(page, sample_url: str, model: Site) -> None:  # type: ignore[no-untyped-def]
    with_phrase = {s.title for s in model.stories if "vô giá" in s.body}
    assert with_phrase
    page.goto(sample_url)
    assert with_phrase <= set(search(page, "vo gia"))


def test_a_result_shows_kind_date_principles_and_a_highlighted_snippet(page, sample_url: str,
                                                                        model: Site) -> None:  # type: ignore[no-untyped-def]
    story = next(s for s in model.stories if s.slug == "tet-on-the-night-shift")
    page.goto(sample_url)
    search(page, "night shift")
    card = page.locator("[data-sb-search-results] .sb-card", has_text=story.title).first
    assert card.locator(".sb-kind").inner_text().lower() == "article"
    assert card.locator("time").get_attribute("datetime") == story.date.isoformat()
    chips = card.locator(".sb-chip").all_inner_texts()
    assert chips == [model.principles[p].name for p in story.principles]
    assert card.locator(".sb-card__summary mark").count() >= 1


def test_a_story_is_found_by_its_department_and_principle_names(page, sample_url: str,
                                                                  model: Site) -> None:  # type: ignore[no-untyped-def]
    story = next(s for s in model.stories if s.slug == "tet-on-the-night-shift")
    page.goto(sample_url)
    assert story.title in search(page, model.departments[story.departments[0]].name)
    page.locator("[data-sb-search-close]").click()
    assert story.title in search(page, model.principles[story.principles[-1]].name)


def test_search_results_can_be_filtered_by_kind(page, sample_url: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(sample_url)
    everything = search(page, "customer")
    page.wait_for_function("() => document.querySelector('[data-sb-search]').dataset.sbFacets === 'customer'")
    page.select_option("#sb-search-kind", "interview")
    page.wait_for_function("""() => {
        const kinds = [...document.querySelectorAll('[data-sb-search-results] .sb-kind')];
        return kinds.length > 0 && kinds.every(k => k.textContent === 'Interview');
    }""")
    assert page.locator("[data-sb-search-results] .sb-card").count() < len(everything)
    assert page.locator("#sb-search-kind").input_value() == "interview"


def test_facets_narrow_and_widen_the_list_and_update_the_url(page, sample_url: str, model: Site) -> None:  # type: ignore[no-untyped-def]
    principle = max(model.by_principle, key=lambda p: len(model.by_principle[p]))
    stories = model.by_principle[principle]
    year = stories[0].year
    page.goto(sample_url + "stories/")
    wait_ready(page)
    page.select_option("#sb-browse-principle", principle)
    page.wait_for_function("n => document.querySelectorAll('[data-sb-results] .sb-card').length === n",
                           arg=len(stories))
    assert parse_qs(urlparse(page.url).query) == {"principle": [principle]}
    assert listed(page) == [s.title for s in stories]

    narrower = [s for s in stories if s.year == year]
    page.select_option("#sb-browse-year", str(year))
    page.wait_for_function("n => document.querySelectorAll('[data-sb-results] .sb-card').length === n",
                           arg=len(narrower))
    assert parse_qs(urlparse(page.url).query) == {"principle": [principle], "year": [str(year)]}
    assert listed(page) == [s.title for s in narrower]
    option = page.locator("#sb-browse-year option:checked").inner_text()
    assert option == f"{year} ({len(narrower)})"

    page.select_option("#sb-browse-principle", "")
    wider = [s for s in model.stories if s.year == year]
    page.wait_for_function("n => document.querySelectorAll('[data-sb-results] .sb-card').length === n",
                           arg=min(len(wider), 10))
    assert parse_qs(urlparse(page.url).query) == {"year": [str(year)]}


def test_reload_and_back_restore_the_filters(page, sample_url: str, model: Site) -> None:  # type: ignore[no-untyped-def]
    department = max(model.by_department, key=lambda d: len(model.by_department[d]))
    expected = [s.title for s in model.by_department[department]][:10]
    page.goto(sample_url + f"stories/?department={department}")
    wait_ready(page)
    assert page.locator("#sb-browse-department").input_value() == department
    assert listed(page) == expected
    page.select_option("#sb-browse-kind", model.by_department[department][0].kind)
    page.wait_for_url("**kind=**")
    page.reload()
    wait_ready(page)
    assert page.locator("#sb-browse-kind").input_value() == model.by_department[department][0].kind
    page.go_back()
    page.wait_for_function("() => !location.search.includes('kind=')")
    page.wait_for_function("n => document.querySelectorAll('[data-sb-results] .sb-card').length === n",
                           arg=len(expected))
    assert page.locator("#sb-browse-kind").input_value() == ""
    assert listed(page) == expected


def test_a_principle_page_narrows_its_own_stories(page, sample_url: str, model: Site) -> None:  # type: ignore[no-untyped-def]
    principle = max(model.by_principle, key=lambda p: len(model.by_principle[p]))
    stories = model.by_principle[principle]
    kind = stories[0].kind
    page.goto(sample_url + f"principles/{principle}/")
    wait_ready(page)
    assert page.locator("#sb-browse-principle").count() == 0, "the page's own principle is fixed"
    page.select_option("#sb-browse-kind", kind)
    expected = [s.title for s in stories if s.kind == kind]
    page.wait_for_function("n => document.querySelectorAll('[data-sb-results] .sb-card').length === n",
                           arg=len(expected))
    assert listed(page) == expected


def test_without_javascript_every_story_is_listed(browser, sample_url: str, model: Site) -> None:  # type: ignore[no-untyped-def]
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(sample_url + "stories/")
    titles = page.locator("[data-sb-static] .sb-card__title a").all_inner_texts()
    assert titles == [s.title for s in model.stories]
    assert not page.locator("[data-sb-facets]").is_visible()
    context.close()


def test_keyboard_alone_reaches_search_results_and_filters(page, sample_url: str, model: Site) -> None:  # type: ignore[no-untyped-def]
    page.goto(sample_url + "stories/")
    wait_ready(page)
    # Tab from the top of the page reaches the search button, and Enter opens the dialog.
    for _ in range(30):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.matches('[data-sb-search-open]')"):
            break
    else:
        raise AssertionError("Tab never reached the search button")
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "sb-search-input"
    page.keyboard.type("tet")
    page.wait_for_function("() => document.querySelector('[data-sb-search]').dataset.sbQuery === 'tet'")
    page.keyboard.press("ArrowDown")
    href = page.evaluate("document.activeElement.getAttribute('href')")
    assert href and href.startswith("/stories/")
    page.keyboard.press("Escape")
    assert not page.locator("[data-sb-search]").is_visible()
    # Tab reaches the first facet; arrow keys change it and the list follows.
    for _ in range(60):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "sb-browse-principle":
            break
    else:
        raise AssertionError("Tab never reached the principle filter")
    page.keyboard.press("ArrowDown")
    page.wait_for_url("**principle=**")
    page.wait_for_selector("[data-sb-results] .sb-card")
    assert listed(page)


# --- the Vietnamese site (issue 23): its own index, its own words, typed without accents -------

PRIYA_VI = "Các bạn kỹ sư mới đặt câu hỏi: một giờ cùng chị Priya"  # stories/2024/graduates-ask-priya.vi.md


def result_links(page) -> list[str]:  # type: ignore[no-untyped-def]
    return [urlparse(href).path for href in
            page.locator(RESULTS).evaluate_all("links => links.map(a => a.href)")]


def test_a_snippet_keeps_a_speakers_name_and_role_apart(page, sample_url: str) -> None:  # type: ignore[no-untyped-def]
    """An interview's snippet can run over a turn's label: 'Priya Raman Phó Chủ tịch', not
    'Priya RamanPhó Chủ tịch' (the name and the role were indexed as one word)."""
    page.goto(sample_url + "vi/")
    search(page, "doi soat")
    snippet = page.locator("[data-sb-search-results] .sb-card__summary").first.inner_text()
    assert "Priya Raman Phó" in snippet and "RamanPhó" not in snippet, snippet


@pytest.mark.parametrize("query", ["giay nho", "doi soat", "đối soát", "DOI SOAT"])
def test_a_vietnamese_word_typed_without_accents_finds_the_translation(page, sample_url: str, query: str) -> None:  # type: ignore[no-untyped-def]
    """'giấy nhớ' (sticky notes) and 'đối soát' (reconciliation), from the Vietnamese interview
    with Priya, typed as a phone keyboard without Telex gives them: no tones, 'đ' as 'd'."""
    page.goto(sample_url + "vi/")
    titles = search(page, query)
    assert PRIYA_VI in titles
    links = result_links(page)
    assert links and all(path.startswith("/vi/") for path in links), links
    assert "/vi/stories/graduates-ask-priya/" in links
    page.locator(RESULTS, has_text=PRIYA_VI).click()
    page.wait_for_url("**/vi/stories/graduates-ask-priya/")
    assert page.locator("h1").inner_text() == PRIYA_VI


def test_the_same_query_on_an_english_page_stays_in_english(page, sample_url: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(sample_url + "stories/graduates-ask-priya/")
    search(page, "giay nho")
    assert not [path for path in result_links(page) if path.startswith("/vi/")]
    assert PRIYA_VI not in page.locator(RESULTS).all_inner_texts()
    page.locator("[data-sb-search-close]").click()
    titles = search(page, "night shift")
    assert titles and all(not path.startswith("/vi/") for path in result_links(page))


def test_an_untranslated_story_is_found_in_vietnamese_as_written(page, sample_url: str, model: Site) -> None:  # type: ignore[no-untyped-def]
    """The Tết night-shift story has no Vietnamese translation: the Vietnamese search finds it
    at its /vi/ address (the Vietnamese site's page, which says the story is in English)."""
    story = next(s for s in model.stories if s.slug == "tet-on-the-night-shift")
    page.goto(sample_url + "vi/")
    assert story.title in search(page, "night shift")
    assert "/vi/stories/tet-on-the-night-shift/" in result_links(page)
    page.locator(RESULTS, has_text=story.title).first.click()
    page.wait_for_url("**/vi/stories/tet-on-the-night-shift/")
    assert page.evaluate("document.documentElement.lang") == "vi"
    assert page.locator("h1").get_attribute("lang") == "en"


def test_the_search_dialog_speaks_vietnamese(page, sample_url: str, built_sample: Path) -> None:  # type: ignore[no-untyped-def]
    import yaml

    page.goto(sample_url + "vi/stories/graduates-ask-priya/")
    opener = page.locator("[data-sb-search-open]")
    assert opener.get_attribute("aria-label") == "Tìm kiếm (nhấn / hoặc s)"
    titles = search(page, "giay nho")
    dialog = page.locator("[data-sb-search]")
    assert page.locator("#sb-search-input").get_attribute("placeholder") == "Tìm câu chuyện, con người, nguyên tắc…"
    assert dialog.locator("[data-sb-search-close]").get_attribute("aria-label") == "Đóng tìm kiếm"
    assert f"{len(titles)} kết quả cho “giay nho”" in dialog.inner_text()
    page.wait_for_function("() => document.querySelector('[data-sb-search]').dataset.sbFacets === 'giay nho'")
    labels = [label.strip() for label in dialog.locator(".sb-facets label, label[for^='sb-search-']")
              .all_inner_texts() if label.strip()]
    for vietnamese in ("Nguyên tắc", "Phòng ban", "Loại", "Năm"):
        assert vietnamese in labels, labels
    assert dialog.locator("#sb-search-kind option", has_text="Tất cả").count() == 1
    kinds = dialog.locator("#sb-search-kind option").all_inner_texts()
    assert any(k.startswith("Phỏng vấn") for k in kinds), kinds
    principles = yaml.safe_load((built_sample / "content/principles.yml").read_text(encoding="utf-8"))
    story_principles = {"stay-curious", "grow-each-other"}  # the Priya interview's, both in Vietnamese
    options = dialog.locator("#sb-search-principle option").all_inner_texts()
    for p in principles:
        if p["id"] in story_principles:
            assert any(o.startswith(p["name"]["vi"]) for o in options), (p["name"], options)
            assert not any(o.startswith(p["name"]["en"]) for o in options), options
    # The result's kind and principles are in Vietnamese too.
    card = dialog.locator(".sb-card", has_text=PRIYA_VI).first
    assert card.locator(".sb-kind").inner_text().lower() == "phỏng vấn"
    assert set(card.locator(".sb-chip").all_inner_texts()) == {
        p["name"]["vi"] for p in principles if p["id"] in story_principles}
