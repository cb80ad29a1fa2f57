"""Seconds per echo clip for the demo generator on CPU at 8/12/18 decoding steps, with and without guidance.

usage: python benchmarks/echo_speed.py [--checkpoint demo] [--threads 2] [--repeats 3] [--batch 1] [--json out.json]
Target (issue 8): <= 2 s per clip at 12 steps on 2 CPU cores. Guidance runs the conditional and the null branch
in one batch, so it costs up to 2x the transformer time; the tokenizer decode is paid once per clip either way.
"""
import argparse, json, time, platform
import numpy as np
import torch

from text_to_ecg.echo.generate import EchoGenerator
from text_to_ecg.echo.phantom import make_sample


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    p.add_argument('--checkpoint', default='demo')
    p.add_argument('--threads', type=int, default=2)
    p.add_argument('--repeats', type=int, default=3)
    p.add_argument('--batch', type=int, default=1, help='clips per generate() call (time is reported per clip)')
    p.add_argument('--json', default=None)
    a = p.parse_args(argv)
    torch.set_num_threads(a.threads)
    gen = EchoGenerator.from_pretrained(a.checkpoint)
    ecg = np.stack([make_sample(gen.clip, seed=99_000 + i).ecg.signal for i in range(a.batch)])
    gen.generate(ecg, steps=2)                                   # warm-up
    rows = []
    for steps in (8, 12, 18):
        for guidance in (1.0, 2.0):
            ts = []
            for r in range(a.repeats):
                t0 = time.perf_counter(); gen.generate(ecg, steps=steps, guidance=guidance, seed=r); ts.append((time.perf_counter() - t0) / a.batch)
            rows.append(dict(steps=steps, guidance=guidance, s_per_clip=float(np.median(ts)), min=float(np.min(ts))))
            print(f"steps {steps:2d}  guidance {'on  (w=2)' if guidance != 1 else 'off (w=1)'}  {np.median(ts):6.3f} s/clip (median of {a.repeats}, min {np.min(ts):.3f})", flush=True)
    info = dict(threads=a.threads, batch=a.batch, torch=torch.__version__, cpu=platform.processor() or platform.machine(), clip=vars(gen.clip) if hasattr(gen.clip, '__dict__') else str(gen.clip), rows=rows)
    if a.json:
        with open(a.json, 'w') as f: json.dump(info, f, indent=1)
    return 0


if __name__ == '__main__':
    raise SystemExit(main())
