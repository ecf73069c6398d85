"""Where a new content repository's CI installs site-builder from: the one owner of that fact.

`site-builder init` writes three GitHub workflows, `.gitlab-ci.yml`, a pre-commit hook and a
Renovate config, and every one of them installs site-builder. Whatever they install runs with
the repository's CI token, so it must come from a source the company controls and be pinned to
exact bytes. The name `site-builder` on the public index (pypi.org) is not this project's: a
bare `pip install site-builder==0.1.0` runs whatever its owner publishes. So a spec is one of:

- a git URL pinned to a full commit: `git+https://git.example.com/tools/site-builder.git@<40 hex>`
  (a tag or a branch can be moved; a commit cannot);
- a wheel URL with its SHA-256: `https://.../site_builder-0.1.0-py3-none-any.whl#sha256=<64 hex>`
  (or `URL --hash=sha256:<64 hex>`); pip refuses the file if a single byte differs;
- the company's own index and an exact version: `--index-url https://pypi.example.com/simple
  site-builder==0.1.0`, which must be https, since nothing else pins those bytes.

This module parses and validates a spec (`parse`), finds the default (`from_direct_url`: where
the running site-builder was installed from, read from its PEP 610 `direct_url.json`), and
renders it for each consumer (`pip_arguments`, `pre_commit_dependencies`, `needs_git`,
`renovate_managers`). The templates in `site_builder/starter/` ask this object; none of them
spells an install of their own.
"""

from __future__ import annotations

import json
import re
import shlex
import subprocess
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Any, Literal
from urllib.parse import unquote, urlsplit

DIST = "site-builder"
WHEEL_PREFIX = "site_builder-"  # a wheel's file name starts with its normalized project name

COMMIT = re.compile(r"[0-9a-f]{40}")
SHA256 = re.compile(r"[0-9a-f]{64}")
VERSION = re.compile(r"[0-9]+(\.[0-9]+)*([a-z]+[0-9]*)?(\.(post|dev)[0-9]+)?")
# No quotes, spaces, `$`, braces or backslashes: the URL lands in shell lines, YAML and JSON,
# and a GitHub workflow expands `${{ ... }}`. Real URLs of git servers and file stores fit.
URL_TEXT = re.compile(r"[A-Za-z0-9._~:/?#@!&()*+,;=%-]+")

EXAMPLE_GIT = "git+https://git.example.com/tools/site-builder.git@<40-character commit>"
EXAMPLE_WHEEL = "https://files.example.com/site_builder-{version}-py3-none-any.whl#sha256=<64 hex>"
EXAMPLE_INDEX = "--index-url https://pypi.example.com/simple site-builder=={version}"


class InstallSpecError(ValueError):
    """A spec that would not pin site-builder to bytes the company controls; says how to fix it."""


