"""README.md is generated from nbs/index.ipynb (the docs home page), so the two never drift apart.
`nbdev_readme` does this through Quarto, which is not available everywhere; this script does the same offline:
markdown cells verbatim, code cells as ```python blocks with their text outputs, `#| hide` cells dropped, image
outputs replaced by the files they were saved to (cells may write `nbs/images/*.png` and link them in markdown).
Usage: python .ci/readme.py          # write README.md
       python .ci/readme.py --check  # exit 1 if README.md is not what index.ipynb generates
       python .ci/readme.py --images # redraw nbs/images/ecg_demo.png and paper_demo.jpg with the bundled demo (after a retrain)"""
import json, re, sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
def _site() -> str:
    "The doc site's address (settings.ini's doc_host + doc_baseurl), with a trailing slash."
    import configparser
    c = configparser.ConfigParser(); c.read(ROOT / 'settings.ini')
    return (c['DEFAULT']['doc_host'].rstrip('/') + '/' + c['DEFAULT']['doc_baseurl'].strip('/')).rstrip('/') + '/'
SITE = _site()
HEADER = "<!-- GENERATED from nbs/index.ipynb by .ci/readme.py: edit the notebook, not this file -->\n\n"

def _src(c): return ''.join(c['source'])

def readme_text(nb_path=ROOT / 'nbs' / 'index.ipynb') -> str:
    nb = json.loads(Path(nb_path).read_text())
    parts = []
    for c in nb['cells']:
        s = _src(c)
        if re.search(r'^#\|\s*hide\b', s, re.M) or not s.strip(): continue
        if c['cell_type'] == 'markdown':
            s = re.sub(r'\]\((?!https?:|#)(images/[^)]+)\)', r'](nbs/\1)', s.strip())           # images relative to the repo root
            parts.append(re.sub(r'\]\((?!https?:|#)([^)]+\.html(?:#[^)]*)?)\)', lambda m: f']({SITE}{m.group(1)})', s))  # pages: on the doc site
        elif c['cell_type'] == 'code':
            code = '\n'.join(l for l in s.splitlines() if not l.startswith('#|')).strip()
            if code: parts.append(f"```python\n{code}\n```")
            outs = []
            for o in c.get('outputs', []):
                if o.get('output_type') == 'stream' and o.get('name') == 'stdout': outs.append(''.join(o['text']))
                elif 'text/plain' in o.get('data', {}) and 'image/png' not in o['data']: outs.append(''.join(o['data']['text/plain']))
            out = ''.join(outs).strip()
            if out: parts.append(f"```\n{out}\n```")
    return HEADER + '\n\n'.join(parts) + '\n'

def images():
    "The two README figures, from the index's first example (same report, age, sex and seed)."
    import matplotlib; matplotlib.use('Agg')
    import matplotlib.pyplot as plt
    from PIL import Image
    from text_to_ecg.ecg.generate import Generator
    from text_to_ecg.core.signal import plot
    from text_to_ecg.paper.render import render, RenderConfig
    from text_to_ecg.paper.distort import distort, DistortConfig
    e = Generator.from_pretrained('demo').generate("sinus rhythm, left bundle branch block", age=70, sex='male', n=2, seed=0)[0]
    fig = plot(e); fig.savefig(ROOT / 'nbs/images/ecg_demo.png', dpi=800 / fig.get_figwidth()); plt.close(fig)
    d = distort(render(e, RenderConfig(resolution=100), seed=0), DistortConfig(hw_text=True, wrinkles=True, augment=True, rotate=3, noise=15), seed=0)
    im = Image.fromarray(d.image[..., :3]); im.thumbnail((766, 766)); im.save(ROOT / 'nbs/images/paper_demo.jpg', quality=85)

if __name__ == '__main__':
    if '--images' in sys.argv: images(); sys.exit(0)
    text, readme = readme_text(), ROOT / 'README.md'
    if '--check' in sys.argv:
        if readme.read_text() != text:
            print("README.md is out of sync with nbs/index.ipynb: run `python .ci/readme.py` and commit"); sys.exit(1)
        print("README.md is in sync with nbs/index.ipynb")
    else:
        readme.write_text(text); print(f"wrote {readme}")
