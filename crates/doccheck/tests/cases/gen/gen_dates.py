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


def ship_on(s, date):
    """Every B/L issued and shipped on board on `date`."""
    for bl in s["bills_of_lading"]:
        bl["issue_date"] = date
        if bl.get("on_board_notation"):
            bl["on_board_notation"]["date"] = date


CIF = "apples-cif-dp-clean"

# DATE-EARLY-SHIPMENT: base ships 2025-10-15 (Wed); the credit states no period, so the
# contract's earliest shipment date (2025-10-01) applies.
R = "DATE-EARLY-SHIPMENT"
write(R, "passes-shipped-inside-the-period", base())
s = base()
s["contract"]["shipment_earliest"] = "2025-10-15"
write(R, "passes-edge-shipped-on-the-contract-earliest-day", s)
s = base()
s["contract"]["shipment_earliest"] = "2025-10-16"
write(R, "fires-beyond-shipped-one-day-before-the-contract-earliest-day", s)
# "On or about 2025-10-20": 2025-10-15 to 2025-10-25 (art. 3); 44C is the window's last day.
s = base()
s["lc"]["shipment_on_or_about"] = "2025-10-20"
s["lc"]["latest_shipment_date"] = "2025-10-25"
write(R, "passes-edge-on-or-about-five-days-before", s)
s = base()
s["lc"]["shipment_on_or_about"] = "2025-10-21"
s["lc"]["latest_shipment_date"] = "2025-10-26"
write(R, "fires-beyond-on-or-about-six-days-before", s)
# 44D period "from 2025-10-16 to 2025-10-20": the credit's period wins over the contract.
s = base()
s["lc"]["shipment_period"] = {"from": "2025-10-16", "to": "2025-10-20"}
write(R, "fires-before-the-credit-period", s)
s = base()
s["lc"]["shipment_period"] = {"from": "2025-10-15", "to": "2025-10-20"}
write(R, "passes-edge-first-day-of-the-credit-period", s)
s = base()
s["bills_of_lading"] = []
write(R, "na-no-bill-of-lading", s)

# DATE-PRESENTATION-PERIOD: shipped 2025-10-15 (Wed); day 21 = 2025-11-05 (Wed).
R = "DATE-PRESENTATION-PERIOD"
write(R, "passes-presented-on-day-7", base())
s = base()
s["presentation"]["date"] = "2025-11-05"
write(R, "passes-edge-presented-on-day-21", s)
s = base()
s["presentation"]["date"] = "2025-11-06"
write(R, "fires-beyond-presented-on-day-22", s)
# Period left to the default: null = 21 days.
s = base()
s["lc"]["presentation_period_days"] = None
s["presentation"]["date"] = "2025-11-06"
write(R, "fires-beyond-default-21-days", s)
# Shipped Saturday 2025-10-18: day 21 is Saturday 2025-11-08, extended to Monday 2025-11-10
# (art. 29(a)); Tuesday 2025-11-11 is too late. The shipping advice follows the shipment.
s = base()
ship_on(s, "2025-10-18")
s["shipping_advice"]["date"] = "2025-10-19"
s["shipping_advice"]["etd"] = "2025-10-18"
s["presentation"]["date"] = "2025-11-10"
write(R, "passes-edge-day-21-on-a-saturday-presented-monday", s)
s = clone(s)
s["presentation"]["date"] = "2025-11-11"
write(R, "fires-beyond-day-21-on-a-saturday-presented-tuesday", s)
# Day 21 (2025-11-05) a bank holiday listed in the credit: Thursday 2025-11-06 complies.
s = base()
s["lc"]["bank_closed_dates"] = ["2025-11-05"]
s["presentation"]["date"] = "2025-11-06"
write(R, "passes-edge-day-21-a-bank-holiday-presented-next-day", s)
s = clone(s)
s["presentation"]["date"] = "2025-11-07"
write(R, "fires-beyond-day-21-a-bank-holiday-presented-two-days-later", s)
write(R, "na-no-credit", base(CIF))

# DATE-LC-EXPIRY: the base credit expires Saturday 2025-11-15; presentation 2025-10-22.
R = "DATE-LC-EXPIRY"
write(R, "passes-presented-before-expiry", base())
s = base()
s["lc"]["expiry_date"] = "2025-10-31"  # Friday
s["presentation"]["date"] = "2025-10-31"
write(R, "passes-edge-presented-on-the-expiry-date", s)
s = base()
s["lc"]["expiry_date"] = "2025-10-30"  # Thursday
s["presentation"]["date"] = "2025-10-31"
write(R, "fires-beyond-presented-one-day-after-expiry", s)
s = base()
s["lc"]["expiry_date"] = "2025-11-01"  # Saturday: extended to Monday 2025-11-03
s["presentation"]["date"] = "2025-11-03"
write(R, "passes-edge-expiry-on-a-saturday-presented-monday", s)
s = clone(s)
s["presentation"]["date"] = "2025-11-04"
write(R, "fires-beyond-expiry-on-a-saturday-presented-tuesday", s)
s = base()
s["lc"]["expiry_date"] = "2025-10-31"  # Friday, a bank holiday: extended to Monday
s["lc"]["bank_closed_dates"] = ["2025-10-31"]
s["presentation"]["date"] = "2025-11-03"
write(R, "passes-edge-expiry-on-a-bank-holiday-presented-next-banking-day", s)
write(R, "na-no-credit", base(CIF))

