"""The parts of README.md that are made from the code, so they cannot drift from it: the command
synopsis (from the click commands) and the codes tables (from mstrack.codes, the catalogue in src/mstrack/data/*_codes.csv).

    python scripts/readme.py           # rewrite the generated parts of README.md
    python scripts/readme.py --check   # exit 1 when README.md differs from what the code says

Each generated part sits between `<!-- generated: NAME -->` and `<!-- end generated: NAME -->`;
`make test` runs the check (tests/test_readme.py).
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

import click

from mstrack.codes import finding_codes, validation_codes

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"
WIDTH = 104  # synopsis lines are wrapped here, continuation lines indented under the first option


def synopsis() -> str:
    """One entry per command: its arguments and every option with its metavar."""
    from mstrack.cli import main

    context = click.Context(main, info_name="mstrack")
    lines = []
    for name in main.list_commands(context):
        command = main.get_command(context, name)
        lines += _wrap(f"mstrack {name}", [_usage(param) for param in command.params if _usage(param)])
    lines.append("mstrack --help | mstrack COMMAND --help")
    return "```\n" + "\n".join(lines) + "\n```"


def _usage(param: click.Parameter) -> str:
    if isinstance(param, click.Argument):
        name = param.human_readable_name.upper()
        shown = f"{name}…" if param.nargs == -1 else name
        return shown if param.required else f"[{shown}]"
    if getattr(param, "hidden", False) or not isinstance(param, click.Option):
        return ""
    flag = min(param.opts, key=len) if len(param.opts) > 1 and not param.is_flag else max(param.opts, key=len)
    if param.is_flag:
        flag = min(param.opts, key=len)
        return f"[{flag}]" if not param.required else flag
    if isinstance(param.type, click.Choice):
        value = "|".join(param.type.choices)
    else:
        value = param.metavar or (param.name or "").upper()
    shown = f"{max(param.opts, key=len)} {value}"
    return shown if param.required else f"[{shown}]"


def _wrap(head: str, parts: list[str]) -> list[str]:
    lines, line = [], head
    indent = " " * (len(head) + 1)
    for part in parts:
        if len(line) + 1 + len(part) > WIDTH:
            lines.append(line)
            line = indent + part
        else:
            line += " " + part
    lines.append(line)
    return lines


def findings_table(group: str) -> str:
    """The findings codes of one group (input: why a file failed; data: what parsers notice), codes
    that share a meaning on one line."""
    rows: list[list] = []
    for code in finding_codes().values():
        if code.group != group:
            continue
        if rows and rows[-1][1:] == [code.severity, code.meaning]:
            rows[-1][0].append(code.code)
        else:
            rows.append([[code.code], code.severity, code.meaning])
    lines = ["| code | severity | meaning |", "|---|---|---|"]
    lines += [f"| {' / '.join(codes)} | {severity} | {meaning} |" for codes, severity, meaning in rows]
    return "\n".join(lines)


def validation_table() -> str:
    lines = ["| code | meaning |", "|---|---|"]
    lines += [f"| {c.code} | {c.meaning} |" for c in validation_codes().values()]
    return "\n".join(lines)


PARTS = {
    "synopsis": synopsis,
    "input-codes": lambda: findings_table("input"),
    "data-codes": lambda: findings_table("data"),
    "validation-codes": validation_table,
}


def render(text: str) -> str:
    """README text with every generated part made again."""
    for name, make in PARTS.items():
        pattern = re.compile(rf"(<!-- generated: {name} -->\n)(?:.*?\n)?(<!-- end generated: {name} -->)", re.S)
        if not pattern.search(text):
            raise SystemExit(f"README.md has no generated part {name!r}")
        text = pattern.sub(lambda m: m.group(1) + make() + "\n" + m.group(2), text)
    return text


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--check", action="store_true", help="exit 1 when README.md differs from the code")
    args = parser.parse_args(argv)
    text = README.read_text(encoding="utf-8")
    made = render(text)
    if args.check:
        if made != text:
            print("README.md differs from the code; run: python scripts/readme.py", file=sys.stderr)
            return 1
        return 0
    README.write_text(made, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
