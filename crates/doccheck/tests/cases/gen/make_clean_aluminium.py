"""Writes the third clean base, aluminium-fob-tt-clean: aluminium profiles (alloy 6063-T5,
mill finish, HS 7604.29) sold FOB Qingdao to a Hamburg buyer, no credit, paid by T/T with a
30 % deposit (the invoice deducts it and shows the 70 % balance). Two invoice lines at
different prices per metric ton, packed in bundles of varying weight (no per-bundle
weight), two 40' dry containers (no reefer set point) on one shipped B/L, freight collect,
consigned straight to the buyer. A certificate of origin and a shipping advice; no
phytosanitary certificate, no insurance (the buyer insures under FOB), no draft, no
collection instruction. The contract allows 5 % more or less; the invoice ships exactly the
contract quantities.

Run: python3 crates/doccheck/tests/cases/gen/make_clean_aluminium.py
The helpers (ISO 6346 check digit, amount in words) are imported by gen_amounts.py.
"""
import json
import os
from decimal import Decimal, ROUND_CEILING

HERE = os.path.dirname(os.path.abspath(__file__))
CASES = os.path.dirname(HERE)
NAME = "aluminium-fob-tt-clean"

# --- helpers ---------------------------------------------------------------------------


def check_digit(first_ten):
    """ISO 6346: letters A=10, B=12 ... (multiples of 11 skipped), weight 2^i from the
    left, sum mod 11, then mod 10."""
    values = {}
    v = 10
    for c in "ABCDEFGHIJKLMNOPQRSTUVWXYZ":
        if v % 11 == 0:
            v += 1
        values[c] = v
        v += 1
    total = 0
    for i, c in enumerate(first_ten):
        total += (values[c] if i < 4 else int(c)) << i
    return total % 11 % 10


def container(owner_category, serial):
    first = owner_category + serial
    return first + str(check_digit(first))


assert container("CSQU", "305438") == "CSQU3054383"

ONES = ["ZERO", "ONE", "TWO", "THREE", "FOUR", "FIVE", "SIX", "SEVEN", "EIGHT", "NINE",
        "TEN", "ELEVEN", "TWELVE", "THIRTEEN", "FOURTEEN", "FIFTEEN", "SIXTEEN",
        "SEVENTEEN", "EIGHTEEN", "NINETEEN"]
TENS = ["", "", "TWENTY", "THIRTY", "FORTY", "FIFTY", "SIXTY", "SEVENTY", "EIGHTY", "NINETY"]


