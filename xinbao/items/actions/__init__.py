"""Every write on information items, one module per sub-area (as Zulip's ``zerver/actions/``):

- ``drafting``: drafts, 报送 to the signer, 撤回 and reopening;
- ``signoff``: 签发 (or return to the writer) and sending to the unit's own hubs;
- ``screening``: the hub's decisions (采用/退回/不采用/备用) and resubmission;
- ``editing``: the hub's edits (versions), 综合 and 转报;
- ``forwarding``: 转报 with the chief's approval where the hub wants it (提请/批准/不批准, the setting);
- ``adoption``: adoption records in and outside the system, with credits;
- ``issue_adoption``: publishing an issue adopts all of its entries at once;
- ``attachments``: files of an item, and presence marks;
- ``outcomes``: 原稿转送/交办 and 差错通报 recorded by the hub (scoring facts besides adoption).

Each action checks the duty (``xinbao.orgs.duties``), validates, changes state through ``states.py``,
writes the audit row and tells the people concerned (through the read policy), in one transaction.
"""

from ._common import DRAFT_CATEGORIES, TEXT_FIELDS, search_text
from .adoption import AdoptionRecord, IssuePrint, record_adoption, record_direct_adoption, record_external_adoption
from .attachments import ATTACHMENT_TYPES, add_attachment, check_file, remove_attachment, touch_presence
from .drafting import create_draft, delete_draft, recall, reopen, submit, update_draft, withdraw
from .editing import edit_submission, forward, merge
from .forwarding import approve_forward, decline_forward, request_forward, set_forward_adopts, set_forward_approval
from .issue_adoption import adopt_in_issue
from .outcomes import record_outcome, withdraw_outcome
from .screening import (
    adopt,
    next_pending,
    register_use_check,
    reject,
    resend_forward,
    reserve,
    return_submission,
    undo_adopt,
)
from .signoff import resubmit, return_signoff, sign_off

__all__ = [
    "ATTACHMENT_TYPES",
    "DRAFT_CATEGORIES",
    "TEXT_FIELDS",
    "AdoptionRecord",
    "IssuePrint",
    "add_attachment",
    "adopt",
    "adopt_in_issue",
    "approve_forward",
    "check_file",
    "create_draft",
    "decline_forward",
    "delete_draft",
    "edit_submission",
    "forward",
    "merge",
    "next_pending",
    "recall",
    "record_adoption",
    "record_direct_adoption",
    "record_external_adoption",
    "record_outcome",
    "register_use_check",
    "reject",
    "remove_attachment",
    "reopen",
    "request_forward",
    "resend_forward",
    "reserve",
    "resubmit",
    "return_signoff",
    "return_submission",
    "search_text",
    "set_forward_adopts",
    "set_forward_approval",
    "sign_off",
    "submit",
    "touch_presence",
    "undo_adopt",
    "update_draft",
    "withdraw",
    "withdraw_outcome",
]
