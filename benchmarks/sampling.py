"""Sampling speed of the text→ECG prior at the paper's size (dim 512, depth 12, 8 heads, 104 text + 312 ECG tokens,
1024 codes; random weights): one ECG with the KV-cache sampler vs the full-recompute sampler in the same run, and
aggregate ECGs/s of the cached sampler at batch 16.

usage: python benchmarks/sampling.py [--threads N] [--batch 16] [--guidance 1.0] [--skip-full]
"""
import argparse, platform, time
import torch
from text_to_ecg.ecg.prior import Prior, PriorConfig


def timed(fn):
    t0 = time.perf_counter(); out = fn(); return out, time.perf_counter() - t0


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument('--threads', type=int, default=1)
    p.add_argument('--batch', type=int, default=16)
    p.add_argument('--guidance', type=float, default=1.0)
    p.add_argument('--dtype', default='float32', choices=['float32', 'bfloat16'], help='weights/activations dtype of both samplers')
    p.add_argument('--skip-full', action='store_true', help='skip the (slow) full-recompute sampler')
    a = p.parse_args(argv)
    torch.set_num_threads(a.threads)
    torch.manual_seed(0)
    cfg = PriorConfig.paper()
    m = Prior(cfg).eval().to(getattr(torch, a.dtype))
    print(f"torch {torch.__version__} on {platform.processor() or platform.machine()}, {a.threads} thread(s); "
          f"prior {sum(q.numel() for q in m.parameters()) / 1e6:.1f} M params, {cfg.text_len} text + {cfg.ecg_len} ECG tokens, guidance {a.guidance}, {a.dtype}")

    def cond(B):
        g = torch.Generator().manual_seed(0)
        return (torch.randint(1, cfg.vocab_size, (B, cfg.text_len), generator=g), torch.full((B,), 60.),
                torch.zeros(B, dtype=torch.long), torch.full((B,), float('nan')))

    def run(B, use_cache):
        return m.sample(*cond(B), guidance=a.guidance, generator=torch.Generator().manual_seed(0), use_cache=use_cache)

    run(1, True)   # warm-up
    # cached / full / cached: the shared CPU's load drifts, so the full-recompute time is compared with the mean of
    # the cached runs on either side of it
    c1, t_c1 = timed(lambda: run(1, True))
    print(f"KV cache, batch 1:        {t_c1:7.2f} s / ECG")
    if not a.skip_full:
        c2, t_full = timed(lambda: run(1, False))
        print(f"full recompute, batch 1:  {t_full:7.2f} s / ECG   (same codes: {torch.equal(c1, c2)})")
        _, t_c2 = timed(lambda: run(1, True))
        print(f"KV cache, batch 1 again:  {t_c2:7.2f} s / ECG")
        print(f"speed-up: {t_full / ((t_c1 + t_c2) / 2):.1f}x")
    _, t_b = timed(lambda: run(a.batch, True))
    print(f"KV cache, batch {a.batch}:       {t_b:7.2f} s  -> {a.batch / t_b:.2f} ECGs/s ({t_b / a.batch:.3f} s / ECG)")


if __name__ == '__main__':
    main()
