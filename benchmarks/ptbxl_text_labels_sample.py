"""Reproduce the sample of PTB-XL reports hand-annotated in `ptbxl_text_labels.csv` (see `ptbxl_text_labels.md`).

Usage: python benchmarks/ptbxl_text_labels_sample.py [PTBXL_DATABASE_CSV]
       (default: $TEXT_TO_ECG_DATA or /work/shared/data, + ptbxl_sample/ptbxl_database.csv)

Prints the selected ecg_ids by stratum and checks them against benchmarks/ptbxl_text_labels.csv.
The keyword patterns below only *select candidates* (reports likely to state a code); the labels
in the CSV come from reading each report, not from these patterns. No report text is stored here.
"""
import ast, os, re, sys
from pathlib import Path
import numpy as np
import pandas as pd

SEED, QUOTA = 2024, 42
N_RANDOM = {'de': 80, 'en': 121, 'sv': 15}   # random part, by (guessed) language

# language guess used for the random strata (kept exactly as used for the sample; it mislabels some
# English reports as German, e.g. 'st ... in'); the CSV's `lang` column uses `lang_label` instead
SW = re.compile(r'sinusrytm|förmaks|el-axel|avledning|kammar|förlopp|förändring|skänkel|sänkning|övervägas|\bsinus(brady|tachy)kardi\b|extrasystoli|misstänkt|ospecifik|\bochr?\b|\bmed\b')
DE = re.compile(r'sinusrhythmus|lagetyp|linkstyp|rechtstyp|steiltyp|\bllt\b|vorhof|\bekg\b|schenkelblock|sinus(brady|tachy)kardie|extrasystole|abnorm\b|infarkt|niederspannung|hypertrophie|\bnicht\b|\bund\b|\bmit\b|senkung|hebung|ableitung|\bt neg|verdacht|möglich|wahrscheinlich|grenzwert|befund|leitungsst|rhythmus|tachykardie|\bsr\b|\bst\b.*\bin\b|steillage')
def lang_guess(t):
    t = str(t).lower()
    if SW.search(t): return 'sv'
    if DE.search(t): return 'de'
    return 'en'

EN2 = re.compile(r'sinus rhythm|sinus (brady|tachy)cardia|atrial|premature|axis deviation|bundle branch|\bthe\b|trace only|rhythm is|\bnormal ecg|consistent with|rightward|voltage|\bwith\b|fascicular')
DE2 = re.compile(r'sinusrhythmus|lagetyp|linkstyp|rechtstyp|typ\b|\bllt\b|vorhof|\bekg\b|schenkel|kardie|extrasystole|abnorm\b|infarkt|niederspannung|hypertrophie|nicht|\bund\b|\bmit\b|senkung|hebung|ableitung|\bt neg|verdacht|möglich|wahrscheinlich|grenz|befund|leitungsst|rhythmus|\bsr\b|arrhythmie|idioventrik')
def lang_label(t):
    "Language of a report (checked by reading all selected reports)."
    t = str(t).lower()
    if SW.search(t): return 'sv'
    if EN2.search(t) and not re.search(r'sinusrhythmus|lagetyp|vorhofflimmern|extrasystole\(n\)|kardie\b', t): return 'en'
    if DE2.search(t): return 'de'
    return 'en'

