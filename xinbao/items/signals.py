"""What the items app tells higher layers (scoring, insights …) without importing them.

Django signals sent inside the acting transaction; a receiver that must not slow the user's click
defers its work with ``transaction.on_commit`` or a task (see docs/decisions/0014-scoring-after-commit.md).
"""

from django.dispatch import Signal

# Adoption rows were recorded, or existing ones gained their publication issue. kwargs: adoptions (a list:
# one for a hub's decision, an issue's entries at once when it is published; credits prefetched).
item_adopted = Signal()
# An adoption was revoked (undone before use, or withdrawn by the hub). kwargs: adoption.
adoption_revoked = Signal()
# A 转送/交办 or 差错 record (items.Outcome) was recorded or withdrawn. kwargs: outcome.
outcome_changed = Signal()
