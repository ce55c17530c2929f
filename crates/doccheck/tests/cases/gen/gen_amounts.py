"""Cases for §2.2 amounts, quantities, prices, arithmetic.

Bases: apples-cfr-lc-clean (1320 cartons at USD 24.60 CFR under an L/C of USD 32472.00, no
tolerance, quantity in packing units, partial shipments not allowed), apples-cif-dp-clean
(the same apples at USD 25.80 CIF under a D/P collection, insured for 110 %) and
aluminium-fob-tt-clean (20.000 MT at USD 3250.00 + 22.000 MT at USD 3380.00 FOB, T/T with a
30 % deposit, contract more or less 5 %, no credit).

A case changes what it needs and keeps the rest of the set consistent with it (packages,
weights, marks, amounts in words, draft, shipping advice, collection, insurance).
"""
from decimal import Decimal, ROUND_CEILING, ROUND_FLOOR

from common import base, clone, write
from make_clean_aluminium import words

D = Decimal


def m2(d):
    return str(D(d).quantize(D("0.01")))


def m2_floor(d):
    return str(D(d).quantize(D("0.01"), rounding=ROUND_FLOOR))


def ceil2(d):
    return str(D(d).quantize(D("0.01"), rounding=ROUND_CEILING))


def apples():
    return base("apples-cfr-lc-clean")


def apples_cif():
    return base("apples-cif-dp-clean")


def alu():
    return base("aluminium-fob-tt-clean")


# --- keeping a set consistent ----------------------------------------------------------


def cover_pct(s):
    lc = s.get("lc")
    if lc and lc.get("insurance_required"):
        return D(lc["insurance_required"]["pct"])
    if s["contract"].get("insurance"):
        return D(s["contract"]["insurance"]["pct"])
    return D("110")


def set_invoice_total(s, total):
    """The invoice total changes: its words, the balance after a deposit, and the amounts
    that follow the invoice (shipping advice, draft, collection, insurance cover)."""
    inv = s["invoice"]
    total = m2(total)
    inv["total_amount"] = total
    inv["amount_in_words"] = words(total, inv["currency"])
    demanded = total
    if inv.get("deposit_received") is not None:
        inv["balance_due"] = m2(D(total) - D(inv["deposit_received"]))
        demanded = inv["balance_due"]
    if s.get("shipping_advice"):
        s["shipping_advice"]["invoice_amount"] = total
    if s.get("draft"):
        s["draft"]["amount"] = demanded
        s["draft"]["amount_in_words"] = words(demanded, s["draft"]["currency"])
    if s.get("collection_instruction"):
        s["collection_instruction"]["amount"] = demanded
    if s.get("insurance_certificate"):
        s["insurance_certificate"]["insured_amount"] = ceil2(D(total) * cover_pct(s) / 100)


def sum_lines(s):
    inv = s["invoice"]
    total = sum(D(l["amount"]) for l in inv["lines"])
    for ch in inv.get("charges", []):
        total += D(ch["amount"])
    return total


APPLE_NET, APPLE_GROSS, APPLE_CBM = D("18.00"), D("19.20"), D("57.42") / 1320


def ship_cartons(s, n):
    """The apples shipment with n cartons instead of 1320: the invoice line, packages,
    weights, measurement and marks on every document (not the contract or the credit)."""
    net, gross, cbm = m2(APPLE_NET * n), m2(APPLE_GROSS * n), m2(APPLE_CBM * n)
    marks = lambda m: m.replace("1-1320", "1-%d" % n) if m else m
    inv = s["invoice"]
    line = inv["lines"][0]
    line["quantity"] = str(n)
    line["packages"] = n
    line["amount"] = m2(D(line["unit_price"]) * n)
    inv.update(packages_total=n, net_weight_kg=net, gross_weight_kg=gross, marks=marks(inv["marks"]))
    pl = s["packing_list"]
    pl["lines"][0].update(packages=n, net_weight_kg=net, gross_weight_kg=gross)
    pl.update(packages_total=n, net_weight_kg=net, gross_weight_kg=gross, measurement_cbm=cbm,
              marks=marks(pl["marks"]))
    pl["containers"][0].update(packages=n, gross_weight_kg=gross)
    for bl in s["bills_of_lading"]:
        bl.update(packages_total=n, gross_weight_kg=gross, measurement_cbm=cbm, marks=marks(bl["marks"]))
        bl["containers"][0].update(packages=n, gross_weight_kg=gross)
    co = s.get("certificate_of_origin")
    if co:
        co.update(packages_total=n, gross_weight_kg=gross, marks=marks(co["marks"]))
    ph = s.get("phytosanitary_certificate")
    if ph:
        ph["quantity_declared"].update(packages=n, net_weight_kg=net)
    sa = s.get("shipping_advice")
    if sa:
        sa.update(packages_total=n, gross_weight_kg=gross, net_weight_kg=net)
    set_invoice_total(s, sum_lines(s))
    return s