@dataclass(frozen=True)
class InstallSpec:
    """One pinned source of site-builder. `pin` is the commit, the SHA-256 or the version."""

    kind: Literal["git", "wheel", "index"]
    url: str
    pin: str

    def __str__(self) -> str:
        """The spec as `--install` takes it, so a printed default can be passed back as is."""
        if self.kind == "index":
            return f"--index-url {self.url} {DIST}=={self.pin}"
        return self.requirement_url

    @property
    def requirement_url(self) -> str:
        """The direct URL, with the pin inside it (git and wheel only)."""
        if self.kind == "git":
            base, _, subdirectory = self.url.partition("#")
            return f"git+{base}@{self.pin}" + (f"#{subdirectory}" if subdirectory else "")
        if self.kind == "wheel":
            return f"{self.url}#sha256={self.pin}"
        raise ValueError("an index spec has no direct URL")

    @property
    def needs_git(self) -> bool:
        """pip clones a git spec with the `git` program, which slim CI images lack."""
        return self.kind == "git"

    def pip_arguments(self) -> list[str]:
        """What follows `pip install`. A direct reference (`name @ URL`) makes pip check that
        the URL really holds site-builder, and a `#sha256=` in it makes pip check the bytes."""
        if self.kind == "index":
            return ["--index-url", self.url, f"{DIST}=={self.pin}"]
        return [f"{DIST} @ {self.requirement_url}"]

    def pip_shell(self) -> str:
        """`pip_arguments` quoted for a shell line (GitHub `run:`, GitLab `script:`)."""
        return shlex.join(self.pip_arguments())

    def pre_commit_dependencies(self) -> list[str]:
        """`additional_dependencies` of a local `language: python` hook. pre-commit passes them
        to `pip install . <deps>` as separate arguments, so `--index-url=URL` is an option there."""
        if self.kind == "index":
            return [f"--index-url={self.url}", f"{DIST}=={self.pin}"]
        return self.pip_arguments()

    def describe(self) -> str:
        """One line for a person: where CI gets site-builder, and what pins it."""
        if self.kind == "git":
            return f"the git repository {self.url.partition('#')[0]}, at commit {self.pin}"
        if self.kind == "wheel":
            return f"the wheel {self.url}, checked against SHA-256 {self.pin}"
        return f"the package index {self.url}, version {self.pin}"

    def renovate_managers(self) -> list[dict[str, Any]]:
        """Renovate custom managers that keep this pin current in every CI file `init` writes.

        A wheel URL has no feed of newer wheels, so it gets none: its pin is raised by hand.
        """
        files = ["/^\\.gitlab-ci\\.yml$/", "/^\\.github/workflows/[^/]+\\.ya?ml$/",
                 "/^\\.pre-commit-config\\.yaml$/"]
        if self.kind == "git":
            return [{
                "description": "site-builder pinned to a commit: proposes the newest commit of "
                               "the branch in currentValueTemplate (change it to follow another)",
                "customType": "regex",
                "managerFilePatterns": files,
                "matchStrings": [f"{DIST} @ git\\+(?<packageName>[^\\s'\"#]+)@(?<currentDigest>[0-9a-f]{{40}})"],
                "depNameTemplate": DIST,
                "datasourceTemplate": "git-refs",
                "currentValueTemplate": "main",
            }]
        if self.kind == "index":
            return [{
                "description": "site-builder from the company's index: proposes its new versions",
                "customType": "regex",
                "managerFilePatterns": files,
                "matchStrings": [f"{DIST}==(?<currentValue>[0-9][^\\s'\"]*)"],
                "depNameTemplate": DIST,
                "datasourceTemplate": "pypi",
                "registryUrlTemplate": self.url,
                "versioningTemplate": "pep440",
            }]
        return []


# --- parsing ----------------------------------------------------------------------------------

def parse(text: str, version: str) -> InstallSpec:
    """Read an `--install` value; refuse anything that does not pin bytes the company controls.

    `version` is the running site-builder's, used only in the examples of an error.
    """
    try:
        words = shlex.split(text)
    except ValueError as exc:
        raise InstallSpecError(f"cannot read {text!r}: {exc}") from None
    if not words:
        raise InstallSpecError(_forms("the spec is empty", version))
    if words[0] in ("--index-url", "-i") or words[0].startswith("--index-url="):
        return _parse_index(words, version)
    if any(word.startswith("--extra-index-url") for word in words):
        raise InstallSpecError(
            "--extra-index-url lets pip take site-builder from pypi.org when that index has a "
            "higher version (dependency confusion); use --index-url with your own index alone")
    if len(words) >= 3 and words[0] == DIST and words[1] == "@":  # `site-builder @ URL`
        words = words[2:]
    first = words[0]
    if first.startswith("git+"):
        if len(words) > 1:
            raise InstallSpecError(f"unexpected {' '.join(words[1:])!r} after the git URL")
        return _parse_git(first)
    if "://" in first:
        return _parse_wheel(words, version)
    raise InstallSpecError(_forms(_bare_name_problem(first), version))


def _bare_name_problem(word: str) -> str:
    name = re.split(r"[=<>!~\[ ]", word, maxsplit=1)[0]
    if name.replace("_", "-").lower() == DIST:
        return (f"'{word}' would come from the public index (pypi.org), where the name "
                f"'{DIST}' is not this project's: whoever publishes it would run code in your CI")
    return f"'{word}' is not a git URL, a wheel URL or an --index-url"


def _check_url_text(url: str, what: str) -> None:
    if not URL_TEXT.fullmatch(url):
        bad = sorted({ch for ch in url if not URL_TEXT.fullmatch(ch)})
        raise InstallSpecError(f"the {what} {url!r} has characters CI files cannot carry safely: "
                               f"{' '.join(repr(ch) for ch in bad)}; percent-encode them")


