"""Responses with known answers for the report tests, and the report's figures computed
independently of alliance-sync (plain Python, from the answers, by the rule content/README.md
documents): three therapists over five weeks, some stopped, some without a therapist, some
outside the period."""
import json
import os
import random
import subprocess

QUESTIONNAIRE = os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))),
                             "content", "questionnaires", "alliance-check.json")

QUESTIONNAIRE_URL = "https://alliance-kiosk.org/fhir/Questionnaire/alliance-check"
HOW_MUCH = "https://alliance-kiosk.org/fhir/CodeSystem/how-much"
MAIN_GOAL = "https://alliance-kiosk.org/fhir/CodeSystem/main-goal"
PARTS = {"goal": ["goal-known", "goal-shared"], "task": ["task-plan", "task-home"], "bond": ["bond-listen", "bond-trust"]}
ITEMS = [i for part in ("goal", "task", "bond") for i in PARTS[part]]
GOALS = ["less-pain", "move-better", "work", "sport", "daily-tasks", "other"]
WEEKS = ["2026-10-26", "2026-11-02", "2026-11-09", "2026-11-16", "2026-11-23"]  # Mondays
FROM, TO = "2026-10-26", "2026-11-29"
# id, name, how the config names them, the key the report shows them under
THERAPISTS = [
    ("alex", "Alex Rivera", 'identifier_system = "http://hl7.org/fhir/sid/us-npi"\nidentifier_value = "1234567893"\n',
     "http://hl7.org/fhir/sid/us-npi|1234567893"),
    ("sam", "Sam Okafor", "", "https://alliance-kiosk.org/fhir/sid/therapist|sam"),
    ("maria", "María López", "", "https://alliance-kiosk.org/fhir/sid/therapist|maria"),
]
MIN_RESPONSES = 5


def therapists_toml():
    return "".join('\n[[kiosk.therapists]]\nid = "%s"\nname = "%s"\n%s' % (t, n, extra) for t, n, extra, _ in THERAPISTS)


def make_responses(seed=12):
    rng = random.Random(seed)
    out = []

    def response(therapist, day, status="completed", complete=True):
        t = next((x for x in THERAPISTS if x[0] == therapist), None)
        answers = [{"linkId": "main-goal", "values": [{"coding": {"system": MAIN_GOAL, "code": rng.choice(GOALS)}}]}]
        if rng.random() < 0.85:
            answers.append({"linkId": "goal-discussed", "values": [{"boolean": rng.random() < 0.8}]})
        items = ITEMS if complete else ITEMS[:rng.randint(0, 3)]
        for link in items:
            code = rng.choice([2, 3, 4, 4, 5, 5, 5, 5])
            answers.append({"linkId": link, "values": [{"coding": {"system": HOW_MUCH, "code": str(code)}}]})
        if complete:
            answers.append({"linkId": "overall", "values": [{"integer": rng.randint(4, 10)}]})
            if rng.random() < 0.3:
                answers.append({"linkId": "comment", "values": [{"string": "Comment %d <ok> & fine" % len(out)}]})
        hour = rng.randint(8, 18)
        return {"sessionId": "pending", "status": status, "questionnaireUrl": QUESTIONNAIRE_URL, "language": "en",
                "kioskId": "front-desk-1", "therapistId": therapist, "therapistName": t[1] if t else "",
                "authoredAt": "%sT%02d:%02d:00Z" % (day, hour, rng.randint(0, 59)), "answers": answers}

    import datetime
    for w, monday in enumerate(WEEKS):
        start = datetime.date.fromisoformat(monday)
        for therapist, low, high in (("alex", 5, 8), ("sam", 3, 7), ("maria", 2, 6)):
            for _ in range(rng.randint(low, high)):
                out.append(response(therapist, (start + datetime.timedelta(days=rng.randint(0, 6))).isoformat()))
            for _ in range(rng.randint(0, 2)):
                out.append(response(therapist, (start + datetime.timedelta(days=rng.randint(0, 4))).isoformat(),
                                    "stopped", False))
        out.append(response("", (start + datetime.timedelta(days=2)).isoformat()))
    out.append(response("alex", "2026-10-20"))  # before the period
    out.append(response("sam", "2026-11-30"))   # after it
    out.sort(key=lambda r: r["authoredAt"])
    return out


def write_ndjson(responses, path):
    with open(path, "w") as f:
        for r in responses:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")


def seed(kiosk, responses, seed_bin):
    """Writes `responses` to <kiosk dir>/responses.ndjson and stores them through sync_seed, scored
    and flagged as the kiosk does; returns the session ids in the same order."""
    path = os.path.join(kiosk.dir, "responses.ndjson")
    write_ndjson(responses, path)
    return subprocess.run([seed_bin, kiosk.data_dir, "--responses", path, QUESTIONNAIRE], check=True,
                          capture_output=True, text=True).stdout.split()


def answers_of(r):
    return {a["linkId"]: a["values"][0] for a in r["answers"]}


def flag_parts(a):
    """The shipped rule: total below 90% of its maximum, or an item at or below the middle (3)."""
    codes = {i: int(a[i]["coding"]["code"]) for i in ITEMS if i in a}
    if not codes:
        return []
    parts = [p for p in ("goal", "task", "bond") if any(codes.get(i, 5) <= 3 for i in PARTS[p] if i in codes)]
    if sum(codes.values()) < 0.9 * 5 * len(codes):
        parts.append("total")
    return parts


def expected_cells(responses):
    """(therapist key or "clinic", week) -> figures as the report's CSV has them ("" when suppressed)."""
    cells = {}
    keys = {t: key for t, _, _, key in THERAPISTS}
    keys[""] = ""
    for r in responses:
        day = r["authoredAt"][:10]
        if not FROM <= day <= TO:
            continue
        week = max(w for w in WEEKS if w <= day)
        for owner in (keys[r["therapistId"]], "clinic"):
            cells.setdefault((owner, week), []).append(r)
    for owner in [key for *_, key in THERAPISTS] + ["", "clinic"]:
        for week in WEEKS:
            cells.setdefault((owner, week), [])
    figures = {}
    for cell, rs in cells.items():
        done = [r for r in rs if r["status"] == "completed"]
        f = {"completed": len(done), "stopped": len(rs) - len(done)}
        if len(done) < MIN_RESPONSES:
            figures[cell] = {"suppressed": True, "completed": len(done),
                             "flagged_count": sum(1 for r in done if flag_parts(answers_of(r)))}
            continue
        answers = [answers_of(r) for r in done]
        for part, items in PARTS.items():
            f["mean_" + part] = sum(sum(int(a[i]["coding"]["code"]) for i in items) / len(items) for a in answers) / len(answers)
        f["mean_total"] = sum(sum(int(a[i]["coding"]["code"]) for i in ITEMS) / len(ITEMS) for a in answers) / len(answers)
        f["mean_rating"] = sum(a["overall"]["integer"] for a in answers) / len(answers)
        flagged = sum(1 for a in answers if flag_parts(a))
        f["share_flagged"] = flagged / len(done)
        discussed = [a["goal-discussed"]["boolean"] for a in answers if "goal-discussed" in a]
        f["goal_discussed_answered"] = len(discussed)
        f["share_goal_not_discussed"] = discussed.count(False) / len(discussed) if discussed else None
        f["suppressed"] = False
        f["flagged_count"] = flagged
        figures[cell] = f
    return figures
