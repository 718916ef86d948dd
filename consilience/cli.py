"""Command line: a thin layer over the library API in pipeline.py.

Every command turns a ConsilienceError into one line on standard error and a non-zero exit
code; a user never sees a traceback for bad input. Machine output (JSON) goes to standard
output, progress and messages to standard error, so `--format json | jq` works.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table

from .config import DEFAULT
from .errors import ConsilienceError
from .records import IngestError, to_dict

app = typer.Typer(add_completion=False, no_args_is_help=True, rich_markup_mode=None,
                  help="Turn many news reports of one event into one cross-checked account.")
out = Console(soft_wrap=True)
err = Console(stderr=True, soft_wrap=True)

DbOption = Annotated[str, typer.Option("--db", help="SQLite file or database URL.",
                                       envvar="CONSILIENCE_DB")]
Inputs = Annotated[list[str], typer.Argument(
    help="Files, folders, URLs or feeds; '-' reads standard input.", show_default=False)]
FORMATS = ("terminal", "json", "md", "html")


def main() -> None:
    try:
        app()
    except KeyboardInterrupt:  # raised outside a command body (e.g. while importing)
        err.print("interrupted")
        sys.exit(130)


def _fail(exc: ConsilienceError) -> typer.Exit:
    err.print(f"[red]error:[/red] {exc}", highlight=False, markup=True)
    return typer.Exit(1)


def _open(db: str):
    from .pipeline import Consilience

    return Consilience(db)


def _progress() -> Progress:
    return Progress(SpinnerColumn(), TextColumn("{task.description}"), BarColumn(),
                    TextColumn("{task.completed} documents"), TimeElapsedColumn(),
                    console=err, transient=True, disable=not err.is_terminal)


def _report_failure(failure: IngestError) -> None:
    err.print(f"[red]failed:[/red] {failure.source}: {failure.reason}", highlight=False)


def _run_add(db: str, inputs: list[str], *, check: bool = False):
    """Add (or check) with a progress bar, one line per failure and a summary line; returns
    (report or None, summary). Ctrl-C or a bad database setting ends the command in one line."""
    try:
        c = _open(db)
        with _progress() as progress:
            task = progress.add_task("reading", total=None)

            def seen(outcome) -> None:
                progress.update(task, advance=1, description=outcome.source[-60:])
                if outcome.status == "failed":
                    _report_failure(IngestError(source=outcome.source, reason=outcome.reason))

            result, summary = (c.check(inputs, on_outcome=seen) if check
                               else (None, c.add(inputs, on_outcome=seen)))
    except KeyboardInterrupt:
        err.print("interrupted: what was added is kept; run the same command again to finish")
        raise typer.Exit(130) from None
    except ConsilienceError as exc:
        raise _fail(exc) from None
    err.print(summary.line())
    return result, summary


@app.command()
def add(inputs: Inputs, db: DbOption = DEFAULT.db) -> None:
    """Ingest documents into the database: extract, clean, detect duplicates."""
    _, summary = _run_add(db, inputs)
    raise typer.Exit(1 if summary.failed else 0)


@app.command("extract")
def extract_cmd(
    inputs: Inputs,
    jsonl: Annotated[bool, typer.Option("--jsonl", help="One JSON object per document.")] = False,
) -> None:
    """Print each document's clean text, title, outlet, date and what was removed (no database)."""
    from .pipeline import extract_documents

    failed = 0
    try:
        for item in extract_documents(inputs):
            if isinstance(item, IngestError):
                failed += 1
                _report_failure(item)
            elif jsonl:
                row = to_dict(item)
                row["removed"] = [{"text": r.text, "reason": r.reason, "start": r.start,
                                   "end": r.end} for r in item.removed]
                row.pop("extracted_text", None)
                sys.stdout.write(json.dumps(row, ensure_ascii=False) + "\n")
            else:
                _print_article(item)
    except KeyboardInterrupt:
        raise typer.Exit(130) from None
    except ConsilienceError as exc:
        raise _fail(exc) from None
    raise typer.Exit(1 if failed else 0)