def _parse_git(text: str) -> InstallSpec:
    _check_url_text(text, "git URL")
    url = text[len("git+"):]
    base, hash_sign, fragment = url.partition("#")
    scheme = urlsplit(base).scheme
    if scheme not in ("https", "ssh"):
        raise InstallSpecError(
            f"'{text}': CI must fetch site-builder over https or ssh, not {scheme or 'a local path'}"
            f" (a file: or plain git: URL is not something CI can reach safely); {_example_git()}")
    location, at, revision = base.rpartition("@")
    if not at or "/" in revision or not location or urlsplit(location).netloc == "":
        raise InstallSpecError(f"'{text}' names no commit, so CI would install whatever the "
                               f"branch holds that day; pin it: {_example_git()}")
    if not COMMIT.fullmatch(revision):
        what = "a short commit" if re.fullmatch(r"[0-9a-fA-F]{4,39}", revision) else "a tag or branch"
        raise InstallSpecError(
            f"'{revision}' in '{text}' is {what}, which can be moved or is ambiguous; use the full "
            f"40-character commit (git rev-parse '{revision}^{{commit}}'): {_example_git()}")
    if hash_sign and not re.fullmatch(r"subdirectory=[A-Za-z0-9._/-]+", fragment):
        raise InstallSpecError(f"'{text}': only '#subdirectory=PATH' may follow the commit")
    return InstallSpec("git", location + (f"#{fragment}" if hash_sign else ""), revision)


def _parse_wheel(words: list[str], version: str) -> InstallSpec:
    url, *rest = words
    digest = ""
    if "#" in url:
        url, _, fragment = url.partition("#")
        if not fragment.startswith("sha256="):
            raise InstallSpecError(f"'#{fragment}': a wheel URL is pinned with '#sha256=<64 hex>'")
        digest = fragment[len("sha256="):]
    for word in rest:
        if word.startswith("--hash=sha256:") and not digest:
            digest = word[len("--hash=sha256:"):]
        else:
            raise InstallSpecError(f"unexpected {word!r} after the wheel URL; a wheel URL takes "
                                   f"one '--hash=sha256:<64 hex>' or '#sha256=<64 hex>'")
    _check_url_text(url, "wheel URL")
    parts = urlsplit(url)
    if parts.scheme not in ("https", "http"):
        raise InstallSpecError(
            f"'{url}' is not a URL CI can download ({parts.scheme}: exists only on this machine); "
            f"put the wheel where CI can fetch it: {EXAMPLE_WHEEL.format(version=version)}")
    filename = unquote(parts.path.rsplit("/", 1)[-1])
    if not filename.endswith(".whl"):
        raise InstallSpecError(f"'{url}' is not a wheel (.whl); give a wheel URL, a git URL "
                               f"pinned to a commit, or --index-url")
    if not filename.lower().startswith(WHEEL_PREFIX):
        raise InstallSpecError(f"'{filename}' is not a site-builder wheel (its name starts "
                               f"with '{WHEEL_PREFIX}')")
    if not digest:
        raise InstallSpecError(
            f"'{url}' has no hash, so any file at that address would be installed; add "
            f"'#sha256=<64 hex>' (sha256sum {filename})")
    if not SHA256.fullmatch(digest.lower()):
        raise InstallSpecError(f"'{digest}' is not a SHA-256 (64 hexadecimal characters)")
    return InstallSpec("wheel", url, digest.lower())


def _parse_index(words: list[str], version: str) -> InstallSpec:
    if words[0].startswith("--index-url="):
        words = [words[0].split("=", 1)[0], words[0].split("=", 1)[1], *words[1:]]
    if len(words) != 3:
        raise InstallSpecError(f"an index spec is '--index-url URL {DIST}==VERSION', e.g. "
                               f"{EXAMPLE_INDEX.format(version=version)!r}")
    _, url, requirement = words
    _check_url_text(url, "index URL")
    if urlsplit(url).scheme != "https" or not urlsplit(url).netloc:
        raise InstallSpecError(f"the index URL '{url}' must be https: nothing else pins what "
                               f"an index sends")
    name, equals, pinned = requirement.partition("==")
    if name.replace("_", "-").lower() != DIST or not equals or not VERSION.fullmatch(pinned):
        raise InstallSpecError(f"'{requirement}': name one exact version, as "
                               f"'{DIST}=={version}'")
    if urlsplit(url).netloc.lower() in ("pypi.org", "pypi.python.org", "files.pythonhosted.org"):
        raise InstallSpecError(_bare_name_problem(requirement) + "; --index-url must be your own index")
    return InstallSpec("index", url, pinned)


def _example_git() -> str:
    return f"e.g. '{EXAMPLE_GIT}'"


