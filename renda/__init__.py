"""renda-graph: a knowledge graph of China's local people's congress system."""

__version__ = "0.1.0"