def invoice_price(s, price, amount=None):
    """The invoice line at another unit price (the contract and credit unchanged)."""
    line = s["invoice"]["lines"][0]
    line["unit_price"] = price
    line["amount"] = amount or m2(D(price) * D(line["quantity"]))
    set_invoice_total(s, sum_lines(s))
    return s


def reprice(s, price, amount=None):
    """The apples at another agreed price: contract, credit and invoice alike. `amount`
    overrides the line amount (rounded or truncated to the cent)."""
    c = s["contract"]
    qty = D(c["lines"][0]["quantity"])
    amount = amount or m2(D(price) * qty)
    c["lines"][0].update(unit_price=price, amount=amount)
    c["total_amount"] = amount
    if s.get("lc"):
        s["lc"]["amount"] = amount
        s["lc"]["goods"]["unit_price"] = price
    return invoice_price(s, price, amount)


# aluminium: per line quantity in MT, bundles, tare per bundle 10 kg, line i in container i
ALU_BUNDLES = [40, 44]
ALU_TARE = D("10")


def alu_qty(s, qtys):
    """The aluminium shipment with other line quantities (MT): invoice lines, weights on
    every document; bundles unchanged."""
    inv = s["invoice"]
    nets, grosses = [], []
    for i, q in enumerate(qtys):
        line = inv["lines"][i]
        line["quantity"] = q
        line["amount"] = m2(D(q) * D(line["unit_price"]))
        nets.append(D(q) * 1000)
        grosses.append(D(q) * 1000 + ALU_TARE * ALU_BUNDLES[i])
    net, gross = m2(sum(nets)), m2(sum(grosses))
    inv.update(net_weight_kg=net, gross_weight_kg=gross)
    pl = s["packing_list"]
    for i in range(2):
        pl["lines"][i].update(net_weight_kg=m2(nets[i]), gross_weight_kg=m2(grosses[i]))
        pl["containers"][i]["gross_weight_kg"] = m2(grosses[i])
    pl.update(net_weight_kg=net, gross_weight_kg=gross)
    for bl in s["bills_of_lading"]:
        bl["gross_weight_kg"] = gross
        for i in range(2):
            bl["containers"][i]["gross_weight_kg"] = m2(grosses[i])
    co = s["certificate_of_origin"]
    co.update(gross_weight_kg=gross, net_weight_kg=net)
    s["shipping_advice"].update(gross_weight_kg=gross, net_weight_kg=net)
    set_invoice_total(s, sum_lines(s))
    return s


LC_BANK = {
    "name": "HANSEATISCHE HANDELSBANK AG, HAMBURG",
    "address": "NEUER WALL 50, 20354 HAMBURG, GERMANY",
    "country": "DE",
}


def alu_with_lc(s, tolerance=None):
    """The aluminium sold under a sight L/C instead of T/T: 45A states 42.000 MT (not in
    packing units) and no unit price (the two lines have their own), B/L to the order of
    the issuing bank, a draft on the bank, no deposit."""
    c = s["contract"]
    c["payment"] = {"method": "LC", "deposit_pct": "0", "tenor": "AT SIGHT"}
    c["bl_consignee_instruction"] = None
    docs = [
        {"type": "DRAFT", "originals": 1, "copies": 0},
        {"type": "INVOICE", "originals": 1, "copies": 2},
        {"type": "PACKING_LIST", "originals": 1, "copies": 2},
        {"type": "BL", "originals": 3, "copies": 2},
        {"type": "CO", "originals": 1, "copies": 1},
        {"type": "SHIPPING_ADVICE", "originals": 0, "copies": 1},
    ]
    number = "HHB25LC08813"
    s["lc"] = {
        "number": number,
        "issue_date": "2025-09-15",
        "expiry_date": "2025-11-20",
        "expiry_place": "CHINA",
        "issuing_bank": LC_BANK["name"],
        "applicant": clone(c["buyer"]),
        "beneficiary": clone(c["seller"]),
        "currency": "USD",
        "amount": c["total_amount"],
        "amount_qualifier": None,
        "tolerance_pct": tolerance,
        "available_by": "NEGOTIATION",
        "draft": {"tenor": "AT SIGHT", "drawee": LC_BANK["name"]},
        "partial_shipments": "NOT ALLOWED",
        "transhipment": "NOT ALLOWED",
        "port_of_loading": clone(c["port_of_loading"]),
        "port_of_discharge": clone(c["port_of_discharge"]),
        "latest_shipment_date": "2025-10-31",
        "shipment_period": None,
        "shipment_on_or_about": None,
        "goods": {
            "description": "ALUMINIUM PROFILES, ALLOY 6063-T5, MILL FINISH",
            "quantity": "42.000",
            "unit": "MT",
            "quantity_qualifier": None,
            "quantity_in_packing_units": False,
            "unit_price": None,
            "incoterm": {"term": "FOB", "place": "QINGDAO"},
        },
        "documents_required": docs,
        "bl_consignee_required": "TO ORDER OF " + LC_BANK["name"],
        "bl_notify_required": clone(c["buyer"]),
        "insurance_required": None,
        "co_required": {"form": "GENERAL", "issuer": "CCPIT OR CHAMBER OF COMMERCE"},
        "presentation_period_days": 21,
        "excludes_art_14k": False,
        "lc_number_on_all_documents": True,
        "shipping_advice_within_days": 2,
        "bank_closed_dates": [],
    }
    inv = s["invoice"]
    inv["deposit_received"] = None
    inv["balance_due"] = None
    inv["lc_number"] = number
    s["packing_list"]["lc_number"] = number
    for bl in s["bills_of_lading"]:
        bl["consignee"] = "TO ORDER OF " + LC_BANK["name"]
        bl["consignee_party"] = None
        bl["lc_number"] = number
    s["draft"] = {
        "number": "LEA-25-0207",
        "date": "2025-10-20",
        "drawer": clone(c["seller"]),
        "drawee": clone(LC_BANK),
        "payee": "BANK OF CHINA, LINYI BRANCH",
        "tenor": "AT SIGHT",
        "currency": "USD",
        "amount": inv["total_amount"],
        "amount_in_words": words(inv["total_amount"]),
    }
    s["presentation"] = {"date": "2025-10-20", "documents": clone(docs)}
    set_invoice_total(s, inv["total_amount"])
    return s


