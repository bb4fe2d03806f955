"""Which records follow a person when two customer records are merged.

The apps above this one hold records about a customer (incidents, for instance). Each
says here which of its models moves to the surviving record on a merge, and back again
when the merge is undone; the merge service knows nothing else about them.
"""

_moved = {}


def register_moved_records(name, model):
    """Move ``model``'s rows (which have a ``customer`` foreign key) on each merge, listed
    in ``CustomerMerge.moved`` under ``name``."""
    _moved[name] = model


def moved_models():
    """The registered (name, model) pairs, in a fixed order."""
    return sorted(_moved.items())
