"""The product: :func:`fit`, the estimator and model files, on the compiled core
and the shared rules (never on the course face); the command line sits above it."""
