"""Charts as PNG images for the Word report (matplotlib, Agg backend, imported lazily:
start-up time matters and only ``round report --docx`` draws)."""

from __future__ import annotations

import io
import math
from collections.abc import Sequence


def _pyplot():
    import matplotlib

    matplotlib.use("Agg")  # no display: draw to memory
    import matplotlib.pyplot as plt

    return plt


def _png(fig) -> bytes:
    plt = _pyplot()
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=150, bbox_inches="tight")
    plt.close(fig)
    return buffer.getvalue()


def bar_chart(labels: Sequence[str], values: Sequence[float | None], *, title: str, axis: str) -> bytes:
    """Horizontal bars, 0–100, red/amber/green by value; a sector not assessed has no bar."""
    plt = _pyplot()
    fig, ax = plt.subplots(figsize=(7.0, 0.45 * len(labels) + 1.2))
    shown = [0.0 if v is None else v for v in values]
    colours = ["#F8696B" if v < 40 else "#FFD966" if v < 70 else "#63BE7B" for v in shown]
    ax.barh(range(len(labels)), shown, color=colours)
    ax.set_yticks(range(len(labels)), labels=[_wrap(label) for label in labels], fontsize=8)
    ax.invert_yaxis()  # first sector on top, as in the tables
    ax.set_xlim(0, 100)
    ax.set_xlabel(axis)
    ax.set_title(title)
    for n, value in enumerate(values):
        ax.text(2 if value is None else min(value, 92) + 1, n, "—" if value is None else f"{value:.0f}", va="center", fontsize=7)
    ax.spines[["top", "right"]].set_visible(False)
    return _png(fig)


def radar_chart(labels: Sequence[str], series: Sequence[tuple[str, Sequence[float | None]]], *, title: str) -> bytes:
    """A radar (polar) chart of several series over the same axes, 0–100."""
    plt = _pyplot()
    count = len(labels)
    angles = [2 * math.pi * n / count for n in range(count)]
    fig, ax = plt.subplots(figsize=(6.0, 6.0), subplot_kw={"projection": "polar"})
    for name, values in series:
        points = [0.0 if v is None else v for v in values]
        ax.plot(angles + angles[:1], points + points[:1], linewidth=1.5, label=name)
        ax.fill(angles + angles[:1], points + points[:1], alpha=0.12)
    ax.set_xticks(angles, labels=[_wrap(label, 18) for label in labels], fontsize=7)
    ax.set_ylim(0, 100)
    ax.set_yticks([20, 40, 60, 80, 100], labels=["20", "40", "60", "80", "100"], fontsize=6)
    ax.set_title(title, pad=18)
    ax.legend(loc="upper right", bbox_to_anchor=(1.25, 1.1), fontsize=8)
    return _png(fig)


def _wrap(text: str, width: int = 28) -> str:
    import textwrap

    return "\n".join(textwrap.wrap(text, width)[:3]) or text
