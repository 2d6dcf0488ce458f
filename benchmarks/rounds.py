"""Rounds of a benchmark: every round, min / median / max, and the ratio of
the add-on's figure to plain Odoo's counterpart measured in the same run."""

import statistics
import time


def seconds(function):
    """Wall-clock seconds of ``function()``."""
    started = time.perf_counter()
    function()
    return time.perf_counter() - started


def summary(rounds):
    """Every round and its min / median / max, in seconds."""
    return {
        "rounds (s)": [round(value, 4) for value in rounds],
        "min (s)": round(min(rounds), 4),
        "median (s)": round(statistics.median(rounds), 4),
        "max (s)": round(max(rounds), 4),
    }


def compare(ours, vanilla, rounds, target=None, warm_up=True):
    """Alternate ``vanilla`` and ``ours``, ``rounds`` times each.

    Both are callables returning the seconds they measured (so that each may
    leave its set-up and clean-up out of the timing). Alternating spreads a
    busy neighbour over both sides, and each round swaps which side goes
    first, so that neither always reads what the other left warm; the ratio
    is of the medians. Without a ``target`` the ratio is for information.
    """
    if warm_up:
        vanilla()
        ours()
    timings = {"ours": [], "vanilla": []}
    sides = {"ours": ours, "vanilla": vanilla}
    for round_ in range(rounds):
        order = ("vanilla", "ours") if round_ % 2 == 0 else ("ours", "vanilla")
        for side in order:
            timings[side].append(sides[side]())
    ratio = statistics.median(timings["ours"]) / statistics.median(timings["vanilla"])
    figures = {
        "key accounts": summary(timings["ours"]),
        "plain Odoo": summary(timings["vanilla"]),
        "ratio of medians": round(ratio, 3),
    }
    if target is not None:
        figures.update({"target ratio": target, "within target": ratio <= target})
    return figures