def about_lc(s, amount, quantity):
    """The apples credit for "about" an amount and "about" a quantity (art. 30(a))."""
    lc = s["lc"]
    lc["amount"] = amount
    lc["amount_qualifier"] = "ABOUT"
    lc["goods"]["quantity"] = quantity
    lc["goods"]["quantity_qualifier"] = "ABOUT"
    return s


def tt_dp_deposit(s):
    """The CIF apples with 30 % paid in advance by T/T and the balance collected D/P: the
    invoice deducts the deposit, the draft and the collection ask for the balance."""
    s["contract"]["payment"] = {"method": "TT+DP", "deposit_pct": "30", "tenor": "AT SIGHT"}
    inv = s["invoice"]
    inv["deposit_received"] = m2(D(s["contract"]["total_amount"]) * 30 / 100)
    set_invoice_total(s, inv["total_amount"])
    return s


# --- INV-AMOUNT-LC ----------------------------------------------------------------------
R = "INV-AMOUNT-LC"
write(R, "passes-edge-total-equals-credit-amount", apples())
s = apples()
s["lc"]["amount"] = "32471.99"
write(R, "fires-beyond-one-cent-over-credit-amount", s)
# 39A +10/-10 on USD 29520.00 (no quantity in 45A): at most 32472.00.
s = apples()
s["lc"]["amount"] = "29520.00"
s["lc"]["tolerance_pct"] = {"plus": "10", "minus": "10"}
s["lc"]["goods"]["quantity"] = None
s["lc"]["goods"]["unit"] = None
write(R, "passes-edge-39a-plus-10pct", s)
s = clone(s)
s["lc"]["amount"] = "29519.99"
write(R, "fires-beyond-39a-plus-10pct", s)
# "about" USD 29520.00 and about 1200 cartons: 1320 cartons is +10 % of both.
write(R, "passes-edge-about-plus-10pct", about_lc(apples(), "29520.00", "1200"))
write(R, "fires-beyond-about-plus-10pct", about_lc(apples(), "29519.99", "1200"))
write(R, "fires-invoice-above-credit", invoice_price(apples(), "24.70"))
write(R, "na-no-credit", apples_cif())

# --- INV-SHORT-DRAWING ------------------------------------------------------------------
R = "INV-SHORT-DRAWING"
# 1320 x 5 % = 66 cartons: 1254 cartons draw USD 30848.40 = 95 % of the credit.
write(R, "passes-edge-amount-exactly-5pct-below", ship_cartons(apples(), 1254))
write(R, "fires-beyond-one-carton-more-short", ship_cartons(apples(), 1253))
write(R, "fires-quantity-short-beyond-5pct-amount", ship_cartons(apples(), 1200))
s = apples()
s["lc"]["amount"] = "34500.00"
write(R, "passes-full-quantity-credit-amount-larger", s)
write(R, "fires-unit-price-lower", invoice_price(apples(), "23.30"))
write(R, "passes-unit-price-lower-amount-within-5pct", invoice_price(apples(), "23.40"))
# "about": 10 % under both amount and quantity.
write(R, "passes-edge-about-minus-10pct", ship_cartons(about_lc(apples(), "32472.00", "1320"), 1188))
write(R, "fires-beyond-about-minus-10pct", ship_cartons(about_lc(apples(), "32472.00", "1320"), 1187))
s = ship_cartons(apples(), 1200)
s["lc"]["partial_shipments"] = "ALLOWED"
s["contract"]["partial_shipments"] = "ALLOWED"
write(R, "na-partial-shipments-allowed", s)
write(R, "na-no-credit", apples_cif())

