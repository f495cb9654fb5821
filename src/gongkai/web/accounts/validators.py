"""Password validators whose messages Django's Chinese catalogue lacks."""

from django.contrib.auth import password_validation


class MinimumLengthValidator(password_validation.MinimumLengthValidator):
    """Django 5.2 reworded this message (``%d`` for ``%(min_length)d``) and its zh_Hans catalogue
    still has only the old wording, so the refusal came out in English. Same rule, Chinese words
    (the catalogue's own for the old message)."""

    def get_error_message(self) -> str:
        return f"密码长度太短。密码必须包含至少 {self.min_length} 个字符。"
