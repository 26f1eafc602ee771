"""MkDocs hook: write the API reference page from the OpenAPI schema the API serves.

The page is generated at every build from drf-spectacular's schema, so it cannot drift
from the code: each operation with its parameters, request body and answers, then each
schema component with its fields.
"""

import os
import sys
from pathlib import Path

from mkdocs.structure.files import File

ROOT = Path(__file__).resolve().parents[2]
PAGE = "api-reference.md"
METHODS = ("get", "post", "put", "patch", "delete")


def on_files(files, config):
    files.append(File.generated(config, PAGE, content=reference()))
    return files


def schema() -> dict:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
    import django

    django.setup()
    from drf_spectacular.generators import SchemaGenerator

    return SchemaGenerator().get_schema(request=None, public=True)


def reference() -> str:
    api = schema()
    lines = [
        "# API reference",
        "",
        f"Generated from the OpenAPI {api['openapi']} schema at every build of these pages "
        "(the running site serves the same schema at `/api/v1/schema/`, and interactive "
        "docs at `/api/v1/docs/`). The guide is [The API](api.md).",
        "",
    ]
    for tag, operations in by_tag(api).items():
        lines += [f"## {tag}", ""]
        for path, method, operation in operations:
            lines += operation_lines(path, method, operation)
    lines += ["## Schemas", ""]
    for name, component in sorted(api.get("components", {}).get("schemas", {}).items()):
        lines += component_lines(name, component)
    return "\n".join(lines) + "\n"


def by_tag(api) -> dict:
    tags = {}
    for path, item in api["paths"].items():
        for method in METHODS:
            if operation := item.get(method):
                tag = (operation.get("tags") or ["other"])[0]
                tags.setdefault(tag, []).append((path, method, operation))
    return dict(sorted(tags.items()))


def operation_lines(path, method, operation) -> list[str]:
    lines = [f"### `{method.upper()} {path}`", ""]
    if summary := operation.get("summary"):
        lines += [f"**{summary}**", ""]
    if description := operation.get("description"):
        lines += [description.strip(), ""]
    parameters = operation.get("parameters", [])
    if parameters:
        lines += [
            "| parameter | in | type | required | meaning |",
            "| --- | --- | --- | --- | --- |",
        ]
        for parameter in parameters:
            kind = type_of(parameter.get("schema", {}))
            required = "yes" if parameter.get("required") else ""
            meaning = cell(parameter.get("description", ""))
            lines.append(
                f"| `{parameter['name']}` | {parameter['in']} | {kind} | {required} | {meaning} |"
            )
        lines.append("")
    if body := operation.get("requestBody"):
        kinds = ", ".join(
            f"`{media}`: {type_of(content.get('schema', {}))}"
            for media, content in body.get("content", {}).items()
        )
        lines += [f"Request body: {kinds}", ""]
    lines += ["| answer | meaning | body |", "| --- | --- | --- |"]
    for code, response in operation.get("responses", {}).items():
        bodies = ", ".join(
            f"`{media}` {type_of(content.get('schema', {}))}"
            for media, content in response.get("content", {}).items()
        )
        lines.append(f"| {code} | {cell(response.get('description', ''))} | {bodies} |")
    return [*lines, ""]


def component_lines(name, component) -> list[str]:
    lines = [f"### {name}", ""]
    if description := component.get("description"):
        lines += [description.strip(), ""]
    if values := component.get("enum"):
        return [*lines, "One of: " + ", ".join(f"`{v}`" for v in values if v not in ("", None)), ""]
    properties = component.get("properties", {})
    if properties:
        required = set(component.get("required", []))
        lines += ["| field | type | required | meaning |", "| --- | --- | --- | --- |"]
        for field, spec in properties.items():
            flags = "read only" if spec.get("readOnly") else ""
            flags = flags or ("yes" if field in required else "")
            lines.append(
                f"| `{field}` | {type_of(spec)} | {flags} | {cell(spec.get('description', ''))} |"
            )
        lines.append("")
    return lines


def type_of(spec: dict) -> str:
    if ref := spec.get("$ref"):
        name = ref.rsplit("/", 1)[1]
        return f"[{name}](#{name.lower()})"
    for combined in ("allOf", "oneOf", "anyOf"):
        if parts := spec.get(combined):
            return " or ".join(type_of(part) for part in parts)
    kind = spec.get("type", "object")
    if kind == "array":
        return f"list of {type_of(spec.get('items', {}))}"
    if enum := spec.get("enum"):
        return " \\| ".join(f"`{v}`" for v in enum if v not in ("", None)) or kind
    shown = f"{kind} ({spec['format']})" if spec.get("format") else kind
    return f"{shown}, or null" if spec.get("nullable") else shown


def cell(text: str) -> str:
    return " ".join(str(text).split()).replace("|", "\\|")
