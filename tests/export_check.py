"""Checks an export with a validator we did not write. Reads the document on stdin; the
argument names its format:

- cyclonedx: the CycloneDX 1.6 JSON schema shipped by cyclonedx-python-lib (strict, with
  format checks), plus every dependency ref resolving to a component;
- spdx: SPDX's own Python bindings of the SPDX 3.0.1 model (spdx-python-model), which reject
  unknown classes and properties, values of the wrong type or outside an enumeration and
  references to elements of the wrong class, then check that every reference resolves and
  that every required property is present. No package on PyPI or npm ships the SPDX 3.0.1
  JSON schema, and nothing here may fetch it at run time;
- prov: the W3C PROV reference implementation (prov).

Prints a short JSON summary; exits 1 with the validator's message if the document is
invalid, 2 on bad usage."""
import io
import json
import sys
from collections import Counter


class Invalid(Exception):
    pass


def cyclonedx(text):
    from cyclonedx.schema import SchemaVersion
    from cyclonedx.validation.json import JsonStrictValidator

    error = JsonStrictValidator(SchemaVersion.V1_6).validate_str(text)
    if error is not None:
        raise Invalid(f"not valid CycloneDX 1.6: {error}")
    bom = json.loads(text)
    refs = set()

    def collect(components):
        for c in components:
            if "bom-ref" in c:
                refs.add(c["bom-ref"])
            collect(c.get("components", []))

    collect([bom.get("metadata", {}).get("component", {})] + bom.get("components", []))
    for dep in bom.get("dependencies", []):
        for ref in [dep["ref"]] + dep.get("dependsOn", []):
            if ref not in refs:
                raise Invalid(f"dependency ref {ref} names no component")
    return {
        "serialNumber": bom.get("serialNumber"),
        "components": Counter(c["type"] for c in bom.get("components", [])),
        "dependencies": len(bom.get("dependencies", [])),
    }


def spdx(text):
    import spdx_python_model
    from spdx_python_model import v3_0_1

    data = json.loads(text)
    if data.get("@context") != "https://spdx.org/rdf/3.0.1/spdx-context.jsonld":
        raise Invalid(f"not SPDX 3.0.1 JSON-LD: @context is {data.get('@context')!r}")
    try:
        model, objset = spdx_python_model.load_data(data)
        missing = objset.link()
        if missing:
            raise Invalid(f"references to elements not in the document: {sorted(missing)}")
        # Writing checks what reading does not: required properties and cardinalities.
        model.JSONLDSerializer().write(objset, io.BytesIO())
    except Invalid:
        raise
    except Exception as e:  # the bindings raise several kinds; any of them means invalid
        raise Invalid(f"not valid SPDX 3.0.1: {type(e).__name__}: {e}")
    if model is not v3_0_1:
        raise Invalid(f"read with the wrong model: {model.__name__}")
    docs = list(objset.foreach_type(model.SpdxDocument))
    if len(docs) != 1:
        raise Invalid(f"expected one SpdxDocument, found {len(docs)}")
    return {
        "elements": Counter(o.get_compact_type() for o in objset.foreach()),
        "rootElement": [e._id if hasattr(e, "_id") else e for e in docs[0].rootElement],
    }


def prov(text):
    from prov.model import ProvDocument

    try:
        doc = ProvDocument.deserialize(content=text, format="json")
    except Exception as e:  # the library raises several kinds; any of them means invalid
        raise Invalid(f"not valid PROV-JSON: {e}")
    return {"records": Counter(r.get_type().localpart for r in doc.get_records())}


CHECKS = {"cyclonedx": cyclonedx, "spdx": spdx, "prov": prov}

if __name__ == "__main__":
    if len(sys.argv) != 2 or sys.argv[1] not in CHECKS:
        print(f"usage: {sys.argv[0]} {{{','.join(CHECKS)}}} < document.json", file=sys.stderr)
        sys.exit(2)
    try:
        summary = CHECKS[sys.argv[1]](sys.stdin.read())
    except (Invalid, ValueError) as e:  # ValueError: not JSON at all
        print(str(e), file=sys.stderr)
        sys.exit(1)
    print(json.dumps({"format": sys.argv[1], "valid": True, **summary}))
