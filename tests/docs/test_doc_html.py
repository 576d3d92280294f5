"""HTML pages: self-contained (no network), every formula renders with KaTeX in a real browser."""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

import pytest

from derive.docs.derivations import build
from derive.docs.html import prose
from derive.docs.render import render

ROOT = Path(__file__).resolve().parents[2]
OUTPUTS = ROOT / "outputs"
CHROMIUM_HINT = "apt-get install -y chromium"


def _chromium(tool) -> str:
    for name in ("chromium", "chromium-browser"):
        from shutil import which

        if which(name):
            return which(name)  # type: ignore[return-value]
    return tool("chromium", CHROMIUM_HINT)


def _browser(exe: str, page: Path, *args: str) -> subprocess.CompletedProcess:
    """Headless Chromium on `page`; its profile and caches in a throwaway folder."""
    import tempfile

    with tempfile.TemporaryDirectory(prefix="derive-chromium-") as home:
        return subprocess.run(
            [exe, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
             "--no-first-run", "--disable-extensions", "--virtual-time-budget=15000",
             f"--user-data-dir={home}/profile", *args, page.resolve().as_uri()],
            capture_output=True, text=True, timeout=120, check=False,
            env={**os.environ, "HOME": home},
        )


def test_page_is_self_contained() -> None:
    page = render(build("softmax-sigmoid", 2), "html")
    assert "katex.render" in page and "@font-face" in page
    assert not re.search(r"""(src|href)=["']?https?:""", page)
    assert "url(fonts/" not in page and "url(http" not in page
    assert page.count("class=\"mark\"") == 10  # a verdict mark per step
    assert "@media print" in page


def test_title_and_prose_are_escaped() -> None:
    page = render(build("softmax-sigmoid", 2), "html", title="<script>alert(1)</script> & $x$")
    assert "<script>alert(1)" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp;" in page
    assert str(prose("a < b $x<y$")) == 'a &lt; b <span class="math">x&lt;y</span>'


def test_hostile_html_template_is_sandboxed(tmp_path: Path) -> None:
    from derive.docs.render import RenderError

    (tmp_path / "derivation.html.j2").write_text("{{ katex_js.__class__.__mro__ }}")
    with pytest.raises(RenderError, match="sandbox"):
        render(build("softmax-sigmoid", 2), "html", template_dir=str(tmp_path))


def _pages() -> list[Path]:
    return sorted(OUTPUTS.glob("*.html"))


HARNESS_JS = """
window.addEventListener("load", function () {
  var out = [];
  document.querySelectorAll("iframe").forEach(function (f) {
    var s, failed;
    try {
      s = f.contentDocument.body.getAttribute("data-katex");
      failed = f.contentDocument.querySelectorAll(".katex-failed").length;
    } catch (e) { s = "inaccessible: " + e; failed = -1; }
    out.push(f.getAttribute("data-name") + "=" + s + "|" + failed);
  });
  var pre = document.createElement("pre"); pre.id = "result"; pre.textContent = out.join("\\n");
  document.body.appendChild(pre);
});
"""


def _katex_statuses(exe: str, pages: list[Path], tmp_path: Path) -> dict[str, str]:
    """Open every page at once (iframes of one harness page, one browser start): page → status."""
    frames = "".join(f'<iframe src="{p.resolve().as_uri()}" data-name="{p.name}"></iframe>'
                     for p in pages)
    harness = tmp_path / "harness.html"
    harness.write_text(f"<!DOCTYPE html><html><body>{frames}<script>{HARNESS_JS}</script>"
                       "</body></html>")
    dom = _browser(exe, harness, "--allow-file-access-from-files", "--dump-dom")
    m = re.search(r'<pre id="result">(.*?)</pre>', dom.stdout, re.S)
    assert m, f"the harness did not run: {dom.stderr[-1000:]}"
    return dict(line.split("=", 1) for line in m.group(1).splitlines())


def test_every_html_renders_in_a_browser_without_katex_errors(tool, tmp_path: Path) -> None:
    exe = _chromium(tool)
    pages = _pages()
    assert len(pages) >= 13, "regenerate outputs/"
    statuses = _katex_statuses(exe, pages, tmp_path)
    assert sorted(statuses) == [p.name for p in pages]
    for name, status in statuses.items():
        katex, failed = status.rsplit("|", 1)
        assert katex.startswith("ok ") and failed == "0", (name, status)
        assert int(katex.split()[1]) >= 10, (name, status)  # the math really was rendered


def test_screenshots(tool, tmp_path: Path) -> None:
    """Every page under CI (into $DERIVE_SCREENSHOT_DIR, to be looked at); one page locally."""
    exe = _chromium(tool)
    pages = _pages() if os.environ.get("CI") == "true" else _pages()[:1]
    shots = Path(os.environ.get("DERIVE_SCREENSHOT_DIR") or tmp_path)
    shots.mkdir(parents=True, exist_ok=True)
    for page in pages:
        png = shots / f"{page.stem}.png"
        _browser(exe, page, f"--screenshot={png}", "--window-size=1100,2600")
        assert png.is_file() and png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n", page.name
        assert png.stat().st_size > 20_000, page.name  # a rendered page, not a blank one


def test_the_browser_check_can_fail(tool, tmp_path: Path) -> None:
    exe = _chromium(tool)
    page = render(build("softmax-sigmoid", 2), "html").replace(
        '<span class="math">', '<span class="math">\\frac{', 1)
    bad = tmp_path / "bad.html"
    bad.write_text(page)
    statuses = _katex_statuses(exe, [bad], tmp_path)
    assert statuses == {"bad.html": "errors: 1|1"}
