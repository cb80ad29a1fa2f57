"""Simulator throughput: records/s for 10-s, 12-lead, 500-Hz records with random labels.

Usage: python benchmarks/corpus_speed.py [N] [WORKERS]   (OMP_NUM_THREADS=1; WORKERS processes, default 2)

Side by side, in the same run, the same component tables are summed by a naive baseline that evaluates
every component of every beat on the full time axis in a Python loop (what a straightforward
implementation does); the ratio shows what the vectorised `_eval` buys.
"""
import sys, time
import numpy as np
from text_to_ecg.corpus.synth import simulate
from text_to_ecg.corpus.vocab import random_labels
from text_to_ecg.corpus.heart import _eval, _ventricular, draw_params


def naive_eval(tab, onsets, qts, amps, n_ext, fs, off=0):
    "Loop over beats and components, each evaluated on every sample (the naive baseline)."
    t = np.arange(n_ext)
    apex = tab['apex'].any()   # apical (free-wall) components also fill rows 3-5, their near-field part
    out = np.zeros((6 if apex else 3, n_ext))
    for on, qt, a in zip(onsets, qts, amps):
        for i in range(len(tab['c0'])):
            c = (on + tab['c0'][i] + tab['c1'][i] * qt) * fs + off
            sl, sr = (tab['l0'][i] + tab['l1'][i] * qt) * fs, (tab['r0'][i] + tab['r1'][i] * qt) * fs
            d = t - c
            w = np.exp(-0.5 * (d / np.where(d < 0, sl, sr)) ** 2)
            out[:3] += a * tab['v'][i][:, None] * w[None]
            if apex and tab['apex'][i]: out[3:] += a * tab['v'][i][:, None] * w[None]
    return out


def _one(s):
    simulate(random_labels(np.random.default_rng([s, 7])), seed=s)


def main(n=300, workers=2):
    simulate(seed=0)   # warm-up
    t = time.perf_counter()
    for s in range(n): _one(s)
    dt = time.perf_counter() - t
    print(f"simulate, 1 process: {n} records in {dt:.2f} s = {n / dt:.0f} records/s (10 s, 12 leads, 500 Hz, random labels)")
    if workers > 1:
        from multiprocessing import Pool
        with Pool(workers) as pool:
            pool.map(_one, range(workers))
            t = time.perf_counter(); pool.map(_one, range(n), chunksize=20); dt = time.perf_counter() - t
        print(f"simulate, {workers} processes: {n / dt:.0f} records/s")
    # the dipole summation alone, vectorised vs naive, on identical inputs
    rng = np.random.default_rng(0)
    p = draw_params(('NORM', 'SR'), rng=rng); p['qt_ref'] = 0.4
    tab = _ventricular(p, {'SR'}, rng)
    on = np.arange(-1.5, 10.5, 0.8); qts = np.full(len(on), 0.4); amps = np.ones(len(on)); n_ext = 6300
    a = _eval(tab, on, qts, amps, n_ext, 500, 1000); b = naive_eval(tab, on, qts, amps, n_ext, 500, 1000)
    assert np.abs(a - b).max() < 1e-3 * np.abs(b).max()   # _eval truncates each component at ±4σ (e^-8)
    reps = 200
    t = time.perf_counter(); [_eval(tab, on, qts, amps, n_ext, 500, 1000) for _ in range(reps)]; tv = (time.perf_counter() - t) / reps
    t = time.perf_counter(); [naive_eval(tab, on, qts, amps, n_ext, 500, 1000) for _ in range(reps // 10)]; tn = (time.perf_counter() - t) / (reps // 10)
    print(f"dipole summation of one record: vectorised {tv * 1e3:.2f} ms, naive loop {tn * 1e3:.2f} ms -> {tn / tv:.0f}x faster")


if __name__ == '__main__':
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 300, int(sys.argv[2]) if len(sys.argv) > 2 else 2)
