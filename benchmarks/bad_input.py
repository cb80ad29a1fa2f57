"""Every bad input, interruption and collision: each case runs the real `text-to-ecg` command in a fresh process and
is judged on what a user would see and find afterwards.

Usage: python benchmarks/bad_input.py [--only SUBSTRING] [--keep]

A case passes when
- there is no Python traceback on stderr (unless the case asks for `--debug`),
- the exit code is the contract's: 2 bad input, 1 runtime failure, 130 interrupted (0 where the case expects success),
- a failure ends in one line `text-to-ecg CMD: error: ...` (argparse usage errors: `usage:` then that line),
- nothing is half-written: no temporary file (`.*.tmp*`) is left anywhere, and a failing run adds no file at all
  unless the case allows finished outputs (a batch where some records fail or that is interrupted keeps what it
  finished, listed in its index).
Prints one row per case and the last line `N cases: T tracebacks, W wrong exit codes, H half-written, M messages`.
Every case builds its own inputs from generated data (records from the simulator, damaged copies of the demo bundle).
"""
import argparse, fcntl, json, os, re, shutil, signal, subprocess, sys, tempfile, time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
CLI = [sys.executable, '-c', 'import sys; from text_to_ecg.cli import main; sys.exit(main())']


def fixtures(t: Path):
    "Generated inputs every case may use, under `t`."
    import numpy as np
    from text_to_ecg.corpus.synth import simulate
    from text_to_ecg.core.signal import write_wfdb, resample
    from text_to_ecg.core.files import asset
    e = simulate(('NORM', 'SR'), seed=1)
    (t / 'recs').mkdir(); write_wfdb(e, t / 'recs' / 'ok')
    write_wfdb(e.select(['I', 'II']), t / 'two')
    write_wfdb(resample(e, 50), t / 'coarse')
    bad = e.signal.copy(); bad[2, 100:200] = np.nan
    write_wfdb(e.replace(signal=bad, allow_nan=True), t / 'nan')
    write_wfdb(e, t / 'trunc'); (t / 'trunc.dat').write_bytes((t / 'trunc.dat').read_bytes()[:999])
    (t / 'garbage.hea').write_text('this is not a header\n'); (t / 'garbage.dat').write_bytes(b'\0' * 10)
    (t / 'afile').write_text('a file, not a folder')
    write_wfdb(simulate(('NORM', 'SR'), seed=2, duration=60), t / 'long60')
    (t / 'full').mkdir(); (t / 'full' / 'x.txt').write_text('keep me')
    (t / 'gen_full').mkdir(); write_wfdb(e, t / 'gen_full' / 'ecg_000')
    (t / 'eval_full').mkdir(); (t / 'eval_full' / 'summary.json').write_text('{}')
    (t / 'empty_in').mkdir()
    for k in range(12): write_wfdb(simulate(('NORM', 'SR'), seed=10 + k), t / 'many' / f'm{k:02d}')
    (t / 'clash' / 'x').mkdir(parents=True); write_wfdb(e, t / 'clash' / 'x' / 'y'); write_wfdb(e, t / 'clash' / 'x_y')
    demo = asset('demo'); echo_demo = asset('echo_demo')
    def damaged(name, fn, src=demo):
        d = t / name; shutil.copytree(src, d); fn(d); return d
    def cfg(f, change):
        def go(d):
            info = json.loads((d / f).read_text()); change(info); (d / f).write_text(json.dumps(info))
        return go
    damaged('b_negdim', cfg('prior.json', lambda i: i['config'].update(dim=-4)))
    damaged('b_hugedim', cfg('prior.json', lambda i: i['config'].update(dim=10 ** 9)))
    damaged('b_deep', cfg('prior.json', lambda i: i['config'].update(depth=10 ** 6)))
    damaged('b_int', cfg('prior.json', lambda i: i.update(config=5)))
    damaged('b_list', cfg('vqvae.json', lambda i: i['config'].update(n_codes=[1, 2])))
    damaged('b_nan', cfg('prior.json', lambda i: i['config'].update(hr_range=[float('nan'), 3.0])))
    damaged('b_codes', cfg('vqvae.json', lambda i: i['config'].update(n_codes=2 ** 40)))
    damaged('b_nested', lambda d: (d / 'prior.json').write_text('[' * 100000 + ']' * 100000))
    damaged('b_dirjson', lambda d: ((d / 'prior.json').unlink(), (d / 'prior.json').mkdir()))
    damaged('b_trunc', lambda d: (d / 'prior.safetensors').write_bytes((d / 'prior.safetensors').read_bytes()[:5000]))
    damaged('b_notok', lambda d: (d / 'tokenizer.json').unlink())
    damaged('b_badtok', lambda d: (d / 'tokenizer.json').write_text('{"not": "a tokenizer"}'))
    damaged('b_kind', cfg('prior.json', lambda i: i.update(kind='vqvae')))
    damaged('e_noclip', cfg('maskgit.json', lambda i: i.update(meta={})), echo_demo)
    damaged('e_badclip', cfg('maskgit.json', lambda i: i['meta']['clip'].update(frames='x')), echo_demo)
    damaged('e_deep', cfg('maskgit.json', lambda i: i['config'].update(depth=10 ** 6)), echo_demo)
    from text_to_ecg.paper.render import render, encode_png
    page = encode_png(render(e).image)
    (t / 'pages').mkdir(); (t / 'pages' / 'p.png').write_bytes(page)
    (t / 'pages_bad').mkdir(); (t / 'pages_bad' / 'a.png').write_bytes(page)
    (t / 'pages_bad' / 'b.png').write_bytes(page[:3000])
    (t / 'notimg.png').write_text('not a png'); (t / 'trunc.png').write_bytes(page[:3000])
    (t / 'unknown.yaml').write_text('resolution: 100\nno_such_option: 1\n')
    (t / 'broken.yaml').write_text('resolution: [100\n')
    (t / 'garbage.json').write_text('{"steps": ')


