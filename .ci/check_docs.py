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
import nbformat, jinja2, yaml, html as _html
out = ROOT / '_docs_offline'
shutil.rmtree(out, ignore_errors=True)
# The offline pages should open without errors in a browser with no network: nbconvert's lab template loads require.js
# and a widget renderer from CDNs (unused: no page stores widget state), and MathJax even on pages without maths. This
# template drops those, links the project's styles.css, and adds a navigation bar built from sidebar.yml.
OFFLINE_TEMPLATE = """{%- extends 'lab/index.html.j2' -%}
{%- block html_head_js_requirejs -%}{%- endblock html_head_js_requirejs -%}
{%- block html_head_js_mathjax -%}{%- if resources.has_math -%}{{ super() }}{%- endif -%}{%- endblock html_head_js_mathjax -%}
{%- block extra_css -%}<link rel="stylesheet" href="{{ resources.root }}styles.css">
<style>nav.offline-nav {font: 13px/1.6 system-ui, sans-serif; padding: 6px 12px; margin-bottom: 12px; border-bottom: 1px solid #ddd;}
nav.offline-nav a {margin-right: 0.7em;} nav.offline-nav b {margin-right: 0.4em;} nav.offline-nav .here {font-weight: bold;}
.jp-RenderedMarkdown pre {background: #f6f6f6; padding: 6px 10px; border-radius: 3px;}</style>
{%- endblock extra_css -%}
{%- block body_header -%}{{ super() }}{{ resources.nav }}{%- endblock body_header -%}"""
exp = HTMLExporter(exclude_raw=True, exclude_input_prompt=True, exclude_output_prompt=True, template_file='offline.html.j2',
                   extra_loaders=[jinja2.DictLoader({'offline.html.j2': OFFLINE_TEMPLATE})])
from nbconvert.preprocessors import TagRemovePreprocessor
exp.register_preprocessor(TagRemovePreprocessor(remove_input_tags={'echo_false'}, remove_cell_tags={'hide'}), enabled=True)
SOURCE_LINK = re.compile(r'\[([^\]]+)\]\(([^)\s]+)\)\{([^}]*)\}')   # pandoc's [text](url){attrs} (show_doc's source link)
MATH_RE = re.compile(r'\$\$|\\\(|\\\[|(?<![\w$\\])\$(?=\S)[^$\n]+(?<=\S)\$(?![\w$])')

def front_matter(node) -> tuple:
    "Index and parsed YAML of nbdev's front-matter raw cell (title, description, ...), or (None, {})."
    for i, c in enumerate(node.cells):
        if c.cell_type == 'raw' and c.source.lstrip().startswith('---'):
            try: return i, yaml.safe_load(c.source.strip().split('---')[1]) or {}
            except (yaml.YAMLError, IndexError): return i, {}
    return None, {}

def nav_html(here: str, titles: dict) -> str:
    "A navigation bar for page `here` with sidebar.yml's entries, as relative links."
    def link(entry):
        pg = page_name(Path(entry))
        href = os.path.relpath(pg, start=os.path.dirname(here) or '.')
        cls = ' class="here"' if pg == here else ''
        return f'<a href="{href}"{cls}>{_html.escape(str(titles.get(pg, Path(pg).stem)))}</a>'
    def known(entry): return isinstance(entry, str) and page_name(Path(entry)) in titles   # sidebar.yml's own errors are reported below
    sb = NBS / 'sidebar.yml'
    items = yaml.safe_load(sb.read_text())['website']['sidebar']['contents'] if sb.exists() else ['index.ipynb']
    parts = []
    for it in items:
        if known(it): parts.append(link(it))
        elif isinstance(it, dict) and 'contents' in it:
            parts.append(f"<span><b>{_html.escape(str(it.get('section', '')))}:</b>" + ''.join(link(e) for e in it['contents'] if known(e)) + '</span>')
    return '<nav class="offline-nav">' + ' '.join(parts) + '</nav>'

nodes, titles = {}, {}
for nb in nbs:
    rel = nb.relative_to(NBS)
    pnb = proc / rel
    if not pnb.exists(): problems.append(f"{rel}: nbdev processing produced no page"); continue
    nodes[rel] = nbformat.read(str(pnb), as_version=4)
    fm = front_matter(nodes[rel])[1]
    if 'title' not in fm: problems.append(f"{rel}: no title: the first cell must be markdown starting with '# Title' (then '> summary')")
    titles[page_name(rel)] = fm.get('title', rel.stem)
pages = {}
for rel, node in nodes.items():
    for c in node.cells:                       # Quarto's cell options, as tags nbconvert understands
        if re.search(r'^#\|\s*echo:\s*false', c.source, re.M): c.metadata.setdefault('tags', []).append('echo_false')
        if re.search(r'^#\|\s*include:\s*false', c.source, re.M): c.metadata.setdefault('tags', []).append('hide')
    for i, c in enumerate(node.cells):
        for o in c.get('outputs', []):
            if o.get('output_type') == 'error': problems.append(f"{rel} cell {i}: error while processing docs ({o.get('ename')}: {o.get('evalue')})")
    for c in node.cells:                       # pandoc link attributes, which nbconvert's markdown renderer would print as text
        for o in c.get('outputs', []):
            md = o.get('data', {}).get('text/markdown')
            if md: o['data']['text/markdown'] = SOURCE_LINK.sub(lambda m: f'<a href="{m[2]}" {m[3]}>{m[1]}</a>', ''.join(md))
    i, fm = front_matter(node)                 # Quarto shows the title and description from the front matter
    if i is not None and fm.get('title'):
        node.cells[i] = nbformat.v4.new_markdown_cell(f"# {fm['title']}" + (f"\n\n> {fm['description']}" if fm.get('description') else ''))
    node.metadata['title'] = fm.get('title', rel.stem)
    if not any('application/vnd.jupyter.widget-view+json' in o.get('data', {}) for c in node.cells for o in c.get('outputs', [])):
        node.metadata.pop('widgets', None)     # no widget views: no widget renderer to fetch
    name = page_name(rel)
    res = {'has_math': any(MATH_RE.search(c.source) for c in node.cells if c.cell_type == 'markdown'),
           'root': '../' * name.count('/'), 'nav': nav_html(name, titles)}
    try: html, _ = exp.from_notebook_node(node, resources=res)
    except Exception as e: problems.append(f"{rel}: nbconvert failed: {e}"); continue
    dest = out / name
    dest.parent.mkdir(parents=True, exist_ok=True)
    dest.write_text(html)
    pages[name] = html

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
if (NBS / 'index.ipynb').exists() and (ROOT / 'README.md').read_text() != _readme.readme_text():
    problems.append("README.md is out of sync with nbs/index.ipynb: run `python .ci/readme.py` and commit")

print(f"docs check: {len(nbs)} notebooks processed, {len(pages)} pages rendered to {out.relative_to(ROOT)}/")
if problems:
    print("docs check FAILED:\n  " + '\n  '.join(problems)); sys.exit(1)
print("docs check passed")
