"""Every command against hostile input: a clear message with its file and line, never a traceback.

Each folder in tests/hostile/ is one case (tests/hostile/README.md lists what each attacks):
`case.yml` says which commands to run and what they must answer; `root/` holds files laid over
a copy of tests/roots/minimal; a few inputs are too large or too odd for git (a 50 MB
transcript, symbolic links to /etc/passwd) and are made at run time by the generators below.

The CLI's last-resort guard turns an unexpected exception into one "internal error" line; a
case that meets it fails here, so the guard never hides a bug.
"""

from __future__ import annotations

import gzip
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from .conftest import ROOTS, STORY_PATH, VALID_STORY
from .sitetools import free_port

HOSTILE = Path(__file__).parent / "hostile"
CASES = sorted(p.name for p in HOSTILE.iterdir() if (p / "case.yml").is_file())
STORY_LINE_AFTER = VALID_STORY + "\n"  # what generators append to: the next line is 22


# -- inputs made at run time ------------------------------------------------------------------

def _write(path: Path, data: str | bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)


def _append_to_story(text: str) -> Callable[[Path, Path], None]:
    def make(root: Path, tmp: Path) -> None:
        _write(root / STORY_PATH, STORY_LINE_AFTER + text + "\n")
    return make


def _alias_bomb(root: Path, tmp: Path) -> None:
    lines = ["- id: a", "  name: A", "  summary: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    for previous, name in zip("abcdefgh", "bcdefghi"):
        lines.append(f"- id: {name}\n  name: {name.upper()}\n  summary: &{name} [" + ", ".join([f"*{previous}"] * 10) + "]")
    _write(root / "content/principles.yml", "\n".join(lines) + "\n")


def _transcript_50mb(root: Path, tmp: Path) -> None:
    turn = "Q1 to @mai: What happened on the night shift?\n\n@mai: We answered every call.\n\n"
    with (tmp / "input.txt").open("w", encoding="utf-8") as out:
        for _ in range(50 * 1024 * 1024 // len(turn) + 1):
            out.write(turn)


GENERATORS: dict[str, Callable[[Path, Path], None]] = {
    "yaml_1000_deep_person": lambda root, tmp: _write(root / "content/people/deep.yml",
                                                      "name: " + "[" * 1000 + "]" * 1000 + "\n"),
    "yaml_1000_deep_front_matter": lambda root, tmp: _write(
        root / "stories/2025/deep.md",
        "---\ntitle: Deep\ndeep:\n" + "".join("  " * level + "-\n" for level in range(1000)) + "---\nText.\n"),
    "alias_bomb": _alias_bomb,
    "mkdocs_1000_deep": lambda root, tmp: _write(root / "mkdocs.yml",
                                                 "site_name: Stories\ntheme:\n  palette: " + "[" * 1000 + "]" * 1000 + "\n"),
    "list_1000_deep": _append_to_story("- " * 1000 + "x"),
    "turn_answer_list_1000_deep": _append_to_story("@mai: " + "- " * 1000 + "x"),
    "quotes_10000_deep": _append_to_story(">" * 10_000 + " x"),
    "html_5000_deep": _append_to_story("<div>" * 5000 + "x" + "</div>" * 5000),
    "emphasis_5000": _append_to_story("*" * 5000 + "x" + "*" * 5000),
    "story_3mb": _append_to_story("word " * 630_000),
    "thousands_of_tags": lambda root, tmp: _write(root / STORY_PATH, VALID_STORY.replace(
        "tags: [tết, night shift]", "tags: [" + ", ".join(f"tag{i}" for i in range(3000)) + "]")),
    "transcript_50mb": _transcript_50mb,
    "mkdocs_is_a_directory": lambda root, tmp: (root / "mkdocs.yml").mkdir(),
    "story_name_with_newline": lambda root, tmp: _write(root / "stories/2025/new\nline.md",
                                                        VALID_STORY.replace("title: \"Tết at the call centre\"",
                                                                            "title: Second")),
}


# -- one case ---------------------------------------------------------------------------------

class Case:
    """A case folder made real in a temporary folder: the root, the links, the input."""

    def __init__(self, name: str, tmp: Path) -> None:
        self.name = name
        self.folder = HOSTILE / name
        self.spec: dict[str, Any] = yaml.safe_load((self.folder / "case.yml").read_text(encoding="utf-8"))
        self.tmp = tmp
        self.root = tmp / "root"
        self.outside = tmp / "outside"
        shutil.copytree(ROOTS / "minimal", self.root)
        if (self.folder / "root").is_dir():
            shutil.copytree(self.folder / "root", self.root, dirs_exist_ok=True)
        self._make_outside()
        if "generate" in self.spec:
            GENERATORS[self.spec["generate"]](self.root, tmp)
        self._make_links()
        for rel in self.spec.get("fifos") or []:
            os.mkfifo(self.root / rel)
        self.stories_before = sorted(p.relative_to(self.root) for p in (self.root / "stories").rglob("*"))

    def _make_outside(self) -> None:
        self.outside.mkdir()
        for rel, text in (self.spec.get("outside") or {}).items():
            _write(self.outside / rel, text)
        for rel, source in (self.spec.get("outside_copy") or {}).items():
            _write(self.outside / rel, (HOSTILE / source).read_bytes())

    def _make_links(self) -> None:
        """Symbolic links are made here, not kept in git: their targets are outside the repository."""
        for rel, target in (self.spec.get("links") or {}).items():
            link = self.root / rel
            if link.is_dir() and not link.is_symlink():
                shutil.rmtree(link)
            elif link.exists() or link.is_symlink():
                link.unlink()
            link.parent.mkdir(parents=True, exist_ok=True)
            os.symlink(self.fill(target), link)

    @property
    def input(self) -> Path:
        name = self.spec.get("input", "")
        generated = self.tmp / name
        return generated if generated.exists() else self.folder / name

    def fill(self, text: str) -> str:
        return (text.replace("{root}", str(self.root)).replace("{tmp}", str(self.tmp))
                .replace("{outside}", str(self.outside)).replace("{input}", str(self.input)))


def run(args: list[str], timeout: float = 180) -> tuple[int, str]:
    env = {**os.environ, "SITE_BUILDER_NOW": "2026-01-01T00:00:00Z"}
    env.pop("SITE_BUILDER_DEBUG", None)
    done = subprocess.run([sys.executable, "-m", "site_builder", *args], capture_output=True, timeout=timeout,
                          env=env, stdin=subprocess.DEVNULL, check=False)
    return done.returncode, (done.stdout + done.stderr).decode("utf-8", "replace")


def assert_no_crash(output: str) -> None:
    assert "Traceback" not in output, output[-3000:]
    assert "internal error" not in output, output[-3000:]


def site_bytes(root: Path) -> list[tuple[Path, bytes]]:
    """Every file of the built site, gzip files unpacked (the search index, the sitemap)."""
    out = []
    for path in sorted((root / "site").rglob("*")) if (root / "site").is_dir() else []:
        if path.is_file():
            data = path.read_bytes()
            out.append((path, gzip.decompress(data) if path.suffix == ".gz" else data))
    return out


def check_run(case: Case, step: dict[str, Any]) -> None:
    args = [case.fill(str(a)) for a in step["args"]]
    code, output = run(args)
    assert_no_crash(output)
    if step.get("exit", "any") != "any":
        assert code == step["exit"], f"{' '.join(args[:2])} exited {code}:\n{output[-3000:]}"
    for expected in step.get("expect") or []:
        assert case.fill(expected) in output, f"{expected!r} not in the output of {args[0]}:\n{output[-3000:]}"
    for secret in step.get("not_in_output") or []:
        assert secret not in output, f"{secret!r}, from outside the root, was printed"
    if step.get("no_site"):
        assert not (case.root / "site").exists(), "site/ was written although the content has errors"
    for secret in step.get("not_in_site") or []:
        for path, data in site_bytes(case.root):
            assert secret.encode("utf-8") not in data, f"{secret!r} was published in {path}"
    if step.get("no_file"):
        path = Path(case.fill(step["no_file"]))
        assert not path.exists(), f"{path} was written although the command failed"
    if step.get("no_file_outside"):
        assert not Path(case.fill(step["no_file_outside"])).exists(), "a file was written outside the root"
    if step.get("no_new_story"):
        after = sorted(p.relative_to(case.root) for p in (case.root / "stories").rglob("*"))
        assert after == case.stories_before, "import wrote a story from input it refused"


@pytest.mark.parametrize("name", CASES)
def test_hostile_case(name: str, tmp_path: Path) -> None:
    case = Case(name, tmp_path)
    for step in case.spec["runs"]:
        check_run(case, step)


# -- the collection itself ----------------------------------------------------------------------

def test_there_are_at_least_thirty_cases_and_each_is_described() -> None:
    readme = (HOSTILE / "README.md").read_text(encoding="utf-8")
    assert len(CASES) >= 30
    for name in CASES:
        spec = yaml.safe_load((HOSTILE / name / "case.yml").read_text(encoding="utf-8"))
        assert spec.get("attacks") and spec.get("runs"), name
        assert f"`{name}`" in readme, f"tests/hostile/README.md does not list {name}"


def test_every_command_meets_a_hostile_case() -> None:
    commands = set()
    for name in CASES:
        for step in yaml.safe_load((HOSTILE / name / "case.yml").read_text(encoding="utf-8"))["runs"]:
            commands.add(" ".join(step["args"][:2]) if step["args"][0] == "new" else step["args"][0])
    assert commands >= {"validate", "build", "import", "new story", "new person", "digest", "publish",
                        "rollback", "schema", "cms-config", "init"}


# -- serve, briefly -------------------------------------------------------------------------------

def test_serve_reports_a_list_1000_deep_and_keeps_running(tmp_path: Path) -> None:
    """The preview prints the story's line and no traceback, and still answers afterwards."""
    case = Case("list-1000-deep", tmp_path)
    port = free_port()
    env = {**os.environ, "SITE_BUILDER_NOW": "2026-01-01T00:00:00Z"}
    process = subprocess.Popen([sys.executable, "-m", "site_builder", "serve", "--root", str(case.root),
                                "--dev-addr", f"127.0.0.1:{port}"], stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, env=env, start_new_session=True)
    try:
        output = _read_until(process, "lists and quotes are nested more than 20 levels deep here", seconds=90)
    finally:
        os.killpg(process.pid, signal.SIGINT)
        try:
            rest, _ = process.communicate(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            rest, _ = process.communicate()
    output += rest.decode("utf-8", "replace")
    assert f"{STORY_PATH}:22: lists and quotes are nested more than 20 levels deep here" in output, output[-3000:]
    assert_no_crash(output)


def _read_until(process: subprocess.Popen[bytes], text: str, seconds: float) -> str:
    """What the process printed until `text` appeared (or the time ran out, or it ended)."""
    assert process.stdout is not None
    os.set_blocking(process.stdout.fileno(), False)
    seen = b""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and text.encode() not in seen and process.poll() is None:
        chunk = process.stdout.read()
        if chunk:
            seen += chunk
        else:
            time.sleep(0.2)
    return seen.decode("utf-8", "replace")


# -- the last-resort guard ----------------------------------------------------------------------

_BROKEN_COMMAND = """
import importlib
import sys

cli = importlib.import_module("site_builder.cli.main")  # the module; `site_builder.cli.main` is also its function

def broken(args):
    raise ValueError("a bug\\nover two lines")

cli.COMMANDS["schema"] = broken
sys.exit(cli.main(["schema"]))
"""


@pytest.mark.parametrize("debug", [False, True])
def test_an_unexpected_exception_is_one_line_unless_debugging(debug: bool) -> None:
    """A bug shows as one line saying what was running, with exit 70; SITE_BUILDER_DEBUG=1
    shows the traceback to whoever reports it."""
    env = {**os.environ}
    env.pop("SITE_BUILDER_DEBUG", None)
    if debug:
        env["SITE_BUILDER_DEBUG"] = "1"
    done = subprocess.run([sys.executable, "-c", _BROKEN_COMMAND], capture_output=True, text=True, env=env,
                          timeout=60, check=False)
    if debug:
        assert done.returncode == 1 and "Traceback" in done.stderr and "ValueError" in done.stderr
        return
    assert done.returncode == 70
    assert done.stderr == ("site-builder: internal error while running 'schema': ValueError: a bug over two "
                           "lines — please report it (SITE_BUILDER_DEBUG=1 shows the traceback)\n")
