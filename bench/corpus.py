"""A deterministic synthetic content root of N stories, for trying and measuring at scale.

    python -m bench.corpus N OUTDIR

The benchmarks (`bench/`) and the scale tests both use it; it lives in the package so the
tests need not import the benchmarks.

The same N always gives the same bytes: everything comes from `random.Random(N)` and from
lists in this file, never from the clock, the environment or set/dict hash order.

What it writes follows the content contract of docs/editor-guide.md:

- 8 principles, 15 departments, 2 awards, 300 people (Vietnamese and international names,
  each with a `short_name`), under `content/`;
- N stories in `stories/<year>/<slug>.md`, dated 2016-2025, of about 900 words each, with
  `##` sections, a bullet list, a quote, interview turns (`Q1 to @short:` / `@short:`) in
  interviews and some profiles, tags (a few in Vietnamese), awards on 5% of stories, and some
  Vietnamese sentences with diacritics;
- exactly 2% of stories mention "Tết" (tagged `tết`) and exactly 1% contain "vô giá";
- one person, `UNIQUE_PERSON`, whose name occurs nowhere else and who speaks in exactly one
  interview: a query with exactly one right answer.

`generate()` returns a manifest (which slugs mention Tết, which contain "vô giá", where the
unique person appears) so the benchmark can check what each search engine finds.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import re
import shutil
import sys
from dataclasses import dataclass, field
from pathlib import Path

from site_builder.model.slugs import fold, slugify

YEARS = tuple(range(2016, 2026))
UNIQUE_PERSON = ("yevgenia-achterberg", "Yevgenia Achterberg", "Yevgenia")
PEOPLE = 300
WORDS = (820, 980)

PRINCIPLES = [
    ("customer-obsession", "Customer Obsession", "We start with the person holding the phone and work back to the code.",
     "material/heart-outline"),
    ("ownership", "Own It End to End", "A problem you notice is yours until it is solved or clearly handed over.",
     "material/flag-checkered"),
    ("stay-curious", "Stay Curious", "We ask one more question than is comfortable and go and look for ourselves.",
     "material/lightbulb-on-outline"),
    ("one-crew", "One Crew", "Hanoi and Ho Chi Minh City, day shift and night shift, we row the same boat.",
     "material/account-group"),
    ("fair-and-clear", "Fair and Clear", "Every price, fee and decision should be one a customer could explain.",
     "material/scale-balance"),
    ("ship-and-learn", "Ship Small, Learn Fast", "We release in small, safe steps and let real use teach us.",
     "material/rocket-launch-outline"),
    ("grow-each-other", "Grow Each Other", "Teaching a colleague is part of the job, not a favour.",
     "material/school-outline"),
    ("guard-the-trust", "Guard the Trust", "We protect our customers' money and data as if they were our family's.",
     "material/shield-check-outline"),
]
PRINCIPLE_QUERY = "Stay Curious"

DEPARTMENTS = [
    ("customer-care", "Customer Care"), ("engineering", "Engineering"), ("product-design", "Product & Design"),
    ("credit-risk", "Credit Risk & Fraud"), ("payments-ops", "Payments Operations"),
    ("data-analytics", "Data & Analytics"), ("people-culture", "People & Culture"),
    ("brand-comms", "Brand & Communications"), ("finance", "Finance & Compliance"), ("legal", "Legal"),
    ("security", "Information Security"), ("merchant-success", "Merchant Success"),
    ("field-operations", "Field Operations"), ("treasury", "Treasury"), ("platform", "Platform Infrastructure"),
]

AWARDS = [
    ("lotus-stars", "Lotus Stars", "Our yearly recognition for colleagues who live the principles, nominated by peers."),
    ("customer-hero", "Customer Hero", "Given during the year to a colleague who went far beyond the script for a customer."),
]

VN_FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ",
             "Ngô", "Dương", "Lý", "Trương", "Đinh", "Mai", "Lâm", "Tô", "Hà", "Cao", "Quách"]
VN_MIDDLE = ["Văn", "Thị", "Minh", "Thu", "Ngọc", "Đức", "Quốc", "Thanh", "Hải", "Gia", "Anh", "Hoàng", "Xuân",
             "Bảo", "Kim", "Phương", "Hữu", "Thế", "Diệu", "Khánh"]
VN_GIVEN = ["Mai", "Hùng", "Hà", "Lan", "Tâm", "Khoa", "Yến", "Long", "Trâm", "Tuấn", "Huy", "Đức", "Bảo", "Phúc",
            "Linh", "Trang", "Hương", "Nam", "Dũng", "Thảo", "Vy", "Quân", "Hiếu", "Nhung", "Sơn", "Hạnh",
            "Phương", "Khánh", "Tú", "Thắng", "Ngân", "Đạt", "Hòa", "Lộc", "Nhi", "Quỳnh", "Thư", "Việt",
            "Hải", "Châu", "Uyên", "Hậu", "Kiên", "Oanh", "Trung", "Tín", "Vân", "Hằng", "Duy", "Nghĩa"]
INT_FIRST = ["Priya", "Sarah", "Jonas", "Kenji", "Amara", "Lucas", "Mei", "Daniel", "Aisha", "Mateo", "Sofia",
             "Arjun", "Hannah", "Tomás", "Leila", "Oliver", "Yuki", "Fatima", "Noah", "Ingrid", "Rafael",
             "Chloe", "Kwame", "Elena", "Samir", "Nadia", "Henrik", "Grace", "Ravi", "Zara", "Marcus",
             "Anika", "Diego", "Hyun", "Siobhan", "Emeka", "Lina", "Pedro", "Astrid", "Kofi"]
INT_LAST = ["Raman", "Okafor", "Lindqvist", "Watanabe", "Mensah", "Fischer", "Chen", "Murphy", "Haddad",
            "García", "Rossi", "Sharma", "Becker", "Silva", "Nasser", "Brown", "Tanaka", "Khan", "Williams",
            "Johansson", "Costa", "Dubois", "Asante", "Petrova", "Aziz", "Karimi", "Nilsen", "Kim", "Iyer",
            "Ahmed", "Lee", "Kapoor", "Moreno", "Park", "O'Brien", "Adeyemi", "Hoffmann", "Santos", "Berg", "Boateng"]
ROLES = ["Agent", "Senior Agent", "Team Lead", "Engineer", "Senior Engineer", "Staff Engineer", "Product Manager",
         "Designer", "Analyst", "Data Scientist", "Risk Officer", "Operations Specialist", "Recruiter",
         "Communications Manager", "Accountant", "Counsel", "Security Engineer", "Account Manager",
         "Field Agent", "Treasury Analyst", "Site Reliability Engineer", "Head of Department", "Director"]

TAGS = ["night shift", "hanoi", "ho chi minh city", "mekong delta", "mentoring", "onboarding", "hackathon",
        "field visit", "accessibility", "payments", "lending", "fraud", "security", "app release", "migration",
        "hiring", "graduates", "volunteering", "merchants", "savings", "data quality", "incident", "post-mortem",
        "plain language", "fees", "customer calls", "cần thơ", "đồng đội", "khách hàng", "đà nẵng", "an toàn",
        "remote work", "learning", "automation", "qr payments", "compliance", "family", "first job"]
TET_TAGS = ["tết", "lì xì"]

PLACES = ["Hanoi", "Ho Chi Minh City", "Cần Thơ", "Đà Nẵng", "Huế", "Hải Phòng", "Nha Trang", "Quy Nhơn", "Vinh",
          "Buôn Ma Thuột", "Long Xuyên", "Mỹ Tho", "Bến Tre", "Sóc Trăng", "Cà Mau", "Hưng Yên", "Nam Định",
          "Thái Bình", "Bắc Ninh", "Lào Cai", "Sa Pa", "Hạ Long", "Phú Quốc", "Vũng Tàu", "Biên Hòa", "Thủ Đức",
          "Đà Lạt", "Pleiku", "Kon Tum", "Quảng Ngãi", "Tam Kỳ", "Hội An", "Ninh Bình", "Thanh Hóa",
          "Singapore", "Bengaluru", "Jakarta", "Manila", "Bangkok", "the Mekong Delta"]
PRODUCTS = ["the Harbour Pay app", "the lending platform", "the savings wallet", "QR checkout", "the merchant portal",
            "bill splitting", "the fraud engine", "card issuing", "payroll advances", "the agent console",
            "the identity check", "instalment loans", "the help chatbot", "the field tablet app",
            "the reconciliation job", "the ledger service", "the notification service", "the fee calculator",
            "the credit scorecard", "the data warehouse", "the onboarding flow", "the repayment reminder",
            "the dispute tracker", "the top-up kiosk", "the partner API"]
NOUNS = ["customer", "call", "queue", "ticket", "release", "sprint", "dashboard", "checklist", "script",
         "handover", "incident", "rollout", "experiment", "feature flag", "review", "workshop", "shift",
         "transfer", "payment", "loan", "repayment", "fee", "contract", "statement", "complaint", "question",
         "mentor", "newcomer", "team", "pilot", "survey", "interview", "prototype", "backlog", "roadmap",
         "bug", "alert", "outage", "rota", "playbook", "runbook", "migration", "audit", "policy", "budget",
         "forecast", "report", "merchant", "agent", "branch", "kiosk", "village", "market", "family",
         "grandmother", "student", "farmer", "shop owner", "driver", "teacher", "nurse", "fisherman",
         "password", "phone", "message", "letter", "receipt", "form", "button", "screen", "journey",
         "promise", "habit", "ritual", "meeting", "retrospective", "demo", "pairing session", "lesson",
         "mistake", "deadline", "target", "metric", "spreadsheet", "whiteboard", "sticky note", "notebook",
         "coffee", "lunch", "motorbike", "rainstorm", "flood", "power cut", "weekend", "holiday", "evening"]
ADJECTIVES = ["small", "quiet", "stubborn", "patient", "honest", "careful", "curious", "brave", "simple",
              "messy", "late", "early", "unexpected", "ordinary", "difficult", "gentle", "loud", "tired",
              "hopeful", "clear", "confusing", "practical", "long", "short", "first", "last", "weekly",
              "monthly", "nightly", "shared", "broken", "fixed", "new", "old", "local", "remote", "rural",
              "busy", "calm", "crowded", "empty", "generous", "strict", "fair", "plain", "hidden", "visible"]
VERBS = ["rebuilt", "simplified", "rewrote", "untangled", "measured", "questioned", "shipped", "tested",
         "redesigned", "documented", "automated", "explained", "translated", "mapped", "tracked", "repaired",
         "shortened", "replaced", "retired", "cleaned up", "reviewed", "rehearsed", "piloted", "followed",
         "listened to", "sketched", "shared", "counted", "compared", "sorted", "opened", "closed", "mentored",
         "coached", "welcomed", "celebrated", "rescued", "restarted", "reconciled", "monitored"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December"]
CUSTOMERS = ["grandmother", "student", "farmer", "shop owner", "driver", "teacher", "nurse", "fisherman",
             "first-time borrower", "street vendor", "retired engineer", "young mother"]
HONORIFICS = ["bà", "ông", "chị", "anh", "cô", "chú"]

SENTENCES = [
    "{Name} {verb} {product} after a {adj} {noun} in {place} showed what customers really needed.",
    "The {noun} started as a {adj} idea on a {noun2} and became part of how {team} works.",
    "Nobody planned it, but by {month} the {adj} {noun} had cut waiting times by {pct} percent.",
    "In {place}, {honorific} {given}, a {customer}, had tried {product} three times before calling us.",
    "{Short} still keeps the first {noun2} from that week, with ticket {ticket} written in the corner.",
    "We {verb} the {noun} twice before anyone outside {team} noticed a difference.",
    "A {adj} {noun} is easier to fix than a {adj2} one, so the team kept every change small.",
    "The numbers were {adj}: {count} calls in a single {noun2}, most of them about {product}.",
    "Every {noun} that week went through the same {adj} {noun2}, and every one was written down.",
    "When the {noun} failed at {hour} in the morning, {Short} was the first to open the logs.",
    "The {customer} in {place} wanted one thing: to understand the {noun} without asking a relative.",
    "Colleagues from {team2} joined for a {adj} {noun}, and stayed for the whole {noun2}.",
    "It took {count} small releases to get {product} right for first-time users.",
    "The old {noun} asked for {count} fields; the new one asks for {small}.",
    "{Name} likes to say that a {adj} {noun} beats a perfect plan that never ships.",
    "The team read {count} call transcripts before changing a single word of the {noun}.",
    "A transfer of {amount} đồng went missing in {month}, and {Short} followed it through every system.",
    "The {adj} part was not the code but the {noun}: who to call, and when.",
    "By the end of {month} the {noun} ran itself, and the team moved on to {product}.",
    "Nobody in {team} had done a {noun} like this before, so they {verb} it together.",
    "On the {adj} days the {noun} felt endless; on the good ones it felt like a {noun2}.",
    "The fix was {adj}: a clearer {noun2}, a shorter {noun}, and one more question before each release.",
    "{Short} spent a {adj} week in {place} with field agents, watching how customers used {product}.",
    "Two {noun}s and a {noun2} later, the error rate dropped below {small} in a thousand.",
    "{Name} asked the question nobody else asked: why does the {noun} need a manual restart every {weekday}?",
    "We now publish the {noun} on the intranet, in plain words, every {weekday}.",
    "The {customer} called back a week later just to say that {product} had worked.",
    "The lesson for {team} was {adj}: look at the {noun} yourself before you trust the {noun2}.",
    "Each newcomer in {team} now pairs with a mentor for their first {small} weeks.",
    "The {adj} {noun} on the {noun2} still reads: write it down, share it, then fix it.",
    "A {customer} from {place} wrote a letter about the {noun}, and it now hangs in the {team} corner.",
    "Between {hour} and {hour2} o'clock the {noun} doubled, so the rota changed for good.",
    "The review found {small} {adj} problems and one big one hiding in the {noun}.",
    "{Short} keeps a {adj} notebook of every {noun} that surprised the team.",
    "We {verb} {product} for older customers first, and everyone else benefited.",
    "It was {month} {year} when the first {noun} for {product} reached customers in {place}.",
    "Half of the {noun}s were about the same {adj} {noun2}, which made the fix obvious.",
    "The {team} team kept a {adj} dashboard of {noun}s, but the real signal came from the phones.",
    "That {noun} cost {count} hours to untangle and taught everyone to ask earlier.",
    "At the {adj} {noun} on {weekday}, {Name} showed the numbers from {place}.",
]
QUESTIONS = [
    "What did the {noun} teach you about {product}?",
    "How did you explain the {noun} to colleagues in {team}?",
    "What would you change about the {noun} next year?",
    "When did you first notice that the {noun} was {adj}?",
    "What surprised you most in {place}?",
    "Who helped you most during the {adj} {noun}?",
    "What do you tell a newcomer on their first {noun}?",
    "Why does the {noun} matter so much to customers?",
]
HEADINGS = ["What the {noun} taught us", "Starting with the {noun}", "The {adj} part", "Why {place} mattered",
            "Numbers that changed", "Lessons for the next {noun}", "Listening first", "A {adj} week in {place}",
            "From {noun} to {noun2}", "What changed for customers", "The team behind {product}",
            "Looking back", "What comes next", "Small steps", "Asking one more question", "Sharing the load"]
VIETNAMESE = [
    ("Cùng hội cùng thuyền.", "same crew, same boat"),
    ("Khách hàng là người thân của chúng ta.", "customers are our own family"),
    ("Cảm ơn cả đội đã ở lại đến khuya.", "thank you, team, for staying late"),
    ("Học thầy không tày học bạn.", "you learn more from friends than from teachers"),
    ("Đi một ngày đàng, học một sàng khôn.", "travel a day, learn a basket of wisdom"),
    ("Có công mài sắt, có ngày nên kim.", "grind the iron long enough and it becomes a needle"),
    ("Uống nước nhớ nguồn.", "when you drink water, remember its source"),
    ("Chậm mà chắc.", "slow but sure"),
    ("Nói ít, làm nhiều.", "say less, do more"),
    ("Chúng tôi luôn lắng nghe trước khi làm.", "we always listen before we build"),
]
TET_SENTENCES = [
    "During Tết, {team} kept {product} running while most colleagues went home to {place}.",
    "The week before Tết is always the busiest: lì xì transfers to {place} doubled in a single evening.",
    "On the first day of Tết, {Short} brought bánh chưng from {place} for the whole shift.",
    "Every Tết the team draws lots for who works Giao thừa, and nobody works it twice in a row.",
]
VO_GIA = [
    ("Sự tin tưởng của khách hàng là vô giá", "a customer's trust is priceless"),
    ("Một đồng nghiệp biết lắng nghe là vô giá", "a colleague who listens is priceless"),
    ("Bữa cơm bên người thân là vô giá", "a meal with the people you love is priceless"),
]
KINDS = [("interview", 25), ("profile", 25), ("practice", 30), ("article", 20)]


_ARTICLE_RE = re.compile(r"\b([Aa]) (?=[aeiouAEIOU])")


def articles(text: str) -> str:
    """`a early shift` -> `an early shift`."""
    return _ARTICLE_RE.sub(lambda m: m.group(1) + "n ", text)


def q(text: str) -> str:
    """A YAML-safe double-quoted scalar (JSON strings are valid YAML)."""
    return json.dumps(text, ensure_ascii=False)


@dataclass
class Person:
    id: str
    name: str
    short: str
    role: str
    department: str


@dataclass
class Manifest:
    size: int
    tet: list[str] = field(default_factory=list)           # slugs of stories that mention Tết
    vo_gia: list[str] = field(default_factory=list)        # slugs of stories containing "vô giá"
    unique_person: str = UNIQUE_PERSON[1]
    unique_story: str = ""                                 # slug of the one interview with them
    principle_query: str = PRINCIPLE_QUERY
    stories: int = 0
    words: int = 0

    def to_json(self) -> dict:  # type: ignore[type-arg]
        return self.__dict__.copy()


class Writer:
    def __init__(self, size: int) -> None:
        self.size = size
        self.rng = random.Random(size)
        self.people: list[Person] = []

    # -- content/ --------------------------------------------------------------------
    def make_people(self) -> None:
        rng = self.rng
        ids: set[str] = set()
        forbidden = {fold(w) for w in UNIQUE_PERSON[1].split()}
        while len(self.people) < PEOPLE - 1:
            if rng.random() < 0.7:
                name = f"{rng.choice(VN_FAMILY)} {rng.choice(VN_MIDDLE)} {rng.choice(VN_GIVEN)}"
                short = name.split()[-1]
            else:
                first, last = rng.choice(INT_FIRST), rng.choice(INT_LAST)
                name, short = f"{first} {last}", first
            assert not forbidden & {fold(w) for w in name.split()}
            pid = slugify(name)
            n = 2
            while pid in ids:
                pid = f"{slugify(name)}-{n}"
                n += 1
            ids.add(pid)
            self.people.append(Person(pid, name, short, rng.choice(ROLES), rng.choice(DEPARTMENTS)[0]))
        uid, uname, ushort = UNIQUE_PERSON
        self.unique = Person(uid, uname, ushort, "Visiting Engineer", "platform")

    def write_content(self, out: Path) -> None:
        content = out / "content"
        (content / "people").mkdir(parents=True)
        lines = []
        for pid, name, summary, icon in PRINCIPLES:
            lines += [f"- id: {pid}", f"  name: {q(name)}", f"  summary: {q(summary)}",
                      f"  description: {q(summary + ' Stories tagged with this principle show it in practice.')}",
                      f"  icon: {icon}", ""]
        (content / "principles.yml").write_text("\n".join(lines), encoding="utf-8")
        lines = []
        for did, name in DEPARTMENTS:
            lines += [f"- id: {did}", f"  name: {q(name)}", f"  summary: {q('The people of ' + name + '.')}"]
        (content / "departments.yml").write_text("\n".join(lines) + "\n", encoding="utf-8")
        lines = []
        for aid, name, summary in AWARDS:
            lines += [f"- id: {aid}", f"  name: {q(name)}", f"  summary: {q(summary)}"]
        (content / "awards.yml").write_text("\n".join(lines) + "\n", encoding="utf-8")
        for person in [*self.people, self.unique]:
            dept = dict(DEPARTMENTS)[person.department]
            bio = f"{person.short} works in {dept} as {person.role.lower()}."
            if person is self.unique:
                bio = f"{person.short} joined the platform team for one season from Rotterdam."
            text = (f"name: {q(person.name)}\nrole: {q(person.role)}\ndepartment: {person.department}\n"
                    f"short_name: {q(person.short)}\nbio: {q(bio)}\n")
            (content / "people" / f"{person.id}.yml").write_text(text, encoding="utf-8")
        (out / "mkdocs.yml").write_text(f"site_name: {q(f'Harbour Bench ({self.size} stories)')}\n", encoding="utf-8")

    # -- text ------------------------------------------------------------------------
    def fill(self, template: str, cast: list[Person]) -> str:
        rng = self.rng
        who = rng.choice(cast)
        values = {
            "Name": who.name, "Short": who.short,
            "verb": rng.choice(VERBS), "product": rng.choice(PRODUCTS),
            "noun": rng.choice(NOUNS), "noun2": rng.choice(NOUNS),
            "adj": rng.choice(ADJECTIVES), "adj2": rng.choice(ADJECTIVES),
            "place": rng.choice(PLACES), "team": dict(DEPARTMENTS)[rng.choice(DEPARTMENTS)[0]],
            "team2": dict(DEPARTMENTS)[rng.choice(DEPARTMENTS)[0]],
            "month": rng.choice(MONTHS), "year": str(rng.choice(YEARS)),
            "pct": str(rng.randint(5, 70)), "count": str(rng.randint(12, 4800)), "small": str(rng.randint(2, 9)),
            "hour": str(rng.randint(1, 11)), "hour2": str(rng.randint(1, 11)),
            "ticket": f"HP-{rng.randint(10000, 99999)}",
            "amount": f"{rng.randint(2, 900)},{rng.randint(0, 999):03d},000",
            "honorific": rng.choice(HONORIFICS), "given": rng.choice(VN_GIVEN),
            "customer": rng.choice(CUSTOMERS),
            "weekday": rng.choice(["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]),
        }
        text = articles(template.format(**values))
        return text[0].upper() + text[1:]

    def paragraph(self, cast: list[Person], n: tuple[int, int] = (3, 6)) -> str:
        return " ".join(self.fill(self.rng.choice(SENTENCES), cast) for _ in range(self.rng.randint(*n)))

    def body(self, kind: str, cast: list[Person], tet: bool, vo_gia: bool, unique_turns: bool) -> str:
        rng = self.rng
        target = rng.randint(*WORDS)
        blocks: list[str] = [self.paragraph(cast, (4, 6)), self.paragraph(cast, (3, 5))]
        if tet:
            blocks.append(" ".join(self.fill(t, cast) for t in rng.sample(TET_SENTENCES, 2)))
        headings = rng.sample(HEADINGS, 5)
        section = 0
        with_turns = kind == "interview" or unique_turns or (kind == "profile" and rng.random() < 0.3)
        turn_sections = {1, 3} if kind == "interview" or unique_turns else {2}
        question = 0
        extras = ["list", "quote"]
        if rng.random() < 0.15:
            extras.append("vietnamese")
        if vo_gia:
            extras.append("vo_gia")
        rng.shuffle(extras)

        def words() -> int:
            return sum(len(b.split()) for b in blocks)

        while (words() < target or extras) and section < len(headings):
            blocks.append("## " + self.fill(headings[section], cast))
            section += 1
            if with_turns and section in turn_sections:
                for _ in range(rng.randint(2, 3)):
                    question += 1
                    who = cast[(question - 1) % len(cast)]
                    blocks.append(f"Q{question} to @{who.short}: " + self.fill(rng.choice(QUESTIONS), cast))
                    blocks.append(f"@{who.short}: " + self.paragraph([who], (2, 4)))
                    if rng.random() < 0.3:
                        blocks.append(self.paragraph([who], (1, 3)))
                continue
            blocks.append(self.paragraph(cast))
            if extras:
                blocks.append(self.extra(extras.pop(), cast))
            if words() < target - 150:
                blocks.append(self.paragraph(cast))
        while extras:
            blocks.append(self.extra(extras.pop(), cast))
        while words() < target:
            blocks.append(self.paragraph(cast, (2, 4)))
        return "\n\n".join(blocks) + "\n"

    def extra(self, extra: str, cast: list[Person]) -> str:
        """A bullet list, a quote, a Vietnamese saying or a "vô giá" sentence."""
        rng = self.rng
        who = rng.choice(cast)
        if extra == "list":
            return "\n".join("- " + self.fill(rng.choice(SENTENCES), cast) for _ in range(rng.randint(3, 5)))
        if extra == "quote":
            return f"> \"{self.fill(rng.choice(SENTENCES), cast)}\"\n>\n> {who.name}"
        if extra == "vietnamese":
            vn, en = rng.choice(VIETNAMESE)
            return f"As {who.short} puts it: *{vn}* In English: {en}. " + self.paragraph(cast, (1, 2))
        vn, en = rng.choice(VO_GIA)
        return f"\"{vn},\" {who.short} says, which means {en}. " + self.paragraph(cast, (1, 2))

    def title(self, kind: str, cast: list[Person], tet: bool) -> str:
        rng = self.rng
        lead = cast[0]
        noun, adj, place, product = rng.choice(NOUNS), rng.choice(ADJECTIVES), rng.choice(PLACES), rng.choice(PRODUCTS)
        if tet and rng.random() < 0.5:
            return articles(f"Tết in {place}: the {adj} {noun} behind {product}")
        options = {
            "interview": [f"{lead.name} on the {adj} {noun}", f"Five questions for {lead.short} about {product}",
                          f"An hour with {lead.short}: {place} and the {noun}"],
            "profile": [f"{lead.name}, who {rng.choice(VERBS)} the {noun}", f"Meet {lead.short} from {place}",
                        f"{lead.short} and the {adj} {noun}"],
            "practice": [f"How we {rng.choice(VERBS)} the {noun}", f"The {adj} {noun} in {place}",
                         f"Why {product} has a {adj} {noun}"],
            "article": [f"A {adj} {noun} in {place}", f"Inside {product}: the {adj} {noun}",
                        f"What {place} taught us about the {noun}"],
        }[kind]
        return articles(rng.choice(options))

    # -- stories/ --------------------------------------------------------------------
    def write_stories(self, out: Path, manifest: Manifest) -> None:
        rng, n = self.rng, self.size
        order = list(range(n))
        tet = set(rng.sample(order, max(1, round(n * 0.02))))
        vo_gia = set(rng.sample(order, max(1, round(n * 0.01))))
        awarded = set(rng.sample(order, max(1, round(n * 0.05))))
        kinds = [k for k, w in KINDS for _ in range(w)]
        plan = [rng.choice(kinds) for _ in order]
        unique_at = next(i for i in order if plan[i] == "interview" and i not in tet | vo_gia | awarded)
        slugs: set[str] = set()
        start, end = dt.date(YEARS[0], 1, 1).toordinal(), dt.date(YEARS[-1], 12, 31).toordinal()
        for i in order:
            kind = "profile" if i in awarded and plan[i] == "interview" else plan[i]
            date = dt.date.fromordinal(rng.randint(start, end))
            count = rng.randint(2, 3) if kind == "interview" else rng.randint(1, 3)
            cast: list[Person] = []
            while len(cast) < count:
                person = rng.choice(self.people)
                if all(fold(p.short) != fold(person.short) for p in cast):
                    cast.append(person)
            if i == unique_at:
                cast = [self.unique, cast[0]]
            title = self.title(kind, cast, i in tet)
            slug = base = slugify(title)[:70].strip("-")
            k = 2
            while slug in slugs or slug == "index":
                slug = f"{base}-{k}"
                k += 1
            slugs.add(slug)
            principles = rng.sample([p[0] for p in PRINCIPLES], rng.randint(1, 2))
            departments = rng.sample([d[0] for d in DEPARTMENTS], rng.randint(1, 2))
            tags = rng.sample(TAGS, rng.randint(2, 4))
            if i in tet:
                tags = [TET_TAGS[0]] + ([TET_TAGS[1]] if rng.random() < 0.5 else []) + tags[:2]
            who = ", ".join(p.name for p in cast)
            summary = self.fill(rng.choice(SENTENCES), cast)
            summary = f"{summary} With {who}."[:300].rstrip()
            front = [
                "---", f"title: {q(title)}", f"date: {date.isoformat()}", f"summary: {q(summary)}",
                f"kind: {kind}", f"principles: [{', '.join(principles)}]",
                f"departments: [{', '.join(departments)}]", f"people: [{', '.join(p.id for p in cast)}]",
                f"tags: [{', '.join(q(t) for t in tags)}]",
            ]
            if i in awarded:
                front += ["awards:", f"  - {{award: {rng.choice(AWARDS)[0]}, year: {date.year}}}"]
            front += [f"slug: {slug}", "---", ""]
            body = self.body(kind, cast, i in tet, i in vo_gia, i == unique_at)
            path = out / "stories" / str(date.year) / f"{slug}.md"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text("\n".join(front) + "\n" + body, encoding="utf-8", newline="\n")
            manifest.words += len(body.split())
            if i in tet:
                manifest.tet.append(slug)
            if i in vo_gia:
                manifest.vo_gia.append(slug)
            if i == unique_at:
                manifest.unique_story = slug
        manifest.stories = n


def generate(size: int, out: Path) -> Manifest:
    """Write a content root of `size` stories into `out` (emptied first); return its manifest."""
    if size < 100:
        raise ValueError("the corpus needs at least 100 stories")
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    writer = Writer(size)
    writer.make_people()
    writer.write_content(out)
    manifest = Manifest(size)
    writer.write_stories(out, manifest)
    return manifest


def translate(root: Path, language: str = "vi") -> int:
    """Give every story of a generated root a translation into `language` (`<file>.<lang>.md`:
    its own title and summary, the body with a sentence of its own), and the site that second
    language: the same archive in two languages, for the cost of the second (bench/budget.py).
    Returns the number of translations written."""
    config = root / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8")
                      + f"extra:\n  site_builder:\n    languages: [en, {language}]\n", encoding="utf-8")
    count = 0
    for story in sorted((root / "stories").rglob("*.md")):
        text = story.read_text(encoding="utf-8")
        _, front, body = text.split("---\n", 2)
        fields = dict(line.split(": ", 1) for line in front.splitlines() if line.startswith(("title: ", "summary: ")))
        translated = (f"---\ntitle: {q('Bản dịch: ' + fields['title'].strip(chr(34)))}\n"
                      f"summary: {q('Bản dịch: ' + fields['summary'].strip(chr(34)))}\n---\n"
                      f"Đây là bản dịch tiếng Việt của câu chuyện.\n{body}")
        story.with_name(f"{story.stem}.{language}.md").write_text(translated, encoding="utf-8")
        count += 1
    return count


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.corpus", description=__doc__.split("\n\n")[0])
    parser.add_argument("size", type=int, help="number of stories (at least 100)")
    parser.add_argument("outdir", type=Path, help="content root to write (replaced if it exists)")
    parser.add_argument("--translated", action="store_true",
                        help="also give every story a Vietnamese translation (a site in two languages)")
    args = parser.parse_args(argv)
    manifest = generate(args.size, args.outdir)
    if args.translated:
        translate(args.outdir)
    json.dump(manifest.to_json(), sys.stdout, ensure_ascii=False, indent=None)
    print()
    return 0


if __name__ == "__main__":
    sys.exit(main())
