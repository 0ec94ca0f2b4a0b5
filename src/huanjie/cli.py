"""The `huanjie` command.

`huanjie tally ...` counts from files with no database and no Django (spec/tally.md), so that
anyone can recount an election on any machine; `huanjie crypto demo` and `huanjie verify RECORD`
run and check an encrypted election the same way. Every other subcommand is a Django management
command: `huanjie migrate`, `huanjie demo`, `huanjie runserver`, `huanjie check --deploy`, ...
"""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if args and args[0] == "tally":
        from huanjie.countfiles.cli import main as tally_main

        return tally_main(args[1:])
    if args and args[0] in ("crypto", "verify"):
        # The encrypted ballot and its public verifier need no database either.
        from huanjie.crypto.cli import main as crypto_main

        return crypto_main(args)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "huanjie.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["huanjie", *args])
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
