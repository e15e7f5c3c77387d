"""Built-in agents; importing this package registers them with the default registry."""

from guardgraph.agents import generator  # noqa: F401
from guardgraph.agents import meta_reasoner  # noqa: F401  (registers meta_reasoner node + router)
from guardgraph.agents import curator  # noqa: F401  (registers curator + handbook_retrieve)
from guardgraph.agents import watchdog  # noqa: F401  (registers the watchdog node)
from guardgraph.agents import forget_memory, audit, eraser, critic, composer  # noqa: F401,E401
from guardgraph.agents import verifier  # noqa: F401  (registers the 'verifier' agent)
from guardgraph.agents import progress, respond  # noqa: F401,E401  (reason graph: progress report + reply)
