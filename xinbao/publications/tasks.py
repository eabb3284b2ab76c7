"""Background work of publications: the PDF of a published issue (LibreOffice takes seconds, so it
runs after publishing commits, in ``manage.py worker``, not inside the publishing transaction)."""

from __future__ import annotations

from django_tasks import task


@task()
def make_issue_pdf(issue_id: int) -> str:
    from . import actions

    return actions.store_issue_pdf(None, issue_id)
