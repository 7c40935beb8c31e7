"""The questionnaire's structure (Questionnaire.structure): parts → segments → questions, kept as data.

    {"parts": [{"code": "I", "title": "…", "kinds": ["full"],
                "segments": [{"code": "A", "title": "…", "required": true,
                              "questions": [{"code": "I.A.1", "label": "…", "type": "text",
                                             "required": true, "choices": [], "prefill": "person.full_name",
                                             "health": false}]}]}]}

- `kinds`: the interview kinds (full, update) that use the part; a part without it is used by both.
- A segment's `required` makes it mandatory: its questions marked `required` must be answered before the
  interview is completed. Questions of a segment that is not mandatory are never demanded.
- `prefill` names the registry value that fills the question when an interview starts (prefill.KEYS).
- `health` marks special-category data (GDPR art. 9 and 10), never shown to a reader without health access.

`validate_structure` is the one check of a structure (the model's clean, the loading command and admin).
"""

from collections.abc import Iterator

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from szansa.domain.interviews.enums import CHOICE_TYPES, InterviewKind, QuestionType

QUESTION_TYPES = frozenset(QuestionType.values)
KINDS = frozenset(InterviewKind.values)


def parts(structure: dict) -> list[dict]:
    return list((structure or {}).get("parts") or [])


def part_used_by(part: dict, kind: str) -> bool:
    return kind in (part.get("kinds") or KINDS)


def iter_segments(structure: dict) -> Iterator[tuple[dict, dict]]:
    for part in parts(structure):
        for segment in part.get("segments") or []:
            yield part, segment


def iter_questions(structure: dict) -> Iterator[tuple[dict, dict, dict]]:
    """(part, segment, question) for every question, in the form's order."""
    for part, segment in iter_segments(structure):
        for question in segment.get("questions") or []:
            yield part, segment, question


def questions_by_code(structure: dict) -> dict[str, dict]:
    return {question["code"]: question for _part, _segment, question in iter_questions(structure)}


def health_codes(structure: dict) -> frozenset[str]:
    return frozenset(q["code"] for _p, _s, q in iter_questions(structure) if q.get("health"))


def without_health(structure: dict) -> dict:
    """A copy of the structure without the questions flagged `health`."""
    return {
        **(structure or {}),
        "parts": [
            {
                **part,
                "segments": [
                    {
                        **segment,
                        "questions": [q for q in segment.get("questions") or [] if not q.get("health")],
                    }
                    for segment in part.get("segments") or []
                ],
            }
            for part in parts(structure)
        ],
    }


def validate_structure(structure) -> None:
    """Refuse a structure that the forms, the API and the PDF could not use (messages in Polish)."""
    from szansa.domain.interviews.prefill import KEYS

    errors: list[str] = []
    if (
        not isinstance(structure, dict)
        or not isinstance(structure.get("parts"), list)
        or not structure["parts"]
    ):
        raise ValidationError(_("The structure needs a list of parts."), code="structure")
    seen_parts: set[str] = set()
    seen_questions: set[str] = set()
    for part in structure["parts"]:
        if not isinstance(part, dict) or not part.get("code") or not part.get("title"):
            errors.append(_("Every part needs a code and a title."))
            continue
        if part["code"] in seen_parts:
            errors.append(_("The part code %(code)s is used twice.") % {"code": part["code"]})
        seen_parts.add(part["code"])
        unknown_kinds = set(part.get("kinds") or []) - KINDS
        if unknown_kinds:
            errors.append(
                _("Part %(part)s: unknown interview kind %(kind)s.")
                % {"part": part["code"], "kind": ", ".join(sorted(unknown_kinds))}
            )
        segments = part.get("segments")
        if not isinstance(segments, list) or not segments:
            errors.append(_("Part %(part)s has no segments.") % {"part": part["code"]})
            continue
        seen_segments: set[str] = set()
        for segment in segments:
            if not isinstance(segment, dict) or not segment.get("code") or not segment.get("title"):
                errors.append(
                    _("Part %(part)s: every segment needs a code and a title.") % {"part": part["code"]}
                )
                continue
            where = f"{part['code']}.{segment['code']}"
            if segment["code"] in seen_segments:
                errors.append(_("The segment %(segment)s is used twice.") % {"segment": where})
            seen_segments.add(segment["code"])
            for question in segment.get("questions") or []:
                errors.extend(_question_errors(question, where, seen_questions, KEYS))
    if errors:
        raise ValidationError(errors, code="structure")


def _question_errors(question, where: str, seen: set[str], prefill_keys) -> list[str]:
    if not isinstance(question, dict) or not question.get("code") or not question.get("label"):
        return [_("Segment %(segment)s: every question needs a code and a label.") % {"segment": where}]
    code = question["code"]
    errors = []
    if code in seen:
        errors.append(_("The question code %(code)s is used twice.") % {"code": code})
    seen.add(code)
    kind = question.get("type")
    if kind not in QUESTION_TYPES:
        errors.append(_("Question %(code)s: unknown type %(type)s.") % {"code": code, "type": kind})
    choices = question.get("choices") or []
    if kind in CHOICE_TYPES:
        if not choices:
            errors.append(_("Question %(code)s: a question of this type needs choices.") % {"code": code})
        values = [c.get("value") if isinstance(c, dict) else None for c in choices]
        if any(v in (None, "") for v in values) or any(
            not c.get("label") for c in choices if isinstance(c, dict)
        ):
            errors.append(_("Question %(code)s: every choice needs a value and a label.") % {"code": code})
        elif len(set(map(str, values))) != len(values):
            errors.append(_("Question %(code)s: a choice value is used twice.") % {"code": code})
    elif choices:
        errors.append(_("Question %(code)s: only choice questions have choices.") % {"code": code})
    if "required" in question and not isinstance(question["required"], bool):
        errors.append(_("Question %(code)s: required must be true or false.") % {"code": code})
    prefill = question.get("prefill")
    if prefill and prefill not in prefill_keys:
        errors.append(_("Question %(code)s: unknown pre-fill key %(key)s.") % {"code": code, "key": prefill})
    return errors