# candidate pools: keyword patterns (matched on the lower-cased report) ...
KW = {
 'NORM': r'normales ekg|normal ecg|normalt ekg|within normal limits',
 'SR': r'sinusrhythmus|sinus rhythm|sinusrytm',
 'SBRAD': r'bradykard|bradycard',
 'STACH': r'sinustachy|sinus tachy',
 'AFIB': r'vorhofflimmern|atrial fibrillation|förmaksflimmer|fibrillation',
 'AFLT': r'(?<!/-)(?<!/)(?<!fibrillation/)flutter(?!/fib)|(?<!/-)(?<!/)(?<!-)vorhofflattern|(?<!/-)fladder',
 'SARRH': r'arrhythm|arytm',
 '1AVB': r'av[- ]block i\b|a-v block i\b|av-block 1|av block 1|prolonged pr|first degree|1st degree|block i\.',
 '2AVB1': r'wenckebach|mobitz|second degree|2nd degree|av[- ]block ii|a-v block ii|av-block 2',
 '2AVB2': r'mobitz|second degree|2nd degree|av[- ]block ii|a-v block ii',
 '2AVB': r'2:1|2 ?: ?1',
 '3AVB': r'complete heart block|third degree|3rd degree|av[- ]block iii|a-v block iii|total(er)? av|complete av|dissoziation|dissociation',
 'CRBBB': r'rechtsschenkelblock|right bundle|rsb\b|högersidigt skänkelblock',
 'IRBBB': r'unvollständiger rechts|inkompletter rechts|incomplete right|inkomplett högersidigt|unvollst',
 'CLBBB': r'linksschenkelblock|left bundle|\blsb\b|lbbb|vänstersidigt skänkelblock',
 'IVCD': r'intraventr|ospecifikt skänkelblock|ospecifikt inkomplett',
 'LAFB': r'hemiblock|anterior fascicular|\blah\b|anteriort hemi',
 'LPFB': r'posterior fascicular|posteriorer hemi|linksposterior|posteriort hemi',
 'PAC': r'supraventrikul.*extrasystol|\bsves?\b|sv-es|atrial premature|premature atrial|\bapcs?\b|supraventricular (extrasystol|premature|ectopic)|atrial ectopic|atrial extrasystol',
 'PVC': r'ventrikul.*extrasystol|\bves\b|ventricular premature|premature ventricular|\bvpbs?\b|ventricular extrasystol|ventricular ectopic|extraslag',
 'LVH': r'linkshypertroph|left ventricular hypertrophy|\blvh\b|vänster kammar|linksherzhypertroph|lv hypertroph',
 'LAE': r'p-sinistro|p sinistro|left atrial|p mitrale|p-mitrale|vänster förmak',
 'LVOLT': r'niederspannung|low (qrs|limb|voltage)|låga qrs|low voltage|voltages are low',
 'LAD': r'überdreht|ueberdreht|left axis|extrem vänster',
 'RAD': r'rechtstyp|right axis|höger el-axel',
 'STE_INF': r'(st-hebung|st elevation|st-elevation|elevat|st-höjning|st hebung|hebung).{0,60}(ii|avf|inferior)|inferior.{0,30}(elevation|hebung)',
 'STE_ANT': r'(st-hebung|st elevation|st-elevation|elevat|st-höjning|st hebung|hebung).{0,60}(v1|v2|v3|v4|anterior|antero)|anterior.{0,30}(elevation|hebung)',
 'STE_LAT': r'(st-hebung|st elevation|st-elevation|elevat|st-höjning|st hebung|hebung).{0,60}(\bi\b|avl|v5|v6|lateral)|lateral.{0,30}(elevation|hebung)',
 'STD': r'st-senkung|st senkung|depress|innenschicht|sänkning|subendocard|st-strecken?senk',
 'IMI': r'(inferior|infero|hinterwand|diaphragm|posterior).{0,40}(infarkt|infarct)',
 'AMI': r'(anterior|antero|septal|vorderwand|anterolat|anterosept).{0,40}(infarkt|infarct)',
 'LMI': r'(lateral|seitenwand).{0,40}(infarkt|infarct)',
 'INVT': r't neg|t-neg|inverted|inversion|negative t|negativ|t-inver|präterminal',
 'LNGQT': r'\bqt\b|qt-|qtc',
}
SCP = {'2AVB1': ['2AVB'], '2AVB2': ['2AVB'], 'STD': ['STD_'], 'LAE': ['LAO/LAE'],
       'AMI': ['AMI', 'ASMI', 'ALMI', 'INJAS', 'INJAL'], 'LMI': ['LMI', 'ALMI', 'ILMI', 'IPLMI'],
       'IMI': ['IMI', 'ILMI', 'IPLMI', 'IPMI'], 'STE_INF': ['STE_', 'INJIN', 'INJIL'],
       'STE_ANT': ['STE_', 'INJAS', 'INJAL'], 'STE_LAT': ['STE_', 'INJLA', 'INJAL', 'INJIL']}


def select(d: pd.DataFrame) -> pd.DataFrame:
    "Greedy stratified selection: rarest pool first, up to QUOTA candidates per code, then a random part."
    r = d.report.str.lower()
    kw = {c: r.str.contains(p, regex=True) for c, p in KW.items()}
    scp = {c: d.scp_codes.map(lambda x, ks=SCP.get(c, [c]): any(k in ast.literal_eval(x) for k in ks)) for c in KW}
    rng = np.random.RandomState(SEED)
    sel = pd.Series(False, index=d.index)
    stratum = pd.Series('', index=d.index)
    for c in sorted(KW, key=lambda c: (kw[c] | scp[c]).sum()):
        for pool in (kw[c], scp[c] & ~kw[c]):   # keyword matches first, then SCP-only candidates
            need = QUOTA - (sel & (kw[c] | scp[c])).sum()
            if need <= 0: break
            idx = d.index[pool & ~sel].to_numpy()
            take = rng.choice(idx, size=min(need, len(idx)), replace=False) if len(idx) else []
            sel[take] = True; stratum[take] = c
    lg = d.report.map(lang_guess)
    for l, n in N_RANDOM.items():
        take = rng.choice(d.index[~sel & (lg == l)].to_numpy(), size=n, replace=False)
        sel[take] = True; stratum[take] = 'random_' + l
    # second phase (added after the first 600 were read): STE_INF/STE_LAT stayed far below 25, so every remaining
    # report that names an ST elevation together with an inferior or lateral lead/territory is added
    rs = r.str.replace(r'\s+', ' ', regex=True)
    ste = r'(st-hebung|st elevation|st-elevation|elevat|st-höjning|st hebung|st- hebung|hebung)'
    extra = (rs.str.contains(ste + r'.{0,50}(\bii\b|\biii\b|avf|inferior)|inferior.{0,30}(elevation|hebung)')
             | rs.str.contains(ste + r'.{0,50}(\bi\b|avl|v5|v6|lateral)|lateral.{0,30}(elevation|hebung)')) & ~sel
    sel[extra] = True; stratum[extra] = 'STE_extra'
    out = d.loc[sel, ['ecg_id', 'strat_fold']].copy()
    out['stratum'] = stratum[sel]
    out['lang'] = d.loc[sel, 'report'].map(lang_label)
    return out.sort_values('ecg_id')


if __name__ == '__main__':
    import warnings; warnings.filterwarnings('ignore', 'This pattern')
    root = Path(os.environ.get('TEXT_TO_ECG_DATA', '/work/shared/data'))
    path = sys.argv[1] if len(sys.argv) > 1 else root / 'ptbxl_sample' / 'ptbxl_database.csv'
    s = select(pd.read_csv(path))
    print(len(s), 'reports;', s.stratum.value_counts().to_dict())
    print('lang', s.lang.value_counts().to_dict(), '| fold 10:', int((s.strat_fold == 10).sum()))
    lab = Path(__file__).with_name('ptbxl_text_labels.csv')
    if lab.exists():
        ids = pd.read_csv(lab).ecg_id
        print('matches ptbxl_text_labels.csv:', sorted(ids) == sorted(s.ecg_id))
