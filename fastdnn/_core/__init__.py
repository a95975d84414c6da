"""The compiled core: elementary functions, the activation and output tables,
the element-wise and optimiser kernels, the softmax passes, the one cost, and
the training engine. It trusts its inputs (the layers above validate them) and
imports nothing above itself but :mod:`fastdnn.config`."""
