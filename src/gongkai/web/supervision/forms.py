from django import forms

from gongkai.web.forms import Form


class DateInput(forms.DateInput):
    input_type = "date"


class SpotCheckForm(Form):
    checked_on = forms.DateField(label="检查日期", widget=DateInput)
    subject = forms.CharField(label="检查内容", max_length=300, help_text="如“政府网站主动公开栏目抽查”")
    findings = forms.CharField(label="发现的问题", widget=forms.Textarea(attrs={"rows": 4}))
    agencies = forms.ModelMultipleChoiceField(label="涉及单位", queryset=None,
                                              widget=forms.SelectMultiple(attrs={"size": 6}))
    requirement = forms.CharField(label="整改要求", required=False, widget=forms.Textarea(attrs={"rows": 3}),
                                  help_text="需要整改的，填写整改要求和整改期限；每个涉及单位各收到一项整改要求")
    deadline = forms.DateField(label="整改期限", required=False, widget=DateInput)

    def __init__(self, *args, jurisdiction, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agencies"].queryset = jurisdiction.subtree().order_by("path")


class AnswerForm(Form):
    answered_on = forms.DateField(label="整改完成日期", widget=DateInput)
    text = forms.CharField(label="整改情况", widget=forms.Textarea(attrs={"rows": 4}))
