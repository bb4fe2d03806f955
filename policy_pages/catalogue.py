"""Which published policy pages print something kept outside them: the restriction
catalogue, or the reconsideration wording of the council's settings."""


def pages_with_block(block_type):
    """Live policy pages whose body holds a block of ``block_type``."""
    from .models import PolicyPage

    return [
        page
        for page in PolicyPage.objects.live().order_by("pk")
        if any(block.block_type == block_type for block in page.body)
    ]


def pages_listing_the_catalogue():
    return pages_with_block("restriction_catalogue")


def pages_printing_the_reconsideration_wording():
    return pages_with_block("reconsideration")
