"""How far generated ECGs are from real ones (issue 18): hand features an ECG engineer would check, side by side for
LUDB and the bundled demo, and a record-grouped cross-validated discriminator on them.

Usage: python benchmarks/realism.py [LUDB_DIR] [--prompts templates|ludb] [--source bundle|simulator] [--n 100] [--seed 0]
       [--noise none|realistic|both] [--decoder vq|hifigan|both] [--bundle DIR] [--temperature 1.0] [--cnn]

Real: every LUDB record (default folder `<shared_data_dir>/ludb`). Generated (one ECG per prompt, 500 Hz, 10 s):
`--prompts templates` (default), `--n` prompts of the template report set (`report_eval.report_set('templates')`:
about equally many of each of the 34 codes, a case mix unlike LUDB's); `--prompts ludb`, LUDB's own cohort — each
record's diagnosis statements from its header, as written (`Rhythm: Sinus bradycardia. Electric axis of the heart: left
axis deviation. …`), with its age and sex, a record and its twin in the same fold — so that the discriminator compares
recordings, not case mixes. `--source simulator` replaces the bundle's ECGs by records simulated (without recording
noise) from the findings the bundle's reader finds in each prompt, then the same `--noise`: the simulator's ceiling, what
a perfect generator of it would score. Per ECG: QRS peak-to-peak and its beat-to-beat
CV (lead II), beat-to-beat correlation with the median beat, heart rate, SDNN and RMSSD, PR/QRS/QT (`analyze.measure`),
Welch band powers (lead II, fraction of 0.5–250 Hz power), RMS above 40 Hz (µV, median lead), the token-grid line
ratio (first-difference power at multiples of 31.25 Hz — one VQ token is 16 samples at 500 Hz — over the power beside
them), the limb-lead derivation residual (III − (II − I) and aVR + (I + II)/2, µV RMS), DC offset (µV) and baseline
wander (RMS below 0.5 Hz, µV). For each source, the median and the IQR; a feature "passes" when the generated median
lies inside the real IQR. The discriminator is an L2 logistic regression on the standardised features, 5-fold CV with
folds by record (LUDB) or prompt (generated); its out-of-fold AUROC is the realism score (0.5: indistinguishable).
`--cnn` adds a small 1-D CNN on 4 s of lead II (same folds). Last line:
`hand-feature AUROC X (target ≤ 0.75); features with generated median inside real IQR: k/n` (for the last setting
run). `--decoder both` decodes the same sampled tokens (same prompts, same seed) with the VQ-VAE decoder and with the
bundle's HiFi-GAN, side by side.
"""
import argparse, sys, time, warnings
from pathlib import Path
import numpy as np
import scipy.signal as ss
from text_to_ecg.core.signal import ECG, LEADS12, read_wfdb, shared_data_dir
from text_to_ecg.corpus.delineate import _prepare, detect_r_peaks
from text_to_ecg.ecg.eval_encoder import auroc
from text_to_ecg.ecg.vqvae import token_grid_ratio

FS = 500
BANDS = ((0.5, 5), (5, 15), (15, 40), (40, 100), (100, 250))
_HP40 = ss.butter(4, 40, 'highpass', fs=FS, output='sos')
_LP05 = ss.butter(2, 0.5, 'lowpass', fs=FS, output='sos')
_BP = ss.butter(2, [0.5, 40], 'bandpass', fs=FS, output='sos')
II = LEADS12.index('II')