def _below_thousand(n):
    out = []
    h, r = divmod(n, 100)
    if h:
        out += [ONES[h], "HUNDRED"]
        if r:
            out.append("AND")
    if r >= 20:
        out.append(TENS[r // 10])
        if r % 10:
            out.append(ONES[r % 10])
    elif r:
        out.append(ONES[r])
    return out


def _whole(n):
    if n == 0:
        return ["ZERO"]
    out = []
    rest = n
    for scale, word in ((10**9, "BILLION"), (10**6, "MILLION"), (1000, "THOUSAND")):
        g, rest = divmod(rest, scale)
        if g:
            out += _below_thousand(g) + [word]
    if rest:
        if n >= 1000 and rest < 100:
            out.append("AND")
        out += _below_thousand(rest)
    return out


def words(amount, currency="USD"):
    """The amount in words as document-set.md writes it:
    SAY US DOLLARS <number words> [AND CENTS <number words>] ONLY."""
    name = {"USD": "US DOLLARS", "EUR": "EUROS"}[currency]
    d = Decimal(amount).quantize(Decimal("0.01"))
    whole = int(d)
    cents = int((d - whole) * 100)
    w = ["SAY", name] + _whole(whole)
    if cents:
        w += ["AND", "CENTS"] + _whole(cents)
    w.append("ONLY")
    return " ".join(w)


assert words("32472.00") == "SAY US DOLLARS THIRTY TWO THOUSAND FOUR HUNDRED AND SEVENTY TWO ONLY"
assert words("34056.00") == "SAY US DOLLARS THIRTY FOUR THOUSAND AND FIFTY SIX ONLY"


def money(d):
    return str(Decimal(d).quantize(Decimal("0.01")))


def ceil_cents(d):
    return str(Decimal(d).quantize(Decimal("0.01"), rounding=ROUND_CEILING))


def kg(d):
    return str(Decimal(d).quantize(Decimal("0.01")))


# --- the set ---------------------------------------------------------------------------

SELLER = {
    "name": "LINYI EVERBRIGHT ALUMINIUM CO., LTD.",
    "address": "NO. 16 JINQUE ROAD, LUOZHUANG DISTRICT, LINYI, SHANDONG 276017, CHINA",
    "country": "CN",
}
BUYER = {
    "name": "NORDAL BAUSYSTEME GMBH",
    "address": "BILLWERDER RING 17, 21035 HAMBURG, GERMANY. TEL +49 40 7389120",
    "country": "DE",
}
QINGDAO = {"name": "QINGDAO, CHINA", "unlocode": "CNTAO", "country": "CN"}
HAMBURG = {"name": "HAMBURG, GERMANY", "unlocode": "DEHAM", "country": "DE"}

CONTRACT_NO = "LEA-NB-2025-207"
INVOICE_NO = "LEA-INV-25-207"
BL_NO = "BOCLQDHAM2510233"
VESSEL, VOYAGE = "NORDIC HARMONY", "031W"
MARKS = "NORDAL/LEA-207 HAMBURG BDL NO. 1-84"
DESCRIPTIONS = [
    "ALUMINIUM PROFILES, ALLOY 6063-T5, MILL FINISH, WINDOW FRAME SECTIONS",
    "ALUMINIUM PROFILES, ALLOY 6063-T5, MILL FINISH, CURTAIN WALL SECTIONS",
]
GENERAL = "ALUMINIUM PROFILES"
# Per line: quantity in metric tons, price per MT, bundles, container (serial), seal.
QTY = [Decimal("20.000"), Decimal("22.000")]
PRICE = [Decimal("3250.00"), Decimal("3380.00")]
BUNDLES = [40, 44]
TARE_PER_BUNDLE = Decimal("10")  # kraft paper, film and wooden battens
CONTAINERS = [container("BOCU", "412735"), container("BOCU", "418062")]
SEALS = ["BOC7713051", "BOC7713052"]
CBM = "118.60"
DEPOSIT_PCT = Decimal("30")


def build():
    amounts = [money(q * p) for q, p in zip(QTY, PRICE)]
    total = money(sum(Decimal(a) for a in amounts))
    deposit = money(Decimal(total) * DEPOSIT_PCT / 100)
    balance = money(Decimal(total) - Decimal(deposit))
    nets = [q * 1000 for q in QTY]
    grosses = [n + TARE_PER_BUNDLE * b for n, b in zip(nets, BUNDLES)]
    net, gross = sum(nets), sum(grosses)
    packages = sum(BUNDLES)

    contract = {
        "number": CONTRACT_NO,
        "date": "2025-09-05",
        "seller": dict(SELLER),
        "buyer": dict(BUYER),
        "currency": "USD",
        "lines": [
            {
                "description": DESCRIPTIONS[i],
                "hs_code": "7604.29",
                "quantity": str(QTY[i]),
                "unit": "MT",
                "unit_price": str(PRICE[i]),
                "amount": amounts[i],
            }
            for i in range(2)
        ],
        "total_amount": total,
        "more_or_less_pct": "5",
        "incoterm": {"term": "FOB", "place": "QINGDAO", "version": "INCOTERMS 2020"},
        "port_of_loading": dict(QINGDAO),
        "port_of_discharge": dict(HAMBURG),
        "shipment_earliest": "2025-10-01",
        "shipment_latest": "2025-10-31",
        "partial_shipments": "NOT ALLOWED",
        "payment": {
            "method": "TT",
            "deposit_pct": str(DEPOSIT_PCT),
            "tenor": "70 % BALANCE BY T/T AGAINST COPY OF B/L",
        },
        "packing": "IN BUNDLES OF ABOUT 500 KG, EACH BUNDLE WRAPPED IN KRAFT PAPER AND PLASTIC FILM, 84 BUNDLES IN 2 X 40' GP",
        "marks": MARKS,
        "country_of_origin": "CN",
        "container": {"count": 2, "type": "40GP", "reefer_setpoint_c": None},
        "insurance": None,
        "required_co": {"form": "GENERAL", "issuer": "CCPIT OR CHAMBER OF COMMERCE"},
        "required_phyto_additional_declarations": [],
        "shipping_advice_within_days": 2,
        "bl_consignee_instruction": BUYER["name"],
    }

    invoice = {
        "number": INVOICE_NO,
        "date": "2025-10-16",
        "title": "COMMERCIAL INVOICE",
        "issuer": dict(SELLER),
        "buyer": dict(BUYER),
        "currency": "USD",
        "incoterm": {"term": "FOB", "place": "QINGDAO", "version": "INCOTERMS 2020"},
        "lines": [
            {
                "description": DESCRIPTIONS[i],
                "hs_code": "7604.29.10.00",
                "quantity": str(QTY[i]),
                "unit": "MT",
                "unit_price": str(PRICE[i]),
                "amount": amounts[i],
                "packages": BUNDLES[i],
                "package_type": "BUNDLES",
            }
            for i in range(2)
        ],
        "charges": [],
        "total_amount": total,
        "amount_in_words": words(total),
        "deposit_received": deposit,
        "balance_due": balance,
        "country_of_origin": "CN",
        "marks": MARKS,
        "packages_total": packages,
        "package_type": "BUNDLES",
        "net_weight_kg": kg(net),
        "gross_weight_kg": kg(gross),
        "port_of_loading": dict(QINGDAO),
        "port_of_discharge": dict(HAMBURG),
        "vessel": VESSEL,
        "contract_number": CONTRACT_NO,
        "lc_number": None,
    }

    packing_list = {
        "number": "LEA-PL-25-207",
        "date": "2025-10-16",
        "issuer": dict(SELLER),
        "invoice_number": INVOICE_NO,
        "lines": [
            {
                "description": DESCRIPTIONS[i],
                "packages": BUNDLES[i],
                "package_type": "BUNDLES",
                "net_per_package_kg": None,
                "gross_per_package_kg": None,
                "net_weight_kg": kg(nets[i]),
                "gross_weight_kg": kg(grosses[i]),
                "container_no": CONTAINERS[i],
            }
            for i in range(2)
        ],
        "packages_total": packages,
        "package_type": "BUNDLES",
        "net_weight_kg": kg(net),
        "gross_weight_kg": kg(gross),
        "measurement_cbm": CBM,
        "marks": MARKS,
        "containers": [
            {
                "number": CONTAINERS[i],
                "seal": SEALS[i],
                "packages": BUNDLES[i],
                "gross_weight_kg": kg(grosses[i]),
            }
            for i in range(2)
        ],
        "lc_number": None,
    }

    bl = {
        "number": BL_NO,
        "carrier": "BALTIC ORIENT CONTAINER LINE LTD.",
        "signed_by": {
            "name": "QINGDAO HARBOUR SHIPPING AGENCY CO., LTD.",
            "capacity": "AS AGENT FOR THE CARRIER BALTIC ORIENT CONTAINER LINE LTD.",
        },
        "type": "SHIPPED",
        "issue_date": "2025-10-18",
        "on_board_notation": None,
        "shipper": dict(SELLER),
        "consignee": BUYER["name"],
        "consignee_party": dict(BUYER),
        "notify": dict(BUYER),
        "vessel": VESSEL,
        "voyage": VOYAGE,
        "intended_vessel": False,
        "port_of_loading": dict(QINGDAO),
        "port_of_discharge": dict(HAMBURG),
        "transhipment": False,
        "port_of_transhipment": None,
        "goods_description": GENERAL,
        "packages_total": packages,
        "package_type": "BUNDLES",
        "gross_weight_kg": kg(gross),
        "measurement_cbm": CBM,
        "containers": [
            {
                "number": CONTAINERS[i],
                "seal": SEALS[i],
                "type": "40GP",
                "packages": BUNDLES[i],
                "gross_weight_kg": kg(grosses[i]),
                "reefer_setpoint_c": None,
            }
            for i in range(2)
        ],
        "marks": MARKS,
        "freight": "COLLECT",
        "clauses": [{"text": "SHIPPER'S LOAD, STOW AND COUNT. SAID TO CONTAIN.", "kind": "SLAC"}],
        "originals_issued": 3,
        "originals_presented": 3,
        "lc_number": None,
    }

    co = {
        "number": "25C3713A0207",
        "form": "GENERAL",
        "issuer": "CHINA COUNCIL FOR THE PROMOTION OF INTERNATIONAL TRADE (CCPIT) SHANDONG",
        "issue_date": "2025-10-17",
        "exporter": dict(SELLER),
        "consignee": dict(BUYER),
        "country_of_origin": "CN",
        "goods_description": GENERAL,
        "hs_code": "7604291000",
        "packages_total": packages,
        "package_type": "BUNDLES",
        "gross_weight_kg": kg(gross),
        "net_weight_kg": kg(net),
        "marks": MARKS,
        "invoice_number": INVOICE_NO,
        "invoice_date": "2025-10-16",
        "transport": {
            "vessel": VESSEL,
            "voyage": VOYAGE,
            "port_of_loading": dict(QINGDAO),
            "port_of_discharge": dict(HAMBURG),
        },
    }

    advice = {
        "date": "2025-10-19",
        "to": dict(BUYER),
        "invoice_number": INVOICE_NO,
        "invoice_amount": total,
        "currency": "USD",
        "bl_number": BL_NO,
        "vessel": VESSEL,
        "voyage": VOYAGE,
        "etd": "2025-10-18",
        "eta": "2025-11-28",
        "port_of_loading": dict(QINGDAO),
        "port_of_discharge": dict(HAMBURG),
        "containers": [{"number": CONTAINERS[i], "seal": SEALS[i]} for i in range(2)],
        "packages_total": packages,
        "gross_weight_kg": kg(gross),
        "net_weight_kg": kg(net),
        "goods_description": GENERAL,
    }

    return {
        "contract": contract,
        "invoice": invoice,
        "packing_list": packing_list,
        "bills_of_lading": [bl],
        "certificate_of_origin": co,
        "shipping_advice": advice,
        "presentation": {
            "date": "2025-10-20",
            "documents": [
                {"type": "INVOICE", "originals": 1, "copies": 2},
                {"type": "PACKING_LIST", "originals": 1, "copies": 2},
                {"type": "BL", "originals": 3, "copies": 2},
                {"type": "CO", "originals": 1, "copies": 1},
                {"type": "SHIPPING_ADVICE", "originals": 0, "copies": 1},
            ],
        },
    }


if __name__ == "__main__":
    with open(os.path.join(CASES, "clean", NAME + ".json"), "w") as f:
        json.dump(build(), f, indent=2, ensure_ascii=False)
        f.write("\n")
