"""Rebuild insights' search documents and similarity index from the items and submissions in the database
(after a bulk import, a restore, or a change to the hubs' dictionaries)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from xinbao.insights.tasks import rebuild_items, rebuild_submissions
from xinbao.insights.text import load_hub_dictionary


class Command(BaseCommand):
    help = "重建统计分析的全文检索和相似信息索引"

    def handle(self, *args: Any, **options: Any) -> None:
        load_hub_dictionary()
        items = rebuild_items(progress=lambda n: self.stdout.write(f"items: {n}") if n % 50_000 == 0 else None)
        subs = rebuild_submissions()
        self.stdout.write(self.style.SUCCESS(f"indexed {items} items and {subs} submissions"))
