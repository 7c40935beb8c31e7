"""The Django admin of every domain app. Admin classes are a surface (pages and forms), so they live
beside the other pages in szansa.web.<app>.admin; Django's autodiscovery imports this module, which
imports them in the order of INSTALLED_APPS (the order the admin index lists the apps in)."""

from importlib import import_module

for app in ("accounts", "people", "projects", "recruitment", "support", "housing", "privacy"):
    import_module(f"szansa.web.{app}.admin")
