"""`site-builder import` on transcript shapes the reader was not written for (issue 19).

Each transcript here was written for this test, in a shape an editor brings: the interviewer as
an abbreviation, speakers in capitals, lists numbered `1)` and bulleted `•`, "(To both of you.)",
a month-and-year line under the title, closing congratulations that announce next year's
nominations; a Word file with a Heading 1 title, bold labels and Word's list styles; a Markdown
panel with bold questions, a pull quote and an italic closing note; a Vietnamese interview with
`PV:` and honorifics. Bad input gets one line, exit 2, and nothing written.
"""

from __future__ import annotations

import datetime as dt
import re
import textwrap
from pathlib import Path

import pytest

from site_builder.model import load

from .conftest import write
from .sitetools import site_builder


def make_root(tmp_path: Path) -> Path:
    root = tmp_path / "root"
    write(root, "content/principles.yml", """\
        - id: own-the-outcome
          name: Own the Outcome
          summary: We finish what we start.
        - id: serve-the-customer
          name: Serve the Customer
          summary: The customer's day comes first.
        """)
    write(root, "content/departments.yml", "- id: branches\n  name: Branches\n")
    write(root, "content/awards.yml", "- id: harbour-lights\n  name: Harbour Lights\n  summary: Yearly recognition.\n")
    (root / "content/people").mkdir(parents=True)
    (root / "stories").mkdir()
    return root


def import_(root: Path, source: Path, *flags: str) -> tuple[int, str]:
    result = site_builder("import", str(source), "--root", str(root), *flags)
    return result.returncode, result.stdout


def story_text(root: Path) -> str:
    [path] = (root / "stories").rglob("*.md")
    return path.read_text(encoding="utf-8")


def errors(root: Path) -> list[str]:
    return [p.text() for p in load(root)[1] if p.severity == "error"]


BRANCH = """\
The counter that never closes
October 2024
We talked to the two people who run the Riverside branch, PHAN THI KIM (Branch Manager) and VO MINH TRIET (Senior Teller), about a year of long queues.
HB: Kim, what changed first when the new queue system arrived?
PHAN THI KIM: We stopped guessing. Every morning the screen tells us three things:
1) how many people waited yesterday
2) who waited longest
3) which counter was idle
HB: Triet, what do you check before the doors open?
VO MINH TRIET: The float, the printer and the list of callbacks:
• the float is counted twice
• the printer gets fresh paper
• callbacks are split between the counters
HB: What would you tell a new colleague? (To both of you.)
PHAN THI KIM: Ask the person at the next counter before you ask the manual.
VO MINH TRIET: Write down every promise you make, with a time next to it.
HB: Congratulations to Kim and Triet, who received the Harbour Lights award this year. Nominations for Harbour Lights 2025 open in January.
"""


def _check_branch(root: Path, output: str) -> str:
    text = story_text(root)
    assert "date: 2024-10-01" in text
    assert "October 2024" not in text.split("---", 2)[2] and "October" not in text.split("\n---\n")[0].split("summary:")[1].split("\n")[0]
    assert "people: [phan-thi-kim, vo-minh-triet]" in text
    assert "Q1 to @kim: Kim, what changed first when the new queue system arrived?" in text
    assert "@kim: We stopped guessing. Every morning the screen tells us three things:\n\n1. how many people" in text
    assert "\n3. which counter was idle\n\nQ2 to @triet: Triet, what do you check" in text
    assert "- the float is counted twice\n- the printer gets fresh paper\n" in text
    assert "Q3 to @kim and @triet: What would you tell a new colleague?\n" in text
    assert "\n---\n\nCongratulations to Kim and Triet" in text
    assert "{award: harbour-lights, year: 2024}" in text and "2025}" not in text
    assert "'HB:' read as the interviewer" in output
    return text


