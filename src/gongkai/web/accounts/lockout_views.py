"""The 登录锁定 page: sign-in lockouts the coordination office (or the admin) may lift."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from gongkai.web.accounts import lockouts as service
from gongkai.web.accounts import permissions
from gongkai.web.forms import Form


class UnlockForm(Form):
    username = forms.CharField(label="账号", max_length=150, required=False)
    address = forms.GenericIPAddressField(label="网络地址", required=False)


@login_required
@require_http_methods(["GET", "POST"])
def lockouts(request):
    permissions.require(permissions.can_manage_lockouts(request.user))
    if request.method == "POST":
        form = UnlockForm(request.POST)
        if not form.is_valid():
            messages.error(request, "；".join(message for errors in form.errors.values() for message in errors))
        elif form.cleaned_data["username"]:
            service.unlock_account(request.user, form.cleaned_data["username"])
            messages.success(request, f"已解除锁定：账号「{form.cleaned_data['username']}」可以重新登录。")
        elif form.cleaned_data["address"]:
            service.unlock_address(request.user, form.cleaned_data["address"])
            messages.success(request, f"已解除锁定：网络地址 {form.cleaned_data['address']} 可以重新登录。")
        return redirect("lockouts")
    return render(request, "accounts/lockouts.html", {
        "accounts": service.locked_accounts(request.user), "addresses": service.locked_addresses(request.user),
        "failure_limit": service.settings.AXES_FAILURE_LIMIT, "cooloff": service.cooloff_text(),
        "can_unlock_address": permissions.can_unlock_address(request.user),
    })
