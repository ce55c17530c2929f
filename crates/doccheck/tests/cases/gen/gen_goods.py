"""Cases for §2.4 goods description, classification, origin, trade terms.

Bases: apples-cfr-lc-clean and apples-cif-dp-clean. Two more are derived here:
* aluminium(): the L/C set with 6063-T5 aluminium extrusion profiles instead of apples
  (HS 7604.29, dry 40' high cube, no phytosanitary certificate);
* fob(): a set sold FOB QINGDAO (under the L/C: B/L freight collect; for the collection
  base also no insurance, since the buyer insures under FOB).
"""
from common import base, clone, write

LC = "apples-cfr-lc-clean"
DP = "apples-cif-dp-clean"
APPLES = "FRESH APPLES, VARIETY FUJI, GRADE A, SIZE 80-100, PACKED IN 18 KG NET CARTONS"


def drop_documents(s, *types):
    """Leave documents out of the credit's list and of the presentation."""
    if s.get("lc"):
        s["lc"]["documents_required"] = [d for d in s["lc"]["documents_required"] if d["type"] not in types]
    if s.get("collection_instruction"):
        ci = s["collection_instruction"]
        ci["documents_enclosed"] = [d for d in ci["documents_enclosed"] if d["type"] not in types]
    s["presentation"]["documents"] = [d for d in s["presentation"]["documents"] if d["type"] not in types]


def aluminium():
    s = base(LC)
    desc = "ALUMINIUM EXTRUSION PROFILES, ALLOY 6063-T5, ANODIZED SILVER, MILL LENGTH 6 M, PACKED IN CARTONS"
    c = s["contract"]
    c["lines"][0]["description"] = desc
    c["lines"][0]["hs_code"] = "7604.29"
    c["packing"] = "18 KG NET PER CARTON, 1320 CARTONS IN 1 X 40' HIGH CUBE"
    c["container"] = {"count": 1, "type": "40HC", "reefer_setpoint_c": None}
    s["lc"]["goods"]["description"] = "ALUMINIUM EXTRUSION PROFILES, ALLOY 6063-T5"
    inv = s["invoice"]
    inv["lines"][0]["description"] = desc
    inv["lines"][0]["hs_code"] = "7604.29.10"
    s["packing_list"]["lines"][0]["description"] = desc
    for bl in s["bills_of_lading"]:
        bl["goods_description"] = "ALUMINIUM PROFILES"
        for ct in bl["containers"]:
            ct["type"] = "40HC"
            ct["reefer_setpoint_c"] = None
        bl["clauses"] = [k for k in bl["clauses"] if k["kind"] != "OTHER"]
    co = s["certificate_of_origin"]
    co["goods_description"] = "ALUMINIUM EXTRUSION PROFILES 6063-T5"
    co["hs_code"] = "7604291000"
    del s["phytosanitary_certificate"]
    drop_documents(s, "PHYTO")
    s["shipping_advice"]["goods_description"] = "ALUMINIUM PROFILES"
    return s


def fob(name=LC):
    s = base(name)
    term = {"term": "FOB", "place": "QINGDAO", "version": "INCOTERMS 2020"}
    s["contract"]["incoterm"] = dict(term)
    s["invoice"]["incoterm"] = dict(term)
    if s.get("lc"):
        s["lc"]["goods"]["incoterm"] = {"term": "FOB", "place": "QINGDAO"}
    if s.get("insurance_certificate"):
        del s["insurance_certificate"]
        s["contract"]["insurance"] = None
        drop_documents(s, "INSURANCE")
    for bl in s["bills_of_lading"]:
        bl["freight"] = "COLLECT"
    return s


def set_invoice_desc(s, d):
    s["invoice"]["lines"][0]["description"] = d


