"""Does a text→ECG model draw what free-text reports say? The three report sets side by side, in one run.

Usage: python benchmarks/free_text.py [--model demo] [--sets templates paraphrases ptbxl] [--seeds 0 1] [--ptbxl DIR]
                                      [--n-per-class 20] [--temperature 0.8] [--guidance 2] [--out eval_free_text.json]

For each report set (`evaluate.report_set`: the corpus writer's held-out templates, the hand-written paraphrases,
PTB-XL's real test-fold reports) and each sampling seed it scores the ceiling (records simulated from what each report
states), the generated ECGs and the floor (shuffled reports) with `evaluate.evaluate_reports`, then prints one row per
set and the ratios the free-text issue asks for: paraphrase / template stated-findings rate and the rate-in-range share.
"""
import argparse, json, sys, time
from pathlib import Path
import numpy as np
import pandas as pd
from text_to_ecg.ecg.generate import Generator
from text_to_ecg.ecg.report_eval import report_set, evaluate_reports, REPORT_SCORES


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument('--model', default='demo')
    p.add_argument('--sets', nargs='+', default=['templates', 'paraphrases', 'ptbxl'])
    p.add_argument('--seeds', nargs='+', type=int, default=[0])
    p.add_argument('--ptbxl', default=None, help='PTB-XL folder with ptbxl_database.csv (default: shared/data/ptbxl_sample)')
    p.add_argument('--n-per-class', type=int, default=20)
    p.add_argument('--temperature', type=float, default=0.8)
    p.add_argument('--guidance', type=float, default=2.0)
    p.add_argument('--out', default=None, help='also write every summary and per-code table as JSON here')
    a = p.parse_args(argv)
    g = Generator.from_pretrained(a.model)
    rows, dump = [], {}
    for name in a.sets:
        t0 = time.time()
        rs = report_set(name, a.n_per_class, seed=1, root=Path(a.ptbxl) if a.ptbxl else None)
        for seed in a.seeds:
            ev = evaluate_reports(g, rs, seed=seed, temperature=a.temperature, guidance=a.guidance, progress=False, name=name)
            for s, summ in ev.summary.items():
                rows.append({'set': name, 'seed': seed, 'ecgs': s, **{k: summ[k] for k in ('n', 'refused', *REPORT_SCORES)}})
            dump[f'{name}@{seed}'] = {'summary': ev.summary, 'per_code': ev.per_code.round(4).to_dict()}
        print(f"{name}: {len(rs['report'])} prompts × {len(a.seeds)} seed(s) in {time.time() - t0:.0f} s", file=sys.stderr)
    df = pd.DataFrame(rows)
    mean = df.groupby(['set', 'ecgs'], sort=False)[['n', 'refused', *REPORT_SCORES]].mean()
    with pd.option_context('display.width', 200, 'display.max_columns', 20):
        print(mean.round(3).to_string())
    if a.out: Path(a.out).write_text(json.dumps(dump, indent=1, default=float))
    gen = mean.xs('generated', level='ecgs')
    if {'templates', 'paraphrases'} <= set(gen.index):
        ratio = gen.loc['paraphrases', 'stated_macro'] / gen.loc['templates', 'stated_macro']
        print(f"paraphrases / templates stated findings (macro): {ratio:.2f}; paraphrases rate in range: "
              f"{gen.loc['paraphrases', 'rate_in_range']:.2f}; refused: {int(mean['refused'].max())}")


if __name__ == '__main__': main()
