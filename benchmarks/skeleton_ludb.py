"""Rhythm skeletons (`skeleton.ecg_events`) against the cardiologists' hand annotations of LUDB.

Usage: python benchmarks/skeleton_ludb.py [LUDB_DIR] [--lead ii|earliest] [--tol 0.05] [--ids 1 2 ...]

For every record (default all 200), QRS onsets ('N'+'V' vs the annotated QRS onsets) and P onsets ('P'+'A' vs the
annotated P onsets) are matched one-to-one within --tol seconds inside the record's annotated window. Prints sensitivity,
PPV, F1 and onset error (predicted − annotated, ms) overall and by rhythm group (sinus, paced, AF/flutter: LUDB marks no P
waves there), and as the last line
`LUDB: QRS F1 X (median |err| a ms), P F1 Y (median |err| b ms) over N records` (all records).
The reference is lead II (the default) or the earliest onset across the 12 leads (--lead earliest).
"""
import argparse, sys, time
from pathlib import Path
from text_to_ecg.core.signal import shared_data_dir
from text_to_ecg.corpus.skeleton_eval import ludb_compare, ludb_table


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('ludb', nargs='?', default=None, help='LUDB folder (default: <shared_data_dir>/ludb)')
    ap.add_argument('--lead', default='ii', help="reference lead: a LUDB lead name or 'earliest' (default ii)")
    ap.add_argument('--tol', type=float, default=0.05, help='matching tolerance, s (default 0.05)')
    ap.add_argument('--ids', type=int, nargs='*', default=None, help='record numbers (default: all)')
    a = ap.parse_args(argv)
    ludb = Path(a.ludb) if a.ludb else (shared_data_dir() / 'ludb' if shared_data_dir() else None)
    if ludb is None or not (ludb / 'ludb.csv').exists(): sys.exit('LUDB not found: pass its folder or set TEXT_TO_ECG_DATA')
    t0 = time.perf_counter()
    rows = ludb_compare(ludb, lead=a.lead, ids=a.ids, tol=a.tol, progress=False)
    dt = time.perf_counter() - t0
    tab = ludb_table(rows)
    print(f"reference: lead {a.lead}; tolerance {a.tol * 1000:.0f} ms; {len(rows)} records in {dt:.1f} s "
          f"({dt / len(rows) * 1000:.0f} ms per record, reading included)\n")
    fmt = lambda v: f"{v:.3f}" if v == v else '  —  '
    print(f"{'group':11s} {'kind':4s} {'records':>7s} {'n ref':>6s} {'sens':>6s} {'PPV':>6s} {'F1':>6s} "
          f"{'err med':>8s} {'err IQR':>14s} {'|err| med':>9s}")
    for _, r in tab.iterrows():
        iqr = f"{r.err_q25:+.0f}…{r.err_q75:+.0f}" if r.err_q25 == r.err_q25 else '—'
        med = f"{r.err_median:+.0f}" if r.err_median == r.err_median else '—'
        ab = f"{r.abs_err_median:.0f}" if r.abs_err_median == r.abs_err_median else '—'
        print(f"{r.group:11s} {r.kind:4s} {r.records:7d} {r.n_ref:6d} {fmt(r.sens):>6s} {fmt(r.ppv):>6s} {fmt(r.f1):>6s} "
              f"{med:>8s} {iqr:>14s} {ab:>9s}")
    q = tab.set_index(['group', 'kind'])
    print(f"\nLUDB: QRS F1 {q.loc[('all', 'QRS'), 'f1']:.3f} (median |err| {q.loc[('all', 'QRS'), 'abs_err_median']:.0f} ms), "
          f"P F1 {q.loc[('all', 'P'), 'f1']:.3f} (median |err| {q.loc[('all', 'P'), 'abs_err_median']:.0f} ms) over {len(rows)} records")


if __name__ == '__main__':
    main()
