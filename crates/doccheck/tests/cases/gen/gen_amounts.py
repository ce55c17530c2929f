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
write(R, "fires-words-unreadable", s)
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
