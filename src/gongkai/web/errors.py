"""The one refusal of the platform's services: a request the law, a record's state or its content
refuses. The message is for the user (Chinese, naming the place); views show it beside the form, the
API answers it with 409 or 422, the CLI prints it. Each app's services name it as they like
(``ReportError``, ``ApplicationError``) but raise and catch this one class."""


class Refused(Exception):
    def __init__(self, message: str):
        self.message = message
        super().__init__(message)
