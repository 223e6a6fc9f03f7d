"""A real OpenID Connect provider for the single sign-on tests: django-oauth-toolkit in a Django
project of its own, run as a second process (:mod:`tests.support.oidc_provider.process`)."""
