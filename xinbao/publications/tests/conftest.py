import pytest


@pytest.fixture(autouse=True)
def _media_and_no_pdf(settings, tmp_path):
    # Files go to a temporary media root; PDF conversion (LibreOffice, ~2 s) only where a test asks for it.
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.XINBAO_ISSUE_PDF = False
