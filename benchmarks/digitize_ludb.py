"""Round trip of the classical digitizer on real LUDB records: WFDB record → `render` (clean, and distorted) →
`digitize` → Challenge-2024 SNR against the rendered (NaN-masked) record.

Usage: OMP_NUM_THREADS=1 python benchmarks/digitize_ludb.py [--real DIR] [--n 200] [--seed 0]

Each record (10 s, 500 Hz, 12 leads) is drawn with the default `RenderConfig` (200 dpi, 3×4 + lead II rhythm strip,
red grid, lead names) — the clean condition — and then with `DistortConfig(wrinkles=True, augment=True)` at its
defaults, which are ecg-image-kit's: creases up to 10 each way, Gaussian noise sd drawn from [0, 50], crop up to 1 % a
side, colour temperature drawn from [2000, 40000] K, no rotation (upstream's `-rot` default is 0) — the distorted
condition. The reference is the rendered record with the unplotted samples NaN (ecg-image-kit's
`--mask_unplotted_samples`, as in the Challenge); `ecg_snr` aligns each lead as the Challenge does and counts a NaN
output as 0. Prints per-condition mean/median SNR over leads and records, seconds per page, and as the last line
`digitizer SNR clean X dB, distorted Y dB on N LUDB records` (the means).
"""
import argparse, sys, time
from pathlib import Path
import numpy as np
from text_to_ecg.core.signal import shared_data_dir, read_wfdb, ECGError
from text_to_ecg.paper.render import render, RenderConfig
from text_to_ecg.paper.distort import distort, DistortConfig
from text_to_ecg.paper.digitize import digitize, ecg_snr


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    d = shared_data_dir()
    ap.add_argument('--real', default=str(d / 'ludb' / 'data') if d else None, help='folder of LUDB WFDB records')
    ap.add_argument('--n', type=int, default=200, help='records (default all 200)')
    ap.add_argument('--seed', type=int, default=0, help='seed of the render and distortion draws')
    a = ap.parse_args(argv)
    if not a.real or not Path(a.real).is_dir(): sys.exit('LUDB not found: pass --real DIR or set TEXT_TO_ECG_DATA')
    recs = sorted((h.with_suffix('') for h in Path(a.real).glob('*.hea')),
                  key=lambda p: (0, int(p.name)) if p.name.isdigit() else (1, p.name))
    recs = recs[:a.n]
    conds = {'clean': None, 'distorted': DistortConfig(wrinkles=True, augment=True)}
    snr = {c: [] for c in conds}
    secs = {c: [] for c in conds}
    for i, rec in enumerate(recs):
        ecg = read_wfdb(rec)
        for c, dc in conds.items():
            page = render(ecg, RenderConfig(), a.seed + i)
            if dc is not None: page = distort(page, dc, a.seed + i)
            t0 = time.perf_counter()
            try: est = digitize(page.image).ecg
            except ECGError as ex:
                print(f"{rec.name} {c}: {ex}", file=sys.stderr); est = None
            secs[c].append(time.perf_counter() - t0)
            v = (np.zeros(12) if est is None else
                 np.array(list(ecg_snr(page.record.select(est.leads if est else ecg.leads), est).values())))
            snr[c].append(v)
        print(f"{i + 1}/{len(recs)} {rec.name}: clean {np.nanmean(snr['clean'][-1]):.1f} dB, "
              f"distorted {np.nanmean(snr['distorted'][-1]):.1f} dB", file=sys.stderr)
    print(f"{len(recs)} LUDB records from {a.real}, seed {a.seed}")
    for c in conds:
        v = np.array(snr[c])
        print(f"{c:9s}: mean {np.nanmean(v):.2f} dB, median {np.nanmedian(v):.2f} dB over leads×records; per-record "
              f"mean min {np.nanmin(np.nanmean(v, 1)):.1f} dB; {np.mean(secs[c]):.2f} s per page")
    m = {c: np.nanmean(np.array(snr[c])) for c in conds}
    print(f"digitizer SNR clean {m['clean']:.1f} dB, distorted {m['distorted']:.1f} dB on {len(recs)} LUDB records")


if __name__ == '__main__':
    main()
