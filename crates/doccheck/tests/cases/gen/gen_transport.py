"""Cases for §2.6 transport document.

The clean L/C base ships 1320 cartons of apples in one 40' reefer OSLU5120641 (seal
OSL2508817) on HANSA QINGDAO voyage 2514W, Qingdao (CNTAO) to Rotterdam (NLRTM), under a
received-for-shipment B/L with a dated on-board notation; the L/C prohibits partial
shipments and transhipment.
"""
import copy

from common import base, clone, write

SECOND_CONTAINER = "OSLU5120657"  # ISO 6346 check digit 7
SECOND_SEAL = "OSL2508818"


def split_in_two(s, counts=(660, 660), vessel=None, voyage=None, on_board=None):
    """The shipment in two containers, each under its own B/L (the B/L split in two), with
    the packing list, shipping advice and phytosanitary marks following. By default both
    B/Ls are on the same vessel and voyage; `vessel`, `voyage` and `on_board` change the
    second B/L's."""
    bl0 = s["bills_of_lading"][0]
    bl1 = copy.deepcopy(bl0)
    bl1["number"] = "OSLQDRTM2510418"
    for bl, n, ctr, seal in ((bl0, counts[0], None, None), (bl1, counts[1], SECOND_CONTAINER, SECOND_SEAL)):
        gross = "%.2f" % (n * 19.2)
        bl["packages_total"] = n
        bl["gross_weight_kg"] = gross
        bl["measurement_cbm"] = "28.71"
        c = bl["containers"][0]
        c["packages"] = n
        c["gross_weight_kg"] = gross
        if ctr:
            c["number"] = ctr
            c["seal"] = seal
    if vessel:
        bl1["vessel"] = vessel
        bl1["on_board_notation"]["vessel"] = vessel
    if voyage:
        bl1["voyage"] = voyage
    if on_board:
        bl1["on_board_notation"]["date"] = on_board
        bl1["issue_date"] = on_board
    s["bills_of_lading"] = [bl0, bl1]
    s["contract"]["container"]["count"] = 2

    pl = s["packing_list"]
    line = pl["lines"][0]
    lines = []
    for n, ctr in ((counts[0], bl0["containers"][0]["number"]), (counts[1], SECOND_CONTAINER)):
        l = copy.deepcopy(line)
        l["packages"] = n
        l["net_weight_kg"] = "%.2f" % (n * 18)
        l["gross_weight_kg"] = "%.2f" % (n * 19.2)
        l["container_no"] = ctr
        lines.append(l)
    pl["lines"] = lines
    c0 = pl["containers"][0]
    c0["packages"] = counts[0]
    c0["gross_weight_kg"] = bl0["gross_weight_kg"]
    c1 = {"number": SECOND_CONTAINER, "seal": SECOND_SEAL, "packages": counts[1],
          "gross_weight_kg": bl1["gross_weight_kg"]}
    pl["containers"] = [c0, c1]
    s["shipping_advice"]["containers"].append({"number": SECOND_CONTAINER, "seal": SECOND_SEAL})
    phyto = s["phytosanitary_certificate"]
    phyto["distinguishing_marks"] += " / " + SECOND_CONTAINER
    for d in s["presentation"]["documents"]:
        if d["type"] == "BL":
            d["originals"] = 6
    return s


def set_ports(s, leg, port):
    """Every document of the set shows this port of loading ("loading") or discharge."""
    key = "port_of_" + leg
    for doc in (s["invoice"], s["shipping_advice"], s["certificate_of_origin"]["transport"]):
        doc[key] = dict(port)
    for bl in s["bills_of_lading"]:
        bl[key] = dict(port)
        if leg == "loading":
            bl["on_board_notation"]["port"] = dict(port)
    if leg == "discharge" and "phytosanitary_certificate" in s:
        s["phytosanitary_certificate"]["point_of_entry"] = {
            "text": port["name"], "unlocode": port["unlocode"], "country": port["country"]}
    if "insurance_certificate" in s:
        s["insurance_certificate"]["from" if leg == "loading" else "to"] = dict(port)


def break_bulk(s):
    """The apples shipped in a conventional reefer ship's hold: no container anywhere."""
    for bl in s["bills_of_lading"]:
        bl["containers"] = []
    s["packing_list"]["containers"] = []
    for l in s["packing_list"]["lines"]:
        l["container_no"] = None
    s["shipping_advice"]["containers"] = []
    s["phytosanitary_certificate"]["distinguishing_marks"] = "RFI/25-118"
    s["contract"]["container"] = None
    return s


