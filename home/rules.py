"""The one error every service raises when a rule is broken.

A service checks its rules, changes nothing when one fails, and raises ``RuleError``
with a message for each form field at fault (``None`` for the form as a whole), so that
the form a person filled in can show each message beside the answer it is about.
"""


class RuleError(Exception):
    """A rule was broken. ``errors`` maps a field's name (or ``None``) to a message a
    person can act on."""

    def __init__(self, message=None, *, field=None, errors=None):
        self.errors = dict(errors) if errors else {field: message}
        super().__init__(" ".join(str(text) for text in self.errors.values()))
