"""Deliver a digest over SMTP, with the settings from environment variables (never from files
in the repository, so no password is ever committed)."""

from __future__ import annotations

import smtplib
import ssl
from collections.abc import Mapping
from dataclasses import dataclass
from email.message import EmailMessage

from ..engine.config_text import one_line

PREFIX = "SITE_BUILDER_SMTP_"
VARIABLES = {
    "HOST": "the SMTP server, e.g. smtp.example.com (required)",
    "PORT": "its port (default: 587)",
    "STARTTLS": "true or false: switch to TLS before signing in (default: true)",
    "USER": "the account to sign in with (optional: no sign-in without it)",
    "PASSWORD": "its password",
    "FROM": "the sender, e.g. 'Stories <stories@example.com>' (required)",
    "TO": "the recipients, comma-separated, e.g. all-staff@example.com (required)",
}


class SendError(Exception):
    """The digest could not be sent; the message names the setting or the server's answer."""


@dataclass(frozen=True)
class Smtp:
    host: str
    port: int
    starttls: bool
    user: str
    password: str
    sender: str
    to: tuple[str, ...]


def _get(env: Mapping[str, str], name: str) -> str:
    """A setting, stripped; one that goes into a mail header must be one line."""
    value = env.get(PREFIX + name, "").strip()
    if name in ("FROM", "TO") and not one_line(value):
        raise SendError(f"{PREFIX}{name} holds a line break or control character, which would start a new "
                        "mail header; set it to one line, e.g. 'Stories <stories@example.com>'")
    return value


def sender(env: Mapping[str, str]) -> str:
    """The From address the message names even when it is not sent ("" for the default)."""
    return _get(env, "FROM")


def settings(env: Mapping[str, str]) -> Smtp:
    def get(name: str) -> str:
        return _get(env, name)

    missing = [PREFIX + name for name in ("HOST", "FROM", "TO") if not get(name)]
    if missing:
        raise SendError(f"set {', '.join(missing)} to send (see site-builder digest --help)")
    port_text = get("PORT") or "587"
    if not port_text.isdigit() or not 0 < int(port_text) < 65536:
        raise SendError(f"{PREFIX}PORT must be a port number, not {port_text!r}")
    starttls_text = (get("STARTTLS") or "true").lower()
    if starttls_text not in ("true", "false", "1", "0", "yes", "no"):
        raise SendError(f"{PREFIX}STARTTLS must be true or false, not {starttls_text!r}")
    to = tuple(a.strip() for a in get("TO").split(",") if a.strip())
    return Smtp(get("HOST"), int(port_text), starttls_text in ("true", "1", "yes"), get("USER"),
                env.get(PREFIX + "PASSWORD", ""), get("FROM"), to)


def send(message: EmailMessage, smtp: Smtp, timeout: float = 60) -> None:
    try:
        with smtplib.SMTP(smtp.host, smtp.port, timeout=timeout) as server:
            if smtp.starttls:
                server.starttls(context=ssl.create_default_context())
            if smtp.user:
                server.login(smtp.user, smtp.password)
            server.send_message(message, from_addr=smtp.sender, to_addrs=list(smtp.to))
    except (smtplib.SMTPException, OSError) as exc:
        raise SendError(f"cannot send through {smtp.host}:{smtp.port}: {exc}") from None