def features(e: ECG) -> dict:
    "The hand features of one 12-lead ECG at 500 Hz (mV)."
    x = e.select(LEADS12).signal.astype(np.float64)
    out = {}
    xb = ss.sosfiltfilt(_BP, x, axis=1)
    _, xh = _prepare(e)
    r = detect_r_peaks(xh)
    w = int(0.06 * FS)
    r = r[(r > int(0.3 * FS)) & (r < x.shape[1] - int(0.45 * FS))]
    if len(r) >= 3:
        p2p = np.array([np.ptp(xb[II, k - w:k + w]) for k in r])
        out['qrs_p2p_II_mv'] = float(np.median(p2p))
        out['qrs_p2p_cv_II'] = float(p2p.std() / max(p2p.mean(), 1e-6))
        beats = np.stack([xb[II, k - int(0.25 * FS):k + int(0.4 * FS)] for k in r])
        med = np.median(beats, 0)
        out['beat_corr_II'] = float(np.median([np.corrcoef(b, med)[0, 1] for b in beats]))
        rr = np.diff(r) / FS * 1000
        out['hr_bpm'] = float(60000 / rr.mean())
        out['sdnn_ms'] = float(rr.std())
        out['rmssd_ms'] = float(np.sqrt(np.mean(np.diff(rr) ** 2))) if len(rr) > 1 else np.nan
    try:
        from text_to_ecg.corpus.analyze import measure
        with warnings.catch_warnings():
            warnings.simplefilter('ignore')
            m = measure(e)
        for k in ('pr', 'qrs', 'qt'):
            v = m.get(k)
            out[f'{k}_ms'] = float(v) if isinstance(v, (int, float)) and v == v else np.nan
    except Exception:
        pass
    f, p = ss.welch(x[II] - x[II].mean(), fs=FS, nperseg=2048)
    tot = p[(f >= 0.5) & (f < 250)].sum()
    for lo, hi in BANDS: out[f'psd_{lo:g}_{hi:g}Hz'] = float(np.log10(p[(f >= lo) & (f < hi)].sum() / tot + 1e-12))
    out['rms_above_40Hz_uv'] = float(np.median(np.sqrt((ss.sosfiltfilt(_HP40, x, axis=1) ** 2).mean(1))) * 1000)
    out['grid_line_ratio'] = token_grid_ratio(x, FS, 16)
    I_, II_, III, aVR = (x[LEADS12.index(l)] for l in ('I', 'II', 'III', 'aVR'))
    res = np.concatenate([III - (II_ - I_), aVR + (I_ + II_) / 2])
    out['lead_residual_uv'] = float(np.sqrt(np.mean(res ** 2)) * 1000)
    out['dc_offset_uv'] = float(np.median(np.abs(x.mean(1))) * 1000)
    out['wander_uv'] = float(np.median(np.sqrt((ss.sosfiltfilt(_LP05, x - x.mean(1, keepdims=True), axis=1) ** 2)
                                               .mean(1))) * 1000)
    return out


def ludb_records(root: Path) -> list:
    ids = [int(l.strip()) if l.strip().isdigit() else l.strip().split('/')[-1]
           for l in (root / 'RECORDS').read_text().split()]
    out = []
    for i in ids:
        e = read_wfdb(root / 'data' / str(i))
        out.append(e.select(LEADS12))
    return out


def ludb_prompts(real: list) -> tuple:
    "Each LUDB record's diagnosis statements (its header's comments after `<diagnoses>:`) as one text, its age and sex."
    texts = []
    for e in real:
        c = [l.strip() for l in e.meta.get('comments', []) if l.strip()]
        c = c[c.index('<diagnoses>:') + 1:] if '<diagnoses>:' in c else [l for l in c if not l.startswith('<')]
        texts.append(' '.join(l if l.endswith('.') else l + '.' for l in c))
    return texts, [e.age for e in real], [e.sex for e in real]


def generated(n: int, seed: int, noise: str, decoder: str = 'vq', bundle: str = 'demo', temperature: float = 1.0,
              prompts=None, source: str = 'bundle') -> tuple:
    """ECGs for `prompts` (texts, ages, sexes) or, where `None`, for `n` template prompts; and the texts. `source`
    'bundle': generated by `bundle`; 'simulator': what a perfect generator of the simulator would give — a record
    simulated (without its recording noise) from the findings the bundle's reader finds in each text, then `noise`
    as `generate` adds it."""
    from text_to_ecg.ecg.generate import Generator
    if prompts is None:
        from text_to_ecg.ecg.report_eval import report_set
        rs = report_set('templates', n_per_class=max(1, int(np.ceil(n / 34))), seed=1)
        prompts = (rs['report'][:n], None, None)
    texts, ages, sexes = prompts
    g = Generator.from_pretrained(bundle, decoder=decoder)
    with warnings.catch_warnings():
        warnings.simplefilter('ignore')
        if source == 'bundle':
            return g.generate(texts, age=ages, sex=sexes, n=1, seed=seed, noise=noise, temperature=temperature), texts
        from text_to_ecg.ecg.report_eval import _ceiling_record
        from text_to_ecg.corpus.synth import add_noise
        out = []
        for i, f in enumerate(g.read(texts)):
            e = _ceiling_record(sorted({x.code for x in f.findings if not x.negated}), ages[i] if ages else None,
                                sexes[i] if sexes else None, np.nan, np.nan, seed=int(seed) * 100_000 + i, noise=False)
            out.append(add_noise(e, seed=[int(seed), i, 18]) if noise != 'none' else e)
        return out, texts


