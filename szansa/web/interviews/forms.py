"""The interview form built from the questionnaire's structure: one field per question, the widget by its
type, the answers kept as the domain stores them (szansa.domain.interviews.answers)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from szansa.domain.interviews import structure as form_structure
from szansa.domain.interviews.enums import QuestionType

BOOLEAN_CHOICES = (("", _("not answered")), ("true", _("yes")), ("false", _("no")))


def field_name(code: str) -> str:
    """A question's code as a form field's name (the dots of "I.A.1" would be odd in an element id)."""
    return "q_" + code.replace(".", "_")


def _initial(question, value):
    if value is None:
        return None
    kind = question.get("type")
    if kind == QuestionType.BOOLEAN:
        return "true" if value is True else "false" if value is False else None
    if kind == QuestionType.MULTICHOICE:
        return [str(item) for item in value] if isinstance(value, list) else [str(value)]
    if kind == QuestionType.DATE and isinstance(value, str) and len(value) == 10 and value[4] == "-":
        return f"{value[8:10]}.{value[5:7]}.{value[0:4]}"
    return str(value)


def _field(question, disabled: bool):
    kind = question.get("type")
    label = f"{question['code']} {question['label']}"
    choices = [(str(choice["value"]), choice["label"]) for choice in question.get("choices") or []]
    common = {"label": label, "required": False, "disabled": disabled}
    if question.get("prefill") and not disabled:
        common["help_text"] = _("Filled in from the registry; correct it if it changed.")
    if kind == QuestionType.TEXTAREA:
        return forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), **common)
    if kind == QuestionType.BOOLEAN:
        return forms.ChoiceField(choices=BOOLEAN_CHOICES, widget=forms.RadioSelect, **common)
    if kind == QuestionType.CHOICE:
        return forms.ChoiceField(choices=[("", _("not answered"))] + choices, **common)
    if kind == QuestionType.MULTICHOICE:
        return forms.MultipleChoiceField(choices=choices, widget=forms.CheckboxSelectMultiple, **common)
    if kind == QuestionType.DATE:
        common.setdefault("help_text", _("dd.mm.yyyy"))
        return forms.CharField(widget=forms.TextInput(attrs={"inputmode": "numeric"}), **common)
    if kind in (QuestionType.NUMBER, QuestionType.MONEY):
        return forms.CharField(widget=forms.TextInput(attrs={"inputmode": "decimal"}), **common)
    return forms.CharField(**common)


class InterviewForm(forms.Form):
    """The answers of one interview in the structure `structure` (already stripped for the reader)."""

    base_revision = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    def __init__(self, *args, structure: dict, answers: dict, kind: str, read_only: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.structure = structure
        self.codes = {}
        self.layout = []
        for part in form_structure.parts(structure):
            if not form_structure.part_used_by(part, kind):
                continue
            segments = []
            for segment in part.get("segments") or []:
                names = []
                for question in segment.get("questions") or []:
                    name = field_name(question["code"])
                    self.fields[name] = _field(question, read_only)
                    self.fields[name].question = question
                    self.initial.setdefault(name, _initial(question, answers.get(question["code"])))
                    self.codes[name] = question["code"]
                    names.append(name)
                segments.append((segment, names))
            self.layout.append((part, segments))

    def sections(self):
        """[(part, [(segment, [bound fields])])] for the template."""
        return [
            (part, [(segment, [self[name] for name in names]) for segment, names in segments])
            for part, segments in self.layout
        ]

    def answers(self) -> dict:
        """The typed answers by question code, as strings and lists for the domain's check."""
        answers = {}
        for name, code in self.codes.items():
            value = self.cleaned_data.get(name)
            if value in (None, "", []):
                continue
            answers[code] = value.strip() if isinstance(value, str) else value
        return answers

    def add_answer_errors(self, errors: dict) -> None:
        """The domain's errors by question code next to their fields."""
        by_code = {code: name for name, code in self.codes.items()}
        for code, messages in errors.items():
            name = by_code.get(code)
            for message in messages if isinstance(messages, list) else [messages]:
                self.add_error(name if name in self.fields else None, str(message))


class WritebackForm(forms.Form):
    """The differences the worker accepts into the registry."""

    def __init__(self, *args, changes: list[dict], **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(change["field"], change["label"]) for change in changes if change["writable"]]
        self.fields["accepted"] = forms.MultipleChoiceField(
            label=_("Changes to write into the registry"),
            choices=choices,
            required=False,
            widget=forms.CheckboxSelectMultiple,
        )
