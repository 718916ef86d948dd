"""Stage 8, report: the ``consilience.report/1`` dict and its renderings.

    report = build_report([(story, articles, analyses, checks), ...])
    render_markdown(report) / render_html(report) / render_terminal(report, console)

The dict is the contract (DESIGN.md); renderers read only the dict, so a report loaded back
from JSON renders exactly like a fresh one.
"""

from consilience.report.build import SCHEMA, build_report
from consilience.report.render_html import render_html
from consilience.report.render_md import render_markdown
from consilience.report.render_terminal import render_terminal
from consilience.report.summary import summarize

__all__ = ["SCHEMA", "build_report", "render_html", "render_markdown", "render_terminal",
           "summarize"]
