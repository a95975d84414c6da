"""fastdnn's version: the one module every other may import for it (the
kernel cache's directory and model files record it)."""
__version__ = "0.1.0"
