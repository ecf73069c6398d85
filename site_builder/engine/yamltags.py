"""YAML for mkdocs.yml: safe, keeping the few tags the engine resolves itself.

MkDocs reads its configuration with PyYAML's unsafe loader, so a content root's
`!!python/object/apply:os.system [...]` would run in CI. We read the root's file safely and
keep only `!!python/name:` of the theme's extension functions (`Tagged`, written back as they
were); any other tag, `!ENV` included (CI variables hold secrets, and a page would print them),
is an error at its line.
"""

from __future__ import annotations

from typing import Any

import yaml


class Tagged:
    """A YAML value with a tag we do not interpret (`!ENV`, `!!python/name:...`)."""

    def __init__(self, tag: str, value: Any) -> None:
        self.tag, self.value = tag, value

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Tagged) and (self.tag, self.value) == (other.tag, other.value)


class Loader(yaml.SafeLoader):
    """Safe YAML that keeps tags it does not interpret (`Tagged`)."""


# `!!python/name:` targets a content root may use: functions the theme's extensions call.
ALLOWED_NAMES = ("material.extensions.emoji.", "pymdownx.", "material.plugins.")
PYTHON_NAME = "tag:yaml.org,2002:python/name:"


def _keep_tag(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> Tagged:
    tag = node.tag
    if not (tag.startswith(PYTHON_NAME) and tag.removeprefix(PYTHON_NAME).startswith(ALLOWED_NAMES)):
        shown = tag.replace("tag:yaml.org,2002:", "!!")
        raise yaml.constructor.ConstructorError(
            None, None, f"the YAML tag {shown} is not allowed in mkdocs.yml (it could run code or read "
            "the CI's secrets); write the value itself", node.start_mark)
    if isinstance(node, yaml.ScalarNode):
        return Tagged(tag, loader.construct_scalar(node))
    if isinstance(node, yaml.SequenceNode):
        return Tagged(tag, loader.construct_sequence(node, deep=True))
    return Tagged(tag, loader.construct_mapping(node, deep=True))  # type: ignore[arg-type]


Loader.add_multi_constructor("!", _keep_tag)
Loader.add_multi_constructor("tag:yaml.org,2002:python/", _keep_tag)


class Dumper(yaml.SafeDumper):
    """Writes `Tagged` values back with their tags, for the engine to resolve."""


def _dump_tagged(dumper: yaml.SafeDumper, data: Tagged) -> yaml.Node:
    if isinstance(data.value, list):
        return dumper.represent_sequence(data.tag, data.value)
    if isinstance(data.value, dict):
        return dumper.represent_mapping(data.tag, data.value)
    return dumper.represent_scalar(data.tag, data.value)


Dumper.add_representer(Tagged, _dump_tagged)
