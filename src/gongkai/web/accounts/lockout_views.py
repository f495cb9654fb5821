"""The 登录锁定 page: sign-in lockouts the coordination office (or the admin) may lift."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from gongkai.web.accounts import lockouts as service
from gongkai.web.accounts import permissions


@login_required
@require_http_methods(["GET", "POST"])
def lockouts(request):
    permissions.require(permissions.can_manage_lockouts(request.user))
    if request.method == "POST":
        if request.POST.get("username"):
            service.unlock_account(request.user, request.POST["username"])
            messages.success(request, f"已解除锁定：账号「{request.POST['username']}」可以重新登录。")
        elif request.POST.get("address"):
            service.unlock_address(request.user, request.POST["address"])
            messages.success(request, f"已解除锁定：网络地址 {request.POST['address']} 可以重新登录。")
        return redirect("lockouts")
    return render(request, "accounts/lockouts.html", {
        "accounts": service.locked_accounts(request.user), "addresses": service.locked_addresses(request.user),
        "failure_limit": service.settings.AXES_FAILURE_LIMIT, "cooloff": service.cooloff_text(),
        "can_unlock_address": permissions.can_unlock_address(request.user),
    })
