"""Side-by-side echo evaluation of several checkpoints on the same held-out phantoms and sampling seeds.

usage: python benchmarks/echo_compare.py OLD_DIR NEW_DIR [--n 100] [--seed 10000] [--sample-seeds 10000 20000] [--threads 1] [--json out.json]
Rows: the phantom ceiling (measurement error only); per checkpoint, its tokenizer's reconstructions of the phantoms
(the cap any generator on that tokenizer can reach), generated clips and the shuffled-ECG floor. 'demo' names the bundled checkpoint.
With several --sample-seeds, each checkpoint generates the same phantoms once per seed (rows `gen@SEED`), then a
`gen mean` and `gen sd` row: a difference between checkpoints smaller than their spread over seeds is noise.
"""
import argparse, json, time
import numpy as np
import torch

from text_to_ecg.echo.generate import EchoGenerator
from text_to_ecg.echo.evaluate import evaluate, format_results, _score, clip_truth
from text_to_ecg.echo.phantom import make_sample
from text_to_ecg.echo.tokenizer import reconstruct


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    p.add_argument('checkpoints', nargs='+', help="checkpoint directories (or 'demo'), compared in this order")
    p.add_argument('--n', type=int, default=100); p.add_argument('--seed', type=int, default=10_000)
    p.add_argument('--steps', type=int, default=12); p.add_argument('--guidance', type=float, default=2.0)
    p.add_argument('--sample-seeds', type=int, nargs='+', default=None, help='sampling seeds (default: --seed); the shuffled floor uses the first')
    p.add_argument('--threads', type=int, default=1); p.add_argument('--json', default=None)
    a = p.parse_args(argv)
    torch.set_num_threads(a.threads)
    res, t0 = {}, time.time()
    for i, ck in enumerate(a.checkpoints):
        g = EchoGenerator.from_pretrained(ck)
        seeds = a.sample_seeds or [a.seed]
        runs = [evaluate(g, n=a.n, steps=a.steps, guidance=a.guidance, seed=a.seed, sample_seed=sd, shuffled=k == 0) for k, sd in enumerate(seeds)]
        res.setdefault('phantom', runs[0]['phantom'])
        ss = [make_sample(g.clip, seed=a.seed + j) for j in range(a.n)]
        rec = reconstruct(g.tokenizer, torch.as_tensor(np.stack([s.video for s in ss])))
        res[f'{i}:tok_rec'] = _score(list(rec), [clip_truth(s, g.clip) for s in ss], [s.video for s in ss], g.clip)
        if len(seeds) == 1: res[f'{i}:gen'] = runs[0]['generated']
        else:
            for sd, r in zip(seeds, runs): res[f'{i}:gen@{sd}'] = r['generated']
            keys = [k for k in runs[0]['generated'] if k != 'n']
            res[f'{i}:gen mean'] = {k: float(np.mean([r['generated'][k] for r in runs])) for k in keys} | {'n': a.n}
            res[f'{i}:gen sd'] = {k: float(np.std([r['generated'][k] for r in runs], ddof=1)) for k in keys} | {'n': len(seeds)}
        res[f'{i}:shuf'] = runs[0]['shuffled']
        print(f'{i} = {ck}  ({time.time() - t0:.0f} s)', flush=True)
    print(format_results(res))
    if a.json:
        with open(a.json, 'w') as f: json.dump(dict(checkpoints=a.checkpoints, n=a.n, seed=a.seed, sample_seeds=a.sample_seeds, steps=a.steps, guidance=a.guidance, results=res), f, indent=1)
    return 0


if __name__ == '__main__':
    raise SystemExit(main())
