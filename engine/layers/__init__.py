"""All layers, re-exported by topic module. Names follow the CS231n assignment modules."""

from engine.layers.attention import *  # noqa: F403
from engine.layers.blocks import *  # noqa: F403
from engine.layers.conv import *  # noqa: F403
from engine.layers.detection import *  # noqa: F403
from engine.layers.generative import *  # noqa: F403
from engine.layers.init import *  # noqa: F403
from engine.layers.knn import *  # noqa: F403
from engine.layers.linear import *  # noqa: F403
from engine.layers.losses import *  # noqa: F403
from engine.layers.norm import *  # noqa: F403
from engine.layers.pool import *  # noqa: F403
from engine.layers.rnn import *  # noqa: F403
from engine.layers.selfsup import *  # noqa: F403
from engine.layers.systems import *  # noqa: F403
from engine.layers.transformer_parts import *  # noqa: F403
