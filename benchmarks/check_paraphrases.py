"""Checks `text_to_ecg/assets/paraphrases.csv` (the held-out report evaluation set) and prints its coverage.

Run from the repository root: `python benchmarks/check_paraphrases.py` (exit status 1 on any problem).
Self-contained on purpose: the 34-code vocabulary and its conventions are restated here from the
vocabulary spec rather than imported from the package, so the set stays independent of the project's code."""
import re, sys
from collections import Counter
from pathlib import Path
import pandas as pd

CODES = ('NORM SR SBRAD STACH AFIB AFLT SARRH 1AVB 2AVB1 2AVB2 2AVB 3AVB CRBBB IRBBB CLBBB IVCD LAFB LPFB '
         'PAC PVC LVH LAE LVOLT LAD RAD STE_INF STE_ANT STE_LAT STD IMI AMI LMI INVT LNGQT').split()
RHYTHMS = {'SR', 'SBRAD', 'STACH', 'AFIB', 'AFLT'}
AVB = {'1AVB', '2AVB1', '2AVB2', '2AVB', '3AVB'}
STE = {'STE_INF', 'STE_ANT', 'STE_LAT'}
MI = {'IMI', 'AMI', 'LMI'}
STYLES = {'machine', 'cardiologist', 'ptbxl_en', 'ptbxl_de', 'title_case', 'narrative'}
EXCLUSIVE = [  # at most one of each group
    (RHYTHMS, 'one rhythm'), (AVB, 'one AV-block degree'), ({'CRBBB', 'CLBBB', 'IRBBB', 'IVCD'}, 'one conduction delay'),
    ({'LAD', 'RAD'}, 'one axis deviation'), (STE, 'one ST-elevation territory'), ({'LAFB', 'LPFB'}, 'one fascicle'),
]
CONFLICTS = [  # nothing from the first set together with anything from the second
    ({'AFIB', 'AFLT'}, AVB | {'PAC', 'SARRH', 'LAE'}, 'needs sinus P waves'),
    ({'CLBBB'}, {'LVH', 'INVT', 'STD', 'LAFB'} | STE | MI, 'not assessable / subsumed under LBBB'),
    ({'STD'}, STE, 'ST depression is not the reciprocal of an ST elevation'),
    (STE, {'INVT'}, 'acute ST elevation with T inversion is not modelled'),
    ({'RAD', 'LPFB'}, {'LVH'}, 'no LVH with a rightward axis'),
    ({'LAFB'}, {'RAD'}, 'LAFB turns the axis left'), ({'LPFB'}, {'LAD'}, 'LPFB turns the axis right'),
    ({'LVOLT'}, {'LVH'}, 'low voltage with LVH'),
    ({'2AVB1', '2AVB2', '2AVB', '3AVB'}, {'PAC', 'PVC'}, 'ectopy with 2nd/3rd-degree block is not modelled'),
    ({'3AVB'}, {'SBRAD', 'STACH'}, 'complete block is drawn with an SR atrial rhythm'),
]
DEFAULT_HR = {(60, 100), (30, 59), (101, 180), (20, 50), (30, 50), (40, 100)}   # rhythm-word ranges (not numbers)
VALUES = ['pr', 'qrs', 'qtc', 'axis', 'qt', 'arate', 'ratio']


def split(x) -> set: return set(str(x).split()) if isinstance(x, str) else set()


