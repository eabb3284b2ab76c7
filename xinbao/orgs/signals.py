"""Signals of ``orgs`` for higher layers (orgs may not import them).

``credentials_reset``: an account's password was reset (or the account was deactivated), sent
inside the action's transaction. The API app revokes the account's tokens on it, so that
whoever held the old password cannot keep access through a token issued with it.
Arguments: ``actor`` (the acting user, None = the system), ``person``, ``reason`` (an action code).
"""

from django.dispatch import Signal

credentials_reset = Signal()

# ``unit_urged``: a hub urged a unit without an officer on duty to register one (督促). The notify app
# tells the unit's signers. Arguments: ``actor``, ``unit``, ``note``.
unit_urged = Signal()
