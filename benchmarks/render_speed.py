"""Seconds per paper-ECG image: text_to_ecg.paper.render/distort vs a matplotlib baseline of ecg-image-kit's approach.

usage: OMP_NUM_THREADS=1 python benchmarks/render_speed.py [--n 8] [--batch 16] [--record PATH]
           [--eik DIR --eik-python PATH [--n_eik 5]] [--before DIR]

Setting: 12-lead 500 Hz 10-s record, 200 dpi, 11 x 8.5 in (2200 x 1700 px), 3x4 + lead II strip.
Per image both sides produce the same outputs: the page PNG, a grid-free ground-truth PNG, a JSON with one
pixel coordinate per plotted sample, and the NaN-masked WFDB record.

The baseline follows ecg-image-kit's ecg_plot: a matplotlib figure whose major/minor ticks are the grid, one
`ax.plot` per lead, lead names and calibration pulses as artists, `savefig` at 200 dpi, the grid switched off and
a second `savefig` for the ground-truth image, and a per-sample Python loop through `ax.transData.transform` for
the pixel coordinates. Its distortion path follows ecg-image-kit's recipe without TensorFlow (handwriting is not
timed on the baseline side, which favours the baseline): wrinkle texture by image quilting (Python loop over
blocks with overlap-SSD candidate search and a dynamic-programming minimum-error cut), crease lines drawn one by
one and Gaussian-blurred, then rotation, additive Gaussian noise, crop and colour temperature on float arrays.
One more row times our pages with the camera artefacts of paper.photo (shadow, stains, vignetting, moire, motion and
defocus blur) against the same pages without, `--n_photo` pages each; ecg-image-kit has no such option.

The real ecg-image-kit (`--eik`, the `codes/ecg-image-generator` folder of a checkout, run by `--eik-python`, an
interpreter of a separate venv with its requirements): a worker subprocess imports `gen_ecg_image_from_data` once
(its TensorFlow import included) and then, per job, parses the command line of one image with the script's own
`get_parser()` and times `run_single_file(args)` — the function its `__main__` calls — for one WFDB record:
`-st 0 --store_config 1 --mask_unplotted_samples --random_print_header 1` (page PNG, JSON with every plotted pixel,
NaN-masked record; it writes no grid-free ground-truth image, which favours it), and for the distorted row also
`--wrinkles --augment -ca 45 -rot 5 -noise 40 --deterministic_rot --deterministic_noise` (handwriting is off on both
sides of these rows: it needs the TensorFlow model). Interpreter start-up and imports are excluded on both sides;
reading the record is included on both sides (ours times `read_wfdb` + render (+ distort) + `save_page`). OpenCV runs
single-threaded on both sides. The rounds are interleaved (ours, [before,] ecg-image-kit, ours, ...). The record is
the benchmark record rewritten as format-16 WFDB with PTB-XL-style `Age:`/`Sex:` comments, which ecg-image-kit's
printed header needs (LUDB's own header breaks its masked-record writer). `--before DIR` times the text_to_ecg
package found in DIR (e.g. `git archive main text_to_ecg | tar -x -C DIR`) in the same kind of worker, so that a
change is measured against the code before it in one run.
"""
import argparse, json, os, sys, tempfile, time, math
from pathlib import Path

os.environ.setdefault('OMP_NUM_THREADS', '1')
import numpy as np
import cv2
cv2.setNumThreads(1)

from text_to_ecg.core.signal import ECG, LEADS12, read_wfdb, write_wfdb, shared_data_dir
from text_to_ecg.paper.render import RenderConfig, render, save_page, test_ecg
from text_to_ecg.paper.distort import DistortConfig, distort
from text_to_ecg.paper.upstream import render_cli

DIST = DistortConfig(hw_text=True, num_words=4, wrinkles=True, crease_angle=45, augment=True, rotate=5, noise=40,
                     deterministic_rot=True, deterministic_noise=True)
PHOTO = DistortConfig(photo=True, stains=3, motion_blur=4, defocus=1.5)   # paper.photo's artefacts alone (no baseline)


