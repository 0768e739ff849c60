"""Validates batches of JSON instances against JSON Schema documents with
python-jsonschema's Draft202012Validator (an implementation qapi-gen did not
write), for the test suite.

Reads one JSON object from standard input:

    {"documents": {"NAME": <schema document>, ...},
     "cases": [{"document": "NAME", "ref": "#/$defs/KEY" or null,
                "instance": <any JSON>, "valid": true|false, "label": "..."}]}

`ref` selects a `$defs` entry of the document (null: the document's root).
Prints one line per case whose outcome differs from `valid`, with the
validator's best error, and a summary line; exits 1 when any case differs,
2 when a document is not a valid 2020-12 schema.
"""

import json
import sys

import jsonschema
from jsonschema import Draft202012Validator


def validator_for(documents, cache, name, ref):
    key = (name, ref)
    if key not in cache:
        document = documents[name]
        if ref is None:
            schema = document
        else:
            schema = {k: v for k, v in document.items() if k not in ("oneOf", "not")}
            schema["$ref"] = ref
        cache[key] = Draft202012Validator(schema)
    return cache[key]


def main():
    batch = json.load(sys.stdin)
    documents = batch["documents"]
    for name, document in documents.items():
        try:
            Draft202012Validator.check_schema(document)
        except jsonschema.exceptions.SchemaError as error:
            print(f"{name}: not a valid 2020-12 schema: {error.message}")
            return 2
    cache = {}
    wrong = 0
    for case in batch["cases"]:
        validator = validator_for(documents, cache, case["document"], case.get("ref"))
        error = jsonschema.exceptions.best_match(validator.iter_errors(case["instance"]))
        valid = error is None
        if valid != case["valid"]:
            wrong += 1
            target = case.get("ref") or "root"
            expected = "valid" if case["valid"] else "invalid"
            detail = "" if error is None else f": {error.message} at {error.json_path}"
            print(f"{case['document']} {target}: {case['label']}: expected {expected}{detail}")
            print(f"    instance: {json.dumps(case['instance'])}")
    print(f"{len(batch['cases'])} cases, {wrong} with an unexpected outcome")
    return 1 if wrong else 0


if __name__ == "__main__":
    sys.exit(main())
