"""Realism of synthetic normal ECGs: the same analyzer on synthetic NORM records and on LUDB's normal records.

Usage: python benchmarks/corpus_realism.py [LUDB_DIR] [--n 150] [--out benchmarks/corpus_realism.png]

Real records: LUDB rows (ludb.csv) with sinus rhythm, a normal electrical axis and no conduction, extrasystole,
hypertrophy, pacing or ischaemia findings. For each measurement (HR, PR, QRS, QT, QTc, axis, per-lead R and S
amplitudes, inter-lead correlations) it prints median and IQR side by side and whether the synthetic median lies
inside the real IQR, and saves a comparison plot. Uses only this package (no neurokit2).
"""
import argparse, os, sys, tempfile
from pathlib import Path
import numpy as np
import pandas as pd
from text_to_ecg.core.signal import read_wfdb, shared_data_dir, LEADS12, remove_baseline
from text_to_ecg.corpus.synth import simulate
from text_to_ecg.corpus.analyze import measure

SCALARS = ['hr', 'pr', 'qrs', 'qt', 'qtc_b', 'qtc_f', 'axis']
PAIRS = [('I', 'II'), ('II', 'III'), ('I', 'aVL'), ('II', 'aVF'), ('V1', 'V2'), ('V2', 'V4'), ('V4', 'V6'), ('V1', 'V6'), ('II', 'V5'), ('I', 'V6')]


def normal_ludb_ids(ludb: Path) -> list:
    d = pd.read_csv(ludb / 'ludb.csv')
    clean = lambda s: s.fillna('').astype(str).str.strip()
    ok = (clean(d['Rhythms']) == 'Sinus rhythm') & clean(d['Electric axis of the heart']).str.endswith('normal')
    for c in ['Conduction abnormalities', 'Extrasystolies', 'Hypertrophies', 'Cardiac pacing', 'Ischemia']:
        ok &= clean(d[c]) == ''
    return d.loc[ok, 'ID'].astype(int).tolist()


def features(ecg) -> dict:
    m = measure(ecg)
    f = {k: m[k] for k in SCALARS}
    for l in LEADS12:
        f[f'R_{l}'] = m['leads'][l]['r']; f[f'S_{l}'] = m['leads'][l]['s']
    x = remove_baseline(ecg).signal
    c = np.corrcoef(x)
    for a, b in PAIRS: f[f'corr_{a}_{b}'] = c[LEADS12.index(a), LEADS12.index(b)]
    return f


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('ludb', nargs='?', default=None, help='LUDB folder (default: <shared_data_dir>/ludb)')
    ap.add_argument('--n', type=int, default=150, help='synthetic NORM records')
    ap.add_argument('--out', default=str(Path(__file__).with_suffix('.png')))
    a = ap.parse_args(argv)
    ludb = Path(a.ludb) if a.ludb else (shared_data_dir() / 'ludb' if shared_data_dir() else None)
    if ludb is None or not (ludb / 'ludb.csv').exists(): sys.exit('LUDB not found: pass its folder or set TEXT_TO_ECG_DATA')
    ids = normal_ludb_ids(ludb)
    real = pd.DataFrame([features(read_wfdb(ludb / 'data' / str(i))) for i in ids])
    syn = pd.DataFrame([features(simulate(('NORM',), seed=s)) for s in range(a.n)])
    print(f"real: {len(real)} LUDB normal records; synthetic: {len(syn)} NORM records\n")
    print(f"{'measure':14s} {'synthetic median [IQR]':>28s} {'LUDB median [IQR]':>28s}  in IQR")
    inside = {}
    for k in real.columns:
        r, s = real[k].dropna(), syn[k].dropna()
        rq, sq = np.percentile(r, [25, 50, 75]), np.percentile(s, [25, 50, 75])
        inside[k] = rq[0] <= sq[1] <= rq[2]
        print(f"{k:14s} {sq[1]:9.2f} [{sq[0]:8.2f}, {sq[2]:8.2f}] {rq[1]:9.2f} [{rq[0]:8.2f}, {rq[2]:8.2f}]  {'yes' if inside[k] else 'NO'}")
    cm_r = np.mean([[real[f'corr_{a}_{b}']] for a, b in PAIRS]); cm_s = np.mean([[syn[f'corr_{a}_{b}']] for a, b in PAIRS])
    print(f"\n{sum(inside.values())}/{len(inside)} synthetic medians inside the real IQR; outside: {[k for k, v in inside.items() if not v]}")
    import matplotlib; matplotlib.use('Agg'); import matplotlib.pyplot as plt
    keys = SCALARS + [f'R_{l}' for l in LEADS12] + [f'S_{l}' for l in LEADS12]
    fig, axs = plt.subplots(4, 8, figsize=(16, 8), dpi=80)
    for ax, k in zip(axs.flat, keys):
        ax.boxplot([syn[k].dropna(), real[k].dropna()], widths=0.6, showfliers=False)
        ax.set_xticks([1, 2], ['synth', 'LUDB'], fontsize=7); ax.set_title(k, fontsize=8); ax.tick_params(labelsize=7)
    for ax in axs.flat[len(keys):]: ax.axis('off')
    fig.suptitle('Synthetic NORM vs LUDB normal records, same analyzer (ms, degrees, mV)', fontsize=10); fig.tight_layout()
    out = Path(a.out); fd, tmp = tempfile.mkstemp(suffix='.png', dir=out.parent); os.close(fd)
    fig.savefig(tmp); os.chmod(tmp, 0o644); os.replace(tmp, out)
    print(f"plot: {out}")


if __name__ == '__main__':
    main()