# ----------------------------------------------------------------------------------------------- baseline
def mpl_render(ecg: ECG, out: Path, name: str, dpi=200):
    import matplotlib
    matplotlib.use('Agg')
    import matplotlib.pyplot as plt
    from matplotlib.ticker import AutoMinorLocator
    W, H = 11, 8.5
    fig, ax = plt.subplots(figsize=(W, H))
    fig.subplots_adjust(hspace=0, wspace=0, left=0, right=1, bottom=0, top=1)
    secs, speed, gain = 10.0, 25.0, 10.0
    x_max, y_max = W * 25.4 / speed, H * 25.4 / gain            # axes in seconds and mV: 1 mm squares
    ax.set_xlim(0, x_max); ax.set_ylim(0, y_max)
    ax.set_xticks(np.arange(0, x_max, 0.2)); ax.set_yticks(np.arange(0, y_max, 0.5))
    ax.minorticks_on(); ax.xaxis.set_minor_locator(AutoMinorLocator(5)); ax.yaxis.set_minor_locator(AutoMinorLocator(5))
    ax.grid(which='major', linestyle='-', linewidth=0.4, color=(0.91, 0.5, 0.5))
    ax.grid(which='minor', linestyle='-', linewidth=0.2, color=(0.97, 0.78, 0.78))
    ax.tick_params(which='both', length=0, labelbottom=False, labelleft=False)
    fs, ncs = ecg.fs, int(2.5 * ecg.fs)
    x0 = 0.76
    rows = [y_max - 4.4 - 4.75 * r for r in range(4)]
    panels = [(l, k % 3, k // 3, (k // 3) * ncs, (k // 3 + 1) * ncs) for k, l in enumerate(LEADS12)] + [('II', 3, 0, 0, 4 * ncs)]
    lines = []
    for lead, r, c, i0, i1 in panels:
        v = ecg[lead][i0:i1]
        t = x0 + np.arange(i0, i1) / fs
        ln, = ax.plot(t, v + rows[r], linewidth=0.6, color='black')
        lines.append((lead, i0, i1, t, v + rows[r]))
        ax.text(t[0] + 0.04, rows[r] + 0.7, lead, fontsize=9, fontweight='bold')
        if c == 0: ax.plot([0.3, 0.34, 0.34, 0.54, 0.54, 0.58], [rows[r]] * 3 + [rows[r] + 1] * 2 + [rows[r]], color='black', lw=0.6)
    fig.savefig(out / f'{name}.png', dpi=dpi)
    # ground truth: per-sample pixel coordinates through matplotlib's transform, as ecg-image-kit does
    gt = {'leads': []}
    for lead, i0, i1, t, y in lines:
        pts = []
        for i in range(len(t)):
            px = ax.transData.transform((t[i], y[i]))
            pts.append([float(px[0]), float(H * dpi - px[1])])
        gt['leads'].append({'lead': lead, 'start': i0, 'end': i1, 'points': pts})
    ax.grid(False)
    for txt in list(ax.texts): txt.set_visible(False)
    fig.savefig(out / f'{name}-gt.png', dpi=dpi)
    plt.close(fig)
    (out / f'{name}.json').write_text(json.dumps(gt))
    masked = np.full_like(ecg.signal, np.nan)
    for lead, i0, i1, _, _ in lines:
        k = ecg.leads.index(lead); masked[k, i0:i1] = ecg.signal[k, i0:i1]
    write_wfdb(ecg.replace(signal=masked, allow_nan=True), out / name)
    return out / f'{name}.png'


def _quilt(tex, h, w, rng, block=96, overlap=16, cands=24):
    "Image quilting (Efros & Freeman) with Python loops, the way ecg-image-kit synthesises wrinkle texture."
    step = block - overlap
    out = np.zeros((h + block, w + block), np.float64)
    th, tw = tex.shape
    for by in range(0, h, step):
        for bx in range(0, w, step):
            best, best_err = None, np.inf
            for _ in range(cands):
                y, x = rng.integers(0, th - block), rng.integers(0, tw - block)
                p = tex[y:y + block, x:x + block]
                err = 0.0
                if bx: err += ((p[:, :overlap] - out[by:by + block, bx:bx + overlap]) ** 2).sum()
                if by: err += ((p[:overlap] - out[by:by + overlap, bx:bx + block]) ** 2).sum()
                if err < best_err: best, best_err = p, err
            patch = best.copy()
            if bx:   # minimum-error vertical cut through the left overlap, dynamic programming row by row
                e = (best[:, :overlap] - out[by:by + block, bx:bx + overlap]) ** 2
                cost = e.copy()
                for i in range(1, block):
                    for j in range(overlap):
                        cost[i, j] += cost[i - 1, max(0, j - 1):min(overlap, j + 2)].min()
                j = int(np.argmin(cost[-1]))
                for i in range(block - 1, -1, -1):
                    patch[i, :j] = out[by + i, bx:bx + j]
                    if i: j = max(0, j - 1) + int(np.argmin(cost[i - 1, max(0, j - 1):min(overlap, j + 2)]))
            out[by:by + block, bx:bx + block] = patch
    return out[:h, :w]


def mpl_distort(png: Path, seed=0):
    from PIL import Image
    rng = np.random.default_rng(seed)
    img = np.asarray(Image.open(png).convert('RGB')).astype(np.float64) / 255
    h, w = img.shape[:2]
    tex = cv2.GaussianBlur(rng.random((256, 256)), (0, 0), 3)
    wr = _quilt(tex, h, w, rng)
    wr = 0.9 + 0.1 * (wr - wr.min()) / (np.ptp(wr) + 1e-9)
    creases = np.ones((h, w), np.float64)
    for k in range(10):                                   # vertical and horizontal creases at the crease angle
        x = int((k + 0.5) * w / 10)
        cv2.line(creases, (x, 0), (x + int(h * math.tan(math.radians(45))), h), 0.85, 3)
        y = int((k + 0.5) * h / 10)
        cv2.line(creases, (0, y), (w, y), 0.85, 3)
    creases = cv2.GaussianBlur(creases, (0, 0), 4)
    img = img * (wr * creases)[:, :, None]
    M = cv2.getRotationMatrix2D((w / 2, h / 2), 5, 1.0)
    img = cv2.warpAffine(img, M, (w, h), borderValue=(1, 1, 1))
    img = img + rng.normal(0, 40 / 255, img.shape)
    c = int(0.01 * min(h, w)); img = img[c:-c, c:-c]
    img = img * np.array([1.0, 0.93, 0.85])
    out = png.with_name(png.stem + '-dist.png')
    Image.fromarray(np.clip(img * 255, 0, 255).astype(np.uint8)).save(out)
    return out


# ----------------------------------------------------------------------------------------------- workers
WORKER = r'''
import sys, os, json, time, random, warnings
os.environ['TF_CPP_MIN_LOG_LEVEL'] = '3'
out = os.fdopen(os.dup(1), 'w'); os.dup2(2, 1)            # the tool's prints go to stderr; our answers to `out`
kind, where, rec = sys.argv[1:4]
warnings.filterwarnings('ignore')
import numpy as np
import cv2; cv2.setNumThreads(1)
if kind == 'eik':
    os.chdir(where); sys.path.insert(0, where)
    import gen_ecg_image_from_data as g
else:
    sys.path.insert(0, where)
    from text_to_ecg.core.signal import read_wfdb
    from text_to_ecg.paper.render import RenderConfig, render, save_page
    from text_to_ecg.paper.distort import DistortConfig, distort
    cfg = RenderConfig(random_dc=1, random_print=1, random_add_header=1)
    dcfg = DistortConfig(**json.loads(sys.argv[4]))
print('ready', file=out, flush=True)
for line in sys.stdin:
    job = json.loads(line)
    if kind == 'eik':
        args = g.get_parser().parse_args(job['argv'])
        random.seed(job['seed']); np.random.seed(job['seed'])
        t = time.perf_counter(); g.run_single_file(args)
    else:
        os.makedirs(job['out'], exist_ok=True)
        t = time.perf_counter(); r = render(read_wfdb(rec), cfg, job['seed'])
        save_page(distort(r, dcfg, job['seed']) if job['dist'] else r, job['out'], f"p{job['seed']}")
    print(json.dumps(time.perf_counter() - t), file=out, flush=True)
'''


class Worker:
    "A subprocess that imports one renderer once, then times one image per job it is sent (seconds back)."
    def __init__(self, python, *argv):
        import subprocess
        env = dict(os.environ, OMP_NUM_THREADS='1', MKL_NUM_THREADS='1', PYTHONPATH='')
        self.p = subprocess.Popen([python, '-c', WORKER, *map(str, argv)], stdin=subprocess.PIPE,
                                  stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=env)
        assert self.p.stdout.readline().strip() == 'ready', f"worker {argv[:2]} failed to start"

    def __call__(self, **job):
        self.p.stdin.write(json.dumps(job) + '\n'); self.p.stdin.flush()
        line = self.p.stdout.readline()
        if not line: raise RuntimeError(f"worker died on {job}")
        return json.loads(line)

    def close(self): self.p.stdin.close(); self.p.wait()


def eik_record(ecg: ECG, out: Path) -> Path:
    "The record as format-16 WFDB with the PTB-XL-style comments ecg-image-kit's printed header reads."
    write_wfdb(ecg.replace(meta={}), out / 'rec')
    hea = out / 'rec.hea'
    lines = [l for l in hea.read_text().splitlines() if not l.startswith('#')]
    hea.write_text('\n'.join(lines + ['# Age: 64', '# Sex: F', '# Height: Unknown', '# Weight: Unknown']) + '\n')
    return out / 'rec'


def eik_rows(a, ecg, tmp):
    "Interleaved rounds of ours (in process), ours before (worker, optional) and ecg-image-kit (worker), per row."
    from dataclasses import asdict
    rec = eik_record(ecg, tmp / 'eikrec')
    dist = DistortConfig(wrinkles=True, crease_angle=45, augment=True, rotate=5, noise=40, deterministic_rot=True,
                         deterministic_noise=True)
    eik_flags = {False: [], True: ['--wrinkles', '--augment', '-ca', '45', '-rot', '5', '-noise', '40',
                                   '--deterministic_rot', '--deterministic_noise']}
    eik = Worker(a.eik_python, 'eik', Path(a.eik).resolve(), rec)
    before = Worker(sys.executable, 'ours', Path(a.before).resolve(), rec, json.dumps(asdict(dist))) if a.before else None
    rows = {}
    for is_dist in (False, True):
        def ours(i):
            r = render(read_wfdb(rec), RenderConfig(random_dc=1, random_print=1, random_add_header=1), i)
            save_page(distort(r, dist, i) if is_dist else r, tmp / 'eik-ours', f'p{i}')
        def theirs(i):
            o = tmp / f'eik-out-{is_dist:d}'; o.mkdir(exist_ok=True)
            argv = ['-i', f'{rec}.dat', '-hea', f'{rec}.hea', '-o', str(o), '-st', '0', '--seed', str(i),
                    '--store_config', '1', '--mask_unplotted_samples', '--random_print_header', '1'] + eik_flags[is_dist]
            return eik(argv=argv, seed=i)
        ours(10_000); theirs(10_000)                      # warm-up (caches, first-call costs)
        if before: before(seed=10_000, dist=is_dist, out=str(tmp / 'before'))
        to, tb, te = [], [], []
        for i in range(a.n_eik):
            to.append(timed(ours, i))
            if before: tb.append(before(seed=i, dist=is_dist, out=str(tmp / 'before')))
            te.append(theirs(i))
        rows[is_dist] = [float(np.median(v)) if v else None for v in (to, tb, te)]
    eik.close()
    if before: before.close()
    return rows


# ----------------------------------------------------------------------------------------------- timing
def timed(fn, i):
    t = time.perf_counter(); fn(i); return time.perf_counter() - t


def interleaved(ours, base, n_ours, n_base):
    "Median seconds per image of `ours` and `base`, timed in alternating rounds so both see the same machine load."
    ours(10_000); base(10_000)                                # warm-up (imports, font and grid caches)
    to, tb = [], []
    for r in range(n_base):
        to += [timed(ours, r * n_ours + k) for k in range(n_ours // n_base)]
        tb.append(timed(base, r))
    return float(np.median(to)), float(np.median(tb))


def main(argv=None):
    p = argparse.ArgumentParser()
    p.add_argument('--n', type=int, default=9, help='images per timing (ours)')
    p.add_argument('--n_baseline', type=int, default=3)
    p.add_argument('--batch', type=int, default=16, help='records in the 2-process batch')
    p.add_argument('--n_photo', type=int, default=20, help='pages per timing of render with/without photo artefacts')
    p.add_argument('--record', default=None, help='WFDB record to render (default: LUDB 1 if present, else a synthetic one)')
    p.add_argument('--eik', default=None, help="ecg-image-kit's codes/ecg-image-generator folder: time the real tool")
    p.add_argument('--eik-python', default=None, help='python of a venv with ecg-image-kit\'s requirements')
    p.add_argument('--n_eik', type=int, default=5, help='interleaved rounds per ecg-image-kit row')
    p.add_argument('--before', default=None, help='folder holding an earlier text_to_ecg package to time alongside')
    p.add_argument('--skip_mpl', action='store_true', help='only the ecg-image-kit rows (needs --eik)')
    a = p.parse_args(argv)
    if a.eik and not a.eik_python: p.error('--eik needs --eik-python')
    if a.skip_mpl and not a.eik: p.error('--skip_mpl needs --eik')
    data = shared_data_dir()
    rec = a.record or (data / 'ludb/data/1' if data else None)
    ecg = read_wfdb(rec) if rec else test_ecg()
    print(f"record: {rec or 'synthetic test_ecg'}  {ecg}")
    tmp = Path(tempfile.mkdtemp())
    cfg = RenderConfig(random_dc=1, random_print=1, random_add_header=1)
    r = render(ecg, cfg, 0)
    assert r.image.shape == (1700, 2200, 3)

    if a.eik:
        rows = eik_rows(a, ecg, tmp)
        print(f"\nreal ecg-image-kit ({a.eik}), median seconds per image over {a.n_eik} interleaved rounds "
              "(record read + render + save; imports excluded)")
        print(f"{'path':<28}{'text_to_ecg':>12}{'before':>10}{'ecg-image-kit':>15}{'speed-up':>10}{'before':>9}")
        for is_dist, (o, b, e) in rows.items():
            print(f"{'wrinkles + augment + save' if is_dist else 'base (render + save)':<28}{o:>12.3f}"
                  f"{'' if b is None else f'{b:.3f}':>10}{e:>15.3f}{e / o:>9.1f}x"
                  f"{'' if b is None else f'{e / b:.1f}x':>9}")
        if a.skip_mpl:
            import shutil; shutil.rmtree(tmp, ignore_errors=True); return
    ours_render = float(np.median([timed(lambda i: render(ecg, cfg, i), i) for i in range(a.n)]))
    plain = [timed(lambda i: save_page(render(ecg, cfg, i), tmp / 'ours', f'p{i}'), i) for i in range(a.n_photo)]
    photo = [timed(lambda i: save_page(distort(render(ecg, cfg, i), PHOTO, i), tmp / 'ours', f'q{i}'), i)
             for i in range(a.n_photo)]
    (tmp / 'mpl').mkdir()
    ours_base, mpl_base = interleaved(lambda i: save_page(render(ecg, cfg, i), tmp / 'ours', f'b{i}'),
                                      lambda i: mpl_render(ecg, tmp / 'mpl', f'b{i}'), a.n, a.n_baseline)
    ours_dist, mpl_dist = interleaved(lambda i: save_page(distort(render(ecg, cfg, i), DIST, i), tmp / 'ours', f'd{i}'),
                                      lambda i: mpl_distort(mpl_render(ecg, tmp / 'mpl', f'd{i}'), i), a.n, a.n_baseline)

    src = tmp / 'corpus'; src.mkdir()
    for k in range(a.batch): write_wfdb(ecg.replace(meta={}), src / f'r{k:03d}')
    rates = {}
    for label, extra in (('base', []), ('all distortions', ['--hw_text', '-n', '4', '--wrinkles', '-ca', '45', '--augment', '-rot', '5', '-noise', '40', '--deterministic_rot', '--deterministic_noise'])):
        t = time.perf_counter()
        rc = render_cli(['-i', str(src), '-o', str(tmp / f'batch-{len(rates)}'), '--workers', '2', '--random_dc', '1', '--random_print', '1', '--random_add_header', '1'] + extra)
        assert rc == 0
        rates[label] = a.batch / (time.perf_counter() - t)

    print(f"\nmedian seconds per image, 12-lead 500 Hz 10 s, 3x4 + II strip, 200 dpi, {r.image.shape[1]}x{r.image.shape[0]} px")
    print(f"{'path':<28}{'text_to_ecg s/img':>18}{'matplotlib s/img':>18}{'speed-up':>10}")
    print(f"{'render only (in memory)':<28}{ours_render:>18.3f}{'':>18}{'':>10}")
    print(f"{'base (render + save)':<28}{ours_base:>18.3f}{mpl_base:>18.3f}{mpl_base / ours_base:>9.1f}x")
    print(f"{'all distortions + save':<28}{ours_dist:>18.3f}{mpl_dist:>18.3f}{mpl_dist / ours_dist:>9.1f}x")
    print(f"{'photo artefacts + save':<28}{np.median(photo):>18.3f}{'':>18}{'':>10}   "
          f"(render + save without: {np.median(plain):.3f}; {a.n_photo} pages each, +{np.median(photo) - np.median(plain):.3f} s)")
    print(f"vs ecg-image-kit anchors (1.3 s base, 4.8 s wrinkles+augmentation): {1.3 / ours_base:.1f}x, {4.8 / ours_dist:.1f}x")
    for k, v in rates.items(): print(f"2-process batch, {k}: {v:.2f} images/s")
    import shutil; shutil.rmtree(tmp, ignore_errors=True)


if __name__ == '__main__':
    sys.exit(main())
