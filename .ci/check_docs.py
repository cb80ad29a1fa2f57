"""Offline docs check (Quarto is not available here): process the notebooks with the same processors `nbdev_docs`
uses (nbdev.serve.proc_nbs -> _proc/), convert every processed page to HTML with nbconvert (-> _docs_offline/),
and fail on: cells with errors in stored outputs, exported public functions/classes without a `show_doc` in their
notebook, broken internal links (relative links and links into our own doc site), and pages that fail to render."""
import ast, json, re, sys, shutil, os
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
os.chdir(ROOT)
from nbdev.config import get_config
cfg = get_config()
NBS, LIB = cfg.nbs_path, cfg.lib_path
SITE = (cfg.doc_host.rstrip('/') + '/' + cfg.doc_baseurl.strip('/')).rstrip('/') + '/'
problems = []

def page_name(rel: Path) -> str:
    "Quarto's output path for a notebook: numeric prefixes `00_` are dropped, suffix becomes .html."
    return str(rel.with_name(re.sub(r'^\d+[a-z]?_', '', rel.stem) + '.html'))

nbs = sorted(p for p in NBS.rglob('*.ipynb') if not any(x.startswith(('.', '_')) for x in p.relative_to(NBS).parts))

# 1. stored outputs with errors
for nb in nbs:
    for i, c in enumerate(json.loads(nb.read_text())['cells']):
        for o in c.get('outputs', []):
            if o.get('output_type') == 'error' or (o.get('name') == 'stderr' and 'Traceback' in ''.join(o.get('text', ''))):
                problems.append(f"{nb.relative_to(ROOT)} cell {i}: stored output contains an error ({o.get('ename', 'stderr traceback')})")

# 2. show_doc for every exported public function/class
for py in sorted(LIB.rglob('*.py')):
    src = py.read_text()
    m = re.search(r'File to edit: (\S+\.ipynb)', src)
    if not m: continue
    nb = (py.parent / m.group(1)).resolve()
    if not nb.exists(): problems.append(f"{py.relative_to(ROOT)} names missing notebook {m.group(1)}"); continue
    tree = ast.parse(src)
    allv = next((ast.literal_eval(n.value) for n in tree.body if isinstance(n, ast.Assign)
                 and any(getattr(t, 'id', '') == '__all__' for t in n.targets)), [])
    defs = {n.name: n for n in tree.body if isinstance(n, (ast.FunctionDef, ast.ClassDef, ast.AsyncFunctionDef))}
    nbsrc = ''.join(''.join(c['source']) for c in json.loads(nb.read_text())['cells'] if c['cell_type'] == 'code')
    for name in allv:
        if name in defs and not re.search(r'show_doc\(\s*' + re.escape(name) + r'\b', nbsrc):
            problems.append(f"{nb.relative_to(ROOT)}: exported `{name}` has no show_doc cell")
        if name in defs and not ast.get_docstring(defs[name]):
            problems.append(f"{py.relative_to(ROOT)}: exported `{name}` has no docstring")

# 3. process with nbdev's processors, render each page with nbconvert
# nbdev_docs runs nbdev.serve.proc_nbs, which sends each notebook through FilterDefaults (executing export, import
# and show_doc cells in a fresh shell). We do the same per notebook, from the project root as nbdev_docs does, so that
# every failing notebook is reported (proc_nbs stops at the first).
from nbdev.processors import FilterDefaults
import nbdev.serve_drv as drv
proc = ROOT / '_proc'
shutil.rmtree(proc, ignore_errors=True)
os.environ['IN_TEST'] = '1'
for nb in nbs:
    dst = proc / nb.relative_to(NBS)
    dst.parent.mkdir(parents=True, exist_ok=True)
    try: drv.exec_nb(nb, dst, FilterDefaults)
    except Exception as e:
        msg = str(e).splitlines()
        problems.append(f"{nb.relative_to(ROOT)}: nbdev's docs processing failed: {msg[0] if msg else type(e).__name__} "
                        f"(a cell with imports is re-run alone: keep imports in their own cells)")