# ---------------------------------------------------------------------------------------
# INV-DESC-LC: every attribute of 45A (else the contract) on the invoice, none contradicted.
R = "INV-DESC-LC"
write(R, "passes-extra-data-no-mirror-image", base(LC))
s = base(LC)
set_invoice_desc(s, "FUJI APPLES, FRESH, GRADE A, SIZE 80/100, 18 KG NET CARTONS")
write(R, "passes-other-order-and-spelling", s)
s = base(LC)
set_invoice_desc(s, "FRESH APPLES, GRADE A, SIZE 80-100, PACKED IN 18 KG NET CARTONS")
write(R, "fires-variety-missing", s)
s = base(LC)
set_invoice_desc(s, APPLES.replace("GRADE A", "GRADE B"))
write(R, "fires-grade-contradicted", s)
s = base(LC)
set_invoice_desc(s, APPLES.replace("SIZE 80-100", "SIZE 70-80"))
write(R, "fires-size-contradicted", s)
write(R, "passes-collection-matches-contract", base(DP))
s = base(DP)
set_invoice_desc(s, APPLES.replace("FUJI", "GALA"))
write(R, "fires-collection-variety-not-contract", s)
write(R, "passes-aluminium-alloy-and-temper", aluminium())
s = aluminium()
set_invoice_desc(s, s["invoice"]["lines"][0]["description"].replace("6063-T5", "6061-T5"))
write(R, "fires-aluminium-alloy-6061-vs-6063", s)

# ---------------------------------------------------------------------------------------
# INV-TITLE: PROFORMA / PRO-FORMA / PROVISIONAL.
R = "INV-TITLE"
write(R, "passes-commercial-invoice", base(LC))
for name, title in (
    ("fires-proforma-invoice", "PROFORMA INVOICE"),
    ("fires-pro-forma-invoice", "Pro-Forma Invoice"),
    ("fires-provisional-invoice", "PROVISIONAL COMMERCIAL INVOICE"),
):
    s = base(LC)
    s["invoice"]["title"] = title
    write(R, name, s)
s = base(LC)
s["invoice"]["title"] = None
write(R, "na-no-title", s)

# ---------------------------------------------------------------------------------------
# X-GOODS-CONFLICT: other documents vs the invoice; general terms fine, conflicts fire.
R = "X-GOODS-CONFLICT"
write(R, "passes-general-terms", base(LC))
s = base(LC)
for bl in s["bills_of_lading"]:
    bl["goods_description"] = "FRESH FRUIT"
write(R, "passes-bl-fresh-fruit", s)
s = base(LC)
for bl in s["bills_of_lading"]:
    bl["goods_description"] = "FRESH PEARS"
write(R, "fires-bl-pears-vs-apples", s)
s = base(LC)
s["phytosanitary_certificate"]["name_of_produce"] = "FRESH APPLES (GALA)"
write(R, "fires-phyto-gala-vs-fuji", s)
s = base(LC)
s["certificate_of_origin"]["goods_description"] = "DRIED APPLES"
write(R, "fires-co-dried-vs-fresh", s)
s = base(DP)
s["shipping_advice"]["goods_description"] = "FRESH VEGETABLES"
write(R, "fires-collection-shipping-advice-vegetables", s)
write(R, "passes-aluminium-profiles-general-term", aluminium())
s = aluminium()
for bl in s["bills_of_lading"]:
    bl["goods_description"] = "ALUMINIUM PROFILES 6061-T6"
write(R, "fires-aluminium-bl-6061-vs-6063", s)
s = base(LC)
for bl in s["bills_of_lading"]:
    bl["goods_description"] = None
for k in ("packing_list", "certificate_of_origin", "phytosanitary_certificate", "shipping_advice"):
    del s[k]
drop_documents(s, "PACKING_LIST", "CO", "PHYTO", "SHIPPING_ADVICE")
write(R, "na-no-other-description", s)

