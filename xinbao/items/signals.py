"""What the items app tells higher layers (scoring, insights …) without importing them.

Django signals sent inside the acting transaction; a receiver that must not slow the user's click
defers its work with ``transaction.on_commit`` or a task (see docs/decisions/0006-signals.md).
"""

from django.dispatch import Signal

# An Adoption row was recorded, or an existing one gained its publication issue. kwargs: adoption.
item_adopted = Signal()
# An adoption was revoked (undone before use, or withdrawn by the hub). kwargs: adoption.
adoption_revoked = Signal()
# A 转送/交办 or 差错 record (items.Outcome) was recorded or withdrawn. kwargs: outcome.
outcome_changed = Signal()
