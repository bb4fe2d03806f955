"""The provider's claims: groups, amr, names and e-mail, from the person's record."""

from oauth2_provider.oauth2_validators import OAuth2Validator

AMR_PREFIX = "amr:"


class Validator(OAuth2Validator):
    # Every claim whatever the scopes asked for: the tests want groups and amr anyway.
    oidc_claim_scope = None

    def get_additional_claims(self, request):
        user = request.user
        names = list(user.groups.values_list("name", flat=True))
        return {
            "email": user.email,
            "given_name": user.first_name,
            "family_name": user.last_name,
            "preferred_username": user.username,
            "groups": sorted(name for name in names if not name.startswith(AMR_PREFIX)),
            "amr": [
                "pwd",
                *sorted(n[len(AMR_PREFIX) :] for n in names if n.startswith(AMR_PREFIX)),
            ],
        }

    def validate_refresh_token(self, refresh_token, client, request, *args, **kwargs):
        # As real providers do, a person switched off here can no longer refresh.
        valid = super().validate_refresh_token(refresh_token, client, request, *args, **kwargs)
        return valid and request.user.is_active