G, R, E, D = ['generate'], ['render'], ['echo'], ['digitize']
BAD, FAIL, INT = {2}, {1}, {130}
# (name, argv with {t} for the case folder, expected exit codes, options)
CASES = [
    # generate: options
    ('generate temperature inf', G + ['sinus rhythm', '--temperature', 'inf', '--out', '{t}/o'], BAD, {}),
    ('generate temperature -1', G + ['sinus rhythm', '--temperature', '-1', '--out', '{t}/o'], BAD, {}),
    ('generate guidance inf', G + ['sinus rhythm', '--guidance', 'inf', '--out', '{t}/o'], BAD, {}),
    ('generate guidance nan', G + ['sinus rhythm', '--guidance', 'nan', '--out', '{t}/o'], BAD, {}),
    ('generate plan-tries 0', G + ['sinus rhythm', '--plan-tries', '0', '--out', '{t}/o'], BAD, {}),
    ('generate plan-tries 1e9', G + ['sinus rhythm', '--plan-tries', '1000000000', '--out', '{t}/o'], BAD, {}),
    ('generate seed 2**70', G + ['sinus rhythm', '--seed', '1180591620717411303424', '--out', '{t}/o'], BAD, {}),
    ('generate seed -1', G + ['sinus rhythm', '--seed', '-1', '--out', '{t}/o'], BAD, {}),
    ('generate seed 1.5', G + ['sinus rhythm', '--seed', '1.5', '--out', '{t}/o'], BAD, {}),
    ('generate top-k 0', G + ['sinus rhythm', '--top-k', '0', '--out', '{t}/o'], BAD, {}),
    ('generate top-p 1.5', G + ['sinus rhythm', '--top-p', '1.5', '--out', '{t}/o'], BAD, {}),
    ('generate top-p 0', G + ['sinus rhythm', '--top-p', '0', '--out', '{t}/o'], BAD, {}),
    ('generate n 0', G + ['sinus rhythm', '-n', '0', '--out', '{t}/o'], BAD, {}),
    ('generate n -3', G + ['sinus rhythm', '-n', '-3', '--out', '{t}/o'], BAD, {}),
    ('generate n 10**9', G + ['sinus rhythm', '-n', '1000000000', '--out', '{t}/o'], BAD, {}),
    ('generate 3 texts x 7000', G + ['sinus rhythm', 'AF', 'LBBB', '-n', '7000', '--out', '{t}/o'], BAD, {}),
    ('generate hr 1000', G + ['sinus rhythm', '--hr', '1000', '--out', '{t}/o'], BAD, {}),
    ('generate hr nan', G + ['sinus rhythm', '--hr', 'nan', '--out', '{t}/o'], BAD, {}),
    ('generate age 300', G + ['sinus rhythm', '--age', '300', '--out', '{t}/o'], BAD, {}),
    ('generate age -5', G + ['sinus rhythm', '--age', '-5', '--out', '{t}/o'], BAD, {}),
    ('generate sex X', G + ['sinus rhythm', '--sex', 'X', '--out', '{t}/o'], BAD, {}),
    ('generate empty text', G + ['', '--out', '{t}/o'], BAD, {}),
    ('generate blank text', G + ['   ', '--out', '{t}/o'], BAD, {}),
    ('generate no words', G + ['1234 !!! 56', '--out', '{t}/o'], BAD, {}),
    ('generate 30,000 characters', G + ['sinus rhythm. ' * 2200, '--out', '{t}/o'], BAD, {}),
    ('generate events bad kind', G + ['sinus rhythm', '--events', 'N100 Q200', '--out', '{t}/o'], BAD, {}),
    ('generate events garbage', G + ['sinus rhythm', '--events', 'garbage', '--out', '{t}/o'], BAD, {}),
    ('generate batch-size 0', G + ['sinus rhythm', '--batch-size', '0', '--out', '{t}/o'], BAD, {}),
    ('generate noise unknown', G + ['sinus rhythm', '--noise', 'pink', '--out', '{t}/o'], BAD, {}),
    ('generate decoder unknown', G + ['sinus rhythm', '--decoder', 'wavenet', '--out', '{t}/o'], BAD, {}),
    ('generate decoder hifigan (demo has none)', G + ['sinus rhythm', '--decoder', 'hifigan', '--out', '{t}/o'], BAD, {}),
    ('generate device cuda (none here)', G + ['sinus rhythm', '--device', 'cuda', '--out', '{t}/o'], BAD, {'nogpu': True}),
    ('generate device tpu', G + ['sinus rhythm', '--device', 'tpu', '--out', '{t}/o'], BAD, {}),
    ('generate prefix with a slash', G + ['sinus rhythm', '--prefix', '../x', '--out', '{t}/o'], BAD, {}),
    # generate: output paths
    ('generate out under a file', G + ['sinus rhythm', '--out', '{t}/afile/sub'], BAD, {}),
    ('generate out is a file', G + ['sinus rhythm', '--out', '{t}/afile'], BAD, {}),
    ('generate out in /proc', G + ['sinus rhythm', '--out', '/proc/self/nope'], BAD, {}),
    ('generate out holds a record of that name', G + ['sinus rhythm', '--out', '{t}/gen_full'], BAD, {}),
    ('generate out in an immutable folder', G + ['sinus rhythm', '--out', '{t}/ro/o'], BAD | FAIL, {'readonly': 'ro'}),
    # generate: checkpoints
    ('generate model missing', G + ['sinus rhythm', '--model', '{t}/nowhere', '--out', '{t}/o'], BAD, {}),
    ('generate model is a file', G + ['sinus rhythm', '--model', '{t}/afile', '--out', '{t}/o'], BAD, {}),
    ('generate model negative dim', G + ['sinus rhythm', '--model', '{t}/b_negdim', '--out', '{t}/o'], BAD, {}),
    ('generate model dim 1e9', G + ['sinus rhythm', '--model', '{t}/b_hugedim', '--out', '{t}/o'], BAD, {}),
    ('generate model depth 1e6', G + ['sinus rhythm', '--model', '{t}/b_deep', '--out', '{t}/o'], BAD, {}),
    ('generate model config an int', G + ['sinus rhythm', '--model', '{t}/b_int', '--out', '{t}/o'], BAD, {}),
    ('generate model list for int', G + ['sinus rhythm', '--model', '{t}/b_list', '--out', '{t}/o'], BAD, {}),
    ('generate model NaN in config', G + ['sinus rhythm', '--model', '{t}/b_nan', '--out', '{t}/o'], BAD, {}),
    ('generate model 2**40 codes', G + ['sinus rhythm', '--model', '{t}/b_codes', '--out', '{t}/o'], BAD, {}),
    ('generate model deeply nested JSON', G + ['sinus rhythm', '--model', '{t}/b_nested', '--out', '{t}/o'], BAD, {}),
    ('generate model folder named .json', G + ['sinus rhythm', '--model', '{t}/b_dirjson', '--out', '{t}/o'], BAD, {}),
    ('generate model truncated weights', G + ['sinus rhythm', '--model', '{t}/b_trunc', '--out', '{t}/o'], BAD, {}),
    ('generate model without tokenizer', G + ['sinus rhythm', '--model', '{t}/b_notok', '--out', '{t}/o'], BAD, {}),
    ('generate model bad tokenizer', G + ['sinus rhythm', '--model', '{t}/b_badtok', '--out', '{t}/o'], BAD, {}),
    ('generate model wrong kind', G + ['sinus rhythm', '--model', '{t}/b_kind', '--out', '{t}/o'], BAD, {}),
    # generate: interruptions
    ('generate Ctrl-C', G + ['sinus rhythm', '-n', '2000', '--out', '{t}/o'], INT, {'signal': signal.SIGINT}),
    ('generate SIGTERM', G + ['sinus rhythm', '-n', '2000', '--out', '{t}/o'], INT, {'signal': signal.SIGTERM}),
    ('generate --debug shows the traceback', G + ['', '--out', '{t}/o', '--debug'], BAD, {'debug': True}),
    # render
    # digitize
    ('digitize not an image', D + ['{t}/notimg.png', '-o', '{t}/o'], BAD, {}),
    ('digitize truncated png', D + ['{t}/trunc.png', '-o', '{t}/o'], BAD, {}),
    ('digitize input missing', D + ['{t}/nowhere.png', '-o', '{t}/o'], BAD, {}),
    ('digitize folder without images', D + ['{t}/empty_in', '-o', '{t}/o'], BAD, {}),
    ('digitize num_columns 5', D + ['{t}/pages/p.png', '-o', '{t}/o', '--num_columns', '5'], BAD, {}),
    ('digitize full_mode X9', D + ['{t}/pages/p.png', '-o', '{t}/o', '--full_mode', 'X9'], BAD, {}),
    ('digitize gain nan', D + ['{t}/pages/p.png', '-o', '{t}/o', '--gain', 'nan'], BAD, {}),
    ('digitize folder with a truncated page', D + ['{t}/pages_bad', '-o', '{t}/o'], FAIL, {'writes': True}),
    ('digitize a page', D + ['{t}/pages/p.png', '-o', '{t}/o'], {0}, {'writes': True}),
    ('render input missing', R + ['-i', '{t}/nowhere', '-o', '{t}/o'], BAD, {}),
    ('render input not a record', R + ['-i', '{t}/afile', '-o', '{t}/o'], BAD, {}),
    ('render input folder without records', R + ['-i', '{t}/empty_in', '-o', '{t}/o'], BAD, {}),
    ('render garbage header', R + ['-i', '{t}/garbage.hea', '-o', '{t}/o'], BAD | FAIL, {}),
    ('render truncated .dat', R + ['-i', '{t}/trunc.hea', '-o', '{t}/o'], BAD | FAIL, {}),
    ('render seed -1 (upstream: seed 0)', R + ['-i', '{t}/recs', '-o', '{t}/o', '-se', '-1', '-r', '60'], {0},
     {'writes': True}),
    ('render seed -2', R + ['-i', '{t}/recs', '-o', '{t}/o', '-se', '-2'], BAD, {}),
    ('render resolution 0', R + ['-i', '{t}/recs', '-o', '{t}/o', '-r', '0'], BAD, {}),
    ('render resolution nan', R + ['-i', '{t}/recs', '-o', '{t}/o', '-r', 'nan'], BAD, {}),
    ('render resolution 100000', R + ['-i', '{t}/recs', '-o', '{t}/o', '-r', '100000'], BAD, {}),
    ('render random_dc 1.5', R + ['-i', '{t}/recs', '-o', '{t}/o', '--random_dc', '1.5'], BAD, {}),
    ('render store_config 3', R + ['-i', '{t}/recs', '-o', '{t}/o', '--store_config', '3'], BAD, {}),
    ('render shard 2/2', R + ['-i', '{t}/recs', '-o', '{t}/o', '--shard', '2/2'], BAD, {}),
    ('render shard x', R + ['-i', '{t}/recs', '-o', '{t}/o', '--shard', 'x'], BAD, {}),
    ('render workers 0', R + ['-i', '{t}/recs', '-o', '{t}/o', '--workers', '0'], BAD, {}),
    ('render copies 0', R + ['-i', '{t}/recs', '-o', '{t}/o', '--copies', '0'], BAD, {}),
    ('render grid colour 9', R + ['-i', '{t}/recs', '-o', '{t}/o', '--standard_grid_color', '9'], BAD, {}),
    ('render rotate inf', R + ['-i', '{t}/recs', '-o', '{t}/o', '-rot', 'inf'], BAD, {}),
    ('render unknown full-mode lead', R + ['-i', '{t}/recs', '-o', '{t}/o', '--full_mode', 'V9'], BAD | FAIL, {}),
    ('render config file missing', R + ['-i', '{t}/recs', '-o', '{t}/o', '--config_file', '{t}/no.yaml'], BAD, {}),
    ('render config unknown key', R + ['-i', '{t}/recs', '-o', '{t}/o', '--config_file', '{t}/unknown.yaml'], BAD, {}),
    ('render config broken YAML', R + ['-i', '{t}/recs', '-o', '{t}/o', '--config_file', '{t}/broken.yaml'], BAD, {}),
    ('render link is a URL', R + ['-i', '{t}/recs', '-o', '{t}/o', '-l', 'https://example.org/x'], BAD, {}),
    ('render out under a file', R + ['-i', '{t}/recs', '-o', '{t}/afile/x'], BAD, {}),
    ('render out in /proc', R + ['-i', '{t}/recs', '-o', '/proc/self/nope'], BAD, {}),
    ('render 2-lead record, 2 columns', R + ['-i', '{t}/two.hea', '-o', '{t}/o', '--num_columns', '2'], {0}, {'writes': True}),
    ('render NaN samples', R + ['-i', '{t}/nan.hea', '-o', '{t}/o', '-r', '60'], {0}, {'writes': True}),
    ('render 60-s record at 1200 dpi, 1 GB memory', R + ['-i', '{t}/long60.hea', '-o', '{t}/o', '-r', '1200', '--wrinkles',
                                                       '--augment'], {0} | FAIL, {'memory': 1 << 30, 'writes': True}),
    ('render 60-s record at 1200 dpi, 0.7 GB memory', R + ['-i', '{t}/long60.hea', '-o', '{t}/o', '-r', '1200'],
     {0} | FAIL, {'memory': 700 << 20, 'writes': True}),
    ('render names that collide', R + ['-i', '{t}/clash', '-o', '{t}/o'], BAD, {}),
    ('render folder held by another render', R + ['-i', '{t}/recs', '-o', '{t}/o'], BAD, {'lock': 'o'}),
    ('render Ctrl-C, 2 workers', R + ['-i', '{t}/many', '-o', '{t}/o', '-r', '120', '--copies', '3', '--workers', '2'],
     INT, {'signal': signal.SIGINT, 'after': '{t}/o/m00.hea', 'writes': True}),
    ('render SIGTERM', R + ['-i', '{t}/many', '-o', '{t}/o', '-r', '120', '--copies', '3'],
     INT, {'signal': signal.SIGTERM, 'after': '{t}/o/m00.hea', 'writes': True}),
    # echo
    ('echo record missing', E + ['--ecg', '{t}/nowhere', '--out', '{t}/o'], BAD, {}),
    ('echo 2-lead record', E + ['--ecg', '{t}/two', '--out', '{t}/o'], BAD, {}),
    ('echo 50 Hz record', E + ['--ecg', '{t}/coarse', '--out', '{t}/o'], BAD, {}),
    ('echo NaN samples', E + ['--ecg', '{t}/nan', '--out', '{t}/o'], BAD, {}),
    ('echo truncated record', E + ['--ecg', '{t}/trunc', '--out', '{t}/o'], BAD, {}),
    ('echo start nan', E + ['--ecg', '{t}/recs/ok', '--out', '{t}/o', '--start', 'nan'], BAD, {}),
    ('echo start inf', E + ['--ecg', '{t}/recs/ok', '--out', '{t}/o', '--start', 'inf'], BAD, {}),
    ('echo start -1', E + ['--ecg', '{t}/recs/ok', '--out', '{t}/o', '--start', '-1'], BAD, {}),
    ('echo start past the end', E + ['--ecg', '{t}/recs/ok', '--out', '{t}/o', '--start', '100'], BAD, {}),
    ('echo guidance nan', E + ['--ecg', '{t}/recs/ok', '--out', '{t}/o', '--guidance', 'nan'], BAD, {}),
    ('echo steps 0', E + ['--ecg', '{t}/recs/ok', '--out', '{t}/o', '--steps', '0'], BAD, {}),
    ('echo seed 10**30', E + ['--ecg', '{t}/recs/ok', '--out', '{t}/o', '--seed', '1' + '0' * 30], BAD, {}),
    ('echo scale 0', E + ['--ecg', '{t}/recs/ok', '--out', '{t}/o', '--scale', '0'], BAD, {}),
    ('echo scale 1000', E + ['--ecg', '{t}/recs/ok', '--out', '{t}/o', '--scale', '1000'], BAD, {}),
    ('echo scale 16, 3 GB memory', E + ['--ecg', '{t}/recs/ok', '--out', '{t}/o', '--scale', '16'], {0} | FAIL,
     {'memory': 3 << 30, 'writes': True}),
    ('echo out an existing folder', E + ['--ecg', '{t}/recs/ok', '--out', '{t}/full_dir'], {0},
     {'writes': True, 'mkdir': 'full_dir'}),
    ('echo out a folder named .gif', E + ['--ecg', '{t}/recs/ok', '--out', '{t}/d.gif'], BAD, {'mkdir': 'd.gif'}),
    ('echo format avi', E + ['--ecg', '{t}/recs/ok', '--out', '{t}/o', '--format', 'avi'], BAD, {}),
    ('echo out under a file', E + ['--ecg', '{t}/recs/ok', '--out', '{t}/afile/x'], BAD, {}),
    ('echo model without clip geometry', E + ['--ecg', '{t}/recs/ok', '--out', '{t}/o', '--model', '{t}/e_noclip'], BAD, {}),
    ('echo model bad clip geometry', E + ['--ecg', '{t}/recs/ok', '--out', '{t}/o', '--model', '{t}/e_badclip'], BAD, {}),
    ('echo model depth 1e6', E + ['--ecg', '{t}/recs/ok', '--out', '{t}/o', '--model', '{t}/e_deep'], BAD, {}),
    # corpus
    ('corpus n 0', ['corpus', '--n', '0', '--out', '{t}/o'], BAD, {}),
    ('corpus n -1', ['corpus', '--n', '-1', '--out', '{t}/o'], BAD, {}),
    ('corpus fs 123', ['corpus', '--n', '2', '--fs', '123', '--out', '{t}/o'], BAD, {}),
    ('corpus duration 0', ['corpus', '--n', '2', '--duration', '0', '--out', '{t}/o'], BAD, {}),
    ('corpus duration nan', ['corpus', '--n', '2', '--duration', 'nan', '--out', '{t}/o'], BAD, {}),
    ('corpus unknown condition', ['corpus', '--n', '2', '--condition', 'FOO', '--out', '{t}/o'], BAD, {}),
    ('corpus out exists', ['corpus', '--n', '2', '--out', '{t}/full'], BAD, {}),
    ('corpus ptbxl-text missing', ['corpus', '--n', '2', '--ptbxl-text', '{t}/nowhere', '--out', '{t}/o'], BAD, {}),
    ('corpus workers 0', ['corpus', '--n', '2', '--workers', '0', '--out', '{t}/o'], BAD, {}),
    ('corpus Ctrl-C', ['corpus', '--n', '5000', '--out', '{t}/o'], INT, {'signal': signal.SIGINT, 'delay': 6}),
    ('corpus bigger than memory', ['corpus', '--n', '100000000', '--out', '{t}/o'], BAD, {}),
    # evaluate
    ('evaluate unknown set', ['evaluate', '--set', 'foo', '--out', '{t}/o'], BAD, {}),
    ('evaluate n-per-class 0', ['evaluate', '--n-per-class', '0', '--out', '{t}/o'], BAD, {}),
    ('evaluate unknown code', ['evaluate', '--codes', 'FOO', '--out', '{t}/o'], BAD, {}),
    ('evaluate corpus missing', ['evaluate', '--corpus', '{t}/nowhere', '--out', '{t}/o'], BAD, {}),
    ('evaluate model missing', ['evaluate', '--model', '{t}/nowhere', '--out', '{t}/o'], BAD, {}),
    ('evaluate temperature -1', ['evaluate', '--temperature', '-1', '--out', '{t}/o'], BAD, {}),
    ('evaluate out holds an evaluation', ['evaluate', '--out', '{t}/eval_full'], BAD, {}),
    # train
    ('train unknown model', ['train', 'gpt5', '--out', '{t}/o'], BAD, {}),
    ('train steps 0', ['train', 'vqvae', '--steps', '0', '--out', '{t}/o'], BAD, {}),
    ('train lr nan', ['train', 'vqvae', '--lr', 'nan', '--out', '{t}/o'], BAD, {}),
    ('train prior without vqvae', ['train', 'prior', '--n', '8', '--steps', '1', '--out', '{t}/o'], BAD, {}),
    ('train corpus missing', ['train', 'vqvae', '--corpus', '{t}/nowhere', '--out', '{t}/o'], BAD, {}),
    ('train config missing', ['train', 'vqvae', '--config', '{t}/no.json', '--out', '{t}/o'], BAD, {}),
    ('train config garbage', ['train', 'vqvae', '--config', '{t}/garbage.json', '--out', '{t}/o'], BAD, {}),
    ('train vqvae does not take --init', ['train', 'vqvae', '--init', '{t}/afile', '--steps', '1', '--n', '64', '--out', '{t}/o'],
     BAD, {}),
    ('train out is a file', ['train', 'vqvae', '--resume', '--steps', '1', '--n', '8', '--out', '{t}/afile'],
     BAD, {}),
    ('unknown command', ['paint', '--out', '{t}/o'], BAD, {}),
]