# DATE-DOC-AFTER-PRESENTATION: base presented 2025-10-22, the draft dated that day.
R = "DATE-DOC-AFTER-PRESENTATION"
write(R, "passes-edge-draft-dated-on-the-presentation-day", base())
s = base()
s["draft"]["date"] = "2025-10-23"
write(R, "fires-beyond-draft-dated-one-day-after-presentation", s)
s = base()
s["certificate_of_origin"]["issue_date"] = "2025-10-24"
s["phytosanitary_certificate"]["issue_date"] = "2025-10-25"
write(R, "fires-certificate-of-origin-and-phyto-dated-after-presentation", s)
# A document dated before the credit was issued (2025-09-10) is fine (art. 14(i)).
s = base()
s["packing_list"]["date"] = "2025-09-05"
s["invoice"]["date"] = "2025-09-05"
write(R, "passes-invoice-and-packing-list-dated-before-the-credit", s)
s = base(CIF)
s["insurance_certificate"]["issue_date"] = "2025-10-21"
s["insurance_certificate"]["cover_effective_date"] = "2025-10-15"
write(R, "fires-insurance-dated-after-the-collection-presentation", s)

# INS-DATE: CIF base ships 2025-10-15; the insurance certificate is dated 2025-10-14.
R = "INS-DATE"
write(R, "passes-insured-before-shipment", base(CIF))
s = base(CIF)
s["insurance_certificate"]["issue_date"] = "2025-10-15"
write(R, "passes-edge-insured-on-the-shipment-day", s)
s = base(CIF)
s["insurance_certificate"]["issue_date"] = "2025-10-16"
write(R, "fires-beyond-insured-one-day-after-shipment", s)
s = clone(s)
s["insurance_certificate"]["cover_effective_date"] = "2025-10-15"
write(R, "passes-edge-dated-after-shipment-cover-effective-on-the-shipment-day", s)
s = clone(s)
s["insurance_certificate"]["cover_effective_date"] = "2025-10-16"
write(R, "fires-beyond-cover-effective-one-day-after-shipment", s)
s = base(CIF)
s["insurance_certificate"]["issue_date"] = "2025-10-16"
s["insurance_certificate"]["notes"] = ["WAREHOUSE TO WAREHOUSE CLAUSE"]
write(R, "fires-warehouse-to-warehouse-wording-does-not-cure", s)
write(R, "na-cfr-sale-no-insurance", base())

# PHYTO-DATE-AFTER-SHIPMENT: base inspected 2025-10-12, issued 2025-10-13, shipped 2025-10-15.
R = "PHYTO-DATE-AFTER-SHIPMENT"
write(R, "passes-inspected-before-shipment", base())
s = base()
s["phytosanitary_certificate"]["inspection_date"] = "2025-10-15"
s["phytosanitary_certificate"]["issue_date"] = "2025-10-15"
write(R, "passes-edge-inspected-on-the-shipment-day", s)
s = base()
s["phytosanitary_certificate"]["inspection_date"] = "2025-10-16"
s["phytosanitary_certificate"]["issue_date"] = "2025-10-16"
write(R, "fires-beyond-inspected-one-day-after-shipment", s)
# Issued after shipment, inspection shown before it: acceptable (ISBP Q2(b)).
s = base()
s["phytosanitary_certificate"]["issue_date"] = "2025-10-17"
write(R, "passes-issued-after-shipment-inspected-before", s)
s = base()
s["phytosanitary_certificate"]["inspection_date"] = None
s["phytosanitary_certificate"]["issue_date"] = "2025-10-16"
write(R, "fires-no-inspection-date-issued-after-shipment", s)
s = base()
del s["phytosanitary_certificate"]
write(R, "na-no-phytosanitary-certificate", s)

