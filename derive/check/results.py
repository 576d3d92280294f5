"""Frozen result types of ``derive check``: one verdict per step, one report per document."""

from __future__ import annotations

from dataclasses import dataclass, field

VERDICTS = ("ok", "wrong", "needs-condition", "unreadable")


@dataclass(frozen=True)
class Counterexample:
    """A concrete point where the two sides differ: K, indices, inputs and both values."""

    K: int
    indices: tuple[tuple[str, int], ...]
    values: tuple[tuple[str, tuple[float, ...]], ...]
    lhs: float
    rhs: float
    targets_on_simplex: bool

    def describe(self) -> str:
        """One-line human reading of the counterexample."""
        idx = ", ".join(f"{k}={v}" for k, v in self.indices)
        vals = "; ".join(
            f"{name}=({', '.join(f'{x:.4g}' for x in xs)})" for name, xs in self.values)
        parts = ([f"K={self.K}"] if self.K else []) + ([idx] if idx else []) + (
            [vals] if vals else [])  # K = 0: numbers only, no classes
        head = f"{', '.join(parts)}: " if parts else ""
        return f"{head}left = {self.lhs:.10g}, right = {self.rhs:.10g}"


@dataclass(frozen=True)
class StepResult:
    """The verdict on one step ``lhs = rhs`` (or on a definition called softmax)."""

    line: int
    kind: str
    lhs: str
    rhs: str
    verdict: str
    reason: str = ""
    counterexample: Counterexample | None = None
    condition_stated: bool | None = None
    checked: str = ""
    restriction: tuple[str, ...] = ()
    relation: str = "="  # as written: "=", "≈", "∝"


@dataclass(frozen=True)
class DefinitionInfo:
    """A definition learned from the document, e.g. y_i := e^{z_i} / sum_k e^{z_k}."""

    name: str
    params: tuple[str, ...]
    line: int
    text: str
    role: str


@dataclass(frozen=True)
class Skipped:
    """A relation of the document's math that is on purpose not a step, and why."""

    line: int
    text: str
    why: str


@dataclass(frozen=True)
class CheckReport:
    """Everything ``check_document`` found in one document."""

    filename: str
    steps: tuple[StepResult, ...]
    definitions: tuple[DefinitionInfo, ...] = ()
    conditions: tuple[str, ...] = ()
    notes: tuple[str, ...] = field(default_factory=tuple)
    skipped: tuple[Skipped, ...] = ()

    def counts(self) -> dict[str, int]:
        """Number of steps per verdict, plus the total read."""
        out = {v: 0 for v in VERDICTS}
        for s in self.steps:
            out[s.verdict] += 1
        out["steps"] = len(self.steps)
        return out

    @property
    def exit_code(self) -> int:
        """1 when a step is wrong; else 2 when no step could be read at all; else 0."""
        if any(s.verdict == "wrong" for s in self.steps):
            return 1
        return 2 if self.nothing_read else 0

    @property
    def nothing_read(self) -> bool:
        """Every step is unreadable: nothing in the document was checked."""
        return all(s.verdict == "unreadable" for s in self.steps)