def set_container(s, old, new):
    """Replace a container number everywhere in the set."""
    for bl in s["bills_of_lading"]:
        for c in bl["containers"]:
            if c["number"] == old:
                c["number"] = new
    for c in s["packing_list"]["containers"]:
        if c["number"] == old:
            c["number"] = new
    for l in s["packing_list"]["lines"]:
        if l["container_no"] == old:
            l["container_no"] = new
    for c in s["shipping_advice"]["containers"]:
        if c["number"] == old:
            c["number"] = new
    p = s["phytosanitary_certificate"]
    p["distinguishing_marks"] = p["distinguishing_marks"].replace(old, new)


QINGDAO = {"name": "QINGDAO, CHINA", "unlocode": "CNTAO", "country": "CN"}
SHANGHAI = {"name": "SHANGHAI, CHINA", "unlocode": "CNSHA", "country": "CN"}
ANTWERP = {"name": "ANTWERP, BELGIUM", "unlocode": "BEANR", "country": "BE"}
AMSTERDAM = {"name": "AMSTERDAM, NETHERLANDS", "unlocode": "NLAMS", "country": "NL"}


def main():
    # BL-ON-BOARD -------------------------------------------------------------------------
    r = "BL-ON-BOARD"
    write(r, "passes-received-bl-with-dated-notation", base())
    s = base()
    s["bills_of_lading"][0]["on_board_notation"] = None
    write(r, "fires-received-bl-without-on-board-notation", s)
    s = base()
    bl = s["bills_of_lading"][0]
    bl["type"] = "SHIPPED"
    bl["on_board_notation"] = None
    write(r, "passes-shipped-bl-dated-by-its-issue-date", s)
    s = split_in_two(base())
    s["bills_of_lading"][1]["on_board_notation"] = None
    write(r, "fires-second-of-two-bls-without-notation", s)
    s = base()
    s["bills_of_lading"] = []
    write(r, "na-no-bill-of-lading", s)

    # BL-INTENDED-VESSEL ------------------------------------------------------------------
    r = "BL-INTENDED-VESSEL"
    write(r, "passes-actual-vessel", base())
    s = base()
    bl = s["bills_of_lading"][0]
    bl["intended_vessel"] = True
    write(r, "passes-intended-vessel-named-in-the-on-board-notation", s)
    s = clone(s)
    s["bills_of_lading"][0]["on_board_notation"]["vessel"] = None
    write(r, "fires-intended-vessel-notation-without-vessel", s)
    s = base()
    bl = s["bills_of_lading"][0]
    bl["port_of_loading"]["name"] = "INTENDED PORT OF LOADING: QINGDAO, CHINA"
    bl["on_board_notation"]["port"] = None
    write(r, "fires-intended-port-of-loading-notation-without-port", s)
    s = base()
    s["bills_of_lading"] = []
    write(r, "na-no-bill-of-lading", s)

    # BL-CLEAN ----------------------------------------------------------------------------
    r = "BL-CLEAN"
    write(r, "passes-shippers-load-stow-and-count", base())
    s = base()
    s["bills_of_lading"][0]["clauses"].append({"text": "2 CARTONS TORN", "kind": "DEFECT"})
    write(r, "fires-two-cartons-torn", s)
    s = base()
    # The clause kind is authoritative (document-set.md); only a clause without one is read.
    s["bills_of_lading"][0]["clauses"].append({"text": "PACKING WET", "kind": ""})
    write(r, "fires-packing-wet-in-a-clause-without-kind", s)
    s = base()
    s["bills_of_lading"][0]["clauses"] = [{"text": "SAID TO CONTAIN 1320 CARTONS", "kind": "STC"}]
    write(r, "passes-said-to-contain", s)
    s = base()
    s["bills_of_lading"][0]["clauses"].append(
        {"text": "PACKAGING MAY NOT BE SUFFICIENT FOR THE SEA JOURNEY", "kind": "OTHER"})
    write(r, "passes-packaging-may-not-be-sufficient", s)
    s = base()
    s["bills_of_lading"] = []
    write(r, "na-no-bill-of-lading", s)

    # BL-ON-DECK --------------------------------------------------------------------------
    r = "BL-ON-DECK"
    write(r, "passes-under-deck", base())
    s = base()
    s["bills_of_lading"][0]["clauses"].append(
        {"text": "CONTAINER STOWED ON DECK AT SHIPPER'S RISK", "kind": "ON_DECK_IS"})
    write(r, "fires-stowed-on-deck", s)
    s = base()
    s["bills_of_lading"][0]["clauses"].append(
        {"text": "GOODS MAY BE CARRIED ON DECK", "kind": "ON_DECK_MAY"})
    write(r, "passes-may-be-carried-on-deck", s)
    s = base()
    s["bills_of_lading"][0]["clauses"].append({"text": "SHIPPED ON DECK", "kind": ""})
    write(r, "fires-shipped-on-deck-in-a-clause-without-kind", s)
    s = base()
    s["bills_of_lading"] = []
    write(r, "na-no-bill-of-lading", s)

    # BL-FULL-SET -------------------------------------------------------------------------
    r = "BL-FULL-SET"
    write(r, "passes-three-of-three", base())
    s = base()
    s["bills_of_lading"][0]["originals_presented"] = 2
    for d in s["presentation"]["documents"]:
        if d["type"] == "BL":
            d["originals"] = 2
    write(r, "fires-two-of-three-presented", s)
    s = base()
    s["bills_of_lading"][0]["originals_issued"] = None
    s["bills_of_lading"][0]["originals_presented"] = None
    write(r, "na-originals-not-shown", s)

    # BL-CARRIER-SIGNATURE ----------------------------------------------------------------
    r = "BL-CARRIER-SIGNATURE"
    write(r, "passes-agent-for-the-named-carrier", base())
    s = base()
    s["bills_of_lading"][0]["signed_by"]["capacity"] = ""
    write(r, "fires-signed-without-capacity", s)
    s = base()
    s["bills_of_lading"][0]["carrier"] = None
    write(r, "fires-carrier-not-named", s)
    s = base()
    s["bills_of_lading"][0]["signed_by"]["capacity"] = "AS AGENT"
    write(r, "fires-agent-without-principal", s)
    s = base()
    s["bills_of_lading"][0]["signed_by"] = {"name": "CAPT. LI WEI", "capacity": "MASTER"}
    write(r, "passes-signed-by-the-master", s)

    # X-PORT-LOADING ----------------------------------------------------------------------
    r = "X-PORT-LOADING"
    write(r, "passes-qingdao-everywhere", base())
    s = base()
    set_ports(s, "loading", SHANGHAI)
    write(r, "fires-shipped-from-shanghai-credit-says-qingdao", s)
    s = base()
    s["invoice"]["port_of_loading"] = dict(SHANGHAI)
    write(r, "fires-invoice-shows-another-port", s)
    s = base()
    set_ports(s, "loading", SHANGHAI)
    s["lc"]["port_of_loading"] = {"any_port_in_country": "CN"}
    s["contract"]["port_of_loading"] = {"any_port_in_country": "CN"}
    write(r, "passes-any-port-in-china", s)
    s = base()
    s["bills_of_lading"][0]["port_of_loading"] = dict(SHANGHAI)
    write(r, "passes-on-board-notation-port-governs", s)
    s = base()
    s["bills_of_lading"][0]["on_board_notation"]["port"] = dict(SHANGHAI)
    write(r, "fires-on-board-notation-names-another-port", s)
    s = base()
    s["bills_of_lading"] = []
    write(r, "na-no-bill-of-lading", s)

    # X-PORT-DISCHARGE --------------------------------------------------------------------
    r = "X-PORT-DISCHARGE"
    write(r, "passes-rotterdam-everywhere", base())
    s = base()
    set_ports(s, "discharge", ANTWERP)
    write(r, "fires-discharged-at-antwerp-credit-says-rotterdam", s)
    s = base()
    s["shipping_advice"]["port_of_discharge"] = dict(AMSTERDAM)
    write(r, "fires-shipping-advice-shows-another-port", s)
    s = base()
    set_ports(s, "discharge", AMSTERDAM)
    s["lc"]["port_of_discharge"] = {"any_port_in_country": "NL"}
    s["contract"]["port_of_discharge"] = {"any_port_in_country": "NL"}
    write(r, "passes-any-port-in-the-netherlands", s)
    s = base("apples-cif-dp-clean")
    set_ports(s, "discharge", ANTWERP)
    write(r, "fires-no-credit-contract-says-rotterdam", s)
    s = base()
    s["bills_of_lading"] = []
    write(r, "na-no-bill-of-lading", s)

    # LC-PARTIAL-SHIPMENT -----------------------------------------------------------------
    r = "LC-PARTIAL-SHIPMENT"
    write(r, "passes-one-bill-of-lading", base())
    write(r, "passes-two-bls-same-vessel-and-voyage", split_in_two(base()))
    write(r, "fires-two-bls-different-voyages",
          split_in_two(base(), voyage="2516W", on_board="2025-10-18"))
    write(r, "fires-two-bls-different-vessels",
          split_in_two(base(), vessel="COSCO SHIPPING ARIES", voyage="061W", on_board="2025-10-17"))
    s = split_in_two(base(), voyage="2516W", on_board="2025-10-18")
    s["lc"]["partial_shipments"] = "ALLOWED"
    s["contract"]["partial_shipments"] = "ALLOWED"
    write(r, "na-credit-allows-partial-shipments", s)
    write(r, "na-no-credit", split_in_two(base("apples-cif-dp-clean")))

    # LC-TRANSHIPMENT ---------------------------------------------------------------------
    r = "LC-TRANSHIPMENT"
    write(r, "passes-direct", base())
    busan = {"name": "BUSAN, KOREA", "unlocode": "KRPUS", "country": "KR"}
    s = base()
    s["bills_of_lading"][0]["transhipment"] = True
    s["bills_of_lading"][0]["port_of_transhipment"] = busan
    write(r, "passes-transhipped-in-a-container", s)
    s = break_bulk(base())
    s["bills_of_lading"][0]["transhipment"] = True
    s["bills_of_lading"][0]["port_of_transhipment"] = busan
    write(r, "fires-break-bulk-transhipped-at-busan", s)
    s = break_bulk(base())
    s["bills_of_lading"][0]["clauses"].append(
        {"text": "CARRIER RESERVES THE RIGHT TO TRANSHIP", "kind": "TRANSHIP_RESERVE"})
    write(r, "passes-break-bulk-with-a-clause-reserving-transhipment", s)
    s = break_bulk(base())
    s["bills_of_lading"][0]["transhipment"] = True
    s["bills_of_lading"][0]["port_of_transhipment"] = busan
    s["lc"]["transhipment"] = "ALLOWED"
    write(r, "na-credit-allows-transhipment", s)

    # CTR-ISO6346 -------------------------------------------------------------------------
    r = "CTR-ISO6346"
    write(r, "passes-oslu5120641", base())
    s = base()
    set_container(s, "OSLU5120641", "CSQU3054383")
    write(r, "passes-csqu3054383", s)
    s = base()
    set_container(s, "OSLU5120641", "OSLU5120642")
    write(r, "fires-wrong-check-digit-everywhere", s)
    s = base()
    s["shipping_advice"]["containers"][0]["number"] = "OSLU5120614"
    write(r, "fires-digits-swapped-on-shipping-advice", s)
    s = base()
    s["phytosanitary_certificate"]["distinguishing_marks"] = "RFI/25-118 / OSLU5120644"
    write(r, "fires-phyto-marks-carry-a-mistyped-container", s)
    s = base()
    set_container(s, "OSLU5120641", "OSLA5120641")
    write(r, "fires-category-not-u-j-z", s)
    write(r, "na-break-bulk", break_bulk(base()))

    # X-CONTAINER-SET ---------------------------------------------------------------------
    r = "X-CONTAINER-SET"
    write(r, "passes-same-container", base())
    s = base()
    s["packing_list"]["containers"][0]["number"] = "OSLU 512064-1"
    s["shipping_advice"]["containers"][0]["number"] = "OSLU 512064 (1)"
    write(r, "passes-written-with-spaces-and-check-digit-box", s)
    s = base()
    s["shipping_advice"]["containers"][0]["number"] = SECOND_CONTAINER
    write(r, "fires-shipping-advice-names-another-container", s)
    s = split_in_two(base())
    s["packing_list"]["containers"] = s["packing_list"]["containers"][:1]
    s["packing_list"]["lines"] = s["packing_list"]["lines"][:1]
    s["packing_list"]["lines"][0].update(packages=1320, net_weight_kg="23760.00", gross_weight_kg="25344.00")
    s["packing_list"]["containers"][0].update(packages=1320, gross_weight_kg="25344.00")
    write(r, "fires-packing-list-lacks-the-second-container", s)
    write(r, "passes-two-bls-two-containers", split_in_two(base()))
    write(r, "na-break-bulk", break_bulk(base()))

    # X-SEAL ------------------------------------------------------------------------------
    r = "X-SEAL"
    write(r, "passes-same-seal", base())
    s = base()
    s["packing_list"]["containers"][0]["seal"] = "OSL2508871"
    write(r, "fires-packing-list-seal-digits-swapped", s)
    s = split_in_two(base())
    s["shipping_advice"]["containers"][1]["seal"] = SECOND_SEAL[:-1] + "9"
    write(r, "fires-second-container-seal-on-shipping-advice", s)
    s = base()
    s["packing_list"]["containers"][0]["seal"] = None
    s["shipping_advice"]["containers"][0]["seal"] = None
    write(r, "na-seal-only-on-the-bl", s)

    # X-VESSEL-VOYAGE ---------------------------------------------------------------------
    r = "X-VESSEL-VOYAGE"
    write(r, "passes-same-vessel-and-voyage", base())
    s = base()
    s["shipping_advice"]["vessel"] = "M/V HANSA QINGDAO"
    s["shipping_advice"]["voyage"] = "VOY. 2514W"
    s["certificate_of_origin"]["transport"]["vessel"] = "MV HANSA QINGDAO"
    s["certificate_of_origin"]["transport"]["voyage"] = "V.2514W"
    write(r, "passes-written-with-mv-and-voy", s)
    s = base()
    s["shipping_advice"]["voyage"] = "2516W"
    write(r, "fires-shipping-advice-voyage-differs", s)
    s = base("apples-cif-dp-clean")
    s["insurance_certificate"]["vessel"] = "HANSA QINGTAO"
    write(r, "fires-insurance-vessel-misspelt", s)
    s = base()
    bl = s["bills_of_lading"][0]
    bl["intended_vessel"] = True
    bl["vessel"] = "HANSA SHANGHAI"
    write(r, "passes-on-board-notation-vessel-governs", s)
    s = base()
    s["bills_of_lading"] = []
    write(r, "na-no-bill-of-lading", s)

    # BL-REEFER-SETPOINT ------------------------------------------------------------------
    r = "BL-REEFER-SETPOINT"
    write(r, "passes-set-at-0-5", base())
    s = base()
    s["bills_of_lading"][0]["containers"][0]["reefer_setpoint_c"] = "0.50"
    write(r, "passes-written-0-50", s)
    s = base()
    bl = s["bills_of_lading"][0]
    bl["containers"][0]["reefer_setpoint_c"] = "-0.5"
    bl["clauses"][1]["text"] = bl["clauses"][1]["text"].replace("+0.5", "-0.5")
    write(r, "fires-set-at-minus-0-5", s)
    s = base()
    s["contract"]["container"]["reefer_setpoint_c"] = None
    write(r, "na-contract-sets-no-temperature", s)


