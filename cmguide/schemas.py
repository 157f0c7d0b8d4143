"""JSON Schemas of the content files, generated from the models, for editors (yaml-language-server)."""

from __future__ import annotations

import json
import posixpath
from pathlib import Path
from typing import Any

from .loader import FILE_KINDS

SCHEMA_DIR = "schemas"


def schemas(languages: list[str]) -> dict[str, str]:
    """File name -> JSON text, for every kind of content file."""
    out = {}
    for pattern, model, name in FILE_KINDS:
        schema = model.model_json_schema()
        schema = _localised(schema, languages)
        schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
        schema["title"] = f"{pattern} ({model.__name__})"
        out[f"{name}.schema.json"] = json.dumps(schema, indent=2, ensure_ascii=False, sort_keys=True) + "\n"
    return out


def header(file: str) -> str:
    """The first line a content file needs so that editors validate it against its schema."""
    for pattern, _model, name in FILE_KINDS:
        if Path(file).match(pattern) and file.count("/") == pattern.count("/"):
            rel = posixpath.relpath(f"{SCHEMA_DIR}/{name}.schema.json", posixpath.dirname(file))
            return f"# yaml-language-server: $schema={rel}"
    raise ValueError(f"{file} is not a content file")


def write(root: Path, languages: list[str]) -> list[Path]:
    folder = root / SCHEMA_DIR
    folder.mkdir(exist_ok=True)
    written = []
    for name, text in schemas(languages).items():
        path = folder / name
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
            written.append(path)
    return written


def _localised(node: Any, languages: list[str]) -> Any:
    """A localised text ({fr: ..., en: ...}) requires every language of the site, and only those."""
    if isinstance(node, dict):
        node = {k: _localised(v, languages) for k, v in node.items()}
        if (
            node.get("type") == "object"
            and isinstance(node.get("additionalProperties"), dict)
            and node["additionalProperties"].get("type") == "string"
        ):
            node["required"] = list(languages)
            node["propertyNames"] = {"enum": list(languages)}
        return node
    if isinstance(node, list):
        return [_localised(v, languages) for v in node]
    return node
