from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "gongkai.web.accounts"
    verbose_name = "用户与角色"
