"""The course's helper files re-created on fastdnn, one module per course file
name (``dnn_utils_v2``, ``testCases_v4a``, ``dnn_app_utils_v3``, ``lr_utils``,
``planar_utils``, ...).

Import them as ``fastdnn.course.<name>``, or let :func:`fastdnn.dropin.install`
make ``import <name>`` resolve to them so an unchanged notebook runs on fastdnn.
The modules use absolute imports only: the drop-in executes each file under its
course name, outside this package.
"""
