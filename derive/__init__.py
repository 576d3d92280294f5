"""derive: prove, explain and check the derivative of softmax."""

__version__ = "0.1.0"
