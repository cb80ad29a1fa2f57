"""The findings reader on real PTB-XL reports: per-code precision, recall and F1 against the SCP labels.

Usage: python benchmarks/findings_ptbxl.py [PTBXL_DIR]   (default: shared_data_dir()/ptbxl_sample)

Protocol. Truth for a report = its SCP statements with likelihood >= 50 or 0 (0 = not graded, used for form and
rhythm statements) mapped to the vocabulary by `ptbxl.to_vocab`, plus the axis from `heart_axis`. A vocabulary code
that only comes from statements with likelihood 15-35 is "uncertain": that (report, code) pair is left out of the
scoring of that code. Prediction = `read_report(raw report).codes(min_certainty=50)`. Micro- and macro-F1 are taken
over the codes with >= 20 positive reports among all rows; fold 10 (PTB-XL's human-validated test fold, never looked
at while the rules were written on folds 1-9) is reported on the same codes. The strict variant counts every listed
SCP statement as positive, whatever its likelihood, and leaves nothing out.

Text-grounded labels. Because PTB-XL's labels were assigned from the recordings and often disagree with the text, a
second evaluation scores the reader against what 638 of these reports *state*, as labelled by hand by a reader who
never saw this module's rules or output (`benchmarks/ptbxl_text_labels.csv`, ecg_id → codes; sampling and rules in
`ptbxl_text_labels.md`): per-code F1, micro/macro over codes with >= 20 such reports, on all 638 and on the 564 that the
annotator did not flag as unsure.

Label noise. A false positive is "stated" when the reader has the code at certainty 100 (a definite statement in the
text); a false negative is "silent" when the report does not mention the code at all (no finding of that code, at any
certainty, negated or not). Both are disagreements between a report and its own labels that no text reader can fix.
"""
import sys, time
from pathlib import Path
import numpy as np
from text_to_ecg.core.signal import shared_data_dir, ECGError
from text_to_ecg.corpus.ptbxl import read_ptbxl_metadata, to_vocab
from text_to_ecg.corpus.translate import report_language
from text_to_ecg.corpus.findings import read_report, READER_CODES


def truth(scp: dict, heart_axis, report: str) -> tuple:
    "(positive, uncertain, strict) vocabulary codes of one PTB-XL row under the protocol above."
    pos = set(to_vocab([c for c, l in scp.items() if l >= 50 or l == 0], heart_axis, report))
    unc = set(to_vocab([c for c, l in scp.items() if 0 < l < 50])) - pos
    strict = set(to_vocab(list(scp), heart_axis, report))
    return pos, unc, strict


def read_all(reports) -> list:
    "`read_report` of every report (None for an empty one)."
    out = []
    for r in reports:
        try: out.append(read_report(r))
        except ECGError: out.append(None)
    return out


def counts(found, pos, unc, rows, strict=False) -> dict:
    "code → [tp, fp, fn, fp_stated, fn_silent] over `rows`."
    tab = {c: [0] * 5 for c in READER_CODES}
    for i in rows:
        f = found[i]
        pred = f.codes(50) if f else set()
        for c in READER_CODES:
            t = c in pos[i]
            if not strict and c in unc[i] and not t: continue
            p = c in pred
            if p and t: tab[c][0] += 1
            elif p: tab[c][1] += 1; tab[c][3] += f.certainty(c) == 100
            elif t:
                tab[c][2] += 1; tab[c][4] += not (f and any(x.code == c for x in f.findings))
    return tab


def f1(tp, fp, fn, *_) -> float: return 2 * tp / max(2 * tp + fp + fn, 1)


def text_ceiling(tab) -> dict:
    "The counts of a reader that only errs where report and labels disagree: tp += fn not silent, fp = stated, fn = silent."
    return {c: [tp + fn - fns, fps, fns, fps, fns] for c, (tp, fp, fn, fps, fns) in tab.items()}


def summary(tab, codes) -> tuple:
    "(micro-F1, macro-F1) over `codes`."
    s = np.sum([tab[c][:3] for c in codes], axis=0)
    return f1(*s), float(np.mean([f1(*tab[c]) for c in codes]))


def print_table(tab, npos, codes, title):
    print(f'\n{title}')
    print(f'{"code":8} {"n":>5} {"tp":>5} {"fp":>5} {"fn":>5} {"P":>6} {"R":>6} {"F1":>6}   fp stated  fn silent')
    for c in READER_CODES:
        tp, fp, fn, fps, fns = tab[c]
        if tp + fp + fn == 0: continue
        print(f'{c:8} {npos[c]:5d} {tp:5d} {fp:5d} {fn:5d} {tp / max(tp + fp, 1):6.3f} {tp / max(tp + fn, 1):6.3f} '
              f'{f1(tp, fp, fn):6.3f}   {fps:9d}  {fns:9d}{"" if c in codes else "   (< 20 reports)"}')