# ---------------------------------------------------------------------------------------
# X-HS6: first six digits of contract, invoice, CO HS codes.
R = "X-HS6"
write(R, "passes-national-extensions-differ", base(LC))
s = base(LC)
s["invoice"]["lines"][0]["hs_code"] = "0808.10.80"
write(R, "passes-eu-eight-digits", s)
s = base(LC)
s["certificate_of_origin"]["hs_code"] = "0808109000"
write(R, "passes-edge-seventh-digit-differs", s)
s = base(LC)
s["certificate_of_origin"]["hs_code"] = "0808110000"
write(R, "fires-beyond-sixth-digit-differs", s)
s = base(LC)
s["certificate_of_origin"]["hs_code"] = "0808301000"
write(R, "fires-co-pears-heading", s)
s = base(DP)
s["invoice"]["lines"][0]["hs_code"] = "0808.30.00"
write(R, "fires-collection-invoice-differs", s)
s = base(LC)
s["contract"]["lines"][0]["hs_code"] = None
s["certificate_of_origin"]["hs_code"] = None
write(R, "na-only-invoice-shows-hs", s)

# ---------------------------------------------------------------------------------------
# X-ORIGIN: country of origin on contract, invoice, CO, phyto.
R = "X-ORIGIN"
write(R, "passes-all-china", base(LC))
s = base(LC)
s["invoice"]["country_of_origin"] = "CHINA"
write(R, "passes-invoice-origin-written-out", s)
s = base(LC)
s["certificate_of_origin"]["country_of_origin"] = "VN"
write(R, "fires-co-origin-vietnam", s)
s = base(DP)
s["phytosanitary_certificate"]["place_of_origin"] = {"text": "HAWKE'S BAY, NEW ZEALAND", "country": "NZ"}
write(R, "fires-collection-phyto-place-of-origin", s)
s = base(LC)
s["invoice"]["country_of_origin"] = None
for k in ("certificate_of_origin", "phytosanitary_certificate"):
    del s[k]
drop_documents(s, "CO", "PHYTO")
write(R, "na-only-contract-states-origin", s)

# ---------------------------------------------------------------------------------------
# X-INCOTERM: invoice trade term and named place vs contract and L/C.
R = "X-INCOTERM"
write(R, "passes-cfr-rotterdam", base(LC))
s = base(LC)
s["invoice"]["incoterm"]["place"] = "ROTTERDAM, THE NETHERLANDS"
write(R, "passes-place-with-country", s)
s = base(LC)
s["invoice"]["incoterm"]["term"] = "CIF"
write(R, "fires-cif-instead-of-cfr", s)
s = base(LC)
s["invoice"]["incoterm"]["place"] = "ANTWERP"
write(R, "fires-cfr-antwerp-instead-of-rotterdam", s)
s = base(LC)
s["invoice"]["incoterm"] = None
write(R, "fires-invoice-silent-under-credit", s)
write(R, "passes-collection-cif-rotterdam", base(DP))
s = base(DP)
s["invoice"]["incoterm"] = None
write(R, "na-collection-invoice-shows-no-term", s)

# ---------------------------------------------------------------------------------------
# BL-FREIGHT-TERM: C-terms prepaid, F-terms collect; a warning under an L/C (no freight
# wording in the credit), blocking otherwise.
R = "BL-FREIGHT-TERM"
write(R, "passes-cfr-freight-prepaid", base(LC))
write(R, "passes-collection-cif-freight-prepaid", base(DP))
s = base(DP)
for bl in s["bills_of_lading"]:
    bl["freight"] = "COLLECT"
write(R, "fires-collection-cif-freight-collect", s)
s = base(DP)
for bl in s["bills_of_lading"]:
    bl["freight"] = None
write(R, "fires-collection-cif-no-freight-indication", s)
write(R, "passes-fob-freight-collect", fob())
s = fob()
for bl in s["bills_of_lading"]:
    bl["freight"] = "PREPAID"
write(R, "fires-fob-freight-prepaid-warning-under-credit", s)
s = fob(DP)
for bl in s["bills_of_lading"]:
    bl["freight"] = "PREPAID"
write(R, "fires-collection-fob-freight-prepaid", s)
s = base(LC)
s["bills_of_lading"] = []
drop_documents(s, "BL")
write(R, "na-no-bill-of-lading", s)

