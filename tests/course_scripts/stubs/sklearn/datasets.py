"""Empty stand-in for sklearn.datasets (see the package docstring)."""
