"""Which published pages list the restriction catalogue."""


def _lists_catalogue(stream) -> bool:
    return any(block.block_type == "restriction_catalogue" for block in stream)


def pages_listing_the_catalogue():
    """Live policy pages whose body holds a restriction catalogue block."""
    from .models import PolicyPage

    return [
        page for page in PolicyPage.objects.live().order_by("pk") if _lists_catalogue(page.body)
    ]
