"""Facebook Pages (``page``) and the Graph API plumbing Instagram shares (``graph``)."""

from .graph import DEFAULT_SCOPES, GRAPH_VERSION, GraphClient
from .page import FacebookClient

__all__ = ["DEFAULT_SCOPES", "GRAPH_VERSION", "FacebookClient", "GraphClient"]
