"""Cases for §2.9 collection (URC 522), §2.10 LC presentation and references, and the §2.6
rules X-BL-NUMBER and COL-STRAIGHT-BL.

Collection cases start from apples-cif-dp-clean (D/P at sight, B/L OSLQDRTM2510417, invoice
YGO-INV-25-131 for USD 34056.00, shipping advice, insurance and collection instruction all
quoting the B/L number); L/C cases from apples-cfr-lc-clean (credit NHB25LC04417 asking for
its number on all documents, 46A = presentation.documents).
"""
from common import base, clone, write

DP = "apples-cif-dp-clean"
LC = "apples-cfr-lc-clean"


def dp():
    return base(DP)


def entry(lst, code):
    return next(d for d in lst if d["type"] == code)


def set_tenor(s, tenor, method=None, release=None):
    """Same tenor on the contract, the draft and the instruction (and release terms)."""
    s["contract"]["payment"]["tenor"] = tenor
    s["draft"]["tenor"] = tenor
    s["collection_instruction"]["tenor"] = tenor
    if method is not None:
        s["contract"]["payment"]["method"] = method
    if release is not None:
        s["collection_instruction"]["release"] = release


def with_deposit(s):
    """10 % deposit by T/T, balance D/P: invoice shows deposit and balance, draft and
    instruction collect the balance."""
    s["contract"]["payment"] = {"method": "TT+DP", "deposit_pct": "10", "tenor": "AT SIGHT"}
    s["invoice"]["deposit_received"] = "3405.60"
    s["invoice"]["balance_due"] = "30650.40"
    s["draft"]["amount"] = "30650.40"
    s["draft"]["amount_in_words"] = (
        "SAY US DOLLARS THIRTY THOUSAND SIX HUNDRED AND FIFTY AND CENTS FORTY ONLY")
    s["collection_instruction"]["amount"] = "30650.40"
    return s


# ---------------------------------------------------------------- X-BL-NUMBER
R = "X-BL-NUMBER"
write(R, "passes-all-quote-the-bl-number", dp())
s = dp()
s["shipping_advice"]["bl_number"] = "OSLQ-DRTM 2510417"
write(R, "passes-written-with-hyphen-and-space", s)
s = dp()
s["shipping_advice"]["bl_number"] = "OSLQDRTM2510471"
write(R, "fires-shipping-advice-digits-swapped", s)
s = dp()
s["insurance_certificate"]["bl_number"] = "OSLQDRTM2510418"
s["collection_instruction"]["bl_number"] = "OSLQDRTM2510418"
write(R, "fires-insurance-and-instruction-quote-another-bl", s)
s = dp()
s["bills_of_lading"] = []
s["shipping_advice"]["bl_number"] = None
s["insurance_certificate"]["bl_number"] = None
s["collection_instruction"]["bl_number"] = None
for lst in (s["presentation"]["documents"], s["collection_instruction"]["documents_enclosed"]):
    lst[:] = [d for d in lst if d["type"] != "BL"]
write(R, "na-no-bill-of-lading", s)

# ---------------------------------------------------------------- COL-STRAIGHT-BL
R = "COL-STRAIGHT-BL"
write(R, "passes-to-order", dp())
s = dp()
s["bills_of_lading"][0]["consignee"] = "TO ORDER OF ROTTERDAM FRESH IMPORT B.V."
write(R, "passes-to-order-of-the-drawee", s)
s = dp()
buyer = s["contract"]["buyer"]
s["bills_of_lading"][0]["consignee"] = buyer["name"] + ", " + buyer["address"]
s["bills_of_lading"][0]["consignee_party"] = clone(buyer)
write(R, "fires-straight-bl-to-the-drawee", s)
s = dp()
s["bills_of_lading"][0]["consignee"] = "Rotterdam Fresh Import B.V."
write(R, "fires-straight-bl-name-only", s)
write(R, "na-letter-of-credit", base(LC))

# ---------------------------------------------------------------- COL-URC522
R = "COL-URC522"
write(R, "passes-subject-to-urc522", dp())
s = dp()
s["collection_instruction"]["subject_to_urc522"] = False
write(R, "fires-not-subject-to-urc522", s)
s = dp()
s["collection_instruction"] = None
write(R, "na-no-collection-instruction", s)

# ---------------------------------------------------------------- COL-AMOUNT
R = "COL-AMOUNT"
write(R, "passes-invoice-total", dp())
write(R, "passes-balance-due-after-deposit", with_deposit(dp()))
s = dp()
s["collection_instruction"]["amount"] = "34056.01"
write(R, "fires-beyond-one-cent-over", s)
s = with_deposit(dp())
s["collection_instruction"]["amount"] = "34056.00"
write(R, "fires-total-instead-of-balance-due", s)
s = dp()
s["collection_instruction"] = None
write(R, "na-no-collection-instruction", s)

# ---------------------------------------------------------------- COL-DOC-LIST
R = "COL-DOC-LIST"
write(R, "passes-list-matches-the-set", dp())
s = dp()
entry(s["collection_instruction"]["documents_enclosed"], "INVOICE")["copies"] = 3
write(R, "fires-invoice-copies-differ", s)
s = dp()
s["certificate_of_origin"] = None
s["presentation"]["documents"] = [d for d in s["presentation"]["documents"] if d["type"] != "CO"]
write(R, "fires-listed-co-not-in-the-set", s)
s = dp()
s["collection_instruction"]["documents_enclosed"] = [
    d for d in s["collection_instruction"]["documents_enclosed"] if d["type"] != "INSURANCE"]
write(R, "fires-insurance-enclosed-not-listed", s)
s = dp()
s["collection_instruction"] = None
write(R, "na-no-collection-instruction", s)

