"""Demo data: the Hải Phòng inbox of plan years 2024 and 2025, written the way the department's
staff would keep it.

``write_demo_inbox(inbox, seed, seeds_dir=...)`` writes each year's contracts, payments, coverage
(CSV, workbook; RSS and Atom feeds for 2025), events, targets and reviews, the shared agencies
list and index figures, plus ``_inbox.json`` marking the folder as demo data. The same seed
always gives byte-identical files. The caller names the dbt seeds folder the agreed unit prices
come from.
"""

from ingestion.demo.inbox import DEMO_FILES, DEMO_YEARS, write_demo_inbox

__all__ = ["DEMO_FILES", "DEMO_YEARS", "write_demo_inbox"]
