"""Train on synthetic, test on real (TSTR): a small 12-lead CNN trained on generated ECGs, tested on LUDB.

Usage: python benchmarks/tstr.py [--real LUDB_DATA_DIR] [--n 1200] [--epochs 10] [--seed 0] [--boot 1000]
                                 [--min-pos 8] [--cache DIR] [--folds 5]

Classes: the LUDB diagnoses that map to a vocabulary code (`text_to_ecg.ecg.tstr.LUDB_MAP`) with ≥ `--min-pos`
positive records. Three classifiers of the same architecture and step count, each scored on the real records:
TSTR (trained on `--n` ECGs of the bundled demo generator, prompted with reports of label sets drawn for the classes),
simulator (trained on `--n` records of `synth.simulate` with the same label sets) and TRTR (`--folds`-fold
cross-validation on the real records, one record per patient, so folds are grouped by record). Per class: AUROC and
its 95 % bootstrap interval over real records. Generated ECGs are cached in `--cache` (chunks of 96) if given.
Last line: `TSTR macro AUROC X (TRTR Y, simulator Z) on K classes`.
"""
import argparse, hashlib, os, sys, time, warnings
from pathlib import Path
import numpy as np

CHUNK = 96


def generated(texts, seed: int, cache=None, log=print) -> np.ndarray:
    "The demo generator's ECGs for `texts` (one each), [N, 12, 5000] float32 mV, cached per chunk."
    from text_to_ecg.ecg.generate import Generator
    g, out = None, []
    for c0 in range(0, len(texts), CHUNK):
        tx = texts[c0:c0 + CHUNK]
        key = hashlib.sha1(('\n'.join(tx) + f'|{seed}|{c0}').encode()).hexdigest()[:16]
        f = Path(cache) / f'gen_{key}.npy' if cache else None
        if f is not None and f.exists(): out.append(np.load(f).astype(np.float32)); continue
        if g is None: g = Generator.from_pretrained('demo')
        t = time.time()
        with warnings.catch_warnings():
            warnings.simplefilter('ignore')
            ecgs = g.generate(tx, n=1, seed=seed * 1000 + c0 // CHUNK, temperature=0.8, guidance=2.0, batch_size=32)
        x = np.stack([e.signal for e in ecgs]).astype(np.float32)
        if f is not None:
            f.parent.mkdir(parents=True, exist_ok=True)
            np.save(f.with_suffix('.tmp.npy'), x.astype(np.float16)); os.replace(f.with_suffix('.tmp.npy'), f)
        log(f'  generated {c0 + len(tx)}/{len(texts)} ({(time.time() - t) / len(tx):.2f} s/ECG)')
        out.append(x)
    return np.concatenate(out)


def simulated(label_sets, seed: int) -> np.ndarray:
    "The simulator's records for `label_sets`, [N, 12, 5000] float32 mV."
    from text_to_ecg.corpus.synth import simulate
    return np.stack([simulate(l, seed=seed * 100003 + i).signal for i, l in enumerate(label_sets)]).astype(np.float32)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--real', default=None, help='LUDB data folder (default: <shared_data_dir>/ludb/data)')
    ap.add_argument('--n', type=int, default=1200, help='generated (and simulated) training ECGs')
    ap.add_argument('--epochs', type=float, default=8, help='passes over the N training ECGs (sets the step count)')
    ap.add_argument('--folds', type=int, default=5)
    ap.add_argument('--seed', type=int, default=0)
    ap.add_argument('--boot', type=int, default=1000, help='bootstrap resamples over real records')
    ap.add_argument('--min-pos', type=int, default=8, help='keep classes with at least this many positive records')
    ap.add_argument('--cache', default=None, help='folder caching generated ECGs')
    a = ap.parse_args(argv)
    import torch
    from text_to_ecg.core.signal import shared_data_dir
    from text_to_ecg.corpus.vocab import CODES
    from text_to_ecg.ecg.tstr import (read_ludb, label_matrix, prep, training_labels, training_reports, fit, predict,
                                      cross_val, tstr_table)
    real = Path(a.real) if a.real else (shared_data_dir() / 'ludb' / 'data' if shared_data_dir() else None)
    if real is None or not real.exists(): sys.exit('LUDB not found: pass --real or set TEXT_TO_ECG_DATA')
    t0 = time.time()
    log = lambda s: print(f'[{time.time() - t0:6.0f} s] {s}', file=sys.stderr, flush=True)
    ludb = read_ludb(real)
    classes = [c for c in CODES if sum(c in l for l in ludb['labels']) >= a.min_pos]
    if not classes: sys.exit(f'no class has ≥ {a.min_pos} positive records in {real}')
    y_real, x_real = label_matrix(ludb['labels'], classes), prep(ludb['x'], ludb['fs'])
    sets = training_labels(classes, a.n, a.seed)
    y_syn, steps = label_matrix(sets, classes), max(1, int(round(a.epochs * a.n / 32)))
    log(f'{len(x_real)} real records, {len(classes)} classes {classes}; {steps} steps of 32 per classifier')
    s_trtr = cross_val(x_real, y_real, a.folds, a.seed, steps=steps)
    log('TRTR done')
    s_sim = predict(fit(prep(simulated(sets, a.seed), 500), y_syn, steps=steps, seed=a.seed), x_real)
    log('simulator done')
    x_gen = prep(generated(training_reports(sets, a.seed), a.seed, a.cache, log), 500)
    s_gen = predict(fit(x_gen, y_syn, steps=steps, seed=a.seed), x_real)
    log('TSTR done')
    df = tstr_table(y_real, {'TSTR': s_gen, 'simulator': s_sim, 'TRTR': s_trtr}, classes, a.boot, a.seed)
    print(f'TSTR on {len(x_real)} LUDB records ({real}); N = {a.n} generated / simulated ECGs, {steps} steps, '
          f'seed {a.seed}, {a.boot} bootstrap resamples, {time.time() - t0:.0f} s, {torch.get_num_threads()} threads')
    print(f"{'class':8} {'pos':>4}  " + '  '.join(f'{n:>20}' for n in ('TSTR', 'simulator', 'TRTR')))
    for _, r in df.iterrows():
        cell = lambda n: (f"{r[n]:.3f} [{r[n + '_lo']:.2f}, {r[n + '_hi']:.2f}]" if r['class'] != 'macro'
                          else f'{r[n]:.3f}')
        print(f"{r['class']:8} {r['n_pos']:>4}  " + '  '.join(f'{cell(n):>20}' for n in ('TSTR', 'simulator', 'TRTR')))
    m = df.iloc[-1]
    print(f"TSTR macro AUROC {m['TSTR']:.3f} (TRTR {m['TRTR']:.3f}, simulator {m['simulator']:.3f}) on "
          f"{len(classes)} classes")


if __name__ == '__main__':
    main()
