"""The web platform: agencies, users and roles, and the annual report from entry to publication.

One Django app per domain (``agencies``, ``accounts``, ``reports``). Domain logic lives in service
modules (``reports.services``, ``reports.permissions``); views are thin callers of the core and
of those services. ``python -m gongkai.web <command>`` is this project's ``manage.py``.
"""
