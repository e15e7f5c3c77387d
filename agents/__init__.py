"""Built-in agents; importing this package registers them with the default registry."""

from guardgraph.agents import generator  # noqa: F401
from guardgraph.agents import meta_reasoner  # noqa: F401  (registers meta_reasoner node + router)
from guardgraph.agents import curator  # noqa: F401  (registers curator + handbook_retrieve)
