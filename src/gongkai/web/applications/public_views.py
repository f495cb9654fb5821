"""The public's pages: applying online (网络申请) and looking an application up by its tracking code.
No sign-in; nothing on them names the applicant."""

from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET, require_http_methods

from gongkai.web.agencies.models import Agency
from gongkai.web.applications import rules, services
from gongkai.web.applications.forms import OnlineApplicationForm, TrackingForm, new_form_token
from gongkai.web.applications.models import Application
from gongkai.web.throttle import services as throttle

TOO_MANY = "提交过于频繁，请一小时后再试。"


@require_GET
def choose(request):
    """The agencies one may apply to, by jurisdiction."""
    return render(request, "applications/public/choose.html", {
        "agencies": Agency.objects.select_related("parent").order_by("parent_id", "pk")})


@require_http_methods(["GET", "POST"])
def apply(request, agency_id: int):
    agency = get_object_or_404(Agency, pk=agency_id)
    form = OnlineApplicationForm(request.POST or None, initial={"form_token": new_form_token()})
    if request.method == "POST" and form.is_valid():
        if not throttle.allow("apply", throttle.client_address(request),
                              rules.setting("online_applications_per_hour")):
            form.add_error(None, TOO_MANY)
            return render(request, "applications/public/apply.html", {"agency": agency, "form": form}, status=429)
        try:
            application, created = services.apply_online(agency, **form.service_arguments())
        except services.ApplicationError as error:
            form.add_error(None, error.message)
        else:
            return render(request, "applications/public/applied.html", {
                "application": application, "created": created})
    return render(request, "applications/public/apply.html", {"agency": agency, "form": form},
                  status=400 if form.errors else 200)


@require_http_methods(["GET", "POST"])
def track(request):
    """查询: the code is posted, not put in the address, so that it stays out of logs and history."""
    form = TrackingForm(request.POST or None)
    application = None
    if request.method == "POST" and form.is_valid():
        if not throttle.allow("track", throttle.client_address(request), rules.setting("tracking_lookups_per_hour")):
            form.add_error(None, TOO_MANY)
            return render(request, "applications/public/track.html", {"form": form}, status=429)
        application = (Application.objects.select_related("agency", "reply", "fee_notice")
                       .filter(tracking_code=form.cleaned_data["code"]).first())
        if application is None:
            form.add_error("code", "未找到该查询码对应的申请，请核对后重新输入。")
    return render(request, "applications/public/track.html", {"form": form, "application": application},
                  status=400 if form.errors else 200)
