"""The JSON API under ``/api/`` (django-ninja); its OpenAPI document is ``/api/openapi.json``."""
