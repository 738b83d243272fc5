"""Build ``microblog/static/css/site.min.css``: the part of Bootstrap the pages use, then
``microblog.css``, minified (``make css``; a test checks the committed file is up to date).

Bootstrap comes from the installed deform package (5.3.2). A rule is kept when one of its
selectors names only classes and attributes that appear somewhere in the templates (ours
and Deform's), in our scripts, or in ``SAFELIST`` (what Bootstrap's own script adds);
custom properties nothing reads are dropped. Unsure means kept: every word of the sources
counts as a class, and element selectors always stay.

    .venv/bin/python tools/build_css.py [--check]
"""

import argparse
import re
import sys
from importlib.resources import files
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUTPUT = ROOT / "microblog" / "static" / "css" / "site.min.css"
OURS = ROOT / "microblog" / "static" / "css" / "microblog.css"
SOURCES = [
    (ROOT / "microblog" / "templates", ("*.jinja2", "*.pt")),
    (ROOT / "microblog" / "static" / "js", ("*.js",)),
    (ROOT / "microblog", ("*.py",)),
]
# Deform's own widget templates that our forms render (ours override form and mapping_item)
DEFORM_TEMPLATES = (
    "checkbox.pt",
    "hidden.pt",
    "mapping.pt",
    "password.pt",
    "textarea.pt",
    "textinput.pt",
)
# classes and attributes that Bootstrap's script and the templates' expressions add
SAFELIST = {
    "show", "showing", "hiding", "fade", "collapse", "collapsing", "collapse-horizontal",
    "popover", "popover-arrow", "popover-header", "popover-body", "bs-popover-auto",
    "bs-popover-top", "bs-popover-bottom", "bs-popover-start", "bs-popover-end",
    "data-popper-placement", "alert-success", "alert-info", "alert-warning", "alert-danger",
}  # fmt: skip
WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*")
CLASS = re.compile(r"\.(-?[A-Za-z_][A-Za-z0-9_-]*)")
ATTRIBUTE = re.compile(r"\[\s*([A-Za-z_][A-Za-z0-9_-]*)")
# the arguments of :not(), :is() ...: what they name need not be present
PSEUDO_ARGUMENTS = re.compile(r":[a-z-]+\((?:[^()]|\([^()]*\))*\)")
VAR_USE = re.compile(r"var\(\s*(--[A-Za-z0-9_-]+)")


def used_words():
    words = set(SAFELIST)
    texts = [path.read_text("utf-8") for folder, patterns in SOURCES for pattern in patterns
             for path in sorted(folder.rglob(pattern))]  # fmt: skip
    deform = files("deform") / "templates"
    texts += [(deform / name).read_text("utf-8") for name in DEFORM_TEMPLATES]
    for text in texts:
        words.update(WORD.findall(text))
    return words


# parsing ----------------------------------------------------------------------------------
def blocks(css):
    """Top-level items of ``css``: ``(prelude, body)`` for a block, ``(statement, None)``
    for an at-rule ending in ``;``, ``("/*...*/", None)`` for a comment."""
    position, length = 0, len(css)
    while position < length:
        if css[position].isspace():
            position += 1
            continue
        if css.startswith("/*", position):
            end = css.index("*/", position) + 2
            yield css[position:end], None
            position = end
            continue
        start, depth, quote = position, 0, None
        while position < length:
            char = css[position]
            if quote:
                if char == "\\":
                    position += 1
                elif char == quote:
                    quote = None
            elif char in "\"'":
                quote = char
            elif char == ";" and depth == 0:
                position += 1
                yield css[start:position].strip(), None
                break
            elif char == "{":
                if depth == 0:
                    body_start = position + 1
                depth += 1
            elif char == "}":
                depth -= 1
                if depth == 0:
                    prelude = css[start : body_start - 1].strip()
                    yield prelude, css[body_start:position]
                    position += 1
                    break
            position += 1
        else:
            if css[start:].strip():
                raise ValueError(f"unterminated CSS at {start}: {css[start : start + 60]!r}")


