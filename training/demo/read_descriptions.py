"""Answers each question of an `eval --json` result by rules from the model's own description (the
"description" field of a describe-first model) and reports how many such answers are right, per kind: how much
of a set the descriptions make answerable, next to how much the model answered; per kind, and per question
template where a kind has several.

    ./videollm4j eval --set data/eval/t16-s9001 --no-cache --json > /tmp/e.json
    /usr/bin/python3 training/demo/read_descriptions.py /tmp/e.json

or from the true transcripts (what a perfect description makes answerable; no model column):

    ./videollm4j make-data transcripts --set data/eval/t16-s9001 --out /tmp/true.json
    /usr/bin/python3 training/demo/read_descriptions.py /tmp/true.json

Rules (the synth world's question templates): needle, the text of the card of that kind; attribute, the colour
or shape paired with the asked one; order, the first shape that appears after the first line showing the
anchor; count, runs of consecutive lines showing the shape (summed over colours for "a SHAPE").
"""
import collections
import json
import re
import sys


def parse(description):
    """[(time, [items])] from "MM:SS a, b" lines; "nothing" is no item."""
    out = []
    for line in description.split("\n"):
        if " " in line:
            t, c = line.split(" ", 1)
            out.append((t, [] if c == "nothing" else c.split(", ")))
    return out


def runs(lines, pred):
    n, before = 0, False
    for _, items in lines:
        now = any(pred(x) for x in items)
        n += now and not before
        before = now
    return n


def answer(question, lines):
    m = re.match(r"What (\w+) was shown on the card\?", question)
    if m:
        return next((x.split()[-1] for _, it in lines for x in it if x.startswith(m.group(1) + " card ")), "?")
    m = re.match(r"What colour was the (\w+)\?", question)
    if m:
        return next((x.split()[0] for _, it in lines for x in it if x.split()[1:] == [m.group(1)]), "?")
    m = re.match(r"What shape was (\w+)\?", question)
    if m:
        return next((x.split()[1] for _, it in lines for x in it
                     if len(x.split()) == 2 and x.split()[0] == m.group(1)), "?")
    m = re.match(r"(Which shape appeared|What colour was the shape) right after the (.+)\?", question)
    if m:
        anchor = m.group(2)

        def is_anchor(x):
            return x == anchor or (anchor.endswith(" card") and x.startswith(anchor + " "))
        found, before = False, set()
        for _, items in lines:
            for x in items:
                if found and not is_anchor(x) and x not in before and "card" not in x:
                    return x.split()[1] if m.group(1).startswith("Which") else x.split()[0]
            found = found or any(is_anchor(x) for x in items)
            before = set(items)
        return "?"
    m = re.match(r"How many times did the (\w+ \w+) appear\?", question)
    if m:
        return str(runs(lines, lambda x: x == m.group(1)))
    m = re.match(r"How many times did a (\w+) appear\?", question)
    if m:
        labels = {x for _, it in lines for x in it if len(x.split()) == 2 and x.split()[1] == m.group(1)}
        return str(sum(runs(lines, lambda x, lab=lab: x == lab) for lab in labels))
    return "?"


FORMS = {"attribute": [("What colour was the X?", r"What colour was the \w+\?$"),
                       ("What shape was C?", r"What shape was \w+\?$")],
         "order": [("Which shape appeared right after ...?", r"Which shape appeared right after"),
                   ("What colour was the shape right after ...?", r"What colour was the shape right after")],
         "count": [("How many times did the C X appear?", r"How many times did the "),
                   ("How many times did a X appear?", r"How many times did a ")]}


def form(kind, question):
    """The question's template where its kind has several, or None."""
    return next((name for name, rx in FORMS.get(kind, []) if re.match(rx, question)), None)


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    with open(sys.argv[1], encoding="utf-8") as f:
        result = json.load(f)
    right, model, total = collections.Counter(), collections.Counter(), collections.Counter()
    for s in result["sets"]:
        for q in s["questions"]:
            if "description" not in q:
                sys.exit(f"{sys.argv[1]}: no description (was the model asked to describe first?)")
            ok = answer(q["question"], parse(q["description"])) == q["expected"]
            for k in (q["kind"], form(q["kind"], q["question"])):
                if k:
                    total[k] += 1
                    right[k] += ok
                    model[k] += q.get("correct", False)
    answered = all("correct" in q for s in result["sets"] for q in s["questions"])  # not in make-data transcripts

    def row(name, r, m, n):
        print(f"{name:44s} from the descriptions {100 * r / n:5.1f}%" + (f"   model {100 * m / n:5.1f}%" if answered else "")
              + f"   ({n} questions)")
    kinds = sorted(k for k in total if k in ("needle", *FORMS))
    for k in kinds:
        row(k, right[k], model[k], total[k])
        for name, _ in FORMS.get(k, []):
            if name in total:
                row("  " + name, right[name], model[name], total[name])
    row("overall", sum(right[k] for k in kinds), sum(model[k] for k in kinds), sum(total[k] for k in kinds))

if __name__ == "__main__":
    main()
