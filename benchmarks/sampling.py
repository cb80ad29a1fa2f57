"""Sampling speed of the text→ECG prior at the paper's size (dim 512, depth 12, 8 heads, 104 text + 312 ECG tokens,
1024 codes; random weights), side by side with the reference implementation (github TClife/text_to_ecg, its
`DALLE_concat.generate_images`, run as shipped at the same size with random weights) in ONE run, interleaved
(ours, reference, ours) so that a shared CPU's drifting load hits both alike; then ECGs/s of our sampler at batch 16.

usage: python benchmarks/sampling.py --reference DIR [--threads 1] [--batch 16] [--batch-threads 1 2]
                                     [--guidance 1.0] [--dtype float32] [--device cpu] [--skip-reference] [--full]

`--reference DIR`: a checkout of TClife/text_to_ecg (the directory holding `text_to_ecg/models/dalle.py`) or a git
directory of it (e.g. a bare mirror: the `text_to_ecg/` folder of its HEAD is `git archive`d into a temporary
directory for the run).

How the reference is run (nothing of its code is copied here, and none of its math is changed):
- its package is also called `text_to_ecg`: our modules are set aside in `sys.modules` while its modules import, then
  restored (its classes keep their own module globals);
- two imports are stubbed at import time only: the top-level `text_to_ecg/__init__.py` (it imports
  `text_to_ecg.data`, which the repository does not ship) is replaced by a bare package pointing at its directory,
  and `rotary_embedding_torch` (a dependency we do not install) by a module whose functions raise if called — the model
  is built with `rotary_emb=False` and `shift_tokens=False`, the defaults of its `scripts/train_dalle.py`, so they are
  never called (its `configs/dalle_config.yaml` turns both on, but with its hard-wired `image_fmap_size = 312` the
  reference's `Transformer` then works with a negative text length, 416 − 312² + 1, and cannot be built);
- the model is `DALLE_concat(dim=512, depth=12, heads=8, dim_head=64, num_text_tokens=3000, text_seq_len=104,
  attn_types=('full',))` over a `VQVAE(num_tokens=1024)` (its `configs/dalle_config.yaml` sizes), random weights,
  eval mode; timed is `generate_images(text, age, gender)` with its defaults (top-k `filter_thres=0.5`,
  temperature 1): 312 full forward passes and the VQ-VAE decode at the end.
Ours: `Prior(PriorConfig.paper()).sample(...)` (KV cache, temperature 1, no top-k) — the codes only; its decoder is
not timed (a VQ-VAE decode of 312 codes is a few ms, noise here).
"""
import argparse, platform, subprocess, sys, tempfile, time, types, importlib
from pathlib import Path
import torch
from text_to_ecg.ecg.prior import Prior, PriorConfig


def timed(fn):
    "`fn()`, its wall time and the CPU time of this process (all threads) in s."
    t0, c0 = time.perf_counter(), time.process_time()
    out = fn()
    return out, time.perf_counter() - t0, time.process_time() - c0


def reference_checkout(ref: Path, tmp: Path) -> Path:
    "A directory holding the reference's `text_to_ecg/` package: `ref` itself, or its git HEAD archived into `tmp`."
    if (ref / 'text_to_ecg' / 'models' / 'dalle.py').exists(): return ref
    out = tmp / 'reference'; out.mkdir()
    arch = subprocess.run(['git', '--git-dir', str(ref), 'archive', 'HEAD', 'text_to_ecg'], check=True,
                          capture_output=True).stdout
    subprocess.run(['tar', '-x', '-C', str(out)], input=arch, check=True)
    if not (out / 'text_to_ecg' / 'models' / 'dalle.py').exists():
        sys.exit(f"--reference {ref}: no text_to_ecg/models/dalle.py in it (TClife/text_to_ecg checkout or git dir)")
    return out


def _rotary_stub() -> types.ModuleType:
    m = types.ModuleType('rotary_embedding_torch')
    def unused(*a, **k): raise RuntimeError("rotary_embedding_torch is stubbed by benchmarks/sampling.py")
    m.RotaryEmbedding = m.broadcat = m.apply_rotary_emb = unused
    return m