if __name__ == "__main__":
    main()

# X-PORT-LOADING: the trade code CNTAO on the B/L names the same port as the official
# UN/LOCODE CNQDG the contract and credit use (port-aliases.csv).
s = base()
for doc in (s["contract"], s["lc"]):
    doc["port_of_loading"] = {"name": "QINGDAO PT", "unlocode": "CNQDG", "country": "CN"}
write("X-PORT-LOADING", "passes-trade-code-alias", s)

# X-VESSEL-VOYAGE: the invoice writes vessel and voyage in one field.
s = base()
s["invoice"]["vessel"] = "HANSA QINGDAO V.2514W"
write("X-VESSEL-VOYAGE", "passes-invoice-vessel-with-voyage", s)
s = clone(s)
s["invoice"]["vessel"] = "HANSA QINGDAO V.2515W"
write("X-VESSEL-VOYAGE", "fires-invoice-voyage-differs", s)


if __name__ == "__main__":
    # BL-CLEAN / BL-ON-DECK: the clause kind is authoritative; a clause of kind OTHER is not
    # read for defect or on-deck wording.
    s = base()
    s["bills_of_lading"][0]["clauses"].append(
        {"text": "CARRIER NOT ANSWERABLE FOR INSUFFICIENT PACKING", "kind": "OTHER"})
    write("BL-CLEAN", "passes-insufficient-packing-clause-of-kind-other", s)
    s = base()
    s["bills_of_lading"][0]["clauses"].append(
        {"text": "CARRIER NOT RESPONSIBLE FOR CARGO STOWED ON DECK", "kind": "OTHER"})
    write("BL-ON-DECK", "passes-on-deck-clause-of-kind-other", s)

    # X-SEAL: a seal field holding the carrier's and the shipper's seal.
    r = "X-SEAL"
    s = base()
    s["bills_of_lading"][0]["containers"][0]["seal"] = "OSL2508817 / CN123456"
    write(r, "passes-bl-carrier-and-shipper-seal-packing-list-carrier-seal", s)
    s = base()
    s["shipping_advice"]["containers"][0]["seal"] = "CN123456 AND OSL2508817"
    s["packing_list"]["containers"][0]["seal"] = "OSL2508817, CN123456"
    s["bills_of_lading"][0]["containers"][0]["seal"] = "OSL 2508817 & CN123456"
    write(r, "passes-two-seals-in-any-order-and-separator", s)
    s = base()
    s["bills_of_lading"][0]["containers"][0]["seal"] = "OSL2508817 / CN123456"
    s["packing_list"]["containers"][0]["seal"] = "OSL2508817 / CN123457"
    write(r, "fires-shipper-seals-differ", s)
    s = base()
    s["bills_of_lading"][0]["containers"][0]["seal"] = "OSL2508817 / CN123456"
    s["packing_list"]["containers"][0]["seal"] = "CN654321"
    write(r, "fires-packing-list-seal-not-among-the-bl-seals", s)

    # X-VESSEL-VOYAGE: the voyage written into a vessel field, in every spelling.
    r = "X-VESSEL-VOYAGE"
    s = base()
    s["shipping_advice"]["vessel"] = "HANSA QINGDAO V2514W"
    s["shipping_advice"]["voyage"] = None
    write(r, "passes-shipping-advice-vessel-with-v2514w", s)
    s = base()
    s["certificate_of_origin"]["transport"]["vessel"] = "M.V.HANSA QINGDAO/2514W"
    s["certificate_of_origin"]["transport"]["voyage"] = None
    write(r, "passes-co-vessel-slash-voyage", s)
    s = base()
    s["invoice"]["vessel"] = "MV.HANSA QINGDAO 2514W"
    write(r, "passes-invoice-vessel-ending-in-the-bl-voyage", s)
    s = base()
    s["bills_of_lading"][0]["on_board_notation"]["vessel"] = "HANSA QINGDAO VOY. NO. 2514W"
    write(r, "passes-on-board-notation-vessel-with-voyage", s)
    s = base()
    s["shipping_advice"]["voyage"] = "V2514W"
    s["certificate_of_origin"]["transport"]["voyage"] = "VOY NO 2514W"
    write(r, "passes-voyage-written-v2514w-and-voy-no", s)
    s = base("apples-cif-dp-clean")
    s["insurance_certificate"]["vessel"] = "M.V. HANSA QINGDAO VOY.NO.2514W"
    s["insurance_certificate"]["voyage"] = None
    write(r, "passes-insurance-vessel-voy-no", s)
    s = base()
    s["shipping_advice"]["vessel"] = "HANSA QINGDAO V2516W"
    s["shipping_advice"]["voyage"] = None
    write(r, "fires-shipping-advice-vessel-with-another-voyage", s)

    # LC-PARTIAL-SHIPMENT: the same vessel and voyage, written otherwise on the second B/L.
    r = "LC-PARTIAL-SHIPMENT"
    s = split_in_two(base())
    bl = s["bills_of_lading"][1]
    bl["vessel"] = "HANSA QINGDAO V.2514W"
    bl["on_board_notation"]["vessel"] = "M.V.HANSA QINGDAO"
    write(r, "passes-two-bls-same-vessel-written-m-v", s)
    s = split_in_two(base())
    bl = s["bills_of_lading"][1]
    bl["vessel"] = "HANSA QINGDAO V2514W"
    bl["voyage"] = None
    bl["on_board_notation"]["vessel"] = "HANSA QINGDAO V2514W"
    write(r, "passes-two-bls-voyage-in-the-vessel-field", s)
    s = split_in_two(base())
    bl = s["bills_of_lading"][1]
    bl["vessel"] = "HANSA QINGDAO V2516W"
    bl["voyage"] = None
    bl["on_board_notation"]["vessel"] = "HANSA QINGDAO V2516W"
    bl["on_board_notation"]["date"] = "2025-10-18"
    bl["issue_date"] = "2025-10-18"
    write(r, "fires-two-bls-other-voyage-in-the-vessel-field", s)