def test_a_branch_interview_as_plain_text_needs_no_hand_edit(tmp_path: Path) -> None:
    root = make_root(tmp_path)
    source = write(tmp_path, "in/branch.txt", BRANCH)
    code, output = import_(root, source, "--create-people", "--principles", "serve-the-customer")
    assert code == 0, output
    _check_branch(root, output)
    kim = (root / "content/people/phan-thi-kim.yml").read_text(encoding="utf-8")
    assert 'name: "Phan Thi Kim"' in kim and 'role: "Branch Manager"' in kim and 'short_name: "Kim"' in kim
    assert errors(root) == []


def test_without_create_people_each_speaker_gets_the_exact_command(tmp_path: Path) -> None:
    root = make_root(tmp_path)
    code, output = import_(root, write(tmp_path, "in/branch.txt", BRANCH), "--principles", "serve-the-customer")
    assert code == 1
    assert f"site-builder new person --root {root} --name 'Phan Thi Kim' --role 'Branch Manager' " \
           "--short-name 'Kim'" in output
    assert "--name 'Vo Minh Triet' --role 'Senior Teller' --short-name 'Triet'" in output


def branch_docx(path: Path) -> Path:
    """The same interview as a Word file: Heading 1 title, bold labels, Word's list styles."""
    import docx

    document = docx.Document()
    lines = textwrap.dedent(BRANCH).splitlines()
    document.add_heading(lines[0], level=1)
    for line in lines[1:]:
        if line.startswith(("1)", "2)", "3)")):
            document.add_paragraph(line[3:], style="List Number")
        elif line.startswith("• "):
            document.add_paragraph(line[2:], style="List Bullet")
        elif ":" in line[:16]:
            label, rest = line.split(":", 1)
            paragraph = document.add_paragraph()
            paragraph.add_run(label + ":").bold = True
            paragraph.add_run(rest)
        else:
            document.add_paragraph(line)
    document.save(str(path))
    return path


def test_the_same_interview_as_a_word_file_reads_the_same(tmp_path: Path) -> None:
    root = make_root(tmp_path)
    source = branch_docx(tmp_path / "branch.docx")
    code, output = import_(root, source, "--create-people", "--principles", "serve-the-customer")
    assert code == 0, output
    text = _check_branch(root, output)
    assert "**" not in text.split("\n---\n", 1)[1]


PANEL = """\
# Three desks, one customer

*Published 12 March 2025*

Minh Chau (Call Centre Lead) and Tomas Berg (Branch Teller) on the same complaint.

**Who saw the complaint first?**

**Minh Chau:** I did, on the phone. She had been passed around three times.

> "Nobody owned it, so everybody touched it."

**Tomas Berg:** Then it came to the branch, where we had no notes at all.

**What did you change afterwards?**

**Minh Chau:** One owner per complaint, written on the ticket:

- the owner's name
- the date of the next call
    - and the time, if the customer asked for one

**Tomas Berg:** We read the ticket before the customer sits down.

---

*This conversation has been edited for length.*
"""


def test_a_markdown_panel_keeps_emphasis_quotes_rules_and_nested_lists(tmp_path: Path) -> None:
    root = make_root(tmp_path)
    code, output = import_(root, write(tmp_path, "in/panel.md", PANEL), "--create-people",
                           "--principles", "own-the-outcome")
    assert code == 0, output
    text = story_text(root)
    assert "date: 2025-03-12" in text and "Published" not in text
    assert "Q1: Who saw the complaint first?\n\n@chau: I did, on the phone." in text
    assert '\n> "Nobody owned it, so everybody touched it."\n' in text
    assert "Q2: What did you change afterwards?" in text
    assert "- the date of the next call\n    - and the time, if the customer asked for one\n" in text
    assert "\n---\n\n*This conversation has been edited for length.*\n" in text
    assert "**" not in text
    assert errors(root) == []


