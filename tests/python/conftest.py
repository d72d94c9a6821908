# The exprjit package under test comes from the build tree (ctest sets PYTHONPATH to build/python).
import numpy as np
import pytest


@pytest.fixture
def rng():
    return np.random.default_rng(20261129)
