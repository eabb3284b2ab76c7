from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from xinbao.orgs.models import Unit

from .models import WebhookEndpoint


class EndpointForm(forms.ModelForm):
    # A code, not a drop-down: there may be tens of thousands of units.
    unit_code = forms.CharField(
        label=_("单位编码"), max_length=40, widget=forms.TextInput(attrs={"class": "form-control"})
    )

    class Meta:
        model = WebhookEndpoint
        fields = ["name", "url", "secret", "kinds", "active"]
        widgets = {
            "name": forms.TextInput(attrs={"class": "form-control"}),
            "url": forms.URLInput(attrs={"class": "form-control", "placeholder": "http://im.example.gov/robot/…"}),
            "secret": forms.TextInput(attrs={"class": "form-control", "autocomplete": "off"}),
            "kinds": forms.TextInput(attrs={"class": "form-control", "placeholder": "urgent., instructions."}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["unit_code"].initial = self.instance.unit.code
            self.fields["unit_code"].disabled = True

    def clean_unit_code(self) -> Unit:
        code = self.cleaned_data["unit_code"].strip()
        unit = Unit.objects.alive().filter(code=code).first()
        if unit is None:
            raise forms.ValidationError(_("找不到编码为“%(c)s”的单位。") % {"c": code})
        return unit
