"""Cases for §2.1 dates and presentation."""
from common import base, clone, write

# DATE-LATE-SHIPMENT: base ships 2025-10-15, L/C latest 2025-10-20 (44C).
s = base()
for bl in s["bills_of_lading"]:
    bl["on_board_notation"]["date"] = "2025-10-20"
    bl["issue_date"] = "2025-10-20"
write("DATE-LATE-SHIPMENT", "passes-edge-shipped-on-the-latest-day", s)
s = clone(s)
for bl in s["bills_of_lading"]:
    bl["on_board_notation"]["date"] = "2025-10-21"
    bl["issue_date"] = "2025-10-21"
write("DATE-LATE-SHIPMENT", "fires-beyond-one-day-late", s)
write("DATE-LATE-SHIPMENT", "passes-shipped-before", base())
s = base()
s["bills_of_lading"] = []
write("DATE-LATE-SHIPMENT", "na-no-bill-of-lading", s)
