"""Gradescope's results.json, as a JSON Schema (from Gradescope's autograder specification:
top-level score, execution_time, output, visibility, stdout_visibility and tests; each
test with score, max_score, status, name, number, output, tags and visibility).

Validated with the ``jsonschema`` package when it is installed, else with the small
subset of JSON Schema this schema uses, implemented below."""

from __future__ import annotations

VISIBILITY = {"enum": ["hidden", "after_due_date", "after_published", "visible"]}
FORMAT = {"enum": ["text", "html", "simple_format", "md", "ansi"]}

GRADESCOPE_SCHEMA = {
    "type": "object",
    "required": ["tests"],
    "additionalProperties": False,
    "properties": {
        "score": {"type": "number", "minimum": 0},
        "execution_time": {"type": "number", "minimum": 0},
        "output": {"type": "string"},
        "output_format": FORMAT,
        "test_output_format": FORMAT,
        "test_name_format": FORMAT,
        "visibility": VISIBILITY,
        "stdout_visibility": VISIBILITY,
        "extra_data": {"type": "object"},
        "leaderboard": {"type": "array"},
        "tests": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["name", "score", "max_score"],
                "additionalProperties": False,
                "properties": {
                    "score": {"type": "number", "minimum": 0},
                    "max_score": {"type": "number", "minimum": 0},
                    "status": {"enum": ["passed", "failed"]},
                    "name": {"type": "string", "minLength": 1},
                    "name_format": FORMAT,
                    "number": {"type": "string"},
                    "output": {"type": "string"},
                    "output_format": FORMAT,
                    "tags": {"type": "array", "items": {"type": "string"}},
                    "visibility": VISIBILITY,
                    "extra_data": {"type": "object"},
                },
            },
        },
    },
}

_TYPES = {"object": dict, "array": list, "string": str, "number": (int, float), "boolean": bool}


def _check(value, schema, where: str) -> None:
    kind = schema.get("type")
    if kind is not None:
        if not isinstance(value, _TYPES[kind]) or (kind == "number" and isinstance(value, bool)):
            raise AssertionError(f"{where}: expected {kind}, got {value!r}")
    if "enum" in schema and value not in schema["enum"]:
        raise AssertionError(f"{where}: {value!r} is not one of {schema['enum']}")
    if "minimum" in schema and value < schema["minimum"]:
        raise AssertionError(f"{where}: {value!r} is below {schema['minimum']}")
    if "minLength" in schema and len(value) < schema["minLength"]:
        raise AssertionError(f"{where}: too short")
    if isinstance(value, dict):
        for key in schema.get("required", []):
            if key not in value:
                raise AssertionError(f"{where}: {key} is required")
        properties = schema.get("properties", {})
        for key, item in value.items():
            if key in properties:
                _check(item, properties[key], f"{where}.{key}")
            elif schema.get("additionalProperties") is False:
                raise AssertionError(f"{where}: unexpected property {key}")
    if isinstance(value, list) and "items" in schema:
        for index, item in enumerate(value):
            _check(item, schema["items"], f"{where}[{index}]")


def validate_gradescope(data) -> None:
    """Raise AssertionError (or jsonschema's ValidationError) unless ``data`` is valid."""
    try:
        import jsonschema
    except ImportError:
        _check(data, GRADESCOPE_SCHEMA, "results")
        return
    jsonschema.validate(data, GRADESCOPE_SCHEMA)
    _check(data, GRADESCOPE_SCHEMA, "results")