# --- INV-AMOUNT-CONTRACT ----------------------------------------------------------------
R = "INV-AMOUNT-CONTRACT"
write(R, "passes-contract-amount", alu())
# contract USD 139360.00 more or less 5 %: 132392.00 to 146328.00.
write(R, "passes-edge-plus-5pct", alu_qty(alu(), ["21.000", "23.100"]))
write(R, "fires-beyond-plus-5pct", alu_qty(alu(), ["21.000", "23.101"]))
write(R, "passes-edge-minus-5pct", alu_qty(alu(), ["19.000", "20.900"]))
write(R, "fires-beyond-minus-5pct", alu_qty(alu(), ["19.000", "20.899"]))
s = apples_cif()  # no more-or-less clause: exact
s["contract"]["more_or_less_pct"] = "0"
write(R, "fires-no-clause-one-carton-over", ship_cartons(s, 1321))
write(R, "na-credit-governs", apples())

# --- INV-QTY-TOLERANCE ------------------------------------------------------------------
R = "INV-QTY-TOLERANCE"
# art. 30(a) "about" 1320 cartons: 1188 to 1452.
base_about = lambda: about_lc(apples(), "32472.00", "1320")
write(R, "passes-edge-about-plus-10pct", ship_cartons(base_about(), 1452))
write(R, "fires-beyond-about-plus-10pct", ship_cartons(base_about(), 1453))
write(R, "passes-edge-about-minus-10pct", ship_cartons(base_about(), 1188))
write(R, "fires-beyond-about-minus-10pct", ship_cartons(base_about(), 1187))
# art. 30(b) 42.000 MT not in packing units, 39A 5/5 so the amount is not exceeded:
# 39.900 to 44.100 MT.
lc5 = lambda: alu_with_lc(alu(), {"plus": "5", "minus": "5"})
write(R, "passes-edge-art30b-plus-5pct", alu_qty(lc5(), ["21.000", "23.100"]))
# (39A +10 here, so that only the quantity is beyond: 30(b) still applies.)
lc10 = lambda: alu_with_lc(alu(), {"plus": "10", "minus": "5"})
write(R, "fires-beyond-art30b-plus-5pct", alu_qty(lc10(), ["21.000", "23.101"]))
write(R, "passes-edge-art30b-minus-5pct", alu_qty(lc5(), ["19.000", "20.900"]))
write(R, "fires-beyond-art30b-minus-5pct", alu_qty(lc5(), ["19.000", "20.899"]))
# +2 % in MT, but the credit (no 39A) is exceeded: art. 30(b) does not apply.
write(R, "fires-art30b-within-5pct-amount-exceeded", alu_qty(alu_with_lc(alu()), ["20.400", "22.440"]))
write(R, "passes-art30b-within-5pct-amount-not-exceeded", alu_qty(alu_with_lc(alu()), ["19.600", "21.560"]))
# packing units (cartons), partial shipments not allowed: exactly 1320.
write(R, "passes-edge-packing-units-exact-count", apples())
write(R, "fires-beyond-packing-units-one-carton-over", ship_cartons(apples(), 1321))
write(R, "fires-packing-units-one-carton-short-partials-not-allowed", ship_cartons(apples(), 1319))
s = ship_cartons(apples(), 1319)
s["lc"]["partial_shipments"] = "ALLOWED"
s["contract"]["partial_shipments"] = "ALLOWED"
write(R, "passes-packing-units-short-partials-allowed", s)
# no credit: contract more or less 5 %, per line (line 1: 19.000 to 21.000 MT).
write(R, "passes-contract-quantities", alu())
write(R, "passes-edge-contract-plus-5pct", alu_qty(alu(), ["21.000", "22.000"]))
write(R, "fires-beyond-contract-plus-5pct", alu_qty(alu(), ["21.001", "22.000"]))
write(R, "passes-edge-contract-minus-5pct", alu_qty(alu(), ["19.000", "22.000"]))
write(R, "fires-beyond-contract-minus-5pct", alu_qty(alu(), ["18.999", "22.000"]))
write(R, "fires-no-clause-one-carton-over", ship_cartons(apples_cif(), 1321))

