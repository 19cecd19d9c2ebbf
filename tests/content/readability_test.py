"""Every patient-facing English text is at or below US school grade 6 by the Flesch-Kincaid grade
formula (Kincaid et al., 1975):

    grade = 0.39 * (words / sentences) + 11.8 * (syllables / words) - 15.59

A text that is a sentence (it ends with . ? or !: a question, a hint, a line) is checked on its
own. The formula needs sentences: on a label ("Completely", "Delete") it measures only the
syllables of one or two words (grade 32 for "Completely"), so the labels (answers, buttons, scale
ends: every text without end punctuation) are checked together as one passage, each label one
sentence, and their longest words are printed.
Patient-facing: every key of content/strings/en.json except the staff screens' (`staff.`), the
feedback report's (`report.`) and the language's own name; and every English text of every
questionnaire in content/questionnaires/ (title, item texts, answer options, scale end labels).

Syllables are counted with the usual heuristic of readability tools (GNU style, textstat): each
run of vowels (a e i o u y) in a word is one syllable; a final silent "e" is not ("make", but not
"little" or "agree"); "-ed" after a letter other than t or d is not ("listened", but not "wanted");
every word has at least one. Digits count as one word of one syllable; {placeholders} become "5".
Sentences end at . ? ! (a text without one is one sentence). The heuristic can be a syllable off
on some words ("everyday": 4, where speakers say 3), which moves a short text's grade by about one;
the test checks it on words whose count is known, and prints the five hardest texts.

Usage: readability_test.py <content dir>"""
import json
import os
import re
import sys

LIMIT = 6.0


def syllables(word):
    w = word.lower()
    if w.isdigit():
        return 1
    w = re.sub(r"[^a-z]", "", w)
    if not w:
        return 0
    count = len(re.findall(r"[aeiouy]+", w))
    if w.endswith("e") and not w.endswith(("le", "ee", "ye")) and count > 1:
        count -= 1  # silent final e: make, time, sure
    if w.endswith("ed") and not w.endswith(("ted", "ded")) and count > 1:
        count -= 1  # listened, trusted is kept (ted)
    if w.endswith("es") and not w.endswith(("ses", "ces", "zes", "ges", "xes", "shes", "ches")) and count > 1:
        count -= 1  # takes, makes; but exercises, places keep theirs
    return max(count, 1)


def grade(text):
    text = re.sub(r"\{[a-z_]+\}", "5", text)
    words = re.findall(r"[A-Za-z0-9']+", text)
    if not words:
        return None, 0, 0, 0
    sentences = max(len(re.findall(r"[.?!]+(?:\s|$)", text)), 1)
    syl = sum(syllables(w) for w in words)
    g = 0.39 * len(words) / sentences + 11.8 * syl / len(words) - 15.59
    return g, len(words), sentences, syl


def self_test():
    # The heuristic on words whose syllables are known.
    known = {"therapist": 3, "exercises": 4, "listened": 2, "treatment": 2, "respect": 2, "home": 1,
             "make": 1, "little": 2, "agree": 2, "wanted": 2, "question": 2, "minutes": 2, "takes": 1,
             "clinic": 2, "answers": 2}
    wrong = {w: (syllables(w), n) for w, n in known.items() if syllables(w) != n}
    assert not wrong, f"syllable heuristic off (counted, known): {wrong}"
    # A text known to be hard must fail, so that the check can fail.
    hard = ("Notwithstanding considerable institutional variability, therapeutic collaboration "
            "necessitates comprehensive interdisciplinary communication.")
    assert grade(hard)[0] > 12, grade(hard)


def english_of_questionnaire(q, name):
    texts = []
    if q.get("title"):
        texts.append((f"{name}: title", q["title"]))

    def walk(items):
        for item in items:
            link = item.get("linkId", "?")
            if item.get("text"):
                texts.append((f"{name}: item {link}", item["text"]))
            for o in item.get("answerOption", []):
                c = o.get("valueCoding", {})
                if c.get("display"):
                    texts.append((f"{name}: item {link} option {c.get('code')}", c["display"]))
            for e in item.get("extension", []):
                if e.get("url", "").endswith(("scale-low-label", "scale-high-label")) and e.get("valueString"):
                    texts.append((f"{name}: item {link} {e['url'].rsplit('/', 1)[1]}", e["valueString"]))
            walk(item.get("item", []))
    walk(q.get("item", []))
    return texts


def patient_texts(content):
    with open(os.path.join(content, "strings", "en.json"), encoding="utf-8") as f:
        strings = json.load(f)
    texts = [(f"strings en.json {k}", v) for k, v in strings.items()
             if not k.startswith(("staff.", "report.")) and k != "language.name"]
    qdir = os.path.join(content, "questionnaires")
    for name in sorted(os.listdir(qdir)):
        if name.endswith(".json"):
            with open(os.path.join(qdir, name), encoding="utf-8") as f:
                texts += english_of_questionnaire(json.load(f), name)
    return texts


def main():
    content = sys.argv[1]
    self_test()
    texts = patient_texts(content)
    assert len(texts) > 50, f"only {len(texts)} patient-facing texts found under {content}"
    over, worst, labels = [], [], []
    for where, text in texts:
        if not re.search(r"[.?!][)\"']?\s*$", text):
            labels.append(text)
            continue
        g, words, sentences, syl = grade(text)
        worst.append((g, where, text))
        if g > LIMIT:
            over.append(f"{where}: grade {g:.1f} ({words} words, {sentences} sentences, {syl} syllables): {text!r}")
    worst.sort(reverse=True)
    print(f"{len(worst)} patient-facing English sentences; the five hardest:")
    for g, where, text in worst[:5]:
        print(f"  grade {g:4.1f}  {where}: {text}")
    g, words, sentences, syl = grade(". ".join(labels) + ".")
    long_words = sorted({w for t in labels for w in re.findall(r"[A-Za-z']+", t) if syllables(w) >= 3})
    print(f"{len(labels)} labels as one passage: grade {g:.1f} ({words} words, {syl} syllables); "
          f"words of 3 or more syllables: {', '.join(long_words)}")
    if g > LIMIT:
        over.append(f"the labels as one passage: grade {g:.1f}")
    assert not over, "above grade %.0f:\n  " % LIMIT + "\n  ".join(over)
    print("1 passed, 0 failed")


if __name__ == "__main__":
    main()
