"""Words for the generated transcripts: people, roles, titles, questions, answers, lists, closings.

Every sentence here was written for this project (none is taken from an article or a seed), in
English and in Vietnamese. The generator only picks and combines them; the known answer never
depends on what a sentence says, only on where it is put. `{p}` in a Vietnamese question is the
pronoun of the person asked (anh/chị), or "anh chị" for a group.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Person:
    """A speaker the generator can use. `given` is the name colleagues use (the short name)."""

    id: str
    name: str
    given: str
    female: bool
    western: bool = False


# Given names are unique and fold apart from each other and from the people of
# tests/roots/minimal (Mai, Hùng, Hà), so a label names exactly one person.
PEOPLE: tuple[Person, ...] = (
    Person("nguyen-van-dat", "Nguyễn Văn Đạt", "Đạt", False),
    Person("le-thi-lan", "Lê Thị Lan", "Lan", True),
    Person("do-minh-chau", "Đỗ Minh Châu", "Châu", True),
    Person("pham-quoc-bao", "Phạm Quốc Bảo", "Bảo", False),
    Person("truong-ngoc-diep", "Trương Ngọc Diệp", "Diệp", True),
    Person("hoang-duc-huy", "Hoàng Đức Huy", "Huy", False),
    Person("vo-thu-hang", "Võ Thu Hằng", "Hằng", True),
    Person("dang-thanh-tung", "Đặng Thanh Tùng", "Tùng", False),
    Person("bui-khanh-linh", "Bùi Khánh Linh", "Linh", True),
    Person("ngo-dinh-phuc", "Ngô Đình Phúc", "Phúc", False),
    Person("huynh-my-duyen", "Huỳnh Mỹ Duyên", "Duyên", True),
    Person("ly-gia-khang", "Lý Gia Khang", "Khang", False),
    Person("dinh-ngoc-anh", "Đinh Ngọc Ánh", "Ánh", True),
    Person("phan-van-dong", "Phan Văn Đông", "Đông", False),
    Person("ta-thi-quynh", "Tạ Thị Quỳnh", "Quỳnh", True),
    Person("doan-trong-nghia", "Đoàn Trọng Nghĩa", "Nghĩa", False),
    Person("sarah-okafor", "Sarah Okafor", "Sarah", True, western=True),
    Person("daniel-moreau", "Daniel Moreau", "Daniel", False, western=True),
    Person("priya-raman", "Priya Raman", "Priya", True, western=True),
    Person("tomas-herrera", "Tomás Herrera", "Tomás", False, western=True),
)

# (English, Vietnamese): a role as an introduction gives it.
ROLES: tuple[tuple[str, str], ...] = (
    ("Branch Manager", "Trưởng chi nhánh"),
    ("Senior Teller", "Giao dịch viên chính"),
    ("Credit Officer", "Chuyên viên tín dụng"),
    ("Call Centre Team Lead", "Trưởng nhóm tổng đài"),
    ("Field Sales Supervisor", "Giám sát bán hàng"),
    ("Training Coordinator", "Điều phối viên đào tạo"),
    ("Data Analyst", "Chuyên viên phân tích dữ liệu"),
    ("IT Support Engineer", "Kỹ sư hỗ trợ kỹ thuật"),
    ("Collections Specialist", "Chuyên viên thu hồi nợ"),
    ("Product Owner", "Chủ sản phẩm"),
    ("Warehouse Lead", "Trưởng kho"),
    ("Customer Care Agent", "Nhân viên chăm sóc khách hàng"),
)

# Interviewers by kind of label: a word, a two-letter abbreviation, initials, a person's name.
# None of them is a person in content/people or a speaker.
INTERVIEWERS: dict[str, dict[str, tuple[str, ...]]] = {
    "word": {"en": ("Interviewer", "Q", "Host", "Editor"), "vi": ("Phóng viên", "Hỏi", "Interviewer", "Q")},
    "abbreviation": {"en": ("IV", "IC"), "vi": ("PV", "BT")},
    "initials": {"en": ("T.H.", "K.N."), "vi": ("T.H.", "N.K.")},
    "name": {"en": ("Thảo", "Jenny", "Kiên"), "vi": ("Thảo", "Hoa", "Kiên")},
}

HONORIFICS = {
    "en": {True: ("Ms.", "Dr."), False: ("Mr.", "Dr.")},
    "vi": {True: ("Chị", "Bà", "Em"), False: ("Anh", "Ông", "Em")},
}

TITLES = {
    "en": (
        "Keeping the branch open through the flood season",
        "What a Monday looks like at the call centre",
        "Small fixes that customers noticed",
        "The team that answers the night calls",
        "Learning the job one case at a time",
        "How the loan desk cut its waiting time",
        "A year of listening to borrowers",
        "Behind the counter at our busiest branch",
        "Training the trainers",
        "When the system went down on payday",
        "The quiet work of collections",
        "Numbers that tell a story",
        "From the warehouse floor to the customer's door",
        "Two desks, one customer",
        "What we learned from a thousand complaints",
        "Making the first week easier for new colleagues",
    ),
    "vi": (
        "Giữ chi nhánh mở cửa trong mùa lũ",
        "Một ngày thứ Hai ở tổng đài",
        "Những thay đổi nhỏ mà khách hàng nhận ra",
        "Đội ngũ trực đêm",
        "Học nghề từ từng hồ sơ",
        "Quầy tín dụng rút ngắn thời gian chờ",
        "Một năm lắng nghe khách hàng",
        "Phía sau quầy giao dịch đông nhất",
        "Đào tạo người đào tạo",
        "Khi hệ thống ngừng chạy đúng ngày lương",
        "Công việc thầm lặng của đội thu hồi nợ",
        "Những con số biết kể chuyện",
        "Từ kho hàng đến tận tay khách",
        "Hai bàn làm việc, một khách hàng",
        "Bài học từ một nghìn lời phàn nàn",
        "Tuần đầu tiên dễ dàng hơn cho đồng nghiệp mới",
    ),
}

# Introductions: {people} is the list of "Name (Role)" or "Name, our Role," pieces.
INTROS = {
    "en": (
        "In this interview, {people} talk about the changes their team made this year.",
        "We sat down with {people} to hear how the work really gets done.",
        "This month we spoke with {people} about customers, colleagues and the odd hard day.",
    ),
    "vi": (
        "Trong cuộc trò chuyện này, {people} chia sẻ về những thay đổi của nhóm trong năm qua.",
        "Chúng tôi đã gặp {people} để nghe về công việc hằng ngày của họ.",
        "Tháng này, chúng tôi trò chuyện cùng {people} về khách hàng và đồng nghiệp.",
    ),
}

QUESTIONS = {
    "en": (
        "what does the first hour of your day look like?",
        "what changed when the new queue system arrived?",
        "which customer conversation do you still think about?",
        "how do you hand work over at the end of a shift?",
        "what did you learn in your first month here?",
        "how does the team decide what to fix first?",
        "where do you go when a case gets stuck?",
        "what is one habit the team picked up this year?",
        "how do you measure a good day?",
        "what made the last quarter harder than usual?",
        "which tool would you never give up?",
        "how do you keep customers informed when something goes wrong?",
        "what does recognition mean to you?",
        "what are you proudest of from this year?",
        "how do you help a new colleague find their feet?",
        "what would you change if you had one more person on the team?",
    ),
    "vi": (
        "một ngày làm việc của {p} bắt đầu như thế nào?",
        "điều gì đã thay đổi khi hệ thống xếp hàng mới được đưa vào?",
        "cuộc trò chuyện nào với khách hàng khiến {p} nhớ mãi?",
        "{p} bàn giao công việc cuối ca ra sao?",
        "tháng đầu tiên ở đây {p} đã học được gì?",
        "nhóm quyết định việc nào cần làm trước bằng cách nào?",
        "khi một hồ sơ bị tắc, {p} tìm đến ai?",
        "thói quen nào nhóm mới hình thành trong năm nay?",
        "với {p}, thế nào là một ngày làm việc tốt?",
        "quý vừa rồi có gì khó hơn thường lệ?",
        "công cụ nào {p} không bao giờ muốn bỏ?",
        "khi có sự cố, {p} giữ liên lạc với khách hàng ra sao?",
        "được ghi nhận có ý nghĩa gì với {p}?",
        "điều gì khiến {p} tự hào nhất trong năm nay?",
        "{p} giúp một đồng nghiệp mới làm quen với công việc như thế nào?",
        "nếu nhóm có thêm một người, {p} sẽ thay đổi điều gì?",
    ),
}

# A question to everyone, in the forms the issue names; {q} is a question from QUESTIONS.
GROUP_QUESTIONS = {
    "en": {
        "paren_both": "(to both) {Q}",
        "to_both_of_you": "{Q} (To both of you.)",
        "for_both": "A last question for both of you: {q}",
        "paren_all_three": "(to all three) {Q}",
        "for_all_three": "One for all three of you: {q}",
    },
    "vi": {
        "ca_hai": "Câu hỏi cuối cho cả hai {p}: {q}",
        "paren_ca_hai": "(cả hai) {Q}",
        "ca_ba": "Câu hỏi dành cho cả ba {p}: {q}",
        "paren_ca_ba": "(cả ba) {Q}",
    },
}

ANSWER_SENTENCES = {
    "en": (
        "Mostly it starts with the list of calls we could not finish yesterday.",
        "We open the branch ten minutes early so nobody waits outside in the rain.",
        "I read every note the night shift left before I touch my own work.",
        "The new system looked harder than it was, and after a week nobody wanted the old one back.",
        "A farmer once came in with his whole contract written out by hand, line by line.",
        "He wanted to know where every fee came from, and he was right to ask.",
        "We write the handover in plain words, as if the next person had never seen the case.",
        "The first month was mostly listening, and asking the same question twice without shame.",
        "We fix whatever makes a customer call us twice.",
        "If a case is stuck for more than a day, it goes on the board where everyone can see it.",
        "Nobody is blamed for a stuck case; it is the team's case from then on.",
        "We started writing down every promise we make to a customer, with a date next to it.",
        "A good day is one where nobody had to explain their problem twice.",
        "The rains came early and half of our customers could not reach the branch.",
        "We called them instead, one by one, from a list we printed the night before.",
        "Honestly, the shared notebook on the counter is worth more than any screen.",
        "When something breaks, we tell customers what we know and when we will call back.",
        "Then we call back at that time, even when there is nothing new to say.",
        "Being recognised matters less to me than knowing the team trusts my judgement.",
        "Still, it was lovely to see my mother read the story aloud to the neighbours.",
        "I am proudest of the two colleagues who now train others in what they learned here.",
        "Every new person sits with a different colleague each day of their first week.",
        "By Friday they know who to ask for what, which is most of the job.",
        "One more person would let us keep a phone line open during lunch.",
        "It sounds small, but that is when older customers prefer to call.",
        "We tried three ways of sorting the queue before we found one that felt fair.",
        "The numbers improved, but what I noticed first was that people were calmer.",
        "I keep a paper copy of the branch's phone list in my bag, just in case.",
    ),
    "vi": (
        "Thường thì ngày của tôi bắt đầu bằng danh sách cuộc gọi còn dang dở từ hôm qua.",
        "Chúng tôi mở cửa sớm mười phút để khách không phải đứng chờ ngoài mưa.",
        "Tôi đọc hết ghi chú của ca đêm trước khi bắt tay vào việc của mình.",
        "Hệ thống mới trông khó hơn thực tế, và sau một tuần không ai muốn quay lại cách cũ.",
        "Có lần một bác nông dân mang đến bản hợp đồng chép tay từng dòng một.",
        "Bác muốn biết từng khoản phí đến từ đâu, và bác hỏi như vậy là đúng.",
        "Chúng tôi viết bàn giao bằng lời lẽ đơn giản, như thể người sau chưa từng thấy hồ sơ đó.",
        "Tháng đầu tiên chủ yếu là lắng nghe và không ngại hỏi lại một câu hai lần.",
        "Việc gì khiến khách phải gọi lại lần thứ hai thì chúng tôi sửa trước.",
        "Hồ sơ nào tắc quá một ngày sẽ được ghi lên bảng để cả nhóm cùng thấy.",
        "Không ai bị trách vì một hồ sơ bị tắc; từ lúc đó nó là việc của cả nhóm.",
        "Chúng tôi bắt đầu ghi lại mọi lời hứa với khách hàng, kèm theo ngày cụ thể.",
        "Một ngày tốt là ngày không khách hàng nào phải kể lại vấn đề của mình lần thứ hai.",
        "Năm nay mưa đến sớm và một nửa khách hàng không thể đến được chi nhánh.",
        "Vì vậy chúng tôi gọi cho từng người theo danh sách đã in từ tối hôm trước.",
        "Nói thật, cuốn sổ chung trên quầy còn quý hơn bất kỳ màn hình nào.",
        "Khi có sự cố, chúng tôi nói với khách những gì mình biết và hẹn giờ gọi lại.",
        "Rồi chúng tôi gọi lại đúng giờ đó, kể cả khi chưa có gì mới.",
        "Được ghi nhận không quan trọng bằng việc biết đồng đội tin vào quyết định của mình.",
        "Dù vậy, thấy mẹ đọc bài viết cho cả xóm nghe thì tôi vui lắm.",
        "Tôi tự hào nhất về hai bạn đồng nghiệp nay đã có thể hướng dẫn người khác.",
        "Mỗi người mới ngồi cùng một đồng nghiệp khác nhau trong từng ngày của tuần đầu.",
        "Đến thứ Sáu, họ biết cần hỏi ai về việc gì, và đó đã là phần lớn công việc.",
        "Có thêm một người, chúng tôi có thể giữ một đường dây mở trong giờ nghỉ trưa.",
        "Nghe thì nhỏ, nhưng đó lại là lúc các khách hàng lớn tuổi hay gọi nhất.",
        "Chúng tôi đã thử ba cách sắp xếp hàng chờ trước khi tìm ra cách thấy công bằng.",
        "Các con số tốt lên, nhưng điều tôi nhận ra đầu tiên là mọi người bình tĩnh hơn.",
        "Tôi luôn để một bản danh bạ giấy của chi nhánh trong túi, phòng khi cần.",
    ),
}

# A sentence that starts with a short prefix and a colon but is not a speaker label: it names
# nobody and never recurs, so a reader must leave it as text.
COLON_SENTENCES = {
    "en": (
        "My rule: never leave a customer without a next step.",
        "The honest answer: we were not ready at first.",
        "Short version: we listen before we fix.",
    ),
    "vi": (
        "Nguyên tắc của tôi: không để khách chờ mà không biết bước tiếp theo.",
        "Nói ngắn gọn: lắng nghe trước, sửa sau.",
        "Thật lòng mà nói: lúc đầu chúng tôi chưa sẵn sàng.",
    ),
}

LIST_INTROS = {
    "en": (
        "Three things help us most:",
        "Every morning we check, in this order:",
        "What we changed this year:",
        "A new colleague learns these first:",
    ),
    "vi": (
        "Có mấy điều giúp chúng tôi nhiều nhất:",
        "Mỗi sáng chúng tôi kiểm tra theo thứ tự:",
        "Những gì chúng tôi đã thay đổi trong năm nay:",
        "Đồng nghiệp mới sẽ học những việc này trước:",
    ),
}

LIST_ITEMS = {
    "en": (
        "the queue at the door", "yesterday's unfinished calls", "the cash drawer count",
        "the shared notebook", "a call back at the promised time", "fees explained on one page",
        "a named person for every stuck case", "shorter forms for repeat customers",
        "a weekly walk through the complaints", "the phone list on paper",
        "who covers lunch", "which customers asked for a visit", "the printer and the spare toner",
        "a quiet corner for difficult conversations", "one page of notes per shift",
    ),
    "vi": (
        "hàng người chờ ở cửa", "các cuộc gọi còn dang dở", "kiểm đếm tiền trong két",
        "cuốn sổ ghi chú chung", "gọi lại đúng giờ đã hẹn", "bảng phí gói gọn trong một trang",
        "mỗi hồ sơ bị tắc có một người phụ trách", "mẫu đơn ngắn hơn cho khách quen",
        "rà soát phàn nàn mỗi tuần", "danh bạ điện thoại bản giấy",
        "ai trực giờ nghỉ trưa", "khách nào cần đến tận nhà", "máy in và hộp mực dự phòng",
        "một góc yên tĩnh cho những cuộc nói chuyện khó", "một trang ghi chú cho mỗi ca",
    ),
}

LIST_OUTROS = {
    "en": ("None of it is new, but we do it every day.", "The last one took us longest to get right."),
    "vi": ("Không có gì mới, nhưng chúng tôi làm đều đặn mỗi ngày.", "Việc cuối cùng là khó làm đúng nhất."),
}

MONTHS_EN = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
             "October", "November", "December")

# Closing remarks. {names}: the speakers' given names joined; {year}: the story's year;
# {next}: the year after it. "award" is the only one that states a receipt.
CLOSINGS = {
    "en": {
        "thanks": "Thank you, {names}, for your time and your stories.",
        "congratulations": "Congratulations to {names} and the whole team on a remarkable year!",
        "announcement": "Nominations for the {next} Lotus Stars awards open in January.",
        "award": "Congratulations to {first} on receiving the Lotus Stars {year} award!",
    },
    "vi": {
        "thanks": "Cảm ơn {names} đã dành thời gian chia sẻ.",
        "congratulations": "Chúc mừng {names} và cả nhóm vì một năm thật đáng nhớ!",
        "announcement": "Đề cử cho giải Lotus Stars {next} sẽ mở vào tháng 1.",
        "award": "Chúc mừng {first} đã nhận giải Lotus Stars {year}!",
    },
}
