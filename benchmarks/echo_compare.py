"""Side-by-side echo evaluation of several checkpoints on the same held-out phantoms and sampling seeds.

usage: python benchmarks/echo_compare.py OLD_DIR NEW_DIR [--n 100] [--seed 10000] [--threads 1] [--json out.json]
Rows: the phantom ceiling (measurement error only); per checkpoint, its tokenizer's reconstructions of the phantoms
(the cap any generator on that tokenizer can reach), generated clips and the shuffled-ECG floor. 'demo' names the bundled checkpoint.
"""
import argparse, json, time
import numpy as np
import torch

from text_to_ecg.echo import EchoGenerator
from text_to_ecg.echo_eval import evaluate, format_results, _score, clip_truth
from text_to_ecg.echo_synth import make_sample
from text_to_ecg.video_tokenizer import reconstruct


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    p.add_argument('checkpoints', nargs='+', help="checkpoint directories (or 'demo'), compared in this order")
    p.add_argument('--n', type=int, default=100); p.add_argument('--seed', type=int, default=10_000)
    p.add_argument('--steps', type=int, default=12); p.add_argument('--guidance', type=float, default=2.0)
    p.add_argument('--threads', type=int, default=1); p.add_argument('--json', default=None)
    a = p.parse_args(argv)
    torch.set_num_threads(a.threads)
    res, t0 = {}, time.time()
    for i, ck in enumerate(a.checkpoints):
        g = EchoGenerator.from_pretrained(ck)
        r = evaluate(g, n=a.n, steps=a.steps, guidance=a.guidance, seed=a.seed)
        res.setdefault('phantom', r['phantom'])
        ss = [make_sample(g.clip, seed=a.seed + j) for j in range(a.n)]
        rec = reconstruct(g.tokenizer, torch.as_tensor(np.stack([s.video for s in ss])))
        res[f'{i}:tok_rec'] = _score(list(rec), [clip_truth(s, g.clip) for s in ss], [s.video for s in ss], g.clip)
        res[f'{i}:gen'], res[f'{i}:shuf'] = r['generated'], r['shuffled']
        print(f'{i} = {ck}  ({time.time() - t0:.0f} s)', flush=True)
    print(format_results(res))
    if a.json:
        with open(a.json, 'w') as f: json.dump(dict(checkpoints=a.checkpoints, n=a.n, seed=a.seed, steps=a.steps, guidance=a.guidance, results=res), f, indent=1)
    return 0


if __name__ == '__main__':
    raise SystemExit(main())