def import_reference(root: Path):
    "The reference's `text_to_ecg.models.dalle` and `.vae` modules, imported beside ours (see the module docstring)."
    ours = {k: sys.modules.pop(k) for k in list(sys.modules) if k == 'text_to_ecg' or k.startswith('text_to_ecg.')}
    added_rotary = ('rotary_embedding_torch' not in sys.modules
                    and importlib.util.find_spec('rotary_embedding_torch') is None)
    try:
        pkg = types.ModuleType('text_to_ecg'); pkg.__path__ = [str(root / 'text_to_ecg')]
        sys.modules['text_to_ecg'] = pkg
        if added_rotary: sys.modules['rotary_embedding_torch'] = _rotary_stub()
        dalle = importlib.import_module('text_to_ecg.models.dalle')
        vae = importlib.import_module('text_to_ecg.models.vae')
    finally:
        for k in [k for k in sys.modules if k == 'text_to_ecg' or k.startswith('text_to_ecg.')]:
            sys.modules['_reference_' + k] = sys.modules.pop(k)
        sys.modules.update(ours)
    return dalle, vae


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument('--reference', type=Path, help='TClife/text_to_ecg checkout or git directory')
    p.add_argument('--skip-reference', action='store_true', help='time ours only')
    p.add_argument('--threads', type=int, default=1, help='threads for the batch-1 comparison')
    p.add_argument('--batch', type=int, default=16)
    p.add_argument('--batch-threads', type=int, nargs='+', default=[1], help='thread counts for the batch run(s)')
    p.add_argument('--guidance', type=float, default=1.0)
    p.add_argument('--dtype', default='float32', choices=['float32', 'bfloat16'], help='our weights/activations')
    p.add_argument('--full', action='store_true', help='also time our full-recompute sampler (use_cache=False)')
    p.add_argument('--device', default='cpu', help="torch device of both models, e.g. 'cuda' (default cpu)")
    a = p.parse_args(argv)
    if a.reference is None and not a.skip_reference: p.error('--reference DIR is required (or --skip-reference)')
    torch.set_num_threads(a.threads)
    torch.manual_seed(0)
    cfg = PriorConfig.paper()
    dev = torch.device(a.device)
    m = Prior(cfg).eval().to(dev, getattr(torch, a.dtype))
    print(f"torch {torch.__version__} on {platform.processor() or platform.machine()}, {a.threads} thread(s); "
          f"device {dev}; ours: prior {sum(q.numel() for q in m.parameters()) / 1e6:.1f} M params, "
          f"{cfg.text_len} text + {cfg.ecg_len} ECG tokens, guidance {a.guidance}, {a.dtype}")

    def cond(B):
        g = torch.Generator().manual_seed(0)
        return tuple(x.to(dev) for x in (torch.randint(1, cfg.vocab_size, (B, cfg.text_len), generator=g),
                                         torch.full((B,), 60.), torch.zeros(B, dtype=torch.long),
                                         torch.full((B,), float('nan'))))

    def ours(B, use_cache=True):
        out = m.sample(*cond(B), guidance=a.guidance, generator=torch.Generator(dev).manual_seed(0),
                       use_cache=use_cache)
        if dev.type == 'cuda': torch.cuda.synchronize()
        return out

    ref_run = None
    if not a.skip_reference:
        tmp = Path(tempfile.mkdtemp(prefix='tte_reference_'))
        dalle_mod, vae_mod = import_reference(reference_checkout(a.reference, tmp))
        torch.manual_seed(0)
        ref = dalle_mod.DALLE_concat(dim=512, vae=vae_mod.VQVAE(num_tokens=1024), num_text_tokens=3000,
                                     text_seq_len=104, depth=12, heads=8, dim_head=64, attn_types=('full',),
                                     rotary_emb=False, shift_tokens=False).eval().to(dev)
        print(f"reference: DALLE_concat {sum(q.numel() for q in ref.parameters() if q.requires_grad) / 1e6:.1f} M "
              f"trainable params (+ VQ-VAE), {ref.text_seq_len} text + {ref.image_seq_len} ECG tokens, fp32")
        g = torch.Generator().manual_seed(0)
        rtext = torch.randint(1, 3000, (1, 104), generator=g).to(dev)

        def ref_run():
            torch.manual_seed(0)
            out = ref.generate_images(rtext, age=torch.tensor([60.], device=dev), gender=torch.tensor([1.], device=dev))
            if dev.type == 'cuda': torch.cuda.synchronize()
            return out

    m.sample(*cond(1), n_tokens=4)   # warm-up
    if a.batch > 1: m.sample(*cond(a.batch), n_tokens=2)
    # wall time, and CPU time (with one thread: the time this process actually ran, which a busy neighbour on a
    # shared CPU inflates far less than the wall time)
    _, t1, c1 = timed(lambda: ours(1))
    print(f"ours, batch 1:            {t1:8.2f} s / ECG  (CPU {c1:.2f} s)")
    if ref_run is not None:
        out, t_ref, c_ref = timed(ref_run)
        print(f"reference, batch 1:       {t_ref:8.2f} s / ECG  (CPU {c_ref:.2f} s; ECG {tuple(out.shape)})")
    _, t2, c2 = timed(lambda: ours(1))
    print(f"ours, batch 1 again:      {t2:8.2f} s / ECG  (CPU {c2:.2f} s)")
    t_ours, c_ours = (t1 + t2) / 2, (c1 + c2) / 2
    if a.full:
        _, t_full, _ = timed(lambda: ours(1, use_cache=False))
        print(f"ours, full recompute:     {t_full:8.2f} s / ECG   (KV cache {t_full / t_ours:.1f}x faster)")
    rates = []
    for th in a.batch_threads:
        torch.set_num_threads(th)
        _, t_b, c_b = timed(lambda: ours(a.batch))
        rates.append((th, a.batch / t_b))
        print(f"ours, batch {a.batch}, {th} thread(s): {t_b:6.2f} s -> {a.batch / t_b:.2f} ECG/s  (CPU {c_b:.2f} s)")
    summary = f"ours {t_ours:.2f} s/ECG"
    if ref_run is not None:
        summary += (f", reference {t_ref:.1f} s/ECG: {t_ref / t_ours:.1f}x wall, {c_ref / c_ours:.1f}x CPU time "
                    f"({a.threads} thread(s))")
    summary += ' ; ' + ', '.join(f"batch {a.batch}: {r:.2f} ECG/s ({th} thread(s))" for th, r in rates)
    print(summary)


if __name__ == '__main__':
    main()
