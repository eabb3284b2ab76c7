"""Every write on information items, one module per sub-area (as Zulip's ``zerver/actions/``):

- ``drafting``: drafts, 报送 to the signer, 撤回 and reopening;
- ``signoff``: 签发 (or return to the writer) and sending to the unit's own hubs;
- ``screening``: the hub's decisions (采用/退回/不采用/备用) and resubmission;
- ``editing``: the hub's edits (versions), 综合 and 转报;
- ``adoption``: adoption records in and outside the system, with credits;
- ``attachments``: files of an item, and presence marks.

Each action checks the duty (``xinbao.orgs.duties``), validates, changes state through ``states.py``,
writes the audit row and tells the people concerned (through the read policy), in one transaction.
"""

from ._common import DRAFT_CATEGORIES, TEXT_FIELDS, search_text
from .adoption import AdoptionRecord, record_adoption, record_external_adoption
from .attachments import ATTACHMENT_TYPES, add_attachment, check_file, remove_attachment, touch_presence
from .drafting import create_draft, delete_draft, recall, reopen, submit, update_draft, withdraw
from .editing import edit_submission, forward, merge
from .screening import adopt, reject, resend_forward, reserve, return_submission
from .signoff import resubmit, return_signoff, sign_off

__all__ = [
    "ATTACHMENT_TYPES",
    "DRAFT_CATEGORIES",
    "TEXT_FIELDS",
    "AdoptionRecord",
    "add_attachment",
    "adopt",
    "check_file",
    "create_draft",
    "delete_draft",
    "edit_submission",
    "forward",
    "merge",
    "recall",
    "record_adoption",
    "record_external_adoption",
    "reject",
    "remove_attachment",
    "reopen",
    "resend_forward",
    "reserve",
    "resubmit",
    "return_signoff",
    "return_submission",
    "search_text",
    "sign_off",
    "submit",
    "touch_presence",
    "update_draft",
    "withdraw",
]
