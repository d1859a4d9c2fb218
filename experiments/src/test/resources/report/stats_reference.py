"""Independent reference values for StatsTest, computed with numpy (run: python3 stats_reference.py).

Quantiles are numpy's default (linear interpolation, type 7); the IQM is scipy.stats.trim_mean(x, 0.25) written out:
sort, cut floor(n/4) values from each end, average the rest. P(X > Y) counts every pair (ties 1/2).
"""
import numpy as np

x = np.array([3.1, -0.4, 7.25, 2.0, 2.0, 11.5, -6.3, 4.4, 0.9, 5.05, 1.7])
y = np.array([2.2, 0.1, -1.5, 3.3, 2.0, 4.0, -0.7])
stats_sample = np.array([0.31, 0.12, 0.95, 0.44, 0.27, 0.66, 0.58, 0.01, 0.83, 0.39, 0.72, 0.5, 0.18])


def iqm(v):
    s = np.sort(v)
    cut = len(s) // 4
    return s[cut:len(s) - cut].mean()


def p_greater(a, b):
    return ((a[:, None] > b[None, :]) + 0.5 * (a[:, None] == b[None, :])).mean()


print("mean", repr(x.mean()))
print("median", repr(np.median(x)))
print("q25", repr(np.percentile(x, 25)), "q75", repr(np.percentile(x, 75)))
print("iqr", repr(np.percentile(x, 75) - np.percentile(x, 25)))
print("iqm", repr(iqm(x)))
print("optimality_gap", repr(np.maximum(0.0, 1.0 - stats_sample).mean()))
print("fraction_above_0.5", repr((stats_sample > 0.5).mean()))
print("p_greater_xy", repr(p_greater(x, y)))
print("poi_two_tasks", repr((p_greater(x, y) + p_greater(y[:4], x[:5])) / 2))
print("percentile_interval", repr(np.percentile(stats_sample, 2.5)), repr(np.percentile(stats_sample, 97.5)))