def evaluate(root=None, verbose: bool = True) -> dict:
    "Score `read_report` on PTB-XL under `root`; returns the tables and summary numbers (prints them if `verbose`)."
    root = Path(root) if root else (shared_data_dir() / 'ptbxl_sample' if shared_data_dir() else None)
    if root is None: raise ECGError("no PTB-XL directory: pass one or set TEXT_TO_ECG_DATA")
    md = read_ptbxl_metadata(root)
    reports = md['report_raw'].tolist()
    t0 = time.perf_counter()
    found = read_all(reports)
    dt = (time.perf_counter() - t0) / len(reports)
    tr = [truth(s, a, r) for s, a, r in zip(md['scp_likelihood'], md['heart_axis'], reports)]
    pos, unc, strict = [x[0] for x in tr], [x[1] for x in tr], [x[2] for x in tr]
    fold = md['strat_fold'].to_numpy()
    rows_all, rows_dev, rows_test = np.arange(len(md)), np.flatnonzero(fold <= 9), np.flatnonzero(fold == 10)
    npos = {c: sum(c in p for p in pos) for c in READER_CODES}
    codes = [c for c in READER_CODES if npos[c] >= 20]
    res = {'codes': codes, 'ms_per_report': dt * 1e3}
    for name, rows in (('all', rows_all), ('dev', rows_dev), ('fold10', rows_test)):
        tab = counts(found, pos, unc, rows)
        stab = counts(found, strict, unc, rows, strict=True)
        cs = [c for c in codes if any(c in pos[i] for i in rows)]
        res[name] = dict(tab=tab, strict=stab, codes=cs, f1=summary(tab, cs), strict_f1=summary(stab, cs),
                         npos={c: sum(c in pos[i] for i in rows) for c in READER_CODES})
    if verbose:
        lang = np.array([report_language(r) for r in reports])
        print(f'{len(md)} reports ({(lang == "de").sum()} German, {(lang == "en").sum()} English, {(lang == "sv").sum()} '
              f'Swedish); {len(codes)} codes with >= 20 positive reports; read_report {dt * 1e3:.3f} ms/report')
        print_table(res['all']['tab'], res['all']['npos'], codes, 'All 5,693 reports (likelihood protocol)')
        print_table(res['fold10']['tab'], res['fold10']['npos'], codes, 'Fold 10 (held out)')
        for name, label in (('all', 'all reports'), ('dev', 'folds 1-9'), ('fold10', 'fold 10')):
            r = res[name]
            fps = sum(r['tab'][c][3] for c in r['codes']); fp = sum(r['tab'][c][1] for c in r['codes'])
            fns = sum(r['tab'][c][4] for c in r['codes']); fn = sum(r['tab'][c][2] for c in r['codes'])
            print(f'{label:12}: micro-F1 {r["f1"][0]:.3f} macro-F1 {r["f1"][1]:.3f} on {len(r["codes"])} codes | strict: '
                  f'micro {r["strict_f1"][0]:.3f} macro {r["strict_f1"][1]:.3f} | FP stated {fps}/{fp}, FN silent {fns}/{fn}')
        r, cs = res['all'], res['all']['codes']
        res['text_ceiling'] = summary(text_ceiling(r['tab']), cs)
        print(f'text-reader ceiling: a reader that keeps every definite statement (FP stated) and finds every other '
              f'labelled code the report mentions, but nothing the report is silent on (FN silent), scores micro-F1 '
              f'{res["text_ceiling"][0]:.3f} macro-F1 {res["text_ceiling"][1]:.3f} against scp_codes')
    a, t = res['all']['f1'], res['fold10']['f1']
    print(f'micro-F1 {a[0]:.3f} macro-F1 {a[1]:.3f} on {len(codes)} codes (fold 10: micro {t[0]:.3f} macro {t[1]:.3f})')
    return res


def evaluate_text_labels(root=None, labels=None, verbose: bool = True) -> dict:
    "Score `read_report` against the hand-made text-grounded labels (see the module docstring); returns micro/macro F1 per subset."
    import pandas as pd
    root = Path(root) if root else (shared_data_dir() / 'ptbxl_sample' if shared_data_dir() else None)
    if root is None: raise ECGError("no PTB-XL directory: pass one or set TEXT_TO_ECG_DATA")
    lab = pd.read_csv(labels or Path(__file__).parent / 'ptbxl_text_labels.csv', keep_default_na=False)
    db = pd.read_csv(root / 'ptbxl_database.csv', index_col='ecg_id')
    found = [read_report(db.loc[i, 'report']) for i in lab['ecg_id']]
    truth = [set(c.split()) for c in lab['codes']]
    sure = ~lab['note'].str.startswith('UNSURE').to_numpy()
    res = {}
    for name, rows in (('all', np.arange(len(lab))), ('sure', np.flatnonzero(sure))):
        tab = {c: [0, 0, 0, 0, 0] for c in READER_CODES}
        for i in rows:
            pred = found[i].codes(50)
            for c in READER_CODES:
                if c in truth[i] and c in pred: tab[c][0] += 1
                elif c in pred: tab[c][1] += 1
                elif c in truth[i]: tab[c][2] += 1
        npos = {c: sum(c in truth[i] for i in rows) for c in READER_CODES}
        codes = [c for c in READER_CODES if npos[c] >= 20]
        res[name] = dict(f1=summary(tab, codes), codes=codes, n=len(rows))
        if verbose and name == 'all': print_table(tab, npos, codes, f'Text-grounded labels: {len(rows)} hand-labelled reports')
    if verbose:
        print(f"text-grounded: micro-F1 {res['all']['f1'][0]:.3f} macro-F1 {res['all']['f1'][1]:.3f} on {len(res['all']['codes'])} codes, "
              f"{res['all']['n']} reports ({res['sure']['n']} not flagged unsure: micro {res['sure']['f1'][0]:.3f} macro {res['sure']['f1'][1]:.3f})")
    return res


if __name__ == '__main__':
    evaluate_text_labels(sys.argv[1] if len(sys.argv) > 1 else None)
    evaluate(sys.argv[1] if len(sys.argv) > 1 else None)