def _print_article(a) -> None:
    out.rule(a.title, style="cyan")
    out.print(f"source: {a.source}\noutlet: {a.outlet}    published: {a.published or 'unknown'}"
              f"    language: {a.language or 'unknown'}    words: {a.words}", highlight=False)
    out.print()
    out.print(a.text, highlight=False, markup=False)
    if a.removed:
        out.print()
        out.print(f"[bold]removed ({len(a.removed)}):[/bold]")
        for r in a.removed:
            out.print(f"  [{r.reason}] ", end="", highlight=False, markup=False)
            out.print(r.text, highlight=False, markup=False)
    out.print()


@app.command()
def articles(
    db: DbOption = DEFAULT.db,
    as_json: Annotated[bool, typer.Option("--json", help="JSON lines instead of a table.")] = False,
) -> None:
    """List stored articles: outlet, date, title, words, duplicate-of."""
    try:
        rows = _open(db).articles()
    except ConsilienceError as exc:
        raise _fail(exc) from None
    if as_json:
        for a in rows:
            sys.stdout.write(json.dumps(
                {"id": a.id, "outlet": a.outlet, "published": a.published, "title": a.title,
                 "words": a.words, "duplicate_of": a.duplicate_of, "source": a.source,
                 "url": a.url, "language": a.language, "removed": len(a.removed)},
                ensure_ascii=False) + "\n")
        return
    if not out.is_terminal:  # piped: tab-separated lines that cut/awk/sort can read
        for a in rows:
            sys.stdout.write("\t".join([a.id, a.outlet, a.published or "", a.title,
                                        str(a.words), a.duplicate_of or ""]) + "\n")
        return
    table = Table(box=None)
    for name in ("id", "outlet", "date"):
        table.add_column(name, no_wrap=True, max_width=28 if name == "outlet" else None,
                         overflow="ellipsis")
    table.add_column("title", ratio=1)
    table.add_column("words", no_wrap=True, justify="right")
    table.add_column("duplicate of", no_wrap=True)
    for a in rows:
        table.add_row(a.id[:10], a.outlet, a.published or "", a.title, str(a.words),
                      (a.duplicate_of or "")[:10])
    out.print(table)
    err.print(f"{len(rows)} articles")