def _forms(problem: str, version: str) -> str:
    return (f"{problem}. Pass --install with one of:\n"
            f"  --install '{EXAMPLE_GIT}'\n"
            f"  --install '{EXAMPLE_WHEEL.format(version=version)}'\n"
            f"  --install '{EXAMPLE_INDEX.format(version=version)}'")


# --- the default: where the running site-builder came from -------------------------------------

def from_direct_url(direct_url: str | None, version: str) -> InstallSpec:
    """The pinned spec of an install, from its PEP 610 `direct_url.json` (None: there is none).

    An install from an index records no direct URL, and which index it was is not recorded:
    that, a local folder (editable or not) and a local file have no source CI could fetch, so
    they are refused with the fix, filled in as far as this machine knows it.
    """
    if direct_url is None:
        raise InstallSpecError(_forms(
            f"site-builder {version} was installed from a package index, and which index is not "
            f"recorded, so init cannot tell where CI should get it", version))
    try:
        record = json.loads(direct_url)
        url = str(record["url"])
    except (ValueError, KeyError, TypeError):
        raise InstallSpecError(_forms("site-builder's direct_url.json cannot be read", version)) from None
    if "vcs_info" in record:
        return _from_vcs(record, url, version)
    if "archive_info" in record:
        return _from_archive(record, url, version)
    folder = unquote(urlsplit(url).path)
    editable = " (editable)" if record.get("dir_info", {}).get("editable") else ""
    commit = _head_commit(Path(folder))
    hint = (f"; this folder is at commit {commit}: if your git server has it, pass --install "
            f"'git+https://<your git server>/<path>.git@{commit}'") if commit else ""
    raise InstallSpecError(_forms(f"site-builder runs from the folder {folder}{editable}, which "
                                  f"CI cannot fetch{hint}", version))


def _from_vcs(record: dict[str, Any], url: str, version: str) -> InstallSpec:
    vcs = record["vcs_info"]
    if vcs.get("vcs") != "git" or not COMMIT.fullmatch(str(vcs.get("commit_id", ""))):
        raise InstallSpecError(_forms(f"site-builder was installed from {url} without a git "
                                      f"commit to pin", version))
    subdirectory = record.get("subdirectory")
    text = f"git+{url}@{vcs['commit_id']}" + (f"#subdirectory={subdirectory}" if subdirectory else "")
    return parse(text, version)


def _from_archive(record: dict[str, Any], url: str, version: str) -> InstallSpec:
    info = record["archive_info"]
    digest = str(info.get("hashes", {}).get("sha256", ""))
    if not digest and str(info.get("hash", "")).startswith("sha256="):
        digest = str(info["hash"])[len("sha256="):]
    if urlsplit(url).scheme == "file":
        path = unquote(urlsplit(url).path)
        name = path.rsplit("/", 1)[-1]
        raise InstallSpecError(_forms(
            f"site-builder was installed from the file {path}, which CI cannot fetch; put it "
            f"where CI can download it and pass --install 'https://<where you put it>/{name}"
            f"#sha256={digest or '<sha256sum of the file>'}'", version))
    if not digest:
        raise InstallSpecError(_forms(f"site-builder was installed from {url} with no SHA-256 "
                                      f"recorded", version))
    return parse(f"{url}#sha256={digest}", version)


def _head_commit(folder: Path) -> str:
    """The commit a source folder is at, to fill in the fix; empty when it is not a checkout."""
    try:
        result = subprocess.run(["git", "-C", str(folder), "rev-parse", "HEAD"], text=True,
                                capture_output=True, check=False, timeout=10)
    except (OSError, subprocess.SubprocessError):
        return ""
    commit = result.stdout.strip()
    return commit if result.returncode == 0 and COMMIT.fullmatch(commit) else ""


def running_direct_url() -> str | None:
    """The running site-builder's `direct_url.json`, or None when it was installed from an index.

    Only an installed distribution counts (it has an INSTALLER file): a source checkout holds a
    `site_builder.egg-info` left by a build, which is first on the path when site-builder runs
    from there, and it says nothing about where the install came from.
    """
    for dist in metadata.distributions(name=DIST):
        if dist.read_text("INSTALLER") is not None:
            return dist.read_text("direct_url.json")
    return None


def resolve(given: str | None, version: str) -> InstallSpec:
    """The `--install` value, or the pinned source of the running site-builder when none is given."""
    if given is not None:
        return parse(given, version)
    return from_direct_url(running_direct_url(), version)
