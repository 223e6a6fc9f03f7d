"""What the provider says about a person: e-mail address, whether it verified it, and name.

A person in the group :data:`UNVERIFIED` has an address the provider says it has not verified
(``email_verified`` false), so that a test can set the claim per person.
"""

from __future__ import annotations

from typing import Any

from oauth2_provider.oauth2_validators import OAuth2Validator

UNVERIFIED = "unverified e-mail"


class ClaimsValidator(OAuth2Validator):
    def get_additional_claims(self, request: Any) -> dict[str, Any]:
        user = request.user
        return {
            "email": user.email,
            "email_verified": not user.groups.filter(name=UNVERIFIED).exists(),
            "name": user.get_full_name(),
            "given_name": user.first_name,
            "family_name": user.last_name,
        }