# --- INV-UNIT-PRICE ---------------------------------------------------------------------
R = "INV-UNIT-PRICE"
write(R, "passes-credit-price", apples())
write(R, "passes-two-lines-two-contract-prices", alu())
write(R, "fires-higher-than-credit", invoice_price(apples(), "24.70"))
s = alu()
s["invoice"]["lines"][1]["unit_price"] = "3370.00"
s["invoice"]["lines"][1]["amount"] = m2(D("3370.00") * D("22.000"))
set_invoice_total(s, sum_lines(s))
write(R, "fires-contract-line-2-lower", s)


def about_price(s):
    lc = s["lc"]
    lc["goods"]["description"] = "FRESH APPLES, FUJI, GRADE A, SIZE 80-100, AT ABOUT USD 24.60 PER CARTON"
    lc["amount_qualifier"] = "ABOUT"
    return s


write(R, "passes-edge-about-plus-10pct", invoice_price(about_price(apples()), "27.06"))
write(R, "fires-beyond-about-plus-10pct", invoice_price(about_price(apples()), "27.07"))
write(R, "passes-edge-about-minus-10pct", invoice_price(about_price(apples()), "22.14"))
write(R, "fires-beyond-about-minus-10pct", invoice_price(about_price(apples()), "22.13"))

# --- INV-LINE-ARITH ---------------------------------------------------------------------
R = "INV-LINE-ARITH"
write(R, "passes-two-lines", alu())
# 1320 x 24.600757 = 32472.99924: truncated to 32472.99 (0.00924 off) passes.
write(R, "passes-edge-truncated-just-under-a-cent", reprice(apples(), "24.600757", "32472.99"))
# 1320 x 24.600375 = 32472.495: rounded half up to 32472.50 passes.
write(R, "passes-edge-rounded-half-up", reprice(apples(), "24.600375", "32472.50"))
write(R, "fires-beyond-one-cent-off", invoice_price(apples(), "24.60", "32471.99"))
s = alu()
s["invoice"]["lines"][1]["amount"] = "74630.00"  # 74360.00 with two digits swapped
set_invoice_total(s, sum_lines(s))
write(R, "fires-second-line-digits-swapped", s)

# --- INV-TOTAL-SUM ----------------------------------------------------------------------
R = "INV-TOTAL-SUM"
write(R, "passes-lines-add-up", alu())
s = apples()
set_invoice_total(s, "32471.99")
write(R, "fires-total-one-cent-off", s)
s = alu()
s["invoice"]["charges"] = [
    {"label": "SGS PRE-SHIPMENT INSPECTION FEE", "amount": "460.00"},
    {"label": "SPECIAL DISCOUNT", "amount": "820.00"},
]
set_invoice_total(s, "139000.00")
write(R, "passes-charge-added-discount-deducted", s)
s = clone(s)
s["invoice"]["charges"][1] = {"label": "LESS: EARLY ORDER DISCOUNT", "amount": "-820.00"}
write(R, "passes-discount-as-negative-amount", s)
s = clone(s)
set_invoice_total(s, "140640.00")  # the discount added instead of deducted
s["invoice"]["charges"][1] = {"label": "SPECIAL DISCOUNT", "amount": "820.00"}
write(R, "fires-discount-added-not-deducted", s)
s = alu()
s["invoice"]["charges"] = [{"label": "SGS PRE-SHIPMENT INSPECTION FEE", "amount": "460.00"}]
write(R, "fires-charge-left-out-of-total", s)

# --- INV-WORDS-FIGURES ------------------------------------------------------------------
R = "INV-WORDS-FIGURES"
write(R, "passes-whole-dollars", apples())
write(R, "passes-hundreds-of-thousands", alu())
s = reprice(apples(), "24.63")  # 32511.60
write(R, "passes-with-cents", s)
s = clone(s)
s["invoice"]["amount_in_words"] = "SAY US DOLLARS THIRTY TWO THOUSAND FIVE HUNDRED AND ELEVEN AND 60/100 ONLY"
write(R, "passes-cents-as-nn-100", s)
s = clone(s)
s["invoice"]["amount_in_words"] = "SAY US DOLLARS THIRTY TWO THOUSAND FIVE HUNDRED AND ELEVEN AND CENTS SIX ONLY"
write(R, "fires-cents-six-for-sixty", s)
s = apples()
s["invoice"]["amount_in_words"] = "SAY US DOLLARS THIRTY TWO THOUSAND FOUR HUNDRED AND TWENTY SEVEN ONLY"
write(R, "fires-whole-dollars-differ", s)
s = apples()
s["invoice"]["amount_in_words"] = "SAY EUROS THIRTY TWO THOUSAND FOUR HUNDRED AND SEVENTY TWO ONLY"
write(R, "fires-currency-words-differ", s)
s = apples()
s["invoice"]["amount_in_words"] = "SAY US DOLLARS THIRTY TWO THOUSAND FOUR HUNDERD AND SEVENTY TWO ONLY"
write(R, "na-words-unreadable", s)
s = apples()
s["invoice"]["amount_in_words"] = None
write(R, "na-no-amount-in-words", s)

