"""Set-up for the letters app: a policy the council's letters cite, and the wording
letters and the policy share."""

from home.models import CouncilSettings, ReconsiderationSettings
from tests.factories import make_policy, publish


def cite_policy(text="First wording."):
    """Publish a policy and set up the council's settings to cite it, as a council would."""
    policy = publish(make_policy(text=text), note="First published.")
    council = CouncilSettings.load()
    council.name = "Fernhollow District Council"
    council.address = "Civic Offices\nMarket Street\nFernhollow\nFH1 2AB"
    council.telephone = "01632 960123"
    council.email = "customer.relations@fernhollow.example"
    council.letterhead_details = "Customer Relations Team"
    council.cited_policy_page = policy
    council.save()
    wording = ReconsiderationSettings.load()
    wording.contact = "Customer Relations, Civic Offices, Market Street, Fernhollow"
    wording.decision_maker_roles = "Head of Legal Services\nChief Strategy Officer"
    wording.save()
    return policy
