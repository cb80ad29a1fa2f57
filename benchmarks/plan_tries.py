"""What rewriting rhythm plans that miss their target rate costs and buys: the demo generator on the hand-written
paraphrases (`report_eval.report_set('paraphrases')`), `SamplingConfig(plan_tries=1)` (the first plan) against
`plan_tries=8` (the default), interleaved in one run so a shared CPU's load hits both alike.

Usage: OMP_NUM_THREADS=1 python benchmarks/plan_tries.py [--n 96] [--rounds 2] [--batch 32] [--seed 0]

Prints, for each setting, the best-of-rounds seconds for `--n` reports and the share of ECGs whose plan meets its
target rate (`plan.rate_miss` = 0, among ECGs with a target), then the time ratio. The analyzer's verdict on the
waveforms is `benchmarks/free_text.py`'s job.
"""
import argparse, time, warnings
import numpy as np
import torch
from text_to_ecg.ecg.generate import Generator, SamplingConfig
from text_to_ecg.ecg.report_eval import report_set
from text_to_ecg.ecg.plan import rate_miss
from text_to_ecg.corpus.synth import parse_events


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    p.add_argument('--n', type=int, default=96, help='paraphrased reports (of 251)')
    p.add_argument('--rounds', type=int, default=2)
    p.add_argument('--batch', type=int, default=32)
    p.add_argument('--seed', type=int, default=0)
    a = p.parse_args(argv)
    torch.set_num_threads(1)
    g = Generator.from_pretrained('demo')
    texts = report_set('paraphrases', 20, seed=1)['report'][:a.n]
    secs, met = {1: [], 8: []}, {}
    warnings.simplefilter('ignore')
    for _ in range(a.rounds):
        for k in secs:
            t = time.perf_counter()
            es = g.generate(texts, seed=a.seed, sampling=SamplingConfig(0.8, None, None, 2.0, k), batch_size=a.batch)
            secs[k].append(time.perf_counter() - t)
            m = [rate_miss(parse_events(e.meta['events']), e.meta['hr_target']) for e in es
                 if e.meta['hr_target'] is not None]
            met[k] = (float(np.mean([x == 0 for x in m])), len(m))
    for k in secs:
        print(f"plan_tries {k}: {min(secs[k]):.1f} s for {a.n} reports; plan meets its target rate in "
              f"{met[k][0]:.3f} of {met[k][1]} ECGs with a target")
    print(f"plan_tries 8 / 1 time: {min(secs[8]) / min(secs[1]):.2f}x")


if __name__ == '__main__':
    main()
