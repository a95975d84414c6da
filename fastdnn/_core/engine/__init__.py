"""The one training engine, by concern, each file read top to bottom:

- :mod:`.buffers`: the flat parameter layout, the buffers' sections, 64-byte aligned allocation;
- :mod:`.products`: small-matrix products, the residuals and the Gram path's first layer;
- :mod:`.passes`: one step's compiled passes (gather, masks, forward, residual, backward);
- :mod:`.sources`: what the batches are gathered from: X^T itself, a copy, or windows of X;
- :mod:`.loop`: :func:`run_batches`, epochs x mini-batches compiled end to end (the maths);
- :mod:`.driver`: :func:`train_batches`, the loop run in chunks from Python, in named steps;
- :mod:`.results`: what training returns (records, result, divergence);
- :mod:`.fullbatch`: :func:`train`, full-batch gradient descent of the course's models.
"""
from .buffers import Layout, aligned_empty
from .driver import train_batches
from .results import BatchRecord, TrainingDiverged, TrainResult
from .fullbatch import choose_method, train
from .products import gram_matrix
from .sources import columns_of

__all__ = ["Layout", "aligned_empty", "BatchRecord", "TrainingDiverged", "TrainResult", "train_batches",
           "choose_method", "train", "gram_matrix", "columns_of"]
