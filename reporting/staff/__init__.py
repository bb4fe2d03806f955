"""The staff area's front: each role's home, the customer record, the check before
contact, the decision record, the review queue and the daily job."""
