"""The ``gongkai`` command line.

Each module listed in ``COMMAND_MODULES`` adds its sub-commands through ``register(subparsers)``;
each sub-command sets ``handler`` to a function that takes the parsed arguments and returns the exit
code: 0 no errors (warnings may be printed), 1 the data has errors, 2 the input could not be read.
"""

import argparse
import importlib
import sys

from gongkai.errors import InputError

COMMAND_MODULES = (
    "gongkai.cli.reports",
    "gongkai.cli.audit",
    "gongkai.cli.applications",
    "gongkai.cli.deadlines",
    "gongkai.cli.web",
)

EXIT_OK, EXIT_DATA_ERRORS, EXIT_BAD_INPUT = 0, 1, 2


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="gongkai", description="政府信息公开工作：年度报告格式、统计表核查、报告生成与审查。"
    )
    subparsers = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for module_name in COMMAND_MODULES:
        importlib.import_module(module_name).register(subparsers)
    return parser


def main(argv: list[str] | None = None) -> int:
    arguments = build_parser().parse_args(argv)
    try:
        return arguments.handler(arguments)
    except InputError as error:
        print(f"gongkai: 错误：{error}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except BrokenPipeError:
        return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