def check_row(r) -> list:
    "Problems of one row, as strings."
    errs = []
    c, p, n = split(r.codes), split(r.possible), split(r.negated)
    for name, s in (('codes', c), ('possible', p), ('negated', n)):
        if s - set(CODES): errs.append(f"unknown {name} {sorted(s - set(CODES))}")
    if len(c & RHYTHMS) != 1: errs.append(f"needs exactly one rhythm code, has {sorted(c & RHYTHMS)}")
    if c & p: errs.append(f"codes and possible overlap {sorted(c & p)}")
    if n & (c | p): errs.append(f"negated overlaps codes/possible {sorted(n & (c | p))}")
    for labs, what in ((c, 'codes'), (c | p, 'codes+possible')):
        for g, msg in EXCLUSIVE:
            if len(labs & g) > 1: errs.append(f"{what}: {sorted(labs & g)}: {msg}")
        for a, b, msg in CONFLICTS:
            if labs & a and labs & b: errs.append(f"{what}: {sorted(labs & a)} with {sorted(labs & b)}: {msg}")
    if 'LAFB' in c and 'LAD' not in c: errs.append('LAFB without LAD')
    if 'LPFB' in c and 'RAD' not in c: errs.append('LPFB without RAD')
    if 'LAFB' in p and not {'LAD'} & (c | p): errs.append('possible LAFB without (possible) LAD')
    if 'NORM' in c and c - {'NORM', 'SR', 'SARRH'}: errs.append(f"NORM with {sorted(c - {'NORM', 'SR', 'SARRH'})}")
    if 'NORM' in c and p: errs.append('NORM with a hedged finding')
    if c & AVB and not c & {'SR', 'SBRAD', 'STACH'}: errs.append('AV block without a sinus rhythm')
    lo, hi = r.hr_lo, r.hr_hi
    if pd.isna(lo) != pd.isna(hi): errs.append('hr_lo/hr_hi: only one given')
    elif not pd.isna(lo):
        if not (15 <= lo <= hi <= 200): errs.append(f"hr range {lo}-{hi}")
        mid = (lo + hi) / 2
        if not c & (AVB - {'1AVB'}):   # with 2nd/3rd-degree block the ventricular rate is below the sinus rate
            if 'SBRAD' in c and mid >= 60: errs.append(f"SBRAD with hr {lo}-{hi}")
            if 'STACH' in c and mid <= 100: errs.append(f"STACH with hr {lo}-{hi}")
            if 'SR' in c and not 50 <= mid <= 100: errs.append(f"SR with hr {lo}-{hi}")
    if 'ratio' in r and not pd.isna(r.ratio) and not c & {'AFLT', '2AVB'}: errs.append('ratio without AFLT/2AVB')
    if '2AVB' in c and not pd.isna(r.arate) and not pd.isna(lo) and not lo <= r.arate / 2 <= hi:
        errs.append('2:1 block: hr is not half the atrial rate')
    if not pd.isna(r.axis):
        if 'LAD' in c and r.axis > -30: errs.append(f"LAD with axis {r.axis}")
        if 'RAD' in c and r.axis <= 90: errs.append(f"RAD with axis {r.axis}")
        if not c & {'LAD', 'RAD'} and not (-30 <= r.axis <= 90) and not p & {'LAD', 'RAD'}:
            errs.append(f"axis {r.axis} without LAD/RAD")
    if not pd.isna(r.pr) and '1AVB' in c and r.pr <= 200: errs.append(f"1AVB with PR {r.pr}")
    if not pd.isna(r.qrs):
        if c & {'CRBBB', 'CLBBB'} and r.qrs < 120: errs.append(f"complete BBB with QRS {r.qrs}")
        if 'IRBBB' in c and not 100 <= r.qrs < 120: errs.append(f"IRBBB with QRS {r.qrs}")
        if 'IVCD' in c and r.qrs < 110: errs.append(f"IVCD with QRS {r.qrs}")
    if not pd.isna(r.qtc) and 'LNGQT' in c and r.qtc < 460: errs.append(f"LNGQT with QTc {r.qtc}")
    if r['style'] not in STYLES: errs.append(f"style {r['style']!r}")
    if r.lang not in ('en', 'de'): errs.append(f"lang {r.lang!r}")
    if (r['style'] == 'ptbxl_de') != (r.lang == 'de') and r['style'] != 'narrative': errs.append('style/lang mismatch')
    if not pd.isna(r.sex) and r.sex not in ('M', 'F'): errs.append(f"sex {r.sex!r}")
    return errs


def has_number(r) -> bool:
    "The report states a number the generator should honour (an interval, axis, ratio or a rate)."
    if any(not pd.isna(r[k]) for k in VALUES): return True
    return not pd.isna(r.hr_lo) and (int(r.hr_lo), int(r.hr_hi)) not in DEFAULT_HR


def coverage(df) -> dict:
    "Coverage counts of the set."
    n = df.report.str.len()
    return {
        'reports': len(df),
        'present per code': {k: int(df.codes.map(lambda s: k in split(s)).sum()) for k in CODES},
        'possible per code': {k: v for k, v in sorted(Counter(c for s in df.possible for c in split(s)).items())},
        'negated per code': {k: v for k, v in sorted(Counter(c for s in df.negated for c in split(s)).items())},
        'with explicit numbers': int(df.apply(has_number, axis=1).sum()),
        'with negations': int(df.negated.map(bool_set).sum()),
        'with hedges': int(df.possible.map(bool_set).sum()),
        'German': int((df.lang == 'de').sum()),
        'title case': int((df['style'] == 'title_case').sum()),
        'per style': df['style'].value_counts().to_dict(),
        'length > 130': int((n > 130).sum()), 'length > 400': int((n > 400).sum()),
        'length 700-1000': int(((n >= 700) & (n <= 1000)).sum()),
        'with age/sex': int((~df.age.isna()).sum()),
    }


def bool_set(x) -> bool: return bool(split(x))


TARGETS = {'with explicit numbers': 40, 'with negations': 30, 'with hedges': 15, 'German': 20, 'title case': 20,
           'length > 130': 60, 'length > 400': 20, 'length 700-1000': 8}


def main(path='text_to_ecg/assets/paraphrases.csv') -> int:
    df = pd.read_csv(path, keep_default_na=False, na_values={k: [''] for k in
                     ['hr_lo', 'hr_hi', 'age', 'sex'] + VALUES})
    bad = 0
    if list(df.columns[:15]) != ['id', 'report', 'codes', 'possible', 'negated', 'hr_lo', 'hr_hi', 'pr', 'qrs', 'qtc',
                                 'axis', 'age', 'sex', 'style', 'lang']:
        print('unexpected columns', list(df.columns)); bad += 1
    if list(df.id) != [f'p{i:03d}' for i in range(1, len(df) + 1)]: print('ids are not p001.. in order'); bad += 1
    norm = df.report.str.lower().str.replace(r'\W+', ' ', regex=True).str.strip()
    for t in norm[norm.duplicated()]: print('duplicate report:', t); bad += 1
    for _, r in df.iterrows():
        for e in check_row(r): print(r.id, e, '|', r.report[:70]); bad += 1
    cov = coverage(df)
    for k, v in cov.items(): print(f'{k}: {v}')
    low = {k: v for k, v in cov['present per code'].items() if v < 6}
    if low: print('codes present in < 6 reports:', low); bad += 1
    for k, t in TARGETS.items():
        if cov[k] < t: print(f'coverage: {k} = {cov[k]} < {t}'); bad += 1
    print('OK' if not bad else f'{bad} problem(s)')
    return int(bad > 0)


if __name__ == '__main__': sys.exit(main(*sys.argv[1:]))
