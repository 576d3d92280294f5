"""``derive check``: read a softmax derivation and decide each of its steps.

What is checked.  Every chain ``A = B = C`` in ``$...$``, ``$$...$$``, ``\\[...\\]`` or an
``align``/``equation`` environment is split into steps A = B, B = C.  The first chain whose
first member is a bare name (``y_i``, ``E``, ``S_i``) defines it; a definition called softmax is
itself compared with e^{z_i} / sum_k e^{z_k}.  A step is decided for K = 2..5 and every
assignment of its free indices (all of them for K <= 3, one per equality pattern for K >= 4,
which is enough because everything is symmetric under relabelling; all of them whenever a
literal index such as z_1 appears), restricted by case prose ("when $i = j$") or a trailing
``\\quad i \\neq j``.  Derivatives are exact SymPy derivatives through the definitions.  Values
are compared at 3 seeded points (logits in [-2, 2], targets positive, and targets rescaled to
sum to 1); an exact SymPy proof at K = 2 is attempted for steps that pass.

Verdicts: ``ok`` (equal everywhere it was evaluated), ``wrong`` (with a counterexample: K,
indices, inputs, both values), ``needs-condition`` (equal only when the targets sum to 1; the
report says whether the document states that, e.g. "one-hot"), ``unreadable`` (with the
reason; nothing is guessed).

Library use (no click needed)::

    from derive.check import check_document, render_text
    report = check_document(text, "notes.md")
    print(render_text(report))
"""

from derive.check.report import render_annotated, render_json, render_text
from derive.check.results import CheckReport, Counterexample, DefinitionInfo, Skipped, StepResult
from derive.check.run import NoMath, check_document

__all__ = [
    "CheckReport",
    "Counterexample",
    "DefinitionInfo",
    "NoMath",
    "Skipped",
    "StepResult",
    "check_document",
    "render_annotated",
    "render_json",
    "render_text",
]