# PHYTO-INSPECTION-STALE (14 days by default): shipped 2025-10-15.
R = "PHYTO-INSPECTION-STALE"
write(R, "passes-inspected-three-days-before-shipment", base())
s = base()
s["phytosanitary_certificate"]["inspection_date"] = "2025-10-01"
write(R, "passes-edge-inspected-14-days-before-shipment", s)
s = base()
s["phytosanitary_certificate"]["inspection_date"] = "2025-09-30"
write(R, "fires-beyond-inspected-15-days-before-shipment", s)
s = base()
s["phytosanitary_certificate"]["inspection_date"] = None
s["phytosanitary_certificate"]["issue_date"] = "2025-09-30"
write(R, "fires-no-inspection-date-issued-15-days-before", s)
s = base()
del s["phytosanitary_certificate"]
write(R, "na-no-phytosanitary-certificate", s)

# ADV-TIMING: the credit (47A) wants the advice within 2 days; shipped 2025-10-15.
R = "ADV-TIMING"
write(R, "passes-advice-the-day-after-shipment", base())
s = base()
s["shipping_advice"]["date"] = "2025-10-17"
write(R, "passes-edge-advice-on-day-2", s)
s = base()
s["shipping_advice"]["date"] = "2025-10-18"
write(R, "fires-beyond-advice-on-day-3", s)
# No credit: the contract's deadline (2 days) applies.
s = base(CIF)
s["shipping_advice"]["date"] = "2025-10-18"
write(R, "fires-contract-deadline-without-credit", s)
# The credit silent, the contract's deadline applies.
s = base()
s["lc"]["shipping_advice_within_days"] = None
s["contract"]["shipping_advice_within_days"] = 1
s["shipping_advice"]["date"] = "2025-10-17"
write(R, "fires-credit-silent-contract-deadline", s)
s = base(CIF)
s["contract"]["shipping_advice_within_days"] = None
write(R, "na-no-deadline", s)


# --- The latest shipment date from a 44D period or "on or about" (UCP 600 art. 3) -------
# The credit states no 44C; the contract allows until 2025-10-31, so only the credit's own
# period or "on or about" date can make the base (shipped 2025-10-15) late.
R = "DATE-LATE-SHIPMENT"


def credit_without_44c(s):
    s["lc"]["latest_shipment_date"] = None
    s["contract"]["shipment_latest"] = "2025-10-31"
    return s


s = credit_without_44c(base())
s["lc"]["shipment_period"] = {"from": "2025-10-01", "to": "2025-10-15"}
write(R, "passes-edge-shipped-on-the-last-day-of-the-credit-period", s)
s = credit_without_44c(base())
s["lc"]["shipment_period"] = {"from": "2025-10-01", "to": "2025-10-14"}
write(R, "fires-beyond-shipped-the-day-after-the-credit-period", s)
# "On or about 2025-10-10": until 2025-10-15 included.
s = credit_without_44c(base())
s["lc"]["shipment_on_or_about"] = "2025-10-10"
write(R, "passes-edge-shipped-five-days-after-on-or-about", s)
s = credit_without_44c(base())
s["lc"]["shipment_on_or_about"] = "2025-10-09"
write(R, "fires-beyond-shipped-six-days-after-on-or-about", s)

# --- Partial shipments: B/Ls on different vessels are different shipments ---------------
# The base split in two B/Ls (660 cartons each), the second on another vessel and voyage;
# partial shipments allowed. Each shipment counts: the earliest for the first permitted day
# and for the presentation period (ISBP 745 E19(c)); B/Ls on the same vessel and voyage are
# one shipment, dated by the latest of them (art. 31(b)).
from gen_transport import split_in_two  # noqa: E402


def two_vessels(on_board, vessel="COSCO SHIPPING ARIES", voyage="031W"):
    s = split_in_two(base(), vessel=vessel, voyage=voyage, on_board=on_board)
    s["lc"]["partial_shipments"] = "ALLOWED"
    s["contract"]["partial_shipments"] = "ALLOWED"
    return s


def same_vessel(on_board):
    return split_in_two(base(), on_board=on_board)


R = "DATE-EARLY-SHIPMENT"
write(R, "fires-second-vessel-shipped-before-the-contract-earliest-day", two_vessels("2025-09-30"))
write(R, "passes-edge-second-vessel-shipped-on-the-contract-earliest-day", two_vessels("2025-10-01"))
write(R, "passes-same-vessel-and-voyage-one-bl-dated-earlier", same_vessel("2025-09-30"))

R = "DATE-PRESENTATION-PERIOD"
# Presented 2025-10-22: day 21 after 2025-10-01 is 2025-10-22; after 2025-09-30, 2025-10-21.
write(R, "passes-edge-day-21-after-the-earlier-vessel", two_vessels("2025-10-01"))
write(R, "fires-beyond-day-22-after-the-earlier-vessel", two_vessels("2025-09-30"))
write(R, "passes-same-vessel-and-voyage-counted-from-the-later-bl", same_vessel("2025-09-30"))
# A period beyond the calendar (4000000000 days): no last day can be computed.
s = base()
s["lc"]["presentation_period_days"] = 4000000000
write(R, "na-period-beyond-the-calendar", s)
