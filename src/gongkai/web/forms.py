"""The base of every form of the platform: its text passes ``gongkai.text.clean_text`` once, before any
field is cleaned, whether it came from a page (a QueryDict) or from the API (a dict of JSON values)."""

from django import forms
from django.http import QueryDict

from gongkai.errors import InputError
from gongkai.text import clean_text, printable


class Form(forms.Form):
    """A Django form that normalises its text and refuses a value no document can hold (or, from the
    API, a list or an object where the field takes one value), naming the field."""

    def full_clean(self) -> None:
        refused: dict[str, str] = {}
        if self.is_bound:
            self.data = self._normalised(self.data, refused)
        super().full_clean()
        for name, message in refused.items():
            self._errors.pop(name, None)  # the field's own message about the mended value is moot
            self.add_error(name, message)

    def _normalised(self, data, refused: dict[str, str]):
        data = data.copy()
        for name, field in self.fields.items():
            key, label = self.add_prefix(name), field.label or name
            if isinstance(data, QueryDict):
                data.setlist(key, [self._text(value, label, name, refused) for value in data.getlist(key)])
            elif isinstance(data.get(key), list | dict):
                refused[name] = f"{label}应为单个值，不能是列表或对象。"
                data[key] = ""
            elif key in data:
                data[key] = self._text(data[key], label, name, refused)
        return data

    @staticmethod
    def _text(value, label: str, name: str, refused: dict[str, str]):
        if not isinstance(value, str):
            return value
        try:
            return clean_text(value, label)
        except InputError as error:
            refused[name] = f"{label}{error.message}。"
            return printable(value)