VIETNAMESE = """\
Quầy giao dịch mở sớm mười phút
Hà Nội, ngày 3 tháng 4 năm 2025
Chúng tôi trò chuyện với chị Lê Thu Hà (Trưởng quầy) và anh Đặng Quốc Bảo (Giao dịch viên) về những buổi sáng đông khách.
PV: Chị Hà ơi, buổi sáng của quầy bắt đầu thế nào?
Chị Hà: Chúng tôi mở cửa sớm mười phút để khách không phải chờ ngoài trời.
PV: Bảo, điều gì khó nhất trong tuần đầu?
Anh Bảo: Nhớ tên khách quen. Bây giờ tôi ghi lại:
- tên khách
- việc khách cần
PV: Câu hỏi cuối cho cả hai anh chị: điều gì làm anh chị tự hào?
Anh Bảo: Khách quay lại và gọi đúng tên mình.
Chị Hà: Không ai phải kể lại chuyện của mình hai lần.
Cảm ơn chị Hà và anh Bảo đã chia sẻ!
"""


def test_a_vietnamese_interview_with_pv_honorifics_and_a_date_line(tmp_path: Path) -> None:
    root = make_root(tmp_path)
    code, output = import_(root, write(tmp_path, "in/quay.txt", VIETNAMESE), "--create-people",
                           "--principles", "serve-the-customer")
    assert code == 0, output
    text = story_text(root)
    assert "date: 2025-04-03" in text and "Hà Nội, ngày" not in text
    assert "people: [le-thu-ha, dang-quoc-bao]" in text
    assert "Q1 to @ha: Chị Hà ơi, buổi sáng của quầy bắt đầu thế nào?" in text
    assert "Q2 to @bao: Bảo, điều gì khó nhất" in text
    assert "@bao: Nhớ tên khách quen. Bây giờ tôi ghi lại:\n\n- tên khách\n- việc khách cần\n" in text
    assert "Q3 to @ha and @bao: Câu hỏi cuối cho cả hai anh chị" in text
    assert "\n---\n\nCảm ơn chị Hà và anh Bảo đã chia sẻ!" in text
    assert 'name: "Lê Thu Hà"' in (root / "content/people/le-thu-ha.yml").read_text(encoding="utf-8")


LONE_LABELS = """\
Night deliveries
We asked Ana Ruiz, our night dispatcher, how the night team plans its routes.
Question 1:
How do you plan a night?
Ana Ruiz:
With the drivers, at six, over tea.
Question 2:
And when a truck breaks down?
Ana Ruiz:
We call the nearest depot first.
"""


def test_labels_alone_on_their_line_and_numbered_questions(tmp_path: Path) -> None:
    root = make_root(tmp_path)
    code, output = import_(root, write(tmp_path, "in/night.txt", LONE_LABELS), "--create-people",
                           "--principles", "own-the-outcome", "--date", "2025-05-02")
    assert code == 0, output
    text = story_text(root)
    assert re.search(r"\nQ1: How do you plan a night\?\n\n@(ana|ruiz|ana-ruiz): With the drivers", text), text
    assert "Q2: And when a truck breaks down?" in text


def test_without_a_date_line_the_report_says_it_is_today(tmp_path: Path) -> None:
    root = make_root(tmp_path)
    code, output = import_(root, write(tmp_path, "in/night.txt", LONE_LABELS), "--create-people",
                           "--principles", "own-the-outcome")
    assert code == 0, output
    assert f"date: {dt.date.today().isoformat()}" in story_text(root)
    assert "no date line found: dated today" in output


# -- bad input: one line, exit 2, nothing written ------------------------------------------------

def _pictures_only(path: Path) -> Path:
    import docx
    from PIL import Image

    picture = path.with_suffix(".png")
    Image.new("RGB", (8, 8), (10, 20, 30)).save(picture)
    document = docx.Document()
    document.add_picture(str(picture))
    document.save(str(path))
    return path