# ---------------------------------------------------------------- COL-TERMS-TENOR
R = "COL-TERMS-TENOR"
write(R, "passes-dp-at-sight", dp())
s = dp()
set_tenor(s, "60 DAYS AFTER SIGHT", method="DA", release="D/A")
write(R, "passes-da-60-days-after-sight", s)
s = dp()
set_tenor(s, "30 DAYS AFTER SIGHT")
write(R, "fires-dp-with-30-days-after-sight", s)
s = dp()
set_tenor(s, "AT SIGHT", method="DA", release="D/A")
write(R, "fires-da-with-sight-draft", s)
s = dp()
set_tenor(s, "60 DAYS AFTER B/L DATE")
s["collection_instruction"]["release"] = None
write(R, "fires-usance-without-release-terms", s)
s = dp()
s["collection_instruction"] = None
write(R, "na-no-collection-instruction", s)

# ---------------------------------------------------------------- COL-TERMS-CONTRACT
R = "COL-TERMS-CONTRACT"
write(R, "passes-dp-at-sight-as-contracted", dp())
s = dp()
set_tenor(s, "60 DAYS AFTER B/L DATE", method="DA", release="D/A")
s["collection_instruction"]["tenor"] = "AT 60 DAYS FROM THE DATE OF BILL OF LADING"
write(R, "passes-same-tenor-other-wording", s)
s = dp()
s["draft"]["tenor"] = "60 DAYS AFTER SIGHT"
s["collection_instruction"]["tenor"] = "60 DAYS AFTER SIGHT"
s["collection_instruction"]["release"] = "D/A"
write(R, "fires-da-60-days-against-contract-dp-at-sight", s)
s = dp()
set_tenor(s, "60 DAYS AFTER SIGHT", method="DA", release="D/A")
s["draft"]["tenor"] = "30 DAYS AFTER SIGHT"
s["collection_instruction"]["tenor"] = "30 DAYS AFTER SIGHT"
write(R, "fires-30-days-against-contract-60-days", s)
s = dp()
s["collection_instruction"] = None
write(R, "na-no-collection-instruction", s)

# ---------------------------------------------------------------- LC-DOCS-MISSING
R = "LC-DOCS-MISSING"
write(R, "passes-edge-exactly-the-required-counts", base(LC))
s = base(LC)
pl = entry(s["presentation"]["documents"], "PACKING_LIST")
pl["originals"], pl["copies"] = 2, 1
write(R, "passes-edge-extra-original-counts-as-copy", s)
s = base(LC)
entry(s["presentation"]["documents"], "PACKING_LIST")["copies"] = 1
write(R, "fires-beyond-one-copy-short", s)
s = base(LC)
entry(s["presentation"]["documents"], "BL")["originals"] = 2
write(R, "fires-beyond-one-original-short", s)
s = base(LC)
s["phytosanitary_certificate"] = None
s["presentation"]["documents"] = [d for d in s["presentation"]["documents"] if d["type"] != "PHYTO"]
write(R, "fires-phyto-missing", s)
write(R, "na-no-letter-of-credit", dp())

# ---------------------------------------------------------------- LC-REF-MISSING
R = "LC-REF-MISSING"
write(R, "passes-credit-number-on-all-documents", base(LC))
s = base(LC)
s["packing_list"]["lc_number"] = "NHB 25 LC 04417"
write(R, "passes-written-with-spaces", s)
s = base(LC)
s["bills_of_lading"][0]["lc_number"] = "NHB25LC04471"
write(R, "fires-mistyped-on-bl", s)
s = base(LC)
s["packing_list"]["lc_number"] = None
s["invoice"]["lc_number"] = None
write(R, "fires-missing-on-invoice-and-packing-list", s)
s = base(LC)
s["lc"]["lc_number_on_all_documents"] = False
write(R, "na-credit-does-not-ask", s)

# ---------------------------------------------------------------- ADV-INVOICE-REF
R = "ADV-INVOICE-REF"
write(R, "passes-number-and-amount-agree", base(LC))
s = base(LC)
s["shipping_advice"]["invoice_number"] = "YGO-25-1181"
write(R, "fires-invoice-number-mistyped", s)
s = base(LC)
s["shipping_advice"]["invoice_amount"] = "32472.01"
write(R, "fires-beyond-amount-one-cent-over", s)
s = base(LC)
s["shipping_advice"] = None
s["lc"]["shipping_advice_within_days"] = None
for lst in (s["presentation"]["documents"], s["lc"]["documents_required"]):
    lst[:] = [d for d in lst if d["type"] != "SHIPPING_ADVICE"]
write(R, "na-no-shipping-advice", s)

# ---------------------------------------------------------------- X-BL-NUMBER (several B/Ls)
# Two B/Ls quoted in one field, separated by "/" or AND.
R = "X-BL-NUMBER"
s = dp()
second = clone(s["bills_of_lading"][0])
second["number"] = "OSLQDRTM2510418"
s["bills_of_lading"].append(second)
s["shipping_advice"]["bl_number"] = "OSLQDRTM2510417 / OSLQDRTM2510418"
s["insurance_certificate"]["bl_number"] = "OSLQDRTM2510417 AND OSLQDRTM2510418"
s["collection_instruction"]["bl_number"] = "OSLQDRTM2510417 & OSLQDRTM2510418"
write(R, "passes-two-bls-quoted-with-slash-and-and", s)
s = clone(s)
s["shipping_advice"]["bl_number"] = "OSLQDRTM2510417 / OSLQDRTM2510419"
write(R, "fires-two-bls-quoted-one-unknown", s)
