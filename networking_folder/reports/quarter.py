"""The quarter's report, for the advisor's own review: the totals against the quarter before,
the last twelve months and the give and take with each partner as charts, every partner's
scorecard, and what the figures mean. Portrait, the folder's paper; byte-identical for the
same data (ReportLab's invariant mode)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from reportlab.platypus import KeepTogether, Paragraph, Spacer

from networking_folder.domain.model import whole_money
from networking_folder.reports import pdf
from networking_folder.services.home import Balance, Month, Totals
from networking_folder.services.scorecards import Quarter, Scorecard

MEANINGS = [
    "Referrals count by the referral's date; closed business by the day it closed, whenever "
    "the referral was made.",
    "Received that closed: of the referrals received in the quarter, the share that closed "
    "as business (open ones count too).",
    "Days to first contact: from the day you gave a referral to the day the partner first "
    "contacted the person (the median of the quarter's).",
    "Trend: referrals both ways this quarter against the quarter before. One-to-ones: those "
    "logged in the quarter. Anything in the trash counts for nothing.",
]


@dataclass(frozen=True)
class QuarterReport:
    quarter: Quarter
    owner: str
    printed_on: dt.date
    paper: str
    totals: Totals
    before: Totals
    months: list[Month] = field(default_factory=list)
    balance: list[Balance] = field(default_factory=list)
    cards: list[Scorecard] = field(default_factory=list)

    @property
    def title(self) -> str:
        return f"Quarter report — {self.quarter.label}"


def money(cents: int) -> str:
    return whole_money(cents) if cents else "–"


def share(totals: Totals) -> str:
    if totals.conversion is None:
        return "– (none received)"
    return f"{totals.conversion:.0%} ({totals.received_closed} of {totals.received})"


def _trend(trend: int) -> str:
    return f"+{trend}" if trend > 0 else str(trend) if trend else "same"


def build_story(report: QuarterReport, width: float) -> list:
    q = report.quarter
    span = f"{q.start:%b} {q.start.day} – {(q.end - dt.timedelta(days=1)):%b %d, %Y}"
    story: list = [
        Paragraph(pdf.escape(report.title), pdf.TITLE),
        Paragraph(pdf.escape(" · ".join(p for p in (report.owner, span) if p)), pdf.QUIET),
        Paragraph("At a glance", pdf.HEADING),
    ]
    t, b = report.totals, report.before
    rows = [
        ["Referrals given", t.given, b.given],
        ["Referrals received", t.received, b.received],
        ["Closed business from referrals received", money(t.closed_value_received_cents),
         money(b.closed_value_received_cents)],
        ["Closed business from referrals given", money(t.closed_value_given_cents),
         money(b.closed_value_given_cents)],
        ["One-to-ones held", t.one_to_ones, b.one_to_ones],
        ["Received referrals that closed", share(t), share(b)],
    ]  # fmt: skip
    previous = q.previous()
    story.append(
        pdf.table(
            ["", q.label, f"{previous.label} (before)"],
            rows,
            [width * 0.5, width * 0.25, width * 0.25],
            right=(1, 2),
        )
    )
    labels = [f"{m.start:%b}" for m in report.months]
    story.append(Spacer(1, 10))
    story.append(
        KeepTogether(
            pdf.month_bars(
                "Referrals, the last 12 months",
                labels,
                [
                    ("Given", [m.given for m in report.months], pdf.DARK),
                    ("Received", [m.received for m in report.months], pdf.LIGHT),
                ],
                width,
            )
        )
    )
    story.append(
        KeepTogether(
            pdf.month_bars(
                "Closed business, the last 12 months (by the month it closed)",
                labels,
                [
                    ("From yours", [m.closed_value_given_cents for m in report.months], pdf.DARK),
                    ("From theirs", [m.closed_value_received_cents for m in report.months],
                     pdf.LIGHT),
                ],  # fmt: skip
                width,
                money=True,
            )
        )
    )
    if report.balance:
        story.append(
            KeepTogether(
                pdf.balance_bars(
                    "Give and receive with each partner this quarter",
                    [b.name for b in report.balance],
                    [b.given for b in report.balance],
                    [b.received for b in report.balance],
                    width,
                )
            )
        )
    story.append(Paragraph("Partners' scorecards", pdf.HEADING))
    if not report.cards:
        story.append(Paragraph("No partners yet: mark a contact as a partner.", pdf.BODY))
    else:
        cards = []
        for c in report.cards:
            who = pdf.escape(c.name) + ("<br/>⚠ not following up" if c.not_following_up else "")
            cards.append([
                Paragraph(who, pdf.CELL), c.given, c.received,
                money(c.closed_value_received_cents), money(c.closed_value_given_cents),
                "–" if c.conversion is None else f"{c.conversion:.0%}",
                "–" if c.median_days_to_first_contact is None
                else f"{c.median_days_to_first_contact:g}",
                c.one_to_ones,
                f"{c.last_touch:%b} {c.last_touch.day}, {c.last_touch.year}" if c.last_touch else "–",
                _trend(c.trend),
            ])  # fmt: skip
        header = ["Partner", "Given", "Received", "Closed from them", "Closed from you",
                  "Closed share", "Days to contact", "One-to-ones", "Last touch", "Trend"]  # fmt: skip
        widths = pdf.fit_widths(header, cards, width)
        story.append(pdf.table(header, cards, widths, right=tuple(range(1, 10))))
    story.append(Paragraph("What the figures mean", pdf.HEADING))
    story += [Paragraph(pdf.escape(text), pdf.BODY) for text in MEANINGS]
    return story


def render(report: QuarterReport, out: Path | str | BinaryIO) -> int:
    """Write the report as PDF to ``out``; returns the number of pages."""
    return pdf.render_portrait(
        out, report.paper, report.title, report.printed_on, lambda w: build_story(report, w)
    )
