"""HTML pages: KaTeX (vendored in derive/docs/katex, MIT) inlined, so a page needs no network.

The page carries its LaTeX in `<span class="math">` elements; the inlined KaTeX renders them when
the page opens (throwOnError: every failure is marked in red and counted in
`<body data-katex="…">`, which the tests read in a headless browser).
"""

from __future__ import annotations

import base64
import functools
import html
import re
from pathlib import Path

from markupsafe import Markup

KATEX_DIR = Path(__file__).resolve().parent / "katex"
_FONT_SRC = re.compile(r"src:url\(fonts/([A-Za-z0-9_-]+)\.woff2\) format\(\"woff2\"\)[^;}]*")

RENDER_SCRIPT = """
document.addEventListener("DOMContentLoaded", function () {
  var failures = 0, total = 0;
  document.querySelectorAll(".math").forEach(function (el) {
    total++;
    try {
      katex.render(el.textContent, el, {displayMode: el.classList.contains("display"),
                                        throwOnError: true, strict: "error"});
    } catch (e) {
      failures++;
      el.classList.add("katex-failed");
      el.setAttribute("title", String(e.message || e));
    }
  });
  document.body.setAttribute("data-katex", failures ? "errors: " + failures : "ok " + total);
});
"""


class AssetError(RuntimeError):
    """The vendored KaTeX files are missing from the installation."""


@functools.lru_cache(maxsize=1)
def katex_assets() -> tuple[str, str]:
    """(CSS with the woff2 fonts as data: URIs, JS) of the vendored KaTeX."""
    try:
        css = (KATEX_DIR / "katex.min.css").read_text(encoding="utf-8")
        js = (KATEX_DIR / "katex.min.js").read_text(encoding="utf-8")
    except OSError as err:
        raise AssetError(f"KaTeX files missing from {KATEX_DIR}: {err.strerror}") from None

    def inline(m: re.Match[str]) -> str:
        data = (KATEX_DIR / "fonts" / f"{m.group(1)}.woff2").read_bytes()
        return (f"src:url(data:font/woff2;base64,{base64.b64encode(data).decode()}) "
                f'format("woff2")')

    return _FONT_SRC.sub(inline, css), js.replace("</script", "<\\/script")


def math_span(latex: str, display: bool = False) -> str:
    """An element KaTeX renders: the LaTeX as (escaped) text."""
    cls = "math display" if display else "math"
    tag = "div" if display else "span"
    return f'<{tag} class="{cls}">{html.escape(latex, quote=False)}</{tag}>'


def prose(text: str) -> Markup:
    """Prose with $…$ math → HTML: text escaped, each math piece a KaTeX span."""
    if text.count("$") % 2:
        return Markup(html.escape(text))
    out = []
    for n, piece in enumerate(text.split("$")):
        out.append(math_span(piece) if n % 2 else html.escape(piece, quote=False))
    return Markup("".join(out))


def plain(text: str) -> str:
    """Prose with $…$ math → plain text for <title>: the math kept as written, no markup."""
    return " ".join(text.replace("$", "").split())
