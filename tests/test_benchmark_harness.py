"""The benchmark harness: how repeated runs are summed up."""

from kamlib.bench import ratio_spread


def test_spread_of_the_ratios_over_runs():
    runs = [
        {"rep: pipeline open": {"ratio of medians": ratio, "target ratio": 1.1}, "other": 1}
        for ratio in (1.04, 1.12, 0.98, 1.05, 1.01)
    ]
    runs[0]["nested"] = {"manager": {"ratio of medians": 0.9}}
    spread = ratio_spread(runs)
    rep = spread["rep: pipeline open"]
    assert rep["ratios"] == [1.04, 1.12, 0.98, 1.05, 1.01]
    assert (rep["median"], rep["min"], rep["max"]) == (1.04, 0.98, 1.12)
    assert rep["target ratio"] == 1.1
    # a ratio only one run reported is kept under its full place in the report
    assert spread["nested: manager"]["ratios"] == [0.9]
