"""Each derivation names the catalogue claim it proves, and its last line is decided equal to it."""

from __future__ import annotations

import dataclasses

import pytest

from derive.docs.derivations import DERIVATIONS, build
from derive.docs.steps import StepError
from derive.math.claims import CATALOGUE


@pytest.mark.parametrize("name", list(DERIVATIONS))
def test_every_derivation_names_a_catalogue_claim(name: str) -> None:
    claim, part = DERIVATIONS[name].proves
    assert part in {p.name for p in CATALOGUE[claim].parts}
    spec = DERIVATIONS[name]
    assert build(name, spec.only_k).proves.startswith(claim)


def test_a_derivation_whose_last_line_is_not_its_claim_is_not_built(monkeypatch) -> None:
    wrong = dataclasses.replace(DERIVATIONS["softmax-jacobian"],
                                proves=("log-softmax-gradient", "∂ ln y_i/∂z_j = δ_ij − y_j"))
    monkeypatch.setitem(DERIVATIONS, "softmax-jacobian", wrong)
    with pytest.raises(StepError, match="catalogue claim log-softmax-gradient"):
        build("softmax-jacobian", None)


def test_a_claim_with_another_condition_is_not_accepted(monkeypatch) -> None:
    wrong = dataclasses.replace(DERIVATIONS["cross-entropy-chain-rule"],
                                proves=("cross-entropy-gradient-general", "∂E/∂z = y Σt − t"))
    monkeypatch.setitem(DERIVATIONS, "cross-entropy-chain-rule", wrong)
    with pytest.raises(StepError, match="last line"):
        build("cross-entropy-chain-rule", None)