# --- INV-DEPOSIT-BALANCE ----------------------------------------------------------------
R = "INV-DEPOSIT-BALANCE"
write(R, "passes-edge-deposit-exactly-30pct", alu())
s = alu()
s["invoice"]["deposit_received"] = "41808.01"
set_invoice_total(s, s["invoice"]["total_amount"])
write(R, "fires-beyond-deposit-one-cent-over-30pct", s)
s = alu()
s["invoice"]["balance_due"] = "97652.00"
write(R, "fires-balance-not-total-less-deposit", s)
s = alu()
s["invoice"]["balance_due"] = "97552.01"
write(R, "fires-balance-one-cent-off", s)
write(R, "passes-tt-deposit-dp-balance", tt_dp_deposit(apples_cif()))
write(R, "na-no-deposit-or-balance", apples())

# --- X-CURRENCY -------------------------------------------------------------------------
R = "X-CURRENCY"
write(R, "passes-credit-set", apples())
write(R, "passes-collection-set", apples_cif())
write(R, "passes-tt-set", alu())
s = apples()
s["invoice"]["currency"] = "EUR"
s["invoice"]["amount_in_words"] = words(s["invoice"]["total_amount"], "EUR")
write(R, "fires-invoice-in-euros", s)
s = apples()
s["draft"]["currency"] = "EUR"
s["draft"]["amount_in_words"] = words(s["draft"]["amount"], "EUR")
write(R, "fires-draft-in-euros", s)
s = apples_cif()
s["insurance_certificate"]["currency"] = "EUR"
s["insurance_certificate"]["claims_payable_at"] = "ROTTERDAM IN EUR"
write(R, "fires-insurance-in-euros", s)
s = apples_cif()
s["collection_instruction"]["currency"] = "EUR"
write(R, "fires-collection-in-euros", s)
s = alu()
s["shipping_advice"]["currency"] = "EUR"
write(R, "fires-shipping-advice-in-euros", s)
s = apples()
s["lc"]["currency"] = "EUR"
write(R, "fires-credit-in-euros-contract-in-dollars", s)

# --- DRAFT-AMOUNT -----------------------------------------------------------------------
R = "DRAFT-AMOUNT"
write(R, "passes-draft-for-invoice-total", apples())
s = apples()
s["draft"]["amount"] = "32427.00"
s["draft"]["amount_in_words"] = words("32427.00")
write(R, "fires-words-and-figures-wrong", s)
s = apples()
s["draft"]["amount_in_words"] = words("32472.60")
write(R, "fires-words-wrong-figures-right", s)
s = apples()
s["draft"]["amount"] = "32427.00"
write(R, "passes-figures-wrong-words-right", s)
write(R, "passes-draft-for-balance-after-deposit", tt_dp_deposit(apples_cif()))
s = tt_dp_deposit(apples_cif())
s["draft"]["amount"] = s["invoice"]["total_amount"]
s["draft"]["amount_in_words"] = words(s["invoice"]["total_amount"])
write(R, "fires-draft-for-total-not-balance", s)
write(R, "na-no-draft", alu())

# --- DRAFT-WORDS-FIGURES ----------------------------------------------------------------
R = "DRAFT-WORDS-FIGURES"
write(R, "passes-words-equal-figures", apples())
s = apples()
s["draft"]["amount_in_words"] = words("32472.60")
write(R, "fires-cents-in-words-only", s)
s = apples()
s["draft"]["amount"] = "32427.00"
write(R, "fires-figures-digits-swapped", s)
s = apples()
s["draft"]["amount_in_words"] = "SAY US DOLLARS THIRTY TWO THOUSAND FOUR HUNDRED AND SEVENTY TWO AND 00/100 ONLY"
write(R, "passes-nn-100-form", s)
s = apples()
s["draft"]["amount_in_words"] = None
write(R, "na-no-amount-in-words", s)
write(R, "na-no-draft", alu())

