"""What urgent tells higher layers (scoring) without importing them."""

from django.dispatch import Signal

# A finding was made (迟报 computed, 漏报/瞒报/误报 recorded) or withdrawn. kwargs: finding.
finding_changed = Signal()