from nbconvert import HTMLExporter
import nbformat
out = ROOT / '_docs_offline'
shutil.rmtree(out, ignore_errors=True)
exp = HTMLExporter(exclude_raw=True)          # the raw cell is Quarto front matter
from nbconvert.preprocessors import TagRemovePreprocessor
exp.register_preprocessor(TagRemovePreprocessor(remove_input_tags={'echo_false'}, remove_cell_tags={'hide'}), enabled=True)
pages = {}
for nb in nbs:
    rel = nb.relative_to(NBS)
    pnb = proc / rel
    if not pnb.exists(): problems.append(f"{rel}: nbdev processing produced no page"); continue
    node = nbformat.read(str(pnb), as_version=4)
    for c in node.cells:                       # Quarto's cell options, as tags nbconvert understands
        if re.search(r'^#\|\s*echo:\s*false', c.source, re.M): c.metadata.setdefault('tags', []).append('echo_false')
        if re.search(r'^#\|\s*include:\s*false', c.source, re.M): c.metadata.setdefault('tags', []).append('hide')
    for i, c in enumerate(node.cells):
        for o in c.get('outputs', []):
            if o.get('output_type') == 'error': problems.append(f"{rel} cell {i}: error while processing docs ({o.get('ename')}: {o.get('evalue')})")
    try: html, _ = exp.from_notebook_node(node)
    except Exception as e: problems.append(f"{rel}: nbconvert failed: {e}"); continue
    dest = out / page_name(rel)
    dest.parent.mkdir(parents=True, exist_ok=True)
    dest.write_text(html)
    pages[page_name(rel)] = html

for res in (p for p in NBS.rglob('*') if p.is_file() and p.suffix.lower() in ('.png', '.jpg', '.jpeg', '.gif', '.svg', '.css')
            and not any(x.startswith(('.', '_')) for x in p.relative_to(NBS).parts)):
    (out / res.relative_to(NBS)).parent.mkdir(parents=True, exist_ok=True); shutil.copy2(res, out / res.relative_to(NBS))   # as Quarto copies resources

# 4. links
href_re = re.compile(r'(?:href|src)="([^"#][^"]*)"')
for name, html in pages.items():
    base = Path(name).parent
    for url in href_re.findall(html):
        if url.startswith(('data:', 'mailto:', 'javascript:')): continue
        if url.startswith(SITE):
            target = url[len(SITE):].split('#')[0]
        elif urlparse(url).scheme: continue            # external: not checked offline
        else: target = str((base / url.split('#')[0]).as_posix())
        if not target: continue
        target = re.sub(r'\.(ipynb|qmd|md)$', '.html', os.path.normpath(target))
        t = Path(target)
        target = page_name(t) if t.suffix == '.html' else target
        if target.endswith('.html') and target not in pages: problems.append(f"{name}: broken internal link {url}")
        elif not target.endswith('.html') and not (NBS / target).exists() and not (out / target).exists():
            problems.append(f"{name}: link to missing file {url}")

# 5. sidebar lists every page, and only pages that exist
sb = NBS / 'sidebar.yml'
if sb.exists():
    entries = set(re.findall(r'^\s*-\s+([\w./-]+\.(?:ipynb|qmd|md))\s*$', sb.read_text(), re.M))
    have = {str(p.relative_to(NBS)) for p in nbs}
    for e in sorted(entries - have): problems.append(f"nbs/sidebar.yml lists {e}, which does not exist")
    for e in sorted(have - entries): problems.append(f"nbs/sidebar.yml does not list {e}")

# 6. README generated from index.ipynb
sys.path.insert(0, str(ROOT / '.ci'))
import readme as _readme
if (NBS / 'index.ipynb').exists() and (ROOT / 'README.md').read_text() != _readme.render():
    problems.append("README.md is out of sync with nbs/index.ipynb: run `python .ci/readme.py` and commit")

print(f"docs check: {len(nbs)} notebooks processed, {len(pages)} pages rendered to {out.relative_to(ROOT)}/")
if problems:
    print("docs check FAILED:\n  " + '\n  '.join(problems)); sys.exit(1)
print("docs check passed")
