"""Derives the second clean base, apples-cif-dp-clean: the same apples shipped CIF
Rotterdam under a D/P at sight collection (URC 522), no credit, insured for 110 % ICC (A)
with war and strikes, the draft drawn on the buyer and sent with a collection instruction."""
from common import base, clone, CASES
import json, os

s = clone(base())
del s["lc"]
c = s["contract"]
c["number"] = "YGO-RFI-2025-131"
c["incoterm"] = {"term": "CIF", "place": "ROTTERDAM", "version": "INCOTERMS 2020"}
c["lines"][0]["unit_price"] = "25.80"
c["lines"][0]["amount"] = "34056.00"
c["total_amount"] = "34056.00"
c["payment"] = {"method": "DP", "deposit_pct": "0", "tenor": "AT SIGHT"}
c["insurance"] = {"pct": "110", "risks": ["ICC (A)", "INSTITUTE WAR CLAUSES (CARGO)", "INSTITUTE STRIKES CLAUSES (CARGO)"]}
c["bl_consignee_instruction"] = "TO ORDER"
c["marks"] = "RFI/25-131 ROTTERDAM C/NO. 1-1320"
buyer = c["buyer"]

inv = s["invoice"]
inv["number"] = "YGO-INV-25-131"
inv["incoterm"] = {"term": "CIF", "place": "ROTTERDAM", "version": "INCOTERMS 2020"}
inv["lines"][0]["unit_price"] = "25.80"
inv["lines"][0]["amount"] = "34056.00"
inv["total_amount"] = "34056.00"
inv["amount_in_words"] = "SAY US DOLLARS THIRTY FOUR THOUSAND AND FIFTY SIX ONLY"
inv["contract_number"] = c["number"]
inv["lc_number"] = None
inv["marks"] = c["marks"]

pl = s["packing_list"]
pl["invoice_number"] = inv["number"]
pl["marks"] = c["marks"]
pl["lc_number"] = None

for bl in s["bills_of_lading"]:
    bl["consignee"] = "TO ORDER"
    bl["lc_number"] = None
    bl["marks"] = c["marks"]
    bl["freight"] = "PREPAID"
bl = s["bills_of_lading"][0]

for k in ("certificate_of_origin", "phytosanitary_certificate"):
    doc = s.get(k)
    if doc:
        for f in ("lc_number",):
            if f in doc:
                doc[f] = None
        if "marks" in doc and doc["marks"]:
            doc["marks"] = c["marks"]
        if "distinguishing_marks" in doc and doc["distinguishing_marks"] and "RFI/" in doc["distinguishing_marks"]:
            doc["distinguishing_marks"] = doc["distinguishing_marks"].replace("RFI/25-118", "RFI/25-131")
        if "invoice_number" in doc:
            doc["invoice_number"] = inv["number"]

s["insurance_certificate"] = {
    "number": "PICC-QD-25-88123",
    "issuer": "PICC PROPERTY AND CASUALTY COMPANY LIMITED, QINGDAO BRANCH",
    "issue_date": "2025-10-14",
    "cover_effective_date": None,
    "assured": "YANTAI GOLDEN ORCHARD FRUIT CO., LTD.",
    "currency": "USD",
    "insured_amount": "37461.60",
    "risks": ["ICC (A)", "INSTITUTE WAR CLAUSES (CARGO)", "INSTITUTE STRIKES CLAUSES (CARGO)"],
    "from": bl["port_of_loading"],
    "to": bl["port_of_discharge"],
    "vessel": bl["vessel"],
    "voyage": bl["voyage"],
    "bl_number": bl["number"],
    "claims_payable_at": "ROTTERDAM IN USD",
    "originals_issued": 2,
    "notes": [],
}

sa = s["shipping_advice"]
sa["invoice_number"] = inv["number"]
sa["invoice_amount"] = "34056.00"
sa["currency"] = "USD"

d = s["draft"]
d["number"] = "YGO-25-1131"
d["date"] = "2025-10-20"
d["drawee"] = clone(buyer)
d["payee"] = "BANK OF CHINA, YANTAI BRANCH"
d["amount"] = "34056.00"
d["amount_in_words"] = "SAY US DOLLARS THIRTY FOUR THOUSAND AND FIFTY SIX ONLY"

docs = [
    {"type": "DRAFT", "originals": 1, "copies": 0},
    {"type": "INVOICE", "originals": 1, "copies": 2},
    {"type": "PACKING_LIST", "originals": 1, "copies": 2},
    {"type": "BL", "originals": 3, "copies": 2},
    {"type": "CO", "originals": 1, "copies": 1},
    {"type": "PHYTO", "originals": 1, "copies": 1},
    {"type": "INSURANCE", "originals": 2, "copies": 0},
]
s["collection_instruction"] = {
    "date": "2025-10-20",
    "remitting_bank": "BANK OF CHINA, YANTAI BRANCH",
    "collecting_bank": "ABN AMRO BANK N.V., ROTTERDAM",
    "principal": clone(c["seller"]),
    "drawee": clone(buyer),
    "currency": "USD",
    "amount": "34056.00",
    "release": "D/P",
    "tenor": "AT SIGHT",
    "subject_to_urc522": True,
    "documents_enclosed": docs,
    "bl_number": bl["number"],
    "charges": "ALL BANKING CHARGES OUTSIDE CHINA FOR DRAWEE'S ACCOUNT",
    "protest": "DO NOT PROTEST",
}
s["presentation"] = {"date": "2025-10-20", "documents": docs}

with open(os.path.join(CASES, "clean", "apples-cif-dp-clean.json"), "w") as f:
    json.dump(s, f, indent=2, ensure_ascii=False)
    f.write("\n")
