"""Shared helpers for the case generators: each gen_<group>.py loads a clean base set,
changes what a case needs and writes it to ../<RULE-ID>/<expect>-<what>.json.

Run from anywhere: python3 crates/doccheck/tests/cases/gen/<file>.py
The written files are the test data (kept in git); the generators say how they were made.
"""
import copy
import json
import os

HERE = os.path.dirname(os.path.abspath(__file__))
CASES = os.path.dirname(HERE)


def base(name="apples-cfr-lc-clean"):
    """A deep copy of a clean set from ../clean/ (raises no finding)."""
    with open(os.path.join(CASES, "clean", name + ".json")) as f:
        return json.load(f)


def write(rule, name, doc):
    """Write one case: rule id directory, file name starting fires-/passes-/na-."""
    assert name.split("-")[0] in ("fires", "passes", "na"), name
    d = os.path.join(CASES, rule)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, name + ".json"), "w") as f:
        json.dump(doc, f, indent=2, ensure_ascii=False)
        f.write("\n")


def clone(doc):
    return copy.deepcopy(doc)