def logistic(X, y, l2=1.0, steps=500):
    "Weights of an L2 logistic regression (Newton steps; X standardised, intercept last)."
    X1 = np.c_[X, np.ones(len(X))]; w = np.zeros(X1.shape[1])
    reg = np.r_[np.full(X.shape[1], l2), 0.0]
    for _ in range(steps):
        p = 1 / (1 + np.exp(-X1 @ w))
        g = X1.T @ (p - y) + reg * w
        H = (X1 * (p * (1 - p))[:, None]).T @ X1 + np.diag(reg + 1e-9)
        dw = np.linalg.solve(H, g); w -= dw
        if np.abs(dw).max() < 1e-8: break
    return w


def grouped_folds(groups, k=5, seed=0):
    u = np.unique(groups); rng = np.random.default_rng(seed); rng.shuffle(u)
    fold_of = {g: i % k for i, g in enumerate(u)}
    return np.array([fold_of[g] for g in groups])


def cv_auroc(X, y, groups, k=5) -> float:
    fold = grouped_folds(groups, k)
    s = np.zeros(len(y))
    for f in range(k):
        tr, te = fold != f, fold == f
        mu = np.nanmedian(X[tr], 0)
        Xf = np.where(np.isnan(X), mu, X)
        sd = Xf[tr].std(0) + 1e-9
        Z = (Xf - mu) / sd
        w = logistic(Z[tr], y[tr])
        s[te] = np.c_[Z[te], np.ones(te.sum())] @ w
    return auroc(y, s)


