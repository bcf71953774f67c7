#!/usr/bin/env python3
# csvjson.py: an answer's CSV body (stdin), read by Python's csv module,
# written as JSON lines: the header row, then each row of values, numbers
# as numbers, so that jq can set them beside the JSON answer.  Exits 1
# when a line does not end with CRLF or the rows differ in length.
import csv
import io
import json
import sys

data = sys.stdin.buffer.read()
if data and (not data.endswith(b"\r\n") or
             data.replace(b"\r\n", b"").count(b"\n") > 0 or
             data.replace(b"\r\n", b"").count(b"\r") > 0):
    sys.exit("csvjson: a line does not end with CRLF")
rows = list(csv.reader(io.StringIO(data.decode("utf-8"), newline="")))
if not rows:
    sys.exit("csvjson: no header row")
for r in rows[1:]:
    if len(r) != len(rows[0]):
        sys.exit("csvjson: a row of %d fields under %d names" % (len(r), len(rows[0])))


def value(s):
    try:
        return int(s)
    except ValueError:
        return s


print(json.dumps(rows[0], separators=(",", ":")))
for r in rows[1:]:
    print(json.dumps([value(v) for v in r], separators=(",", ":")))
