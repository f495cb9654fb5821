"""The coordination office's pages for the procedure's settings (``office``): the holiday
arrangement of each year and the written documents' templates. Reached from the office's menu."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from gongkai.web import changelog
from gongkai.web.applications import office, permissions
from gongkai.web.applications.models import CalendarYear, DocumentTemplate
from gongkai.web.applications.services import ApplicationError
from gongkai.web.forms import Form


class CalendarYearForm(Form):
    year = forms.IntegerField(label="年份", min_value=2000, max_value=2100)
    source = forms.CharField(label=CalendarYear._meta.get_field("source").verbose_name, max_length=100,
                             help_text=CalendarYear._meta.get_field("source").help_text)
    holidays = forms.CharField(label="放假日", widget=forms.Textarea(attrs={"rows": 8}),
                               help_text=CalendarYear._meta.get_field("holidays").help_text)
    workdays = forms.CharField(label="调休上班日", required=False, widget=forms.Textarea(attrs={"rows": 4}),
                               help_text=CalendarYear._meta.get_field("workdays").help_text)


class DocumentTemplateForm(Form):
    name = forms.CharField(label="文书名称", max_length=100)
    title = forms.CharField(label="标题", widget=forms.Textarea(attrs={"rows": 2}),
                            help_text=DocumentTemplate._meta.get_field("title").help_text)
    number = forms.CharField(label="发文字号", max_length=200,
                             help_text=DocumentTemplate._meta.get_field("number").help_text)
    addressee = forms.CharField(label="主送", max_length=200)
    body = forms.CharField(label="正文", widget=forms.Textarea(attrs={"rows": 14}),
                           help_text=DocumentTemplate._meta.get_field("body").help_text)


@login_required
@require_http_methods(["GET", "POST"])
def calendar(request):
    """节假日安排: the years entered, and the form to enter a year (or enter it again, ``?year=``)."""
    permissions.require(permissions.can_enter_calendar(request.user))
    year = request.GET.get("year", "")
    entry = CalendarYear.objects.filter(year=int(year)).first() if year.isdigit() and len(year) == 4 else None
    initial = {"year": entry.year, "source": entry.source, "holidays": entry.holidays,
               "workdays": entry.workdays} if entry else {}
    form = CalendarYearForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            changed = office.enter_calendar_year(request.user, year=data["year"], source=data["source"],
                                                 holidays=data["holidays"].split(), workdays=data["workdays"].split())
        except ApplicationError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, f"已保存{data['year']}年节假日安排，并重新计算未办结申请的答复期限："
                                      f"{changed}件申请的期限有变化。")
            return redirect("applications:calendar")
    years = list(CalendarYear.objects.select_related("entered_by"))
    return render(request, "applications/office/calendar.html", {
        "form": form, "years": years, "entry": entry, "history": changelog.history(entry) if entry else []})


@login_required
def document_templates(request):
    permissions.require(permissions.can_edit_document_templates(request.user))
    return render(request, "applications/office/document_templates.html", {
        "templates": DocumentTemplate.objects.select_related("updated_by")})


@login_required
@require_http_methods(["GET", "POST"])
def document_template(request, kind: str):
    permissions.require(permissions.can_edit_document_templates(request.user))
    template = get_object_or_404(DocumentTemplate, kind=kind)
    form = DocumentTemplateForm(request.POST or None,
                                initial={field: getattr(template, field) for field in office.TEMPLATE_FIELDS})
    if request.method == "POST" and form.is_valid():
        try:
            office.update_document_template(request.user, template, form.cleaned_data)
        except ValidationError as error:
            for field, problems in error.message_dict.items():
                form.add_error(field if field in form.fields else None, problems)
        else:
            messages.success(request, f"已保存文书模板“{form.cleaned_data['name']}”。")
            return redirect("applications:document_templates")
    return render(request, "applications/office/document_template.html", {
        "template": template, "form": form, "history": changelog.history(template)})
