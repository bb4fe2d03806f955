"""The check before contact: a reference, or a name and postcode."""

from crispy_forms_gds.layout import (
    Field,
    Fieldset,
    Fluid,
    Size,
    Submit,
)
from django import forms

from home.forms import form_helper
from reporting.customers.forms import CustomerReferenceField


class MarkerCheckForm(forms.Form):
    reference = CustomerReferenceField(
        label="Customer reference",
        required=False,
        help_text="For example, C-000123.",
    )
    name = forms.CharField(label="Name", required=False, max_length=160)
    postcode = forms.CharField(label="Postcode", required=False, max_length=10)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in self.fields:
            self.fields[name].widget.attrs.update({"autocomplete": "off", "spellcheck": "false"})
        self.helper = form_helper(
            Fieldset(
                Field.text("reference", field_width=10),
                legend="Search by customer reference",
                legend_size=Size.SMALL,
            ),
            Fieldset(
                Field.text("name", field_width=Fluid.TWO_THIRDS),
                Field.text("postcode", field_width=10),
                legend="Or by name and postcode",
                legend_size=Size.SMALL,
            ),
            Submit("check", "Check"),
        )

    def clean(self):
        data = super().clean()
        if data.get("reference"):
            return data
        name, postcode = data.get("name", "").strip(), data.get("postcode", "").strip()
        if name and not postcode:
            self.add_error("postcode", "Enter the postcode as well as the name")
        elif postcode and not name:
            self.add_error("name", "Enter the name as well as the postcode")
        elif not name and not postcode:
            self.add_error("reference", "Enter a customer reference, or a name and postcode")
        return data
