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
    return subprocess.run(
        [exe, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
         "--no-first-run", "--disable-extensions", "--virtual-time-budget=15000",
         *args, page.resolve().as_uri()],
        capture_output=True, text=True, timeout=120, check=False,
        env={**os.environ, "HOME": str(page.parent)},
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


@pytest.mark.parametrize("page", _pages(), ids=lambda p: p.name)
def test_every_html_renders_in_a_browser_without_katex_errors(page: Path, tool,
                                                              tmp_path: Path) -> None:
    exe = _chromium(tool)
    dom = _browser(exe, page, "--dump-dom")
    status = re.search(r'data-katex="([^"]*)"', dom.stdout)
    assert status, f"KaTeX did not run in {page.name}: {dom.stderr[-1000:]}"
    assert status.group(1).startswith("ok "), f"{page.name}: {status.group(1)}"
    assert int(status.group(1).split()[1]) >= 10
    assert "katex-failed" not in dom.stdout.split("</head>")[1]
    shots = Path(os.environ.get("DERIVE_SCREENSHOT_DIR") or tmp_path)
    shots.mkdir(parents=True, exist_ok=True)
    png = shots / f"{page.stem}.png"
    _browser(exe, page, f"--screenshot={png}", "--window-size=1100,2600")
    assert png.is_file() and png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert png.stat().st_size > 20_000  # a rendered page, not a blank one


def test_the_browser_check_can_fail(tool, tmp_path: Path) -> None:
    exe = _chromium(tool)
    page = render(build("softmax-sigmoid", 2), "html").replace(
        '<span class="math">', '<span class="math">\\frac{', 1)
    bad = tmp_path / "bad.html"
    bad.write_text(page)
    dom = _browser(exe, bad, "--dump-dom")
    assert 'data-katex="errors: 1"' in dom.stdout
