"""`bedside check` and `bedside scan`: the guard from the command line.

Exposed as click commands `check` and `scan`; the `bedside` group adds them."""

from __future__ import annotations

import gc
import itertools
import json
import os
import sys
from collections.abc import Iterator
from typing import Any, BinaryIO, TextIO

import click

from bedside.guard import Context, ContextError, Result, scan_many, warm_up
from bedside.guard import scan as scan_text

_COLOURS = {"allow": "green", "review": "yellow", "block": "red"}
_SEVERITY = {"allow": 0, "review": 1, "block": 2}
FAIL_ON_EXIT = 3


def highlight(result: Result, ansi: bool) -> str:
    """The text with each finding marked: coloured on a terminal, [[text|LABEL]] otherwise."""
    text = result.text
    out, pos = [], 0
    for f in sorted(result.findings, key=lambda f: (f.start, -f.end)):
        if f.start < pos:
            continue  # a finding inside one already marked
        out.append(text[pos : f.start])
        piece = text[f.start : f.end]
        out.append(click.style(piece, fg="red", bold=True, underline=True) + click.style(f"[{f.label}]", fg="red")
                   if ansi else f"[[{piece}|{f.label}]]")
        pos = f.end
    out.append(text[pos:])
    return "".join(out)


@click.command("check")
@click.argument("text")
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
@click.option("--direction", type=click.Choice(["outbound", "inbound"]), default="outbound", show_default=True)
@click.option("--kind", type=click.Choice(["post", "reply", "review_reply", "comment", "message", "review"]),
              default="post", show_default=True)
@click.option("--replying-to", default=None, help="The text this reply answers.")
@click.option("--fail-on", type=click.Choice(["review", "block"]), default=None,
              help="Exit with status 3 when the verdict is this or worse (review: review or block), so a "
                   "publishing pipeline can gate on it. Without it the exit status is 0 whatever the verdict.")
def check(text: str, as_json: bool, direction: str, kind: str, replying_to: str | None,
          fail_on: str | None) -> None:
    """Check TEXT (or - for standard input) for PHI and HIPAA risk.

    Exit status: 0 when the check ran (and, with --fail-on, the verdict is below that level),
    3 when --fail-on is given and the verdict reaches it, 2 for a usage error."""
    if text == "-":
        text = sys.stdin.read()
    result = scan_text(text, Context(direction=direction, kind=kind, replying_to=replying_to))
    if as_json:
        click.echo(json.dumps(result.to_dict(with_text=True), ensure_ascii=False, indent=2))
    else:
        ansi = sys.stdout.isatty()
        click.echo(highlight(result, ansi))
        click.echo()
        click.echo("verdict: " + (click.style(result.verdict, fg=_COLOURS[result.verdict], bold=True)
                                  if ansi else result.verdict))
        for reason in result.reasons:
            click.echo(f"  - {reason}")
        for f in result.findings:
            click.echo(f"  {f.start}-{f.end} {f.label} {f.text!r} score={f.score:.2f} rule={f.rule}")
            click.echo(f"      {f.explanation}")
    if fail_on is not None and _SEVERITY[result.verdict] >= _SEVERITY[fail_on]:
        # 3, not 1: click and Python use 1 for a crash and 2 for a usage error, so a
        # pipeline can tell "held by the guard" from "the command broke".
        sys.exit(FAIL_ON_EXIT)


class _BadLine:
    def __init__(self, line: int, doc_id: Any, error: str) -> None:
        self.line, self.doc_id, self.error = line, doc_id, error


def _read(stream: BinaryIO) -> Iterator[tuple[int, Any, Any]]:
    # Bytes in, decoded line by line: one line that is not UTF-8 gets an error
    # record instead of stopping the whole file.
    for n, raw_bytes in enumerate(stream, 1):
        try:
            raw = raw_bytes.decode("utf-8")
        except UnicodeDecodeError as exc:
            yield n, None, _BadLine(n, None, f"not valid UTF-8 at byte {exc.start}")
            continue
        if not raw.strip():
            yield n, None, _BadLine(n, None, "empty line")
            continue
        try:
            obj = json.loads(raw)
        except json.JSONDecodeError as exc:
            yield n, None, _BadLine(n, None, f"not valid JSON: {exc.msg} at column {exc.colno}")
            continue
        if not isinstance(obj, dict):
            yield n, None, _BadLine(n, None, "each line must be a JSON object")
            continue
        doc_id = obj.get("id")
        text = obj.get("text")
        if not isinstance(text, str):
            yield n, doc_id, _BadLine(n, doc_id, "missing \"text\" (a string)")
            continue
        try:
            ctx = Context.from_dict(obj.get("context"))
        except ContextError as exc:
            yield n, doc_id, _BadLine(n, doc_id, str(exc))
            continue
        yield n, doc_id, (text, ctx)


@click.command("scan")
@click.argument("infile", type=click.File("rb"))
@click.option("--out", "outfile", type=click.File("w", encoding="utf-8"), default="-",
              help="Where to write results (default: standard output).")
@click.option("--jobs", type=click.IntRange(1, 256), default=1, show_default=True, help="Worker processes.")
def scan(infile: BinaryIO, outfile: TextIO, jobs: int) -> None:
    """Scan IN.jsonl ({"id", "text", "context"?} a line) and write one result a line, in order."""
    # Start-up is most of a short run's time: load the guard with the garbage
    # collector off (half a million new objects would trigger it over and
    # over), then freeze what was loaded so later collections skip it.
    gc.disable()
    warm_up()
    gc.freeze()
    gc.enable()
    # Two views of one stream: the results come back in order for the good
    # lines, and tee buffers only what the workers have not caught up with.
    rows, feed = itertools.tee(_read(infile))
    results = scan_many((item for _n, _id, item in feed if not isinstance(item, _BadLine)), jobs=jobs)
    failed = 0
    for n, doc_id, item in rows:
        if isinstance(item, _BadLine):
            failed += 1
            record: dict[str, Any] = {"id": doc_id, "line": n, "error": item.error}
        else:
            res = next(results)
            record = {
                "id": doc_id,
                "verdict": res.verdict,
                "spans": [{"start": f.start, "end": f.end, "label": f.label, "score": round(f.score, 3),
                           "rule": f.rule} for f in res.findings],
            }
        outfile.write(json.dumps(record, ensure_ascii=False) + "\n")
    outfile.flush()
    results.close()  # the worker pool, if any, is shut down here
    if failed:
        click.echo(f"{failed} line(s) failed; see the error records", err=True)
    code = 1 if failed else 0
    if _owns_the_process():
        # Everything is written and flushed: leave without the interpreter's
        # teardown, which frees the half a million objects of the name model
        # and word lists one by one (a tenth of a short run's start-up cost).
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)
    sys.exit(code)


def _owns_the_process() -> bool:
    """Whether this command runs as its own program (its standard output is
    the process's file descriptor), not inside a caller such as click's test
    runner, which must get control back."""
    try:
        sys.stdout.fileno()
        sys.stderr.fileno()
    except (AttributeError, OSError, ValueError):
        return False
    return True