# --- INS-COVER-MIN ----------------------------------------------------------------------
R = "INS-COVER-MIN"
# CIF value USD 34056.00, 110 % = 37461.60 exactly.
write(R, "passes-edge-110pct-exactly", apples_cif())
s = apples_cif()
s["insurance_certificate"]["insured_amount"] = "37461.59"
write(R, "fires-beyond-one-cent-below-110pct", s)
# USD 25.801 x 1320 = 34057.32; 110 % = 37463.052, rounded up 37463.06.
s = reprice(apples_cif(), "25.801")
assert s["insurance_certificate"]["insured_amount"] == "37463.06"
write(R, "passes-edge-rounded-up-to-the-cent", s)
s = clone(s)
s["insurance_certificate"]["insured_amount"] = "37463.05"
write(R, "fires-beyond-rounded-half-up-is-not-enough", s)
s = tt_dp_deposit(apples_cif())
write(R, "passes-cover-on-gross-value-after-deposit", s)
s = clone(s)
s["insurance_certificate"]["insured_amount"] = ceil2(D(s["invoice"]["balance_due"]) * D("1.1"))
write(R, "fires-cover-on-balance-after-deposit", s)
s = apples_cif()
s["contract"]["insurance"]["pct"] = "120"
set_invoice_total(s, s["invoice"]["total_amount"])
write(R, "passes-contract-120pct", s)
s = clone(s)
s["insurance_certificate"]["insured_amount"] = "37461.60"
write(R, "fires-contract-120pct-insured-110pct", s)
write(R, "na-cfr", apples())
write(R, "na-fob", alu())
s = apples_cif()
del s["insurance_certificate"]
write(R, "na-no-insurance-document", s)


# A contract that allows partial shipments: this shipment's invoice is half of it.
def _partial_contract():
    s = base("apples-cif-dp-clean")
    c = s["contract"]
    c["partial_shipments"] = "ALLOWED"
    c["lines"][0]["quantity"] = "2640"
    c["lines"][0]["amount"] = "68112.00"
    c["total_amount"] = "68112.00"
    return s


write("INV-AMOUNT-CONTRACT", "passes-part-of-a-contract-with-partial-shipments", _partial_contract())
write("INV-QTY-TOLERANCE", "passes-part-of-a-contract-with-partial-shipments", _partial_contract())
s = _partial_contract()
s["contract"]["partial_shipments"] = "NOT ALLOWED"
write("INV-AMOUNT-CONTRACT", "fires-half-of-a-contract-without-partial-shipments", s)
write("INV-QTY-TOLERANCE", "fires-half-of-a-contract-without-partial-shipments", s)


# --- INV-QTY-TOLERANCE: a credit that allows partial shipments --------------------------
# Any shortfall is a permitted partial shipment (art. 31(a)), in every branch of art. 30:
# here 42000 KG not in packing units (art. 30(b)) and "about" 1320 cartons (art. 30(a)).
R = "INV-QTY-TOLERANCE"


def partials(s, allowed):
    s["lc"]["partial_shipments"] = "ALLOWED" if allowed else "NOT ALLOWED"
    s["contract"]["partial_shipments"] = "ALLOWED" if allowed else "NOT ALLOWED"
    return s


def lc_in_kg(allowed):
    s = alu_with_lc(alu(), {"plus": "5", "minus": "5"})
    s["lc"]["goods"]["quantity"] = "42000"
    s["lc"]["goods"]["unit"] = "KG"
    return alu_qty(partials(s, allowed), ["15.000", "20.000"])  # 35000 kg


write(R, "passes-kg-short-partials-allowed", lc_in_kg(True))
write(R, "fires-kg-short-partials-not-allowed", lc_in_kg(False))
write(R, "passes-about-short-beyond-10pct-partials-allowed",
      ship_cartons(partials(base_about(), True), 1000))
s = ship_cartons(partials(base_about(), True), 1453)
write(R, "fires-about-over-10pct-partials-allowed", s)

# --- INV-WORDS-FIGURES: the other usual ways of writing the amount in words ---------------
R = "INV-WORDS-FIGURES"
APPLES_WORDS = "THIRTY TWO THOUSAND FOUR HUNDRED AND SEVENTY TWO"  # USD 32472.00
for head, what in [
    ("SAY TOTAL US DOLLARS", "passes-say-total"),
    ("SAY U.S. DOLLARS", "passes-us-dollars-with-full-stops"),
    ("SAY USD", "passes-iso-code"),
    ("SAY TOTAL U.S. DOLLARS", "passes-say-total-us-dollars-with-full-stops"),
]:
    s = apples()
    s["invoice"]["amount_in_words"] = head + " " + APPLES_WORDS + " ONLY"
    write(R, what, s)
s = apples()
s["invoice"]["amount_in_words"] = "SAY USD " + APPLES_WORDS + " AND ZERO CENTS ONLY"
write(R, "passes-iso-code-and-zero-cents", s)
s = apples()
s["invoice"]["currency"] = "EUR"
s["invoice"]["amount_in_words"] = "SAY EUR " + APPLES_WORDS + " ONLY"
write(R, "passes-iso-code-euros", s)
s = apples()
s["invoice"]["amount_in_words"] = "SAY EUR " + APPLES_WORDS + " ONLY"
write(R, "fires-iso-code-of-another-currency", s)
s = reprice(apples(), "24.63")  # 32511.60
WORDS_511 = "THIRTY TWO THOUSAND FIVE HUNDRED AND ELEVEN"
s["invoice"]["amount_in_words"] = "SAY US DOLLARS " + WORDS_511 + " AND SIXTY CENTS ONLY"
write(R, "passes-cents-word-after-the-number", s)
s = clone(s)
s["invoice"]["amount_in_words"] = "SAY US DOLLARS " + WORDS_511 + " AND FIFTY NINE CENTS ONLY"
write(R, "fires-cents-word-after-the-number-one-cent-less", s)
s = clone(s)
s["invoice"]["amount_in_words"] = "SAY USD " + WORDS_511 + " AND 61/100 ONLY"
write(R, "fires-iso-code-nn-100-one-cent-more", s)