def _files(root: Path) -> set:
    return {p for p in root.rglob('*') if p.is_file()}


def _immutable(d: Path, on: bool):
    "Make folder `d` unwritable even for root (chattr +i where the file system has it; else mode 0555)."
    if subprocess.run(['chattr', '+i' if on else '-i', str(d)], capture_output=True).returncode != 0:
        os.chmod(d, 0o555 if on else 0o755)


def _child(memory=None):
    "In the case's process: Ctrl-C as in a terminal, and an address-space limit of `memory` bytes if given."
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    if memory:
        import resource
        resource.setrlimit(resource.RLIMIT_AS, (memory, memory))


def run_case(name, argv, codes, opt, base: Path, fixture: Path) -> dict:
    t = base / re.sub(r'\W+', '_', name)
    t.mkdir()
    for f in fixture.iterdir(): (t / f.name).symlink_to(f)     # the inputs, shared; what a case writes lands in `t`
    argv = [a.replace('{t}', str(t)) for a in argv]
    if opt.get('readonly'): (t / opt['readonly']).mkdir(); _immutable(t / opt['readonly'], True)
    held = None
    if opt.get('mkdir'): (t / opt['mkdir']).mkdir()
    if opt.get('lock'):
        (t / opt['lock']).mkdir(); held = os.open(t / opt['lock'], os.O_RDONLY); fcntl.flock(held, fcntl.LOCK_EX)
    before = _files(t)
    env = os.environ | {'PYTHONPATH': str(ROOT), 'OMP_NUM_THREADS': '1'}
    env.pop('TEXT_TO_ECG_DEBUG', None)
    if opt.get('nogpu'): env['CUDA_VISIBLE_DEVICES'] = ''
    t0 = time.time()
    p = subprocess.Popen(CLI + argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env, cwd=t,
                         preexec_fn=lambda: _child(opt.get('memory')))
    if opt.get('signal'):
        after = opt.get('after', '').replace('{t}', str(t))
        deadline = time.time() + opt.get('delay', 25)
        while p.poll() is None and time.time() < deadline and not (after and Path(after).exists()): time.sleep(0.05)
        if not after: time.sleep(0)
        p.send_signal(opt['signal'])
    try: out, err = p.communicate(timeout=600)
    except subprocess.TimeoutExpired: p.kill(); out, err = p.communicate()
    if held is not None: os.close(held)
    if opt.get('readonly'): _immutable(t / opt['readonly'], False)
    lines = [l for l in err.splitlines() if l.strip() and '%|' not in l and not l.startswith(' ')]
    new = _files(t) - before
    temps = [p for p in t.rglob('.*') if '.tmp' in p.name]
    r = {'case': name, 'rc': p.returncode, 'seconds': round(time.time() - t0, 1),
         'traceback': 'Traceback' in err and not opt.get('debug'),
         'exit': p.returncode not in codes,
         'half': bool(temps) or (p.returncode != 0 and new and not opt.get('writes')),
         'message': p.returncode != 0 and not any(re.match(r'text-to-ecg( \S+)?: error: ', l) for l in lines),
         'last': lines[-1][:110] if lines else ''}
    if opt.get('debug'): r['traceback'] = 'Traceback' not in err   # --debug must show it
    if opt.get('writes') and (t / 'o' / 'gridsize.csv').exists():   # an interrupted batch: its index lists finished images
        listed = {l.split(',')[0] for l in (t / 'o' / 'gridsize.csv').read_text().splitlines()[1:]}
        r['half'] = r['half'] or any(not (t / 'o' / f'{m}.png').exists() for m in listed)
    return r


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--only', default=None, help='run the cases whose name contains this')
    ap.add_argument('--keep', action='store_true', help='keep the case folders')
    a = ap.parse_args(argv)
    base = Path(tempfile.mkdtemp(prefix='bad_input_'))
    fixture = base / '_fixture'; fixture.mkdir(); fixtures(fixture)
    cases = [c for c in CASES if a.only is None or a.only in c[0]]
    bad = {'traceback': 0, 'exit': 0, 'half': 0, 'message': 0}
    for c in cases:
        r = run_case(*c, base, fixture)
        for k in bad: bad[k] += bool(r[k])
        flag = ' '.join(k for k in bad if r[k]) or 'ok'
        print(f"{flag:>10}  rc {r['rc']:>3}  {r['seconds']:5.1f}s  {r['case']:<42} {r['last']}", flush=True)
    if not a.keep: shutil.rmtree(base, ignore_errors=True)
    print(f"{len(cases)} cases: {bad['traceback']} tracebacks, {bad['exit']} wrong exit codes, {bad['half']} half-written, "
          f"{bad['message']} without a one-line error")


if __name__ == '__main__':
    main()
