"""The forms of this app's pages; ``gongkai.web.forms.Form`` cleans their text first."""

from django import forms
from django.utils import timezone

from gongkai.web.engagement.models import Response
from gongkai.web.forms import Form

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ResponseForm(Form):
    topic = forms.CharField(label="回应的热点或舆情", max_length=200,
                            help_text="同一热点或舆情以不同方式回应的，填写相同名称，统计时计1次。",
                            widget=forms.TextInput(attrs={"list": "topics"}))
    way = forms.ChoiceField(label="回应方式", choices=Response.Way.choices)
    on = forms.DateField(label="日期", widget=DATE)
    principal_attended = forms.BooleanField(label="主要负责同志参加", required=False,
                                            help_text="仅新闻发布会和政府网站在线访谈填写。")
    note = forms.CharField(label="说明", max_length=200, required=False)

    def clean_on(self):
        on = self.cleaned_data["on"]
        if on > timezone.localdate():
            raise forms.ValidationError("日期不能晚于今天。")
        return on

    def clean(self):
        data = super().clean()
        if data.get("principal_attended") and data.get("way") not in (None, *Response.WITH_PRINCIPAL):
            self.add_error("principal_attended", "主要负责同志参加仅适用于新闻发布会和政府网站在线访谈。")
        return data

    @classmethod
    def of(cls, response: Response, data=None) -> "ResponseForm":
        return cls(data, initial={"topic": response.topic.title, "way": response.way, "on": response.on,
                                  "principal_attended": response.principal_attended, "note": response.note})
