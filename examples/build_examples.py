"""Rebuild the example round: one fictional municipality, four respondents.

Villa Esperanza (fictional), a municipality of some 180,000 people with a large
diaspora and a growing number of newcomers, assesses itself with the bundled pack.
Three local departments and one national ministry answer; their answers differ the way
real ones do (the planning office sees its own mechanisms as stronger than the health
department does; the ministry sees less alignment with the national strategy).

Run: python examples/build_examples.py   (writes examples/sessions/*.json,
examples/questionnaires/*.xlsx and the 2026 and 2027 rounds; `--rounds` rebuilds the rounds only; the files are committed so newcomers can score at once)
"""

from __future__ import annotations

import json
import random
import sys
from datetime import datetime, timezone
from pathlib import Path

from openpyxl import load_workbook

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from coherence.excel import layout as L  # noqa: E402
from coherence.excel.cells import write_text  # noqa: E402
from coherence.words import SPECIAL_LABELS, gov_level_label  # noqa: E402
from coherence.excel.template import write_template  # noqa: E402
from coherence.i18n import _, set_language  # noqa: E402
from coherence.models import Answer, Assessment, Authority, Respondent, Special  # noqa: E402
from coherence.translate import load_pack  # noqa: E402
from coherence.sessions import save_session  # noqa: E402

PACK = "mainstreaming-migration"
AUTHORITY = Authority(name="Villa Esperanza", country="Ecuador", level="local")
STAMP = datetime(2026, 11, 2, 9, 30, tzinfo=timezone.utc)

# (file stem, department, respondent name, level, language, seed, strengths by sector, vertical bias)
RESPONDENTS = [
    ("planning-local", "Planning and territorial development", "M. Andrade", "local", "en", 11,
     {"governance": 2.4, "data": 2.0, "partnerships": 2.0, "diaspora": 1.8, "remittances": 1.4}, 0.3),
    ("social-services-local", "Social inclusion and welfare", "R. Quispe", "local", "es", 22,
     {"social-protection": 2.3, "health": 1.6, "rights": 1.9, "gender": 1.7, "education": 1.5}, 0.0),
    ("health-local", "Municipal health directorate", "L. Mora", "local", "fr", 33,
     {"health": 2.2, "social-protection": 1.5, "governance": 1.0, "data": 0.9}, -0.2),
    ("ministry-national", "Ministry of Foreign Affairs and Human Mobility", "J. Ortega", "national", "en", 44,
     {"governance": 1.2, "return": 2.2, "rights": 2.0, "diaspora": 2.1, "data": 1.6}, -0.8),
]

# Notes as each respondent typed them, in their own language.
NOTES = {
    "en": {
        "GOV": "Discussed at the workshop: the mayor's support is clear, but no ordinance yet.",
        "DAT": "The 2024 household survey has a migration module; results not yet shared with all departments.",
        "HEA": "Clinics serve everyone; mental health support only through an NGO project.",
        "DIA": "Diaspora desk opened in 2025 with one staff member.",
    },
    "es": {
        "GOV": "Discutido en el taller: el apoyo del alcalde es claro, pero aún no hay ordenanza.",
        "DAT": "La encuesta de hogares de 2024 tiene un módulo de migración; los resultados aún no se comparten con todos los departamentos.",
        "HEA": "Los centros de salud atienden a todos; el apoyo en salud mental solo existe a través de un proyecto de una ONG.",
        "DIA": "La ventanilla para la diáspora abrió en 2025 con una sola persona.",
    },
    "fr": {
        "GOV": "Discuté en atelier : le soutien du maire est clair, mais il n'y a pas encore d'arrêté.",
        "DAT": "L'enquête ménages de 2024 comporte un module migration ; les résultats ne sont pas encore partagés avec tous les services.",
        "HEA": "Les centres de santé accueillent tout le monde ; le soutien en santé mentale passe seulement par un projet d'ONG.",
        "DIA": "Le guichet diaspora a ouvert en 2025 avec une seule personne.",
    },
}


def _answer(rng: random.Random, strength: float, vertical: bool, bias: float) -> Answer:
    roll = rng.random()
    if roll < 0.05:
        return Answer(choice=Special.dont_know)
    if roll < 0.08:
        return Answer(choice=Special.not_applicable)
    mean = strength + (bias if vertical else 0.0)
    level = round(min(3, max(0, rng.gauss(mean, 0.8))))
    return Answer(choice=level)


