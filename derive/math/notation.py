"""Notation: which letters name logits, outputs, targets, loss and class count."""

from __future__ import annotations

import re
from dataclasses import dataclass, fields, replace

# LaTeX letter commands a teacher may use as a symbol name (printed as \name in LaTeX).
GREEK = frozenset(
    "alpha beta gamma delta epsilon varepsilon zeta eta theta vartheta iota kappa lambda mu nu xi "
    "pi rho sigma tau upsilon phi varphi chi psi omega Gamma Delta Theta Lambda Xi Pi Sigma "
    "Upsilon Phi Psi Omega ell".split()
)
_LETTER = re.compile(r"[A-Za-z]\Z")


class NotationError(ValueError):
    """A symbol name that is not a plain letter or a Greek letter name."""


def check_symbol_name(role: str, name: str) -> str:
    """Return `name` if it is one ASCII letter or a Greek letter name (`sigma`, `\\sigma`)."""
    bare = name[1:] if name.startswith("\\") else name
    if _LETTER.match(name) or bare in GREEK:
        return bare if bare in GREEK else name
    raise NotationError(
        f"invalid symbol name for {role}: {name!r} (use one letter a-z/A-Z or a Greek letter name)"
    )


@dataclass(frozen=True)
class Notation:
    """Letters for logits z, outputs y, targets t, loss E and class count K."""

    logits: str = "z"
    outputs: str = "y"
    targets: str = "t"
    loss: str = "E"
    classes: str = "K"

    def __post_init__(self) -> None:
        for f in fields(self):
            check_symbol_name(f.name, getattr(self, f.name))
        names = [getattr(self, f.name) for f in fields(self)]
        if len(set(names)) != len(names):
            raise NotationError(f"symbol names must be distinct, got {', '.join(names)}")

    def latex(self, role: str) -> str:
        """LaTeX for a role's letter: Greek names get a backslash."""
        name = getattr(self, role)
        return f"\\{name}" if name in GREEK else name

    def text(self, role: str) -> str:
        """Plain-text letter for a role."""
        return getattr(self, role)

    def with_overrides(self, **overrides: str | None) -> Notation:
        """A copy with the given roles renamed (None keeps the current letter)."""
        return replace(self, **{k: v for k, v in overrides.items() if v is not None})


PRESETS: dict[str, Notation] = {
    "default": Notation(),
    "blog": Notation(logits="a", outputs="S", targets="t", loss="E", classes="N"),
}