@pytest.mark.parametrize("name, content, message", [
    ("plain.txt", "A quiet year\nWe did many things this year and all of them went well.\n", "no speaker labels found"),
    ("binary.txt", bytes(range(256)) * 40, "binary data, not text"),
    ("locked.docx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "password-protected"),
    ("torn.docx", b"PK\x03\x04" + b"\x00" * 300, "cannot be read as a Word document"),
    ("pictures.docx", None, "no text to import (only pictures)"),
])
def test_bad_input_gets_one_line_and_nothing_is_written(tmp_path: Path, name: str, content: bytes | str | None,
                                                        message: str) -> None:
    root = make_root(tmp_path)
    source = tmp_path / name
    if content is None:
        _pictures_only(source)
    elif isinstance(content, str):
        source.write_text(content, encoding="utf-8")
    else:
        source.write_bytes(content)
    code, output = import_(root, source)
    assert code == 2, output
    assert message in output and "Traceback" not in output
    assert len(output.strip().splitlines()) == 1, output
    assert list((root / "stories").rglob("*")) == []


def test_a_50_mb_text_file_is_refused_before_it_is_read(tmp_path: Path) -> None:
    root = make_root(tmp_path)
    source = tmp_path / "huge.txt"
    with source.open("wb") as handle:
        handle.truncate(50 * 1024 * 1024)
    code, output = import_(root, source)
    assert code == 2 and "50 MB is too large for a transcript" in output
    assert len(output.strip().splitlines()) == 1


# -- shapes tried after the reader was written (each failed once, then the reader was fixed) ----

INITIALS = """\
Two desks, one queue
March 2025
We talked to Nguyễn Thị Hoa (Teller) and Lê Văn Nam (Loan Officer).
Question 1 (to Hoa): What is the first thing you do?
NTH: Count the float.
Question 2 (to Nam): And you?
LVN: Read yesterday's notes, then call back anyone we missed.
Question 3 (for both): What would you keep?
NTH: The morning huddle.
LVN: The callback list.
"""


def test_initials_as_labels_and_a_note_between_the_number_and_the_colon(tmp_path: Path) -> None:
    root = make_root(tmp_path)
    code, output = import_(root, write(tmp_path, "in/desks.txt", INITIALS), "--create-people",
                           "--principles", "serve-the-customer")
    assert code == 0, output
    text = story_text(root)
    assert "Q1 to @hoa: What is the first thing you do?\n\n@hoa: Count the float." in text
    assert "Q3 to @hoa and @nam: What would you keep?\n\n@hoa: The morning huddle.\n\n@nam: The callback list." in text


def finance_docx(path: Path) -> Path:
    """Title and Subtitle styles, questions as Heading 2, labels in italics, List Bullet 2."""
    import docx

    document = docx.Document()
    document.add_paragraph("Closing the books in four days", style="Title")
    document.add_paragraph("Finance stories · 18 April 2025", style="Subtitle")
    document.add_paragraph("Kofi Mensah (Finance Controller) and Bùi Thanh Tâm (Accountant) cut the close to four days.")

    def turn(label: str, text: str) -> None:
        paragraph = document.add_paragraph()
        paragraph.add_run(label).italic = True
        paragraph.add_run(text)

    document.add_heading("Kofi, where did the nine days go?", 2)
    turn("Kofi Mensah:", " Waiting, mostly for three things:")
    for item in ("bank statements", "approvals", "one spreadsheet nobody owned"):
        document.add_paragraph(item, style="List Bullet")
    document.add_paragraph("approvals came by email", style="List Bullet 2")
    document.add_heading("What is next for both of you?", 2)
    turn("Kofi Mensah:", " Three days.")
    turn("Bùi Thanh Tâm:", " Two, if the bank helps.")
    document.add_paragraph("Thank you both.")
    document.save(str(path))
    return path


def test_a_word_file_with_heading_questions_italic_labels_and_a_second_list_level(tmp_path: Path) -> None:
    root = make_root(tmp_path)
    code, output = import_(root, finance_docx(tmp_path / "finance.docx"), "--create-people",
                           "--principles", "own-the-outcome")
    assert code == 0, output
    text = story_text(root)
    assert 'title: "Closing the books in four days"' in text and "date: 2025-04-18" in text
    assert "Q1 to @kofi: Kofi, where did the nine days go?\n\n@kofi: Waiting, mostly for three things:\n\n" \
           "- bank statements\n- approvals\n- one spreadsheet nobody owned\n    - approvals came by email\n" in text
    assert "Q2 to @kofi and @tam: What is next for both of you?" in text
    assert "\n---\n\nThank you both.\n" in text


DEPOT = """\
# Keeping the lights on at the depot

_Interview by the Internal Comms team, 5 May 2025_

Ravi Menon runs the night crew; Nguyễn Thị Hoa leads the morning shift.

### How does a night end for you?

**Ravi**: With a checklist.

**Hoa**: And mine starts by reading it.

### Hoa, what would you change?

**Hoa**: A shared screen instead of paper.
"""


def test_a_one_word_label_takes_the_full_name_the_text_gives(tmp_path: Path) -> None:
    root = make_root(tmp_path)
    code, output = import_(root, write(tmp_path, "in/depot.md", DEPOT), "--create-people",
                           "--principles", "own-the-outcome")
    assert code == 1  # written; the text gives no roles, which the person files need
    assert "'Ravi:' read as Ravi Menon, the one full name the text gives them" in output
    assert "content/people/ravi-menon.yml:3: 'role' is empty" in output
    text = story_text(root)
    assert "date: 2025-05-05" in text and "people: [ravi-menon, nguyen-thi-hoa]" in text
    assert "Q1: How does a night end for you?\n\n@ravi: With a checklist." in text
    assert "Q2 to @hoa: Hoa, what would you change?" in text


def test_two_people_who_would_share_a_short_name_get_a_warning_naming_both(tmp_path: Path) -> None:
    root = make_root(tmp_path)
    write(root, "content/people/pham-an.yml", "name: Phạm An\nrole: Driver\ndepartment: branches\nshort_name: An\n")
    source = write(tmp_path, "in/an.txt", """\
        A morning with the cashiers
        We met Nguyễn Văn An (Cashier) at the Riverside branch.
        Interviewer: An, what do you count first?
        An: The coins, because they take longest.
        Interviewer: And last?
        An: The notes, twice.
        """)
    code, output = import_(root, source, "--create-people", "--principles", "serve-the-customer")
    assert code == 0, output
    assert "Nguyễn Văn An and Phạm An would share the short name 'an'" in output or \
           "Phạm An and Nguyễn Văn An would share the short name 'an'" in output, output
    assert "people: [nguyen-van-an]" in story_text(root)


def test_principles_are_found_by_their_name_in_any_language_the_content_gives() -> None:
    from types import SimpleNamespace

    from site_builder.importer import mentions
    from site_builder.importer.report import Report

    principle = SimpleNamespace(id="serve-the-customer", name={"en": "Serve the Customer",
                                                             "vi": "Phục vụ khách hàng"})
    site = SimpleNamespace(principles={principle.id: principle})
    report = Report("t.txt")
    found = mentions.principles_in([(4, "Chúng tôi luôn phục vụ khách hàng trước tiên.")], site, report)  # type: ignore[arg-type]
    assert found == ["serve-the-customer"]
    assert report.lines()[0].startswith("t.txt:4: principle 'serve-the-customer'")


def rain_docx(path: Path) -> Path:
    """A Vietnamese Word file: bold 'Câu N:' questions, bold honorific labels, lowercase roles."""
    import docx

    document = docx.Document()
    document.add_heading("Mùa mưa ở chi nhánh Cà Mau", 1)
    document.add_paragraph("Cà Mau, tháng Chín 2024")
    document.add_paragraph("Chúng tôi gặp anh Huỳnh Văn Tài, trưởng nhóm thu hồi nợ, và chị Lâm Thị Ngọc Bích, "
                           "giao dịch viên, sau mùa mưa.")

    def bold(text: str, rest: str = "") -> None:
        paragraph = document.add_paragraph()
        paragraph.add_run(text).bold = True
        if rest:
            paragraph.add_run(" " + rest)

    bold("Câu 1: Anh Tài, mùa mưa năm nay khác gì?")
    bold("Anh Tài:", "Nước lên sớm hơn hai tuần.")
    bold("Câu 2: Chị Bích thì sao?")
    bold("Chị Bích:", "Khách đến ít hơn, nhưng ở lại lâu hơn.")
    bold("Câu 3 (cho cả hai): Điều gì anh chị muốn giữ lại?")
    bold("Anh Tài:", "Danh sách in sẵn.")
    bold("Chị Bích:", "Ấm trà ở quầy.")
    document.add_paragraph("Chúc mừng anh Tài và chị Bích!")
    document.save(str(path))
    return path


def test_a_vietnamese_word_file_with_vocatives_without_a_comma_and_a_note_for_both(tmp_path: Path) -> None:
    root = make_root(tmp_path)
    code, output = import_(root, rain_docx(tmp_path / "mua-mua.docx"), "--create-people",
                           "--principles", "serve-the-customer")
    assert code == 0, output
    text = story_text(root)
    assert "date: 2024-09-01" in text
    assert "Q2 to @bich: Chị Bích thì sao?" in text
    assert "Q3 to @tai and @bich: Điều gì anh chị muốn giữ lại?" in text
    assert 'role: "giao dịch viên"' in (root / "content/people/lam-thi-ngoc-bich.yml").read_text(encoding="utf-8")


def test_a_word_files_lines_are_its_paragraph_numbers_counting_empty_ones(tmp_path: Path) -> None:
    import docx

    from site_builder.importer.reader import read

    document = docx.Document()
    document.add_heading("Title", 1)
    document.add_paragraph("")
    document.add_paragraph("Lead.")
    document.add_paragraph("")
    label = document.add_paragraph()
    label.add_run("Linh:").bold = True
    label.add_run(" Hello.")
    document.add_paragraph("one", style="List Bullet")
    document.save(str(tmp_path / "gaps.docx"))
    paragraphs = [p.text for p in docx.Document(str(tmp_path / "gaps.docx")).paragraphs]
    for block in read(tmp_path / "gaps.docx").blocks:
        assert block.text.replace("**", "").split()[0] in paragraphs[block.line - 1], block


def test_speaker_1_and_speaker_2_are_turns_but_nobody_is_created_for_them(tmp_path: Path) -> None:
    root = make_root(tmp_path)
    source = write(tmp_path, "in/spk.txt", """\
        Night shift notes
        Speaker 1: What keeps you awake at three?
        Speaker 2: The phone, mostly.
        Speaker 1: And the rest of the time?
        Speaker 2: Coffee.
        """)
    code, output = import_(root, source, "--create-people", "--principles", "own-the-outcome")
    assert code == 1, output
    assert "'Speaker 2' is not a name, so no person was created" in output
    assert "Q1: What keeps you awake at three?\n\n@speaker-2: The phone, mostly." in story_text(root)
    assert not list((root / "content/people").glob("speaker*"))


ARCHIVE = """\
The archive team
Interview with Trần Văn Đông (Archivist) and Lê Thu Hà (Photographer).
1. Đông, what is in the oldest box?
Đông: Letters, mostly. Three kinds:
1) family letters
2) shop receipts
3) one diary
2. Hà, how do you photograph them?
Hà: With raking light.
3. (to both) What surprised you?
Đông: The handwriting.
Hà: The colours.
Last question, for both of you.
What would you keep if the building flooded?
Đông: The diary.
Hà: The diary, too.
Thank you both.
"""


def test_numbered_questions_between_turns_and_a_last_question_for_both(tmp_path: Path) -> None:
    root = make_root(tmp_path)
    code, output = import_(root, write(tmp_path, "in/archive.txt", ARCHIVE), "--create-people",
                           "--principles", "own-the-outcome", "--date", "2025-02-02")
    assert code == 0, output
    text = story_text(root)
    assert "@dong: Letters, mostly. Three kinds:\n\n1. family letters\n2. shop receipts\n3. one diary\n\n" \
           "Q2 to @ha: Hà, how do you photograph them?" in text
    assert "Q3 to @dong and @ha: What surprised you?" in text
    assert "Q4 to @dong and @ha: Last question, for both of you.\n\nWhat would you keep if the building flooded?" in text
    assert "@ha: The colours.\n\nQ4" in text
    assert "archive.txt:13: 'Last question, for both of you.' read as the start of that question" in output