def build_assessments() -> list[tuple[str, Assessment]]:
    pack = load_pack(PACK)
    out = []
    for stem, department, name, level, lang, seed, strengths, bias in RESPONDENTS:
        rng = random.Random(seed)
        answers: dict[str, Answer] = {}
        for ind in pack.indicators():
            answer = _answer(rng, strengths.get(ind.sector, 1.1), ind.is_vertical, bias)
            prefix = ind.id.split("-")[0]
            if ind.id.endswith("-01") and prefix in NOTES[lang] and level == "local":
                answer = answer.model_copy(update={"notes": NOTES[lang][prefix]})
            answers[ind.id] = answer
        answers[pack.indicators()[0].id] = answers[pack.indicators()[0].id].model_copy(
            update={"evidence": "Council resolution 2025-114 (municipal gazette)"}
        )
        a = Assessment(
            pack_id=pack.id, pack_version=pack.version, language=lang, authority=AUTHORITY,
            respondent=Respondent(name=name, department=department, level=level),
            created=STAMP, updated=STAMP, answers=answers,
        )
        out.append((stem, a))
    return out


def fill_questionnaire(path: Path, a: Assessment) -> None:
    """Fill a blank questionnaire the way a department would: labels in its own language."""
    write_template(PACK, a.language, path)
    pack = load_pack(PACK, a.language)
    set_language(a.language)
    wb = load_workbook(path)
    meta = {row[0].value: row[1].value for row in wb[L.META_SHEET].iter_rows(max_col=2)}
    ws = wb[meta["sheet"]]
    profile = {
        "authority": a.authority.name,
        "country": a.authority.country,
        "authority_level": gov_level_label(a.authority.level),
        "department": a.respondent.department,
        "respondent": a.respondent.name,
    }
    if a.respondent.level != a.authority.level:
        profile["respondent_level"] = gov_level_label(a.respondent.level)
    for key, value in profile.items():
        write_text(ws, L.PROFILE_ROWS[key], L.PROFILE_VALUE_COL, value, style=None)
    row = int(meta["first_row"])
    while (indicator_id := ws.cell(row, L.COL_ID).value) is not None:
        answer = a.answers.get(indicator_id)
        if answer is not None and answer.choice is not None:
            if isinstance(answer.choice, Special):
                shown = _(SPECIAL_LABELS[answer.choice])
            else:
                shown = pack.scale_for(pack.indicator(indicator_id)).label_of(answer.choice)
            ws.cell(row, L.COL_ANSWER).value = shown
            if answer.notes:
                write_text(ws, row, L.COL_NOTES, answer.notes, style=None)
            if answer.evidence:
                write_text(ws, row, L.COL_EVIDENCE, answer.evidence, style=None)
        row += 1
    wb.save(path)
    set_language("en")


def main() -> None:
    sessions = HERE / "sessions"
    questionnaires = HERE / "questionnaires"
    sessions.mkdir(exist_ok=True)
    questionnaires.mkdir(exist_ok=True)
    for stem, a in build_assessments():
        save_session(sessions / f"{stem}.json", a)
        (sessions / f"{stem}.json.bak").unlink(missing_ok=True)
        fill_questionnaire(questionnaires / f"{stem}-{a.language}.xlsx", a)
        print(f"{stem}: {a.respondent.department} ({a.respondent.level.value}, {a.language})")
    build_rounds(questionnaires)


def build_rounds(questionnaires: Path) -> None:
    build_round(sorted(questionnaires.glob("*.xlsx")), HERE / "villa-esperanza-2026.round.json")
    build_followup(HERE / "villa-esperanza-2026.round.json", HERE / "villa-esperanza-2027.round.json")


