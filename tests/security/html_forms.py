"""The forms a page shows, read from its HTML as a browser would: every field's name, its
kind and the value the page put in it. The fuzzing suites find the fields to attack here,
so a field added to a template is attacked without anyone listing it."""

from dataclasses import dataclass, field
from html.parser import HTMLParser

SKIPPED_TYPES = {"submit", "reset", "image"}
INPUT_MODES = {"tel": "tel", "numeric": "number", "decimal": "number", "email": "email"}


@dataclass
class Field:
    name: str
    kind: str  # an <input> type, or "select", "textarea", "button"
    values: list = field(default_factory=list)  # what the page sends as it stands
    choices: list = field(default_factory=list)  # the options, radios or boxes offered
    required: bool = False
    accept: str = ""  # for a file box: the kinds of file it takes


@dataclass
class Form:
    action: str
    method: str
    multipart: bool
    fields: dict = field(default_factory=dict)
    plain_submit: bool = False  # a submit button without a name ("Gửi"), beside named ones

    def add(self, name, kind, value=None, chosen=False, required=False):
        entry = self.fields.setdefault(name, Field(name, kind))
        entry.required = entry.required or required
        if kind in ("checkbox", "radio", "option", "button"):
            if value is not None:
                entry.choices.append(value)
            if chosen and value is not None:
                entry.values.append(value)
        elif value is not None:
            entry.values.append(value)


class _Reader(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[Form] = []
        self.form: Form | None = None
        self.select: str | None = None
        self.option: tuple | None = None
        self.textarea: tuple | None = None

    def handle_starttag(self, tag, attrs):  # noqa: PLR0912 (a branch per form element)
        attrs = {name: (value if value is not None else "") for name, value in attrs}
        if tag == "form":
            self.form = Form(
                action=attrs.get("action", ""),
                method=attrs.get("method", "get").lower(),
                multipart="multipart" in attrs.get("enctype", ""),
            )
            self.forms.append(self.form)
            return
        if self.form is None:
            return
        if tag == "option" and self.select:
            self.option = (attrs.get("value"), "selected" in attrs, "")
            return
        name = attrs.get("name")
        submits = tag == "button" or attrs.get("type") in ("submit", "image")
        if submits and attrs.get("type", "submit") == "submit" and not name:
            self.form.plain_submit = True
        if not name:
            return
        required = "required" in attrs
        if tag == "input":
            kind = attrs.get("type", "text").lower()
            if kind == "text" and attrs.get("inputmode") in INPUT_MODES:
                kind = INPUT_MODES[attrs["inputmode"]]  # a phone or money box typed as text
            if kind in SKIPPED_TYPES:
                return
            if kind in ("checkbox", "radio"):
                self.form.add(name, kind, attrs.get("value", "on"), "checked" in attrs, required)
            else:
                value = None if kind == "file" else attrs.get("value", "")
                self.form.add(name, kind, value, required=required)
                self.form.fields[name].accept = attrs.get("accept", "")
        elif tag == "select":
            self.select = name
            self.form.add(name, "select", required=required)
        elif tag == "textarea":
            self.textarea = (name, required, "")
        elif tag == "button" and attrs.get("type", "submit") == "submit":
            self.form.add(name, "button", attrs.get("value", ""))

    def handle_data(self, data):
        if self.option is not None:
            self.option = (*self.option[:2], self.option[2] + data)
        if self.textarea is not None:
            self.textarea = (*self.textarea[:2], self.textarea[2] + data)

    def handle_endtag(self, tag):
        if tag == "option" and self.option is not None and self.select:
            value, selected, text = self.option
            value = text.strip() if value is None else value
            entry = self.form.fields[self.select]
            entry.choices.append(value)
            if selected:
                entry.values.append(value)
            self.option = None
        elif tag == "select":
            self.select = None
        elif tag == "textarea" and self.textarea is not None:
            name, required, text = self.textarea
            self.form.add(name, "textarea", text.removeprefix("\n"), required=required)
            self.textarea = None
        elif tag == "form":
            self.form = None


def forms_on(html: str) -> list[Form]:
    reader = _Reader()
    reader.feed(html)
    return reader.forms
