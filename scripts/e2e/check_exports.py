#!/usr/bin/env python3
"""Checks review exports against each tool's documented format, with offsets counted as Python
counts them (code points of `str`).

usage: check_exports.py CLAIMS.jsonl LABEL_STUDIO.json PRODIGY.jsonl DOCCANO.jsonl
Prints one line per check that failed and exits 1 if any did.
"""
import json
import sys

claims_path, ls_path, prodigy_path, doccano_path = sys.argv[1:5]
claims = [json.loads(l) for l in open(claims_path, encoding="utf-8")]
quantities = {(c["doc_id"], c["sentence_index"]): set() for c in claims}
for c in claims:
    quantities[(c["doc_id"], c["sentence_index"])].add(c["quantity"]["text"])
failures = []


def check(ok, what):
    if not ok:
        failures.append(what)


def span_ok(text, start, end, where):
    check(isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= len(text), f"{where}: offsets [{start}, {end}) outside text of {len(text)}")


# Label Studio: a list of {"data": {"text", ...}, "predictions": [{"model_version", "score", "result": [...]}]}.
tasks = json.load(open(ls_path, encoding="utf-8"))
check(isinstance(tasks, list) and tasks, "label-studio: a non-empty list")
for i, t in enumerate(tasks):
    text = t["data"]["text"]
    pred = t["predictions"][0]
    check(isinstance(pred["model_version"], str) and isinstance(pred["score"], float), f"label-studio task {i}: model_version/score")
    ids = set()
    for r in pred["result"]:
        if r["type"] == "labels":
            v = r["value"]
            span_ok(text, v["start"], v["end"], f"label-studio task {i}")
            check(text[v["start"]:v["end"]] == v["text"], f"label-studio task {i}: text[{v['start']}:{v['end']}] != {v['text']!r}")
            check(r["from_name"] == "label" and r["to_name"] == "text" and len(v["labels"]) == 1, f"label-studio task {i}: labels item")
            ids.add(r["id"])
        elif r["type"] == "relation":
            check(r["from_id"] in ids and r["to_id"] in ids and r["direction"] == "right", f"label-studio task {i}: relation ids")
        elif r["type"] == "choices":
            check(r["value"]["choices"][0] in ("claim", "not_claim"), f"label-studio task {i}: choice")
    found = {text[r["value"]["start"]:r["value"]["end"]] for r in pred["result"] if r["type"] == "labels" and r["value"]["labels"] == ["QUANTITY"]}
    check(found == quantities[(t["data"]["doc_id"], t["data"]["sentence_index"])], f"label-studio task {i}: quantities {found}")

# Prodigy: {"text", "tokens": [{"text","start","end","id","ws"}], "spans": [{"start","end","label","token_start","token_end"}], "relations": [...]}.
for i, line in enumerate(open(prodigy_path, encoding="utf-8")):
    t = json.loads(line)
    text = t["text"]
    for k, tok in enumerate(t["tokens"]):
        check(tok["id"] == k and text[tok["start"]:tok["end"]] == tok["text"], f"prodigy task {i}: token {k} {tok}")
        check(tok["ws"] == (text[tok["end"]:tok["end"] + 1] == " "), f"prodigy task {i}: token {k} ws")
    for s in t["spans"]:
        span_ok(text, s["start"], s["end"], f"prodigy task {i}")
        first, last = t["tokens"][s["token_start"]], t["tokens"][s["token_end"]]
        check(s["token_start"] <= s["token_end"] and first["start"] <= s["start"] < first["end"] and last["start"] < s["end"] <= last["end"], f"prodigy task {i}: span {s} and its tokens")
    for r in t["relations"]:
        check(r["head"] == r["head_span"]["token_end"] and r["child"] == r["child_span"]["token_end"], f"prodigy task {i}: relation head/child tokens")
        check(r["head_span"] in t["spans"] and r["child_span"] in t["spans"], f"prodigy task {i}: relation spans")
    check(t["accept"][0] in [o["id"] for o in t["options"]], f"prodigy task {i}: accept")
    check(set(t["meta"]) >= {"doc_id", "sentence_index"}, f"prodigy task {i}: meta")

# doccano (sequence labelling with relations): {"text", "entities": [{"id","start_offset","end_offset","label"}], "relations": [{"id","from_id","to_id","type"}]}.
for i, line in enumerate(open(doccano_path, encoding="utf-8")):
    t = json.loads(line)
    text = t["text"]
    ids = {e["id"] for e in t["entities"]}
    for e in t["entities"]:
        span_ok(text, e["start_offset"], e["end_offset"], f"doccano task {i}")
    for r in t["relations"]:
        check(r["from_id"] in ids and r["to_id"] in ids and r["type"] in ("unit", "subject", "source", "date"), f"doccano task {i}: relation {r}")
    found = {text[e["start_offset"]:e["end_offset"]] for e in t["entities"] if e["label"] == "QUANTITY"}
    check(found == quantities[(t["doc_id"], t["sentence_index"])], f"doccano task {i}: quantities {found}")

for f in failures:
    print(f)
sys.exit(1 if failures else 0)
