"""Demo data: the Hải Phòng 2025 inbox, written the way the department's staff would keep it.

``write_demo_inbox(inbox, seed, seeds_dir=...)`` writes contracts, payments, coverage (CSV,
workbook, RSS and Atom feeds), index figures, agencies, events and targets, plus ``_inbox.json``
marking the folder as demo data. The same seed always gives byte-identical files. The caller
names the dbt seeds folder the agreed unit prices come from.
"""

from ingestion.demo.inbox import DEMO_FILES, write_demo_inbox

__all__ = ["DEMO_FILES", "write_demo_inbox"]
