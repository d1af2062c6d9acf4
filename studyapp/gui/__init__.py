"""The desktop app (PySide6): the only package that imports Qt. Views are thin: they call
services, run long work on QThreadPool workers and redraw what the services say changed."""