@app.command()
def claims(
    ref: Annotated[str, typer.Argument(help="A stored article id (or prefix), a file or a URL.")],
    db: DbOption = DEFAULT.db,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Print the claims of a stored article, or of the documents in a file or URL."""
    from .analyze import analyze
    from .pipeline import extract_documents

    try:
        if Path(ref).exists() or "://" in ref or ref == "-":
            pairs, failed = [], 0
            for item in extract_documents([ref]):
                if isinstance(item, IngestError):
                    failed += 1
                    _report_failure(item)
                else:
                    pairs.append((item, analyze(item)))
            if failed and not pairs:
                raise typer.Exit(1)
        else:
            pairs = [_open(db).claims(ref)]
    except ConsilienceError as exc:
        raise _fail(exc) from None
    if as_json:
        payload = [{"article_id": a.id, "title": a.title, "analyzed": an.analyzed,
                    "reason": an.reason, "claims": [to_dict(c) for c in an.claims]}
                   for a, an in pairs]
        sys.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2) + "\n")
        return
    for article, analysis in pairs:
        _print_claims(article, analysis)


def _print_claims(article, analysis) -> None:
    out.rule(f"{article.title} ({article.outlet})", style="cyan")
    if not analysis.analyzed:
        out.print(f"not analyzed: {analysis.reason}", highlight=False)
        return
    table = Table("kind", "text", "value", "qualifier", "about", "speaker / date", box=None)
    for c in analysis.claims:
        if c.kind == "statement":
            continue
        value = ""
        if c.value is not None:
            value = f"{c.value:g}" + (f"–{c.value_high:g}" if c.value_high else "")
            value += f" {c.unit}" if c.unit else ""
        extra = c.speaker or c.speaker_description or c.date or ""
        table.add_row(c.kind, c.text, value, c.qualifier if c.value is not None else "",
                      c.about, extra)
    out.print(table)
    statements = sum(1 for c in analysis.claims if c.kind == "statement")
    out.print(f"{len(analysis.claims)} claims ({statements} statements not shown; --json for all)")


@app.command()
def stories(db: DbOption = DEFAULT.db) -> None:
    """Group stored articles into stories and list them."""
    try:
        c = _open(db)
        rows = c.group()
        by_id = {a.id: a for a in c.articles()}
    except ConsilienceError as exc:
        raise _fail(exc) from None
    table = Table("id", "articles", "outlets", "title", box=None)
    for s in rows:
        outlets = sorted({by_id[a].outlet for a in s.article_ids if a in by_id})
        table.add_row(s.id[:10], str(len(s.article_ids)), ", ".join(outlets), s.title)
    out.print(table)


FormatOption = Annotated[str, typer.Option("--format", "-f", help="terminal, json, md or html.")]
OutputOption = Annotated[Path | None, typer.Option("-o", "--output",
                                                   help="Write the --format output to FILE.")]


def _emit(report: dict, fmt: str, output: Path | None) -> None:
    from .report import render_html, render_markdown, render_terminal

    if fmt not in FORMATS:
        raise typer.BadParameter(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    if fmt == "terminal" and output is None:
        render_terminal(report, out)
        return
    text = {"json": lambda r: json.dumps(r, ensure_ascii=False, indent=2) + "\n",
            "md": render_markdown, "html": render_html,
            "terminal": render_markdown}[fmt](report)
    if output is None:
        sys.stdout.write(text)
    else:
        output.write_text(text, encoding="utf-8")
        err.print(f"wrote {output}")


@app.command()
def report(
    story: Annotated[list[str] | None, typer.Argument(help="Story ids (or prefixes).")] = None,
    db: DbOption = DEFAULT.db,
    fmt: FormatOption = "terminal",
    output: OutputOption = None,
) -> None:
    """Cross-check stored stories and print the briefing (all stories when none is named)."""
    try:
        c = _open(db)
        if not c.stories():
            c.group()
        ids = [c.store.resolve_story(s) for s in story] if story else None
        _emit(c.report(ids), fmt, output)
    except ConsilienceError as exc:
        raise _fail(exc) from None


@app.command()
def check(
    inputs: Inputs,
    db: DbOption = DEFAULT.db,
    fmt: FormatOption = "terminal",
    output: OutputOption = None,
    out_dir: Annotated[Path, typer.Option(
        "--out-dir", help="Where briefing.html, .md and .json are written.")] = Path("."),
    no_files: Annotated[bool, typer.Option("--no-files",
                                           help="Do not write the briefing files.")] = False,
) -> None:
    """The main job: ingest, group into stories, cross-check, print and write the briefing."""
    from .report import render_html, render_markdown

    report_, summary = _run_add(db, inputs, check=True)
    if not report_["stories"]:
        err.print("no article could be read: nothing to cross-check")
        raise typer.Exit(1)
    if not no_files:
        out_dir.mkdir(parents=True, exist_ok=True)
        (out_dir / "briefing.json").write_text(
            json.dumps(report_, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        (out_dir / "briefing.md").write_text(render_markdown(report_), encoding="utf-8")
        (out_dir / "briefing.html").write_text(render_html(report_), encoding="utf-8")
        err.print(f"wrote {out_dir / 'briefing.html'}, .md and .json")
    _emit(report_, fmt, output)
    raise typer.Exit(1 if summary.failed else 0)


if __name__ == "__main__":
    main()
