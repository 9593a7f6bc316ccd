"""Reads a PROV-JSON document on stdin with the `prov` library and prints, as JSON, how many
records of each PROV type it holds and the document in PROV-N. Exits non-zero, with the
reader's message, if the document is not PROV-JSON the library accepts."""
import json
import sys
from collections import Counter

from prov.model import ProvDocument

try:
    doc = ProvDocument.deserialize(content=sys.stdin.read(), format="json")
except Exception as e:  # the library raises several kinds; any of them means invalid
    print(f"not valid PROV-JSON: {e}", file=sys.stderr)
    sys.exit(1)

counts = Counter(record.get_type().localpart for record in doc.get_records())
print(json.dumps({"records": counts, "provn": doc.get_provn()}))