# ---------------------------------------------------------------------------------------
# X-GOODS-CONFLICT / INV-DESC-LC: carrier tallies, container sizes, packing attributes and
# dimensions are not attributes of the goods.
R = "X-GOODS-CONFLICT"
s = base(LC)
for bl in s["bills_of_lading"]:
    bl["goods_description"] = "SHIPPER'S LOAD, STOW AND COUNT\n1 X 40'RF CONTAINER STC 1320 CARTONS FRESH APPLES"
write(R, "passes-bl-shippers-load-stow-and-count", s)
s = base(LC)
for bl in s["bills_of_lading"]:
    bl["goods_description"] = "1 X 40' REEFER CONTAINER SIZE 40 STC 1320 CARTONS FRESH APPLES"
write(R, "passes-bl-container-size", s)
s = base(LC)
s["packing_list"]["lines"][0]["description"] = "FRESH APPLES FUJI PACKED IN FOOD GRADE CARTONS"
write(R, "passes-packing-list-food-grade-cartons", s)
s = base(LC)
for bl in s["bills_of_lading"]:
    bl["goods_description"] = "SHIPPER'S LOAD, STOW AND COUNT\n1 X 40'RF CONTAINER STC 1320 CARTONS FRESH APPLES SIZE 70-80"
write(R, "fires-bl-stow-and-count-with-another-size", s)
s = aluminium()
for bl in s["bills_of_lading"]:
    bl["goods_description"] = "ALUMINIUM PROFILES 1.0 X 1250 X 2500 MM"
write(R, "passes-aluminium-bl-dimensions", s)
s = aluminium()
s["certificate_of_origin"]["goods_description"] = "ALUMINIUM EXTRUSION PROFILES 6063-T5, 1.0*1250*2500MM"
write(R, "passes-aluminium-co-dimensions-with-star", s)

R = "INV-DESC-LC"
s = base(LC)
set_invoice_desc(s, "FRESH APPLES, VARIETY FUJI, GRADE A, SIZE 80-100, PACKED IN FOOD GRADE CARTONS")
write(R, "passes-packed-in-food-grade-cartons", s)
s = base(LC)
set_invoice_desc(s, "FRESH APPLES, VARIETY FUJI, GRADE B, SIZE 80-100, PACKED IN FOOD GRADE CARTONS")
write(R, "fires-grade-b-packed-in-food-grade-cartons", s)
s = aluminium()
set_invoice_desc(s, "ALUMINIUM EXTRUSION PROFILES, ALLOY 6063-T5, 1.0 X 1250 X 2500 MM, PACKED IN CARTONS")
write(R, "passes-aluminium-dimensions-not-alloy", s)
s = aluminium()
set_invoice_desc(s, "ALUMINIUM EXTRUSION PROFILES, ALLOY 6063-T5, LOT 2025, PACKED IN CARTONS")
write(R, "passes-aluminium-explicit-alloy-lot-number", s)

# X-ORIGIN: China and the Netherlands in their usual spellings.
R = "X-ORIGIN"
s = base(LC)
s["certificate_of_origin"]["country_of_origin"] = "P.R. CHINA"
write(R, "passes-co-p-r-china", s)
s = base(LC)
s["invoice"]["country_of_origin"] = "PEOPLE'S REPUBLIC OF CHINA"
s["contract"]["country_of_origin"] = "PRC"
write(R, "passes-peoples-republic-of-china-and-prc", s)
s = base(LC)
s["invoice"]["country_of_origin"] = "MADE IN CHINA"
write(R, "passes-invoice-made-in-china", s)
s = base(DP)
s["contract"]["country_of_origin"] = "NL"
s["invoice"]["country_of_origin"] = "THE NETHERLANDS"
s["certificate_of_origin"]["country_of_origin"] = "HOLLAND"
s["phytosanitary_certificate"]["place_of_origin"] = {"text": "BETUWE, NETHERLANDS", "country": "NL"}
write(R, "passes-collection-holland-and-the-netherlands", s)
s = base(LC)
s["certificate_of_origin"]["country_of_origin"] = "HOLLAND"
write(R, "fires-co-holland-vs-china", s)
