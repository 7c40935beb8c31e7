"""API of the support path: (prefix, viewset, basename) for the router, and extra paths."""

ROUTES = []
EXTRA_URLS = []
