"""The command line (`studyapp ...`): argparse commands and the terminal reviewer."""

from studyapp.cli.main import main

__all__ = ["main"]