def cnn_auroc(real, gen, groups, y, k=5, epochs=15, seed=0) -> float:
    "Out-of-fold AUROC of a small 1-D CNN on 4 s crops of lead II (band-passed, z-scored per record)."
    import torch, torch.nn as nn
    torch.manual_seed(seed)
    x = np.stack([ss.sosfiltfilt(_BP, e.signal[II].astype(np.float64))[FS:5 * FS] for e in real + gen])
    x = (x - x.mean(1, keepdims=True)) / (x.std(1, keepdims=True) + 1e-6)
    X = torch.tensor(x, dtype=torch.float32)[:, None]; Y = torch.tensor(y, dtype=torch.float32)
    fold = grouped_folds(groups, k); s = np.zeros(len(y))
    for f in range(k):
        tr, te = np.nonzero(fold != f)[0], np.nonzero(fold == f)[0]
        net = nn.Sequential(nn.Conv1d(1, 16, 9, stride=2), nn.ReLU(), nn.Conv1d(16, 32, 9, stride=2), nn.ReLU(),
                            nn.Conv1d(32, 32, 9, stride=2), nn.ReLU(), nn.AdaptiveAvgPool1d(1), nn.Flatten(),
                            nn.Linear(32, 1))
        opt = torch.optim.Adam(net.parameters(), 3e-3)
        pw = (Y[tr] == 0).sum() / max(int((Y[tr] == 1).sum()), 1)
        for ep in range(epochs):
            for b in np.array_split(np.random.default_rng([seed, f, ep]).permutation(tr), max(1, len(tr) // 32)):
                loss = nn.functional.binary_cross_entropy_with_logits(net(X[b])[:, 0], Y[b], pos_weight=pw)
                opt.zero_grad(); loss.backward(); opt.step()
        with torch.no_grad(): s[te] = net(X[te])[:, 0].numpy()
    return auroc(y, s)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('ludb', nargs='?', default=None, help='LUDB folder (default: <shared_data_dir>/ludb)')
    ap.add_argument('--prompts', choices=('templates', 'ludb'), default='templates',
                    help="templates: the template set (default); ludb: each LUDB record's own diagnosis, age and sex")
    ap.add_argument('--n', type=int, default=100, help='generated ECGs with --prompts templates (default 100)')
    ap.add_argument('--seed', type=int, default=0)
    ap.add_argument('--noise', choices=('none', 'realistic', 'both'), default='both')
    ap.add_argument('--decoder', choices=('vq', 'hifigan', 'both'), default='vq')
    ap.add_argument('--source', choices=('bundle', 'simulator'), default='bundle',
                    help="bundle: the bundle's ECGs; simulator: records simulated from what the reader finds in each "
                         "prompt (the simulator's ceiling: what a perfect generator of it would score)")
    ap.add_argument('--bundle', default='demo', help="generator bundle directory (default: the bundled demo)")
    ap.add_argument('--temperature', type=float, default=1.0, help="the prior's sampling temperature (generate's default 1)")
    ap.add_argument('--cnn', action='store_true', help='also a small 1-D CNN discriminator on lead II')
    a = ap.parse_args(argv)
    if a.source == 'simulator' and a.decoder != 'vq': ap.error('--source simulator decodes nothing: leave out --decoder')
    ludb = Path(a.ludb) if a.ludb else (shared_data_dir() / 'ludb' if shared_data_dir() else None)
    if ludb is None or not (ludb / 'RECORDS').exists(): sys.exit('LUDB not found: pass its folder or set TEXT_TO_ECG_DATA')
    t0 = time.perf_counter()
    real = ludb_records(ludb)
    F_real = [features(e) for e in real]
    names = list(dict.fromkeys(k for d in F_real for k in d))
    settings = [(d, nz) for d in (('vq', 'hifigan') if a.decoder == 'both' else (a.decoder,))
                for nz in (('none', 'realistic') if a.noise == 'both' else (a.noise,))]
    res = {}
    for st in settings:
        gen, texts = generated(a.n, a.seed, st[1], st[0], a.bundle, a.temperature,
                               ludb_prompts(real) if a.prompts == 'ludb' else None, a.source)
        F_gen = [features(e) for e in gen]
        M = lambda F: np.array([[d.get(k, np.nan) for k in names] for d in F], dtype=float)
        Xr, Xg = M(F_real), M(F_gen)
        X = np.r_[Xr, Xg]; y = np.r_[np.zeros(len(Xr)), np.ones(len(Xg))]
        # one group per record / prompt; with LUDB prompts a record and the ECG made from its diagnosis share one
        groups = np.r_[np.arange(len(Xr)), (0 if a.prompts == 'ludb' else 10_000) + np.arange(len(Xg))]
        res[st] = dict(Xr=Xr, Xg=Xg, auc=cv_auroc(X, y, groups),
                       cnn=cnn_auroc(real, gen, groups, y) if a.cnn else None, n=len(gen))
    q = lambda v, p: np.nanpercentile(v, p)
    head = f"{'feature':22s} {'real median [IQR]':>26s}" + ''.join(f" {'/'.join(st) + ' median [IQR]':>30s} in"
                                                                      for st in settings)
    what = 'records of the simulator' if a.source == 'simulator' else f'ECGs of {a.bundle}'
    print(f"{len(real)} LUDB records vs {res[settings[0]]['n']} {what} ({a.prompts} prompts, seed {a.seed}, "
          f"temperature {a.temperature:g}); "
          f"{time.perf_counter() - t0:.0f} s\n"); print(head)
    inside = {st: 0 for st in settings}
    for j, k in enumerate(names):
        xr = res[settings[0]]['Xr'][:, j]
        lo, hi = q(xr, 25), q(xr, 75)
        row = f"{k:22s} {q(xr, 50):9.3g} [{lo:7.3g}, {hi:7.3g}]"
        for st in settings:
            xg = res[st]['Xg'][:, j]; m = q(xg, 50); ok = lo <= m <= hi; inside[st] += ok
            row += f" {m:13.3g} [{q(xg, 25):7.3g}, {q(xg, 75):7.3g}] {'✓' if ok else '✗':>2s}"
        print(row)
    print()
    for st in settings:
        r = res[st]
        src = 'source=simulator' if a.source == 'simulator' else f'decoder={st[0]}'
        print(f"{src:16s} noise={st[1]:9s}: hand-feature AUROC {r['auc']:.3f}" +
              (f", lead-II CNN AUROC {r['cnn']:.3f}" if r['cnn'] is not None else '') +
              f"; generated median inside real IQR: {inside[st]}/{len(names)}")
    last = settings[-1]
    print(f"hand-feature AUROC {res[last]['auc']:.2f} (target ≤ 0.75); features with generated median inside real "
          f"IQR: {inside[last]}/{len(names)}")


if __name__ == '__main__':
    main()