# --- DRAFT-WORDS-FIGURES and DRAFT-AMOUNT with those forms -------------------------------
R = "DRAFT-WORDS-FIGURES"
s = apples()
s["draft"]["amount_in_words"] = "SAY USD " + APPLES_WORDS + " AND ZERO CENTS ONLY"
write(R, "passes-iso-code-and-zero-cents", s)
s = apples()
s["draft"]["amount_in_words"] = "SAY TOTAL U.S. DOLLARS " + APPLES_WORDS + " ONLY"
write(R, "passes-say-total-us-dollars-with-full-stops", s)
s = apples()
s["draft"]["amount_in_words"] = (
    "SAY USD THIRTY TWO THOUSAND FOUR HUNDRED AND SEVENTY ONE AND NINETY NINE CENTS ONLY")
write(R, "fires-cents-word-after-the-number-one-cent-less", s)
s = apples()
s["draft"]["amount_in_words"] = "SAY US DOLLARS THIRTY TWO THOUSAND FOUR HUNDERD AND SEVENTY TWO ONLY"
write(R, "na-words-unreadable", s)

R = "DRAFT-AMOUNT"
# The words prevail (ISBP B14): figures wrong, words right in the ISO-code form.
s = apples()
s["draft"]["amount"] = "32427.00"
s["draft"]["amount_in_words"] = "SAY USD " + APPLES_WORDS + " ONLY"
write(R, "passes-figures-wrong-words-right-iso-code", s)
s = apples()
s["draft"]["amount_in_words"] = (
    "SAY USD THIRTY TWO THOUSAND FOUR HUNDRED AND SEVENTY ONE AND NINETY NINE CENTS ONLY")
write(R, "fires-words-one-cent-less-cents-word-after-the-number", s)

# --- INV-DEPOSIT-BALANCE: the cap rounded up to the cent ---------------------------------
# 30 % of USD 139360.05 = 41808.015: 41808.02 is within the cap, 41808.03 beyond it.
R = "INV-DEPOSIT-BALANCE"
for deposit, what in [
    ("41808.02", "passes-edge-deposit-within-the-cap-rounded-up-to-the-cent"),
    ("41808.03", "fires-beyond-deposit-one-cent-over-the-cap-rounded-up"),
]:
    s = alu()
    s["contract"]["total_amount"] = "139360.05"
    s["invoice"]["deposit_received"] = deposit
    set_invoice_total(s, s["invoice"]["total_amount"])
    write(R, what, s)

# --- INV-QTY-TOLERANCE and INV-UNIT-PRICE: lines paired by description -------------------
# The aluminium invoice with its two lines in the reverse order of the contract's: each is
# compared with the contract line of the same description, not the one in the same place.
def alu_reversed():
    s = alu()
    s["invoice"]["lines"].reverse()
    return s


write("INV-QTY-TOLERANCE", "passes-invoice-lines-in-reverse-order", alu_reversed())
write("INV-UNIT-PRICE", "passes-invoice-lines-in-reverse-order", alu_reversed())
s = alu_reversed()
line = s["invoice"]["lines"][0]  # the curtain wall sections, contract line 2 (USD 3380.00)
line["unit_price"] = "3370.00"
line["amount"] = m2(D("3370.00") * D(line["quantity"]))
set_invoice_total(s, sum_lines(s))
write("INV-UNIT-PRICE", "fires-invoice-lines-in-reverse-order-one-price-lower", s)
s = alu_reversed()
s = alu_qty(s, ["23.101", "20.000"])  # curtain wall 22.000 MT +5 % = 23.100 at most
write("INV-QTY-TOLERANCE", "fires-beyond-invoice-lines-in-reverse-order-one-over", s)

# --- Figures too large to compute: the rule is not applicable, never a panic ------------
s = apples()
s["invoice"]["lines"][0]["quantity"] = "7922816251426433759354395033"
write("INV-LINE-ARITH", "na-figure-too-large-to-compute", s)
s = apples()
s["lc"]["amount"] = "79228162514264337593543950335"
s["lc"]["amount_qualifier"] = "ABOUT"
write("INV-AMOUNT-LC", "na-figure-too-large-to-compute", s)
