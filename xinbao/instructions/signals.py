"""What the instructions app tells higher layers (scoring) without importing them."""

from django.dispatch import Signal

# A leader's 批示 was recorded. kwargs: instruction.
instruction_recorded = Signal()
# An instruction was closed (办结). kwargs: instruction.
instruction_closed = Signal()