def selector_is_used(selector, words):
    bare = PSEUDO_ARGUMENTS.sub("", selector)
    names = CLASS.findall(bare) + ATTRIBUTE.findall(bare)
    return all(name in words for name in names)


def purge(css, words):
    """The rules of ``css`` that the pages can use, as minified text."""
    out = []
    for prelude, body in blocks(css):
        if body is None:
            if prelude.startswith(("/*!", "@charset")):
                out.append(prelude)
            continue
        if prelude.startswith(("@media", "@supports", "@container", "@layer")):
            inner = purge(body, words)
            if inner:
                out.append(f"{prelude}{{{inner}}}")
        elif prelude.startswith(("@keyframes", "@font-face")):
            out.append(f"{prelude}{{{body}}}")
        else:
            selectors = [s.strip() for s in split_selectors(prelude)]
            kept = [s for s in selectors if selector_is_used(s, words)]
            if kept:
                out.append(f"{','.join(kept)}{{{body}}}")
    return "".join(out)


def split_selectors(prelude):
    parts, depth, current = [], 0, []
    for char in prelude:
        if char in "([":
            depth += 1
        elif char in ")]":
            depth -= 1
        if char == "," and depth == 0:
            parts.append("".join(current))
            current = []
        else:
            current.append(char)
    parts.append("".join(current))
    return parts


# unused custom properties and keyframes ------------------------------------------------------
DECLARATION = re.compile(r"(?<=[{;])\s*(--[A-Za-z0-9_-]+)\s*:([^;{}]*)(;|(?=}))")


def drop_unused_variables(css):
    definitions = {}
    for match in DECLARATION.finditer(css):
        definitions.setdefault(match.group(1), []).append(match.group(2))
    without_definitions = DECLARATION.sub("", css)
    needed = set(VAR_USE.findall(without_definitions))
    pending = list(needed)
    while pending:
        for value in definitions.get(pending.pop(), ()):
            for name in VAR_USE.findall(value):
                if name not in needed:
                    needed.add(name)
                    pending.append(name)

    def keep(match):
        return match.group(0) if match.group(1) in needed else ""

    css = DECLARATION.sub(keep, css)
    while True:  # rules (and then @media blocks) left empty
        emptied = re.sub(r"(?<=[{};/])[^{};/]+\{\}", "", css)
        if emptied == css:
            return css
        css = emptied


def drop_unused_keyframes(css):
    def keep(match):
        name = match.group(1)
        rest = css[: match.start()] + css[match.end() :]
        return match.group(0) if re.search(rf"animation[^;{{}}]*\b{name}\b", rest) else ""

    return re.sub(r"@keyframes ([A-Za-z0-9_-]+)\{(?:[^{}]|\{[^{}]*\})*\}", keep, css)


def minify(css):
    css = re.sub(r"/\*(?!!).*?\*/", "", css, flags=re.S)
    css = re.sub(r"\s+", " ", css)
    css = re.sub(r"\s*([{};:,>])\s*", r"\1", css)
    return css.replace(";}", "}").strip()


def build():
    bootstrap = (files("deform") / "static" / "css" / "bootstrap.min.css").read_text("utf-8")
    words = used_words()
    css = purge(bootstrap, words) + minify(OURS.read_text("utf-8"))
    css = drop_unused_keyframes(drop_unused_variables(css))
    return css + "\n"


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="fail if the file is stale")
    args = parser.parse_args(argv)
    css = build()
    if args.check:
        if OUTPUT.read_text("utf-8") != css:
            sys.exit(f"{OUTPUT} is out of date: run `make css`")
        return
    OUTPUT.write_text(css, "utf-8")
    print(f"{OUTPUT.relative_to(ROOT)}: {len(css.encode()):,} bytes")


if __name__ == "__main__":
    main()
