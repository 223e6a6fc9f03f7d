"""Structural checks of a Qualtrics .qsf and a LimeSurvey .lss file, from what each tool
documents of its file (docs/file-formats.md, "Running the survey in Qualtrics or LimeSurvey",
names the sources). Each check returns the problems found as sentences; none means the file has
the structure the tool's importer reads.

These are checks of structure and references (every question in a block, every block in the
flow, every answer tied to its question, every piped field declared), not a replacement for
importing the file into the tool itself.
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from collections import Counter
from collections.abc import Mapping
from typing import Any

#: Qualtrics' question types (``QuestionType`` of an ``SQ`` element).
QSF_QUESTION_TYPES = frozenset(
    {"MC", "TE", "DB", "Matrix", "Slider", "SBS", "RO", "CS", "PGR", "HeatMap", "HL", "DD",
     "FileUpload", "Draw", "Timing", "Meta", "Captcha", "GAP", "TreeSelect", "SS", "NPS"}
)  # fmt: skip
#: The element types a .qsf file's ``SurveyElements`` hold.
QSF_ELEMENTS = frozenset(
    {"BL", "FL", "SO", "SCO", "PROJ", "QC", "RS", "STAT", "SQ", "QO", "QG", "NT", "NOTES",
     "SV", "TR", "CC", "DST", "ROC", "CM"}
)  # fmt: skip
_ELEMENT_KEYS = (
    "SurveyID",
    "Element",
    "PrimaryAttribute",
    "SecondaryAttribute",
    "TertiaryAttribute",
    "Payload",
)
_QUALTRICS_PIPE = re.compile(r"\$\{e://Field/([^}]+)\}")


def _qsf_blocks(payload: Any) -> list[Any]:
    """The blocks of a ``BL`` payload (a list, or an object keyed by number in older files)."""
    if isinstance(payload, Mapping):
        return list(payload.values())
    return list(payload) if isinstance(payload, list) else []


def _flow_nodes(node: Any) -> list[Mapping[str, Any]]:
    """Every node of the survey flow, nested ones (branches, groups) included."""
    found: list[Mapping[str, Any]] = []
    if isinstance(node, Mapping):
        found.append(node)
        for child in node.get("Flow", []) or []:
            found += _flow_nodes(child)
    return found


def validate_qsf(text: str) -> list[str]:
    """The problems of a .qsf file's structure (none: Qualtrics' importer can read it)."""
    try:
        data = json.loads(text)
    except ValueError as error:
        return [f"the file is not JSON ({error})."]
    if not isinstance(data, Mapping):
        return ["the file must be a JSON object with SurveyEntry and SurveyElements."]
    problems: list[str] = []
    entry = data.get("SurveyEntry")
    elements = data.get("SurveyElements")
    if not isinstance(entry, Mapping):
        return ["SurveyEntry is missing or not an object."]
    if not isinstance(elements, list):
        return ["SurveyElements is missing or not a list."]
    for key in ("SurveyID", "SurveyName", "SurveyLanguage"):
        if not entry.get(key):
            problems.append(f"SurveyEntry has no {key}.")
    survey_id = entry.get("SurveyID")
    kinds: Counter[str] = Counter()
    questions: dict[str, Mapping[str, Any]] = {}
    for n, element in enumerate(elements):
        if not isinstance(element, Mapping) or any(k not in element for k in _ELEMENT_KEYS):
            problems.append(f"SurveyElements[{n}] lacks one of {', '.join(_ELEMENT_KEYS)}.")
            continue
        kind = element["Element"]
        kinds[kind] += 1
        if kind not in QSF_ELEMENTS:
            problems.append(f"SurveyElements[{n}] has an unknown Element type {kind!r}.")
        if element["SurveyID"] != survey_id:
            problems.append(f"SurveyElements[{n}] belongs to another survey.")
        if kind == "SQ":
            problems += _check_question(element, questions)
    for kind in ("BL", "FL"):
        if kinds[kind] != 1:
            problems.append(f"the file must have one {kind} element, not {kinds[kind]}.")
    if problems:
        return problems
    by_kind = {e["Element"]: e for e in elements if e["Element"] != "SQ"}
    blocks = _qsf_blocks(by_kind["BL"]["Payload"])
    problems += _check_blocks(blocks, questions)
    problems += _check_flow(by_kind["FL"]["Payload"], blocks, questions)
    count = by_kind.get("QC")
    if count is not None and str(count["SecondaryAttribute"]) != str(len(questions)):
        problems.append(
            f"the question count (QC) says {count['SecondaryAttribute']}, "
            f"the file has {len(questions)} questions."
        )
    return problems


def _check_question(element: Mapping[str, Any], seen: dict[str, Mapping[str, Any]]) -> list[str]:
    payload = element["Payload"]
    qid = element["PrimaryAttribute"]
    if not isinstance(payload, Mapping):
        return [f"question {qid} has no payload."]
    problems = []
    if payload.get("QuestionID") != qid:
        problems.append(f"question {qid}: its payload's QuestionID is {payload.get('QuestionID')}.")
    if qid in seen:
        problems.append(f"question {qid} is defined twice.")
    seen[qid] = payload
    for key in ("QuestionText", "DataExportTag", "QuestionType", "Selector"):
        if not isinstance(payload.get(key), str) or not payload[key]:
            problems.append(f"question {qid} has no {key}.")
    kind = payload.get("QuestionType")
    if kind not in QSF_QUESTION_TYPES:
        problems.append(f"question {qid} has an unknown QuestionType {kind!r}.")
    if kind == "MC":
        problems += _check_choices(payload, qid)
    return problems


def _check_choices(payload: Mapping[str, Any], qid: str) -> list[str]:
    """A multiple-choice question's choices: an object by choice id (a list, by position, in
    some files), each with its Display text and listed once in ChoiceOrder; none only when the
    choices are carried forward from another question (DynamicChoices)."""
    choices = payload.get("Choices")
    if isinstance(choices, list):
        choices = {str(n): c for n, c in enumerate(choices)}
    if not isinstance(choices, Mapping) or (not choices and not payload.get("DynamicChoices")):
        return [f"question {qid} (multiple choice) has no Choices."]
    problems = []
    order = payload.get("ChoiceOrder")
    if not isinstance(order, list) or sorted(str(c) for c in order) != sorted(choices):
        problems.append(f"question {qid}: ChoiceOrder must list each of its Choices once.")
    if any(not isinstance(c, Mapping) or "Display" not in c for c in choices.values()):
        problems.append(f"question {qid}: every choice needs a Display text.")
    recodes = payload.get("RecodeValues", {})
    if not isinstance(recodes, Mapping) or not set(recodes) <= set(choices):
        problems.append(f"question {qid}: RecodeValues name choices it does not have.")
    return problems


def _check_blocks(blocks: list[Any], questions: Mapping[str, Any]) -> list[str]:
    problems = []
    placed: Counter[str] = Counter()
    ids: Counter[str] = Counter()
    for block in blocks:
        if not isinstance(block, Mapping) or not {"Type", "ID", "BlockElements"} <= set(block):
            problems.append("every block needs Type, ID and BlockElements.")
            continue
        ids[block["ID"]] += 1
        for element in block["BlockElements"]:
            if isinstance(element, Mapping) and element.get("Type") == "Question":
                qid = element.get("QuestionID")
                placed[str(qid)] += 1
                if qid not in questions:
                    problems.append(f"block {block['ID']} names {qid}, which is no question.")
    problems += [f"block id {i} is used twice." for i, n in ids.items() if n > 1]
    problems += [f"question {q} is in {n} blocks." for q, n in placed.items() if n > 1]
    problems += [f"question {q} is in no block." for q in questions if q not in placed]
    tags = Counter(str(p.get("DataExportTag")) for p in questions.values())
    problems += [f"the export tag {t} is used by {n} questions." for t, n in tags.items() if n > 1]
    return problems


def _check_flow(flow: Any, blocks: list[Any], questions: Mapping[str, Any]) -> list[str]:
    if not isinstance(flow, Mapping) or flow.get("Type") != "Root" or "Flow" not in flow:
        return ["the survey flow (FL) must be a Root with a Flow list."]
    problems = []
    nodes = _flow_nodes(flow)
    flow_ids = Counter(str(node.get("FlowID")) for node in nodes)
    problems += [f"the flow id {f} is used twice." for f, n in flow_ids.items() if n > 1]
    shown = {
        node.get("ID") for node in nodes if node.get("Type") in ("Block", "Standard", "Default")
    }
    block_ids = {b["ID"]: b for b in blocks if isinstance(b, Mapping) and "ID" in b}
    for ident in shown:
        if ident not in block_ids:
            problems.append(f"the flow shows block {ident}, which is not in the blocks.")
    for ident, block in block_ids.items():
        if block.get("Type") != "Trash" and block.get("BlockElements") and ident not in shown:
            problems.append(f"block {ident} is never shown: the flow does not name it.")
    declared = {
        str(field.get("Field"))
        for node in nodes
        if node.get("Type") == "EmbeddedData"
        for field in node.get("EmbeddedData", [])
        if isinstance(field, Mapping)
    }
    for qid, payload in questions.items():
        texts = [payload.get("QuestionText", "")]
        choices = payload.get("Choices")
        if isinstance(choices, Mapping):
            texts += [c.get("Display", "") for c in choices.values() if isinstance(c, Mapping)]
        for name in sorted({m for t in texts for m in _QUALTRICS_PIPE.findall(str(t))}):
            if name not in declared:
                problems.append(f"question {qid} pipes the field {name}, which the flow does not "
                                "declare as embedded data.")  # fmt: skip
    return problems


#: What every row of a .lss table needs (LimeSurvey's importer reads these fields).
LSS_REQUIRED: dict[str, tuple[str, ...]] = {
    "surveys": ("sid", "language", "format"),
    "surveys_languagesettings": ("surveyls_survey_id", "surveyls_language", "surveyls_title"),
    "groups": ("gid", "sid", "group_order"),
    "group_l10ns": ("gid", "group_name", "language"),
    "questions": ("qid", "parent_qid", "sid", "gid", "type", "title", "question_order"),
    "subquestions": ("qid", "parent_qid", "sid", "gid", "type", "title", "question_order"),
    "question_l10ns": ("qid", "question", "language"),
    "answers": ("aid", "qid", "code", "sortorder", "scale_id"),
    "answer_l10ns": ("aid", "answer", "language"),
    "question_attributes": ("qid", "attribute"),
    "survey_url_parameters": ("sid", "parameter", "targetqid"),
}
#: The tables a survey cannot do without.
LSS_TABLES_NEEDED = (
    "surveys",
    "surveys_languagesettings",
    "groups",
    "group_l10ns",
    "questions",
    "question_l10ns",
)
#: LimeSurvey's question types (the ``type`` of a question row).
LSS_QUESTION_TYPES = frozenset("15ABCDEFGHIKLMNOPQRSTUXY!:;|*")
#: Question types whose answers are answer options (rows of ``answers``).
LSS_WITH_ANSWERS = frozenset("!LOFHR1")
#: The first database version with the ``*_l10ns`` tables (LimeSurvey 4).
LSS_L10N_VERSION = 400
_CODE = re.compile(r"^[A-Za-z][A-Za-z0-9]*$")
_ANSWER_CODE = re.compile(r"^[A-Za-z0-9]{1,5}$")
#: A URL parameter's name, and the names LimeSurvey keeps for itself.
_PARAMETER = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_RESERVED_PARAMETERS = frozenset({"sid", "newtest", "token", "lang"})
_EM_NAME = re.compile(r"\{([A-Za-z][A-Za-z0-9_]*)(?:\.[a-z]+)?\}")


def _lss_rows(root: ET.Element, name: str, problems: list[str]) -> list[dict[str, str]]:
    table = root.find(name)
    if table is None:
        return []
    fields = [f.text or "" for f in table.findall("fields/fieldname")]
    if not fields:
        problems.append(f"<{name}> has no <fields>.")
    rows = []
    for n, row in enumerate(table.findall("rows/row"), start=1):
        values = {child.tag: (child.text or "") for child in row}
        unknown = sorted(set(values) - set(fields))
        if unknown:
            problems.append(f"<{name}> row {n} has fields not in <fields>: {', '.join(unknown)}.")
        missing = [f for f in LSS_REQUIRED.get(name, ()) if not values.get(f, "").strip()]
        if missing:
            problems.append(f"<{name}> row {n} lacks {', '.join(missing)}.")
        rows.append(values)
    return rows


def validate_lss(text: str) -> list[str]:
    """The problems of a .lss file's structure (none: LimeSurvey's importer can read it)."""
    try:
        root = ET.fromstring(text.encode("utf-8"))
    except ET.ParseError as error:
        return [f"the file is not XML ({error})."]
    if root.tag != "document":
        return [f"the root element must be <document>, not <{root.tag}>."]
    problems: list[str] = []
    if (root.findtext("LimeSurveyDocType") or "").strip() != "Survey":
        problems.append("<LimeSurveyDocType> must be Survey.")
    version = (root.findtext("DBVersion") or "").strip()
    if not version.isdigit():
        problems.append("<DBVersion> must be a whole number.")
    elif int(version) < LSS_L10N_VERSION:
        problems.append(f"<DBVersion> {version} predates the *_l10ns tables this layout uses.")
    languages = {(e.text or "").strip() for e in root.findall("languages/language")}
    if not languages - {""}:
        problems.append("<languages> names no language.")
    for name in LSS_TABLES_NEEDED:
        if root.find(name) is None:
            problems.append(f"the file has no <{name}>.")
    if problems:
        return problems
    rows = {name: _lss_rows(root, name, problems) for name in LSS_REQUIRED}
    problems += _lss_references(rows, languages)
    return problems


def _lss_references(rows: Mapping[str, list[dict[str, str]]], languages: set[str]) -> list[str]:
    problems = []
    sids = {r["sid"] for r in rows["surveys"]}
    if len(sids) != 1:
        problems.append(f"<surveys> must hold one survey, not {len(sids)}.")
    gids = {r["gid"] for r in rows["groups"]}
    questions = {r["qid"]: r for r in rows["questions"]}
    everything = {**questions, **{r["qid"]: r for r in rows["subquestions"]}}
    for table in ("groups", "questions", "subquestions", "survey_url_parameters"):
        for r in rows[table]:
            if r.get("sid") not in sids:
                problems.append(f"<{table}> row of {r.get('sid')} is not the survey's.")
    for r in rows["questions"] + rows["subquestions"]:
        if r["gid"] not in gids:
            problems.append(f"question {r['title']} is in group {r['gid']}, which is not there.")
        if r["type"] not in LSS_QUESTION_TYPES:
            problems.append(f"question {r['title']} has an unknown type {r['type']!r}.")
        if not _CODE.match(r["title"]) or len(r["title"]) > 20:
            problems.append(
                f"question code {r['title']!r}: a letter, then letters or digits, 20 at most."
            )
    for r in rows["subquestions"]:
        if r["parent_qid"] not in questions:
            problems.append(f"subquestion {r['title']} has no parent question.")
    titles = Counter(r["title"] for r in rows["questions"])
    problems += [f"the question code {t} is used {n} times." for t, n in titles.items() if n > 1]
    for table, key in (("question_l10ns", "qid"), ("question_attributes", "qid")):
        for r in rows[table]:
            if r[key] not in everything:
                problems.append(f"<{table}> names question {r[key]}, which is not there.")
    texts = {r["qid"] for r in rows["question_l10ns"]}
    problems += [
        f"question {r['title']} has no text in <question_l10ns>."
        for q, r in everything.items()
        if q not in texts
    ]
    answers = {r["aid"]: r for r in rows["answers"]}
    codes: Counter[tuple[str, str, str]] = Counter()
    for r in rows["answers"]:
        if r["qid"] not in questions:
            problems.append(f"answer {r['code']} belongs to question {r['qid']}, not there.")
        if not _ANSWER_CODE.match(r["code"]):
            problems.append(f"answer code {r['code']!r}: letters or digits, 5 at most.")
        codes[(r["qid"], r["scale_id"], r["code"])] += 1
    problems += [f"answer code {c} is used twice in question {q}." for (q, _, c), n in
                 codes.items() if n > 1]  # fmt: skip
    with_answers = {r["qid"] for r in rows["answers"]}
    problems += [
        f"question {r['title']} (type {r['type']}) has no answer options."
        for q, r in questions.items()
        if r["type"] in LSS_WITH_ANSWERS and q not in with_answers
    ]
    labelled = {r["aid"] for r in rows["answer_l10ns"]}
    problems += [f"answer {a} has no text in <answer_l10ns>." for a in answers if a not in labelled]
    for table in ("group_l10ns", "question_l10ns", "answer_l10ns"):
        for r in rows[table]:
            if r["language"] not in languages:
                problems.append(f"<{table}> has text in {r['language']}, not a survey language.")
    for r in rows["survey_url_parameters"]:
        if r["targetqid"] and r["targetqid"] not in questions:
            problems.append(f"the URL parameter {r['parameter']} fills no question.")
        if not _PARAMETER.match(r["parameter"]) or r["parameter"] in _RESERVED_PARAMETERS:
            problems.append(f"{r['parameter']!r} cannot be a URL parameter's name.")
    known = set(titles)
    piped = [r["question"] for r in rows["question_l10ns"]] + [
        r["answer"] for r in rows["answer_l10ns"]
    ]
    for name in sorted({m for t in piped for m in _EM_NAME.findall(t)}):
        if name not in known:
            problems.append(f"the text pipes {{{name}}}, which is no question code.")
    return problems
