"""`gongkai web …`: the web platform's management commands (migrate, load_demo, runserver, createsuperuser …)."""

import argparse
import os


def register(subparsers) -> None:
    command = subparsers.add_parser("web", help="网站管理命令（migrate、load_demo、runserver 等 Django 命令）")
    command.add_argument("arguments", nargs=argparse.REMAINDER, help="Django 管理命令及其参数")
    command.set_defaults(handler=manage)


def manage(arguments: argparse.Namespace) -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.web.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["gongkai web", *(arguments.arguments or ["help"])])
    return 0
