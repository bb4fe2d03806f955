"""Every field of our page editors has a name a screen reader announces, even where the
admin shows it under a heading instead of a label: list items and rich text boxes."""

from policy_pages.blocks import BehaviourKindBlock, ParagraphBlock, StepsBlock
from policy_pages.models import PosterPage


def test_a_list_item_is_named_by_its_label():
    example = BehaviourKindBlock().child_blocks["examples"].child_block
    assert 'aria-label="Example"' in example.field.widget.render("examples-0-value", "")


def test_a_posters_behaviour_is_named_by_its_label():
    behaviour = PosterPage._meta.get_field("behaviours").stream_block.child_blocks["behaviour"]
    assert 'aria-label="Behaviour"' in behaviour.field.widget.render("behaviours-0-value", "")


def test_rich_text_boxes_are_named_by_their_labels():
    definition = BehaviourKindBlock().child_blocks["definition"]
    assert definition.field.widget.options["ariaLabel"] == "Definition"
    step_text = StepsBlock().child_blocks["steps"].child_block.child_blocks["text"]
    assert step_text.field.widget.options["ariaLabel"] == "Text"
    assert ParagraphBlock(label="Paragraph").field.widget.options["ariaLabel"] == "Paragraph"
