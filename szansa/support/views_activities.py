"""Pages of the support path (filled in by its own module)."""

urlpatterns = []