def build_round(files: list[Path], path: Path) -> None:
    """The 2026 workshop round: the four questionnaires, and the first three indicators of
    the agenda agreed at the lower median of the answers (as a workshop might)."""
    from coherence.fileio import atomic_write
    from coherence.models import Agreed
    from coherence.packs import load_pack as load_source
    from coherence.rounds import add_files, new_round, score_round_file
    from coherence.scoring import lower_median

    pack = load_source(PACK)
    round_ = new_round(pack, authority=AUTHORITY.name, country=AUTHORITY.country, level=AUTHORITY.level, cycle="2026", language="en")
    round_, reports = add_files(round_, pack, files)
    assert all(r.status == "added" for r in reports), reports
    respondents = [r.model_copy(update={"source": r.source.model_copy(update={"added": STAMP})}) for r in round_.respondents]
    round_ = round_.model_copy(update={"respondents": respondents, "created": STAMP, "updated": STAMP})
    agenda = score_round_file(pack, round_).to_discuss[:3]
    consensus = {}
    for ind_id in agenda:
        levels = [r.answers[ind_id].choice for r in round_.respondents if ind_id in r.answers and r.answers[ind_id].is_level]
        consensus[ind_id] = Agreed(choice=lower_median(levels), notes="Agreed at the 2026 workshop after discussion.", agreed=STAMP)
    round_ = round_.model_copy(update={"consensus": consensus})
    # The 2026 report was exported, so the round holds its action plan (made once from the gaps).
    from coherence.rounds import ensure_plan

    round_ = ensure_plan(pack, round_, score_round_file(pack, round_))
    round_ = round_.model_copy(update={"plan": [a.model_copy(update={"updated": STAMP}) for a in round_.plan]})
    atomic_write(path, round_.model_dump_json(indent=1).encode("utf-8"))
    print(f"{path.name}: {len(round_.respondents)} respondents, agreed: {', '.join(agenda)}, {len(round_.plan)} plan actions")


STAMP_2027 = datetime(2027, 11, 8, 9, 30, tzinfo=timezone.utc)


def plan_progress(plan):
    """A year of work on the 2026 plan: of the first 30 actions, every fifth done, two in
    five in progress, one in seven dropped; the others not started (deterministic)."""
    from datetime import date

    out = []
    for number, action in enumerate(plan):
        update = {}
        if number < 30:
            if number % 7 == 6:
                update = {"status": "dropped", "notes": "Dropped at the mid-term review: no budget line."}
            elif number % 5 == 0:
                update = {"status": "done", "notes": "Completed in 2027.", "due": date(2027, 1 + number % 9, 28)}
            elif number % 5 in (1, 2):
                update = {"status": "in_progress", "notes": "Under way.", "due": date(2028, 1 + number % 12, 15)}
            if update:
                update["updated"] = STAMP_2027
        out.append(action.model_copy(update=update))
    return out


def shifted(answers, done: set[str], seed: int):
    """The answers a year later: a seeded rule moves some levels up (more often where
    the plan's action is done, though not always), a few down; special answers stay."""
    rng = random.Random(seed)
    out = {}
    for ind_id, answer in sorted(answers.items()):
        roll = rng.random()
        if answer.is_level:
            up = 0.6 if ind_id in done else 0.25
            step = 1 if roll < up else -1 if roll > 0.93 else 0
            answer = answer.model_copy(update={"choice": min(3, max(0, answer.choice + step))})
        out[ind_id] = answer
    return out


def build_followup(previous: Path, path: Path) -> None:
    """The 2027 round: a follow-up of 2026 (scope, targets and plan carried over), the
    same four respondents a year later, the plan partly done."""
    import hashlib

    from coherence.fileio import atomic_write
    from coherence.packs import load_pack as load_source
    from coherence.rounds import load_round, new_round

    pack = load_source(PACK)
    before = load_round(previous)
    round_ = new_round(pack, authority=AUTHORITY.name, country=AUTHORITY.country, level=AUTHORITY.level, cycle="2027", language="en",
                       previous=(previous, before))
    plan = plan_progress(round_.plan)
    done = {a.indicator for a in plan if a.status == "done"}
    respondents = []
    for number, r in enumerate(before.respondents):
        answers = shifted(r.answers, done, 2027 + number)
        stem = r.source.file.rsplit(".", 1)[0]
        data = json.dumps({k: a.model_dump(mode="json") for k, a in answers.items()}, sort_keys=True).encode("utf-8")
        source = r.source.model_copy(update={"file": f"{stem}-2027.xlsx", "sha256": hashlib.sha256(data).hexdigest(), "added": STAMP_2027})
        respondents.append(r.model_copy(update={"answers": answers, "source": source}))
    round_ = round_.model_copy(update={"respondents": respondents, "plan": plan, "created": STAMP_2027, "updated": STAMP_2027})
    atomic_write(path, round_.model_dump_json(indent=1).encode("utf-8"))
    counts = {s: sum(1 for a in plan if a.status == s) for s in ("done", "in_progress", "dropped")}
    print(f"{path.name}: follow-up of {previous.name}, plan {counts}")


if __name__ == "__main__":
    if sys.argv[1:] == ["--rounds"]:  # the round files only, from the committed questionnaires
        build_rounds(HERE / "questionnaires")
    else:
        main()
