"""Numeric cross-checks of the catalogue: lambdify, finite differences, complex step, mpmath, AD.

See `derive.crosscheck.run.crosscheck` for the library entry point and `derive crosscheck --help`.
"""
