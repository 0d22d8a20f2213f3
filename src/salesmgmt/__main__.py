"""The ``salesmgmt`` command line: ``python -m salesmgmt demo``.

This is the only module of salesmgmt that prints. It parses the arguments,
calls pure functions for the text, and writes it to standard output.

Commands:

* ``demo``: print the worked example (:func:`salesmgmt.demo.demo_text`).
* ``--version``: print the installed version.

Run without a command it prints the help and exits with status 2, as for any
other usage error.

>>> from salesmgmt.__main__ import main
>>> main(["--version"])
salesmgmt ...
0
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from salesmgmt import __version__
from salesmgmt._checks import check_iterable, check_str

__all__ = ["main"]

#: Exit status for a usage error (no command, an unknown option), as argparse uses.
USAGE_ERROR = 2


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m salesmgmt",
        description=("salesmgmt: sales-management logic as immutable values and pure functions."),
        epilog="The library itself is used from Python: import salesmgmt.",
    )
    parser.add_argument("--version", action="version", version=f"salesmgmt {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    commands.add_parser(
        "demo",
        help="print a worked example: money splits, a retail fiscal year, business days",
        description="Print a worked example of money splitting and calendars.",
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line and return its exit status.

    Args:
        argv: the arguments after the program name; ``None`` reads
            ``sys.argv[1:]``.

    Returns:
        ``0`` on success, ``2`` for a usage error (no command, an unknown
        command or option), after argparse has printed the usage.

    Raises:
        WrongType: ``argv`` is not a list or tuple of strings.

    >>> from salesmgmt.__main__ import main
    >>> main(["demo"])
    salesmgmt ... a worked example
    ...
    0
    >>> main([])
    usage: python -m salesmgmt [-h] [--version] COMMAND ...
    ...
    2
    """
    record = "main()"
    if argv is None:
        args = list(sys.argv[1:])
    else:
        args = [
            check_str(arg, record=record, field="argv", max_length=10_000, empty_ok=True)
            for arg in check_iterable(argv, record=record, field="argv", max_items=1_000)
        ]
    parser = _parser()
    try:
        namespace = parser.parse_args(args)
    except SystemExit as exit_:  # --help, --version and usage errors end here
        return exit_.code if isinstance(exit_.code, int) else USAGE_ERROR
    if namespace.command == "demo":
        from salesmgmt.demo import demo_text

        sys.stdout.write(demo_text())
        return 0
    parser.print_help()
    return USAGE_ERROR


if __name__ == "__main__":
    sys.exit(main())
